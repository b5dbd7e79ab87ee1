"""Reading, checking and importing deeds from CSV or JSON (``latu import-deeds``).

Columns (CSV) or keys (JSON): ``title``, ``lead``, ``story``, ``results``, ``sector``,
``themes`` (semicolon separated), ``organisation``, ``year``, ``language``. Every row
is checked first; the caller decides whether to import all rows, none, or only the
valid ones. Line numbers are those of the file: where the row starts.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from latu.audit.log import record
from latu.organisations.models import Organisation
from latu.tori import indexing
from latu.tori.models import SECTOR_NAMES_FI, Deed, Sector, Theme

COLUMNS = ("title", "lead", "story", "results", "sector", "themes", "organisation", "year", "language")
REQUIRED = ("title", "lead", "story", "sector", "organisation")
MAX_ROWS = 100_000


class ImportFileError(Exception):
    """The file as a whole cannot be read (not CSV/JSON, wrong encoding, no title column…)."""


@dataclass
class Row:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    deed: Deed | None = None
    themes: list[Theme] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(item) for item in value)
    return str(value).strip()


def read_csv(text: str) -> list[Row]:
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(_("The file is empty.")) from None
    names = [name.strip().lower().lstrip("\ufeff") for name in header]
    if "title" not in names:
        raise ImportFileError(_("The first line must name the columns, including “title”."))
    rows = []
    start = reader.line_num + 1
    for values in reader:
        line, start = start, reader.line_num + 1
        if not any(value.strip() for value in values):
            continue
        row = Row(line, {name: value for name, value in zip(names, values, strict=False) if name in COLUMNS})
        if len(values) > len(names):
            row.errors.append(_("The row has more values than the header has columns."))
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return rows


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _list_items(text: str) -> list[tuple[int, object]]:
    """(position, value) of each element of the deed list in valid JSON ``text``: the
    top-level list, or the list under a top-level "deeds" key."""
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if text[position] == "{":
        position += 1
        while True:
            position = _skip_space(text, position)
            if text[position] == "}":
                raise ImportFileError(_("The JSON must be a list of deeds, or an object with a “deeds” list."))
            key, position = decoder.raw_decode(text, position)
            position = _skip_space(text, position) + 1  # the colon
            position = _skip_space(text, position)
            if key == "deeds":
                break
            _value, position = decoder.raw_decode(text, position)
            position = _skip_space(text, position)
            if text[position] == ",":
                position += 1
    if text[position] != "[":
        raise ImportFileError(_("The JSON must be a list of deeds, or an object with a “deeds” list."))
    position += 1
    items = []
    while True:
        position = _skip_space(text, position)
        if text[position] == "]":
            return items
        value, end = decoder.raw_decode(text, position)
        items.append((position, value))
        position = _skip_space(text, end)
        if text[position] == ",":
            position += 1


def read_json(text: str) -> list[Row]:
    """A list of objects, or an object with the list under "deeds"; line numbers are
    where each object starts."""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            _("The JSON is not valid (line %(line)s): %(message)s") % {"line": error.lineno, "message": error.msg}
        ) from None
    rows = []
    for position, item in _list_items(text):
        line = text.count("\n", 0, position) + 1
        if not isinstance(item, dict):
            rows.append(Row(line, {}, [_("Each deed must be an object with keys such as “title”.")]))
            continue
        values = {str(key).lower(): _text(value) for key, value in item.items() if str(key).lower() in COLUMNS}
        rows.append(Row(line, values))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return rows


def read_file(path: str | Path) -> list[Row]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFileError(_("Cannot read the file: %(error)s") % {"error": error.strerror or error}) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("The file must be UTF-8 encoded.")) from None
    stripped = text.lstrip()
    if path.suffix.lower() == ".json" or stripped[:1] in ("[", "{"):
        return read_json(text)
    return read_csv(text)


class Lookup:
    """Organisations, sectors and themes by the names people write."""

    def __init__(self) -> None:
        self.organisations: dict[str, Organisation] = {}
        for org in Organisation.objects.filter(is_active=True):
            for name in (org.slug, org.name_fi, org.name_sv, org.name_en):
                if name:
                    self.organisations.setdefault(name.strip().lower(), org)
        self.sectors: dict[str, str] = {}
        for code, label in Sector.choices:
            for name in (code, str(label), SECTOR_NAMES_FI[code]):
                self.sectors[name.strip().lower()] = code
        self.themes: dict[str, Theme] = {}
        for theme in Theme.objects.filter(is_active=True):
            for name in (theme.slug, theme.name_fi, theme.name_sv, theme.name_en):
                if name:
                    self.themes.setdefault(name.strip().lower(), theme)
        self.existing = set(
            Deed.objects.annotate(lower_title=Lower("title")).values_list("organisation_id", "lower_title")
        )


def check(rows: Iterable[Row], lookup: Lookup | None = None, progress: Callable[[], None] | None = None) -> list[Row]:
    """Validate every row; errors are collected on each row and a Deed is prepared for valid ones."""
    lookup = lookup or Lookup()
    seen: set[tuple[int, str]] = set()
    rows = list(rows)
    for row in rows:
        values = row.values
        for name in REQUIRED:
            if not values.get(name, "").strip():
                row.errors.append(_("“%(column)s” is missing.") % {"column": name})
        organisation = lookup.organisations.get(values.get("organisation", "").strip().lower())
        if values.get("organisation") and organisation is None:
            row.errors.append(_("Unknown organisation “%(name)s”.") % {"name": values["organisation"]})
        sector = lookup.sectors.get(values.get("sector", "").strip().lower())
        if values.get("sector") and sector is None:
            row.errors.append(_("Unknown sector “%(name)s”.") % {"name": values["sector"]})
        themes = []
        for name in (part.strip() for part in values.get("themes", "").split(";")):
            if not name:
                continue
            theme = lookup.themes.get(name.lower())
            if theme is None:
                row.errors.append(_("Unknown theme “%(name)s”.") % {"name": name})
            elif theme not in themes:
                themes.append(theme)
        year = timezone.localdate().year
        if values.get("year"):
            try:
                year = int(values["year"])
            except ValueError:
                row.errors.append(_("The year must be a number, e.g. 2019."))
        language = (values.get("language") or "fi").strip().lower()
        if language not in Deed.Language.values:
            row.errors.append(_("The language must be fi, sv or en."))
        if not row.errors:
            deed = Deed(
                title=values["title"].strip(), lead=values["lead"].strip(), story=values["story"].strip(),
                results=values.get("results", "").strip(), sector=sector, organisation=organisation,
                region_id=organisation.region_id, year=year, language=language,
            )
            try:
                deed.full_clean(exclude=["author"])
            except ValidationError as error:
                for field_name, messages in error.message_dict.items():
                    label = field_name if field_name in COLUMNS else ""
                    row.errors += [f"{label}: {message}" if label else message for message in messages]
            key = (organisation.pk, deed.title.lower())
            if key in lookup.existing:
                row.errors.append(_("The organisation already has a deed with this title."))
            elif key in seen:
                row.errors.append(_("The same deed is twice in the file."))
            seen.add(key)
            if not row.errors:
                row.deed, row.themes = deed, themes
        if progress:
            progress()
    return rows


def import_rows(rows: list[Row], *, publish: bool = True, actor=None,
                progress: Callable[[int], None] | None = None) -> list[Deed]:
    """Create the deeds of valid rows (published and indexed, or drafts) in one transaction."""
    valid = [row for row in rows if row.deed is not None and not row.errors]
    now = timezone.now()
    with transaction.atomic():
        deeds = []
        for row in valid:
            row.deed.status = Deed.Status.PUBLISHED if publish else Deed.Status.DRAFT
            row.deed.published_at = now if publish else None
            row.deed.author = actor
            deeds.append(row.deed)
        created = Deed.objects.bulk_create(deeds, batch_size=500)
        through = Deed.themes.through
        through.objects.bulk_create(
            [through(deed_id=deed.pk, theme_id=theme.pk) for row, deed in zip(valid, created, strict=True)
             for theme in row.themes],
            batch_size=1000,
        )
        if publish:
            for start in range(0, len(created), 500):
                batch = created[start : start + 500]
                indexing.index_deeds(batch)
                if progress:
                    progress(len(batch))
        elif progress:
            progress(len(created))
        organisations = {deed.organisation_id for deed in created}
        record("other", actor=actor, target="deeds", event="deeds.imported", count=len(created),
               organisations=len(organisations), published=publish)
    return created
