"""The statistics page and API on known data, and the open-data downloads and feed."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.utils import timezone

from latu.organisations.factories import OrganisationFactory
from latu.organisations.models import Organisation
from latu.tori import actions
from latu.tori.factories import DeedFactory
from latu.tori.models import Deed, Sector

from .conftest import at

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def known(located, third_org, outsider, other_org):
    """2018: 3 new (2 in March), 2019: 2 new, plus one in the current year; one draft."""
    org, _ = located
    county = OrganisationFactory(slug="hva", type=Organisation.Type.WELLBEING_COUNTY, name_fi="Hyvinvointialue")
    deeds = [
        DeedFactory(organisation=org, sector=Sector.SOCIAL_HEALTH, published_at=at(2018, 3, 1)),
        DeedFactory(organisation=org, sector=Sector.SOCIAL_HEALTH, published_at=at(2018, 3, 20)),
        DeedFactory(organisation=third_org, sector=Sector.EDUCATION, published_at=at(2018, 11, 2)),
        DeedFactory(organisation=org, sector=Sector.WHOLE_MUNICIPALITY, published_at=at(2019, 5, 5)),
        DeedFactory(organisation=county, sector=Sector.SOCIAL_HEALTH, published_at=at(2019, 6, 1)),
        DeedFactory(organisation=third_org, sector=Sector.EDUCATION, published_at=timezone.now()),
    ]
    DeedFactory(organisation=org, status=Deed.Status.DRAFT)
    actions.adopt(outsider, deeds[0], other_org, adopted_on=date(2019, 1, 10))
    return deeds


def test_statistics_api_on_known_data(client, known, org, third_org):
    data = client.get("/api/v1/deed-statistics/").json()
    assert data["total"] == 6 and data["organisations"] == 3 and data["adoptions"] == 1
    assert data["adopting_organisations"] == 1
    years = {row["year"]: row for row in data["years"]}
    assert years[2018] == {"year": 2018, "total": 3, "new": 3, "per_month": 0.2, "adoptions": 0}
    assert years[2019]["total"] == 5 and years[2019]["new"] == 2 and years[2019]["adoptions"] == 1
    this_year = timezone.localdate().year
    assert years[this_year]["total"] == 6
    assert years[this_year]["per_month"] == round(1 / timezone.localdate().month, 1)
    sectors = {row["code"]: row for row in data["sectors"]}
    assert sectors["social_health"]["count"] == 3 and sectors["social_health"]["share"] == 50.0
    assert sectors["education"]["share"] == pytest.approx(33.3)
    assert data["most_active"][0] == {"organisation": org.slug, "name": org.name, "count": 3}
    assert {row["type"]: row["count"] for row in data["organisations_by_type"]} == {
        "municipality": 2, "wellbeing_county": 1
    }


def test_statistics_page_has_the_year_table_and_charts_with_data_tables(client, known):
    page = client.get("/tori/statistics/").content.decode()
    assert '<dd class="stat__value" id="stat-total">6</dd>' in page
    row = page[page.index('<tr data-year="2018">'):]
    row = row[: row.index("</tr>")]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:-1]] == ["3", "3", "0,2", "0"]
    assert page.count('<figure class="chart"') >= 5
    assert page.count("<table") >= page.count('<figure class="chart"')


def test_csv_download_parses_and_holds_only_published_deeds(client, known, org):
    DeedFactory(organisation=org, title="=HYPERLINK(\"http://x\")", lead="+1", contact_email="salainen@example.fi")
    response = client.get("/tori/open-data/deeds.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 7
    assert {row["licence"] for row in rows} == {"CC BY 4.0"}
    formula = next(row for row in rows if "HYPERLINK" in row["title"])
    assert formula["title"].startswith("'=") and formula["lead"] == "'+1"
    assert "salainen@example.fi" not in text
    assert rows[0]["url"].startswith("http://testserver/tori/")


def test_json_download_parses(client, known):
    response = client.get("/tori/open-data/deeds.json")
    data = json.loads(b"".join(response.streaming_content))
    assert data["licence"] == "CC BY 4.0" and len(data["deeds"]) == 6
    assert {deed["sector"] for deed in data["deeds"]} == {"social_health", "education", "whole_municipality"}
    assert all(deed["published_at"] for deed in data["deeds"])


def test_atom_feed_is_valid_xml_with_the_newest_deeds(client, known):
    response = client.get("/tori/feed/")
    assert response.status_code == 200 and "atom" in response["Content-Type"]
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 6
    assert entries[0].find(f"{ATOM}title").text == known[-1].title
    filtered = ET.fromstring(client.get("/tori/feed/", {"sector": "education"}).content)  # noqa: S314
    assert len(filtered.findall(f"{ATOM}entry")) == 2


def test_open_data_page_and_public_read_api(client, known):
    assert client.get("/tori/open-data/").status_code == 200
    assert client.get("/api/v1/themes/").status_code == 200
    assert len(client.get("/api/v1/themes/").json()) == 18
    assert client.get(f"/api/v1/deeds/{known[0].pk}/").json()["licence"] == "CC BY 4.0"
