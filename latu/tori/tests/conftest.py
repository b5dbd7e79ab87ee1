"""Fixtures for Tekojen tori: a few published deeds in known organisations and regions."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from latu.organisations.factories import OrganisationFactory
from latu.organisations.models import Municipality, Region
from latu.tori.factories import DeedFactory
from latu.tori.models import Sector, Theme

HELSINKI = ZoneInfo("Europe/Helsinki")


def at(year: int, month: int = 6, day: int = 15) -> datetime:
    return datetime(year, month, day, 12, tzinfo=HELSINKI)


@pytest.fixture
def regions(db) -> dict[str, Region]:
    return {region.code: region for region in Region.objects.all()}


@pytest.fixture
def located(org, other_org, regions):
    """Hollola in Päijät-Häme (07), Porvoo in Uusimaa (01)."""
    org.municipality = Municipality.objects.get(code="098")
    org.region = regions["07"]
    org.save()
    other_org.municipality = Municipality.objects.get(code="638")
    other_org.region = regions["01"]
    other_org.save()
    return org, other_org


@pytest.fixture
def third_org(db, regions):
    return OrganisationFactory(slug="varkaus", name_fi="Varkauden kaupunki", region=regions["11"])


@pytest.fixture
def themes(db) -> dict[str, Theme]:
    return {theme.slug: theme for theme in Theme.objects.all()}


@pytest.fixture
def corpus(located, third_org, themes, employee):
    """Five published deeds with known text, sectors, themes, years and flags."""
    org, other_org = located
    return {
        "kotihoito": DeedFactory(
            organisation=org, author=employee, contacts=[employee], title="Kotihoidon etäkäynnit",
            lead="Kotihoidon asiakkaille otettiin käyttöön kuvapuhelut.",
            story="Hoitaja muistuttaa lääkkeistä kuvapuhelulla ilman ajomatkaa.",
            sector=Sector.SOCIAL_HEALTH, year=2019, published_at=at(2019, 3), has_results=True,
            themes=[themes["digitalisaatio"], themes["ikaantyneet"]],
        ),
        "palaute": DeedFactory(
            organisation=other_org, title="Asiakaspalautteen käsittelyprosessi",
            lead="Kaikki asiakaspalaute kirjataan yhteen järjestelmään.",
            story="Palautteeseen vastataan viiden arkipäivän kuluessa.",
            sector=Sector.WHOLE_MUNICIPALITY, year=2020, published_at=at(2020, 5),
            themes=[themes["asiakaslahtoisyys"]],
        ),
        "paivakoti": DeedFactory(
            organisation=org, title="Päiväkodin pihan uudistus",
            lead="Päiväkotien pihoille rakennettiin metsäpolku.",
            story="Lapset ulkoilevat nyt pidempään.", sector=Sector.EDUCATION, year=2020, published_at=at(2020, 9),
            themes=[themes["lapset-ja-nuoret"]],
        ),
        "kirjasto": DeedFactory(
            organisation=third_org, title="Kirjastoauto kylille",
            lead="Kirjastoauton reitti uudistettiin asukkaiden toiveiden mukaan.",
            story="Lainaukset kylillä kasvoivat.", sector=Sector.CULTURE_LEISURE, year=2021,
            published_at=at(2021, 2), has_results=True,
        ),
        "asukkaat": DeedFactory(
            organisation=third_org, title="Kysely asukkaille",
            lead="Kerätään palautetta asiakkailta tekstiviestillä.",
            story="Vastaukset käsitellään kuukausittain.", sector=Sector.WHOLE_MUNICIPALITY, year=2021,
            published_at=at(2021, 8),
        ),
    }
