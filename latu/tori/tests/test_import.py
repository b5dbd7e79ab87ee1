"""`latu import-deeds`: all rows or none, line numbers for bad rows, --skip-invalid."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from latu.tori.models import Deed

HEADER = "title,lead,story,results,sector,themes,organisation,year,language\n"
GOOD_1 = 'Kotihoidon etäkäynnit,Kuvapuhelut käyttöön.,"Kotihoito otti käyttöön kuvapuhelut.\nKokeilu kesti puoli vuotta.",Ajot vähenivät.,sosiaali- ja terveysala,digitalisaatio;Ikääntyneet,hollola,2019,fi\n'  # noqa: E501
GOOD_2 = "Kirjastoauto kylille,Reitti uudistettiin.,Asukkaat suunnittelivat reitin.,,culture_leisure,,Porvoon kaupunki,2020,\n"  # noqa: E501
BAD = "Huono rivi,,Tarina,,avaruus,tuntematon,ei-ole,kaksi,de\n"


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import-deeds", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return None, out.getvalue(), err.getvalue() + str(error)
    return True, out.getvalue(), err.getvalue()


@pytest.fixture
def orgs(org, other_org):
    return org, other_org


def test_a_valid_csv_is_imported_published_and_searchable(tmp_path, orgs, client):
    path = tmp_path / "teot.csv"
    path.write_text(HEADER + GOOD_1 + GOOD_2, encoding="utf-8")
    ok, out, _err = run(path)
    assert ok and "Imported 2" in out
    deed = Deed.objects.get(title="Kotihoidon etäkäynnit")
    assert deed.status == Deed.Status.PUBLISHED and deed.sector == "social_health" and deed.year == 2019
    assert set(deed.themes.values_list("slug", flat=True)) == {"digitalisaatio", "ikaantyneet"}
    assert Deed.objects.get(title="Kirjastoauto kylille").organisation.slug == "porvoo"
    found = client.get("/api/v1/deeds/", {"q": "kotihoito"}).json()["results"]
    assert [item["title"] for item in found] == ["Kotihoidon etäkäynnit"]


def test_one_bad_row_imports_nothing_and_names_its_line(tmp_path, orgs):
    path = tmp_path / "teot.csv"
    # GOOD_1 spans lines 2–3 (a line break inside quotes), so BAD is on line 4.
    path.write_text(HEADER + GOOD_1 + BAD + GOOD_2, encoding="utf-8")
    ok, _out, err = run(path)
    assert ok is None and not Deed.objects.exists()
    assert "Line 4:" in err and "ei-ole" in err and "avaruus" in err and "tuntematon" in err
    assert "“lead” is missing" in err or "lead" in err
    assert "Line 2" not in err and "Line 5" not in err


def test_skip_invalid_imports_the_valid_rows(tmp_path, orgs):
    path = tmp_path / "teot.csv"
    path.write_text(HEADER + GOOD_1 + BAD + GOOD_2, encoding="utf-8")
    ok, out, err = run(path, "--skip-invalid")
    assert ok and "Imported 2" in out and "Skipped 1" in out and "Line 4:" in err
    assert Deed.objects.count() == 2


def test_json_with_line_numbers(tmp_path, orgs):
    rows = [
        {"title": "Hyvä teko", "lead": "Lyhyesti.", "story": "Tarina.", "sector": "koko kunta",
         "organisation": "hollola", "themes": "viestintä"},
        {"title": "", "lead": "x", "story": "y", "sector": "koko kunta", "organisation": "hollola"},
    ]
    path = tmp_path / "teot.json"
    path.write_text(json.dumps({"deeds": rows}, ensure_ascii=False, indent=2), encoding="utf-8")
    ok, _out, err = run(path)
    assert ok is None and "Line 11:" in err and not Deed.objects.exists()
    path.write_text(json.dumps(rows[:1], ensure_ascii=False), encoding="utf-8")
    ok, out, _err = run(path, "--draft")
    assert ok and Deed.objects.get().status == Deed.Status.DRAFT


def test_duplicates_and_broken_files(tmp_path, orgs):
    path = tmp_path / "teot.csv"
    path.write_text(HEADER + GOOD_2 + GOOD_2, encoding="utf-8")
    ok, _out, err = run(path)
    assert ok is None and "Line 3:" in err
    path.write_text(HEADER + GOOD_2, encoding="utf-8")
    assert run(path)[0]
    ok, _out, err = run(path)  # already imported
    assert ok is None and "Line 2:" in err
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + GOOD_2).encode("latin-1", errors="replace"))
    assert run(latin)[0] is None
    broken = tmp_path / "broken.json"
    broken.write_text('[{"title": "x",', encoding="utf-8")
    ok, _out, err = run(broken)
    assert ok is None and "JSON" in err
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert run(empty)[0] is None
    assert run(tmp_path / "missing.csv")[0] is None


def test_progress_bar_is_drawn(tmp_path, orgs):
    path = tmp_path / "teot.csv"
    path.write_text(HEADER + GOOD_1 + GOOD_2, encoding="utf-8")
    ok, _out, err = run(path, "--progress")
    assert ok and "Checking  [" in err and "Importing [" in err and "2/2" in err


def test_reindex_command_rebuilds_the_search_index(org, client):
    from latu.tori.factories import DeedFactory
    from latu.tori.models import DeedTerm

    DeedFactory(organisation=org, title="Kotihoidon etäkäynnit")
    DeedTerm.objects.all().delete()
    assert client.get("/api/v1/deeds/", {"q": "kotihoito"}).json()["count"] == 0
    out = io.StringIO()
    call_command("reindex-deeds", stdout=out, stderr=io.StringIO())
    assert "Indexed 1 published deeds" in out.getvalue()
    assert client.get("/api/v1/deeds/", {"q": "kotihoito"}).json()["count"] == 1
