"""fi and sv are complete, and the compiled catalogues match their sources."""

import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdif]|%[sd]|\{[a-z_]+\}")


def _unquote(lines: list[str]) -> str:
    return "".join(eval(line) for line in lines)  # noqa: S307 - gettext string literals from our own files


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr list, fuzzy."""
    entries, entry, key = [], None, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if entry and "_msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry or {"fuzzy": False, "msgstr": {}}
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = True
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry.setdefault("_" + key, []).append(line)
        else:
            key, _, value = line.partition(" ")
            entry.setdefault("_" + key, []).append(value)
    for e in entries:
        e["msgid"] = _unquote(e.pop("_msgid"))
        e["msgctxt"] = _unquote(e.pop("_msgctxt")) if "_msgctxt" in e else None
        e["msgid_plural"] = _unquote(e.pop("_msgid_plural")) if "_msgid_plural" in e else None
        for k in [k for k in e if k.startswith("_msgstr")]:
            index = k[len("_msgstr"):].strip("[]") or "0"
            e["msgstr"][int(index)] = _unquote(e.pop(k))
    return [e for e in entries if e["msgid"]]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_string_is_translated_with_its_placeholders(language):
    entries = parse_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 500
    problems = []
    for e in entries:
        if e["fuzzy"] or not all(e["msgstr"].values()):
            problems.append(f"untranslated: {e['msgid']!r}")
            continue
        wanted = set(PLACEHOLDER.findall(e["msgid_plural"] or e["msgid"]))
        for text in e["msgstr"].values():
            if wanted - set(PLACEHOLDER.findall(text)) and len(e["msgstr"]) == 1:
                problems.append(f"placeholders {sorted(wanted)} missing in {text!r}")
    assert not problems, "\n".join(problems[:50])


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_compiled_catalogue_matches_the_source(language):
    directory = LOCALE / language / "LC_MESSAGES"
    with open(directory / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in parse_po(directory / "django.po"):
        if e["fuzzy"] or not e["msgstr"].get(0) or e["msgid_plural"]:
            continue
        got = compiled.pgettext(e["msgctxt"], e["msgid"]) if e["msgctxt"] else compiled.gettext(e["msgid"])
        if got != e["msgstr"][0]:
            stale.append(e["msgid"])
    assert not stale, f"run `make messages`: {len(stale)} strings differ, e.g. {stale[:5]}"
