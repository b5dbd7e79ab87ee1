"""The demo: the campaigns and galas of the seeds, TOP lists picked by sector; valid with
no deeds at all, idempotent and the same every time."""

import io
import random
from datetime import date

import pytest

from latu.campaigns import demo
from latu.campaigns.models import (
    AwardEvent,
    AwardNomination,
    Campaign,
    CampaignDeed,
    Nomination,
    NominationReason,
    TopList,
    TopListItem,
)
from latu.campaigns.queries import campaign_results
from latu.organisations import demo as organisations_demo
from latu.organisations.models import Organisation
from latu.tori.factories import DeedFactory, ThemeFactory
from latu.tori.models import Deed, Sector

pytestmark = pytest.mark.django_db

MODELS = (TopList, TopListItem, Campaign, CampaignDeed, Nomination, NominationReason, AwardEvent, AwardNomination)


def _counts() -> dict:
    return {model.__name__: model.objects.count() for model in MODELS}


def _deeds() -> None:
    rng = random.Random(7)
    organisations = list(Organisation.objects.order_by("pk"))
    themes = [ThemeFactory(slug=slug, name_fi=slug) for slug in ("ikaantyneet", "viestinta", "teknologia",
                                                                  "ymparisto-ja-ilmasto", "yhdenvertaisuus")]
    titles = {
        Sector.EDUCATION: ["Päiväkodin piha oppimisympäristönä", "Esiopetuksen siirtymä kouluun", "Liikkuva koulu"],
        Sector.SOCIAL_HEALTH: ["Kotihoidon etäkäynnit", "Omaishoitajien vertaistuki", "Suun terveydenhuollon työnjako"],
        Sector.FOOD_CLEANING: ["Kouluruoan hävikki puoleen", "Anturiohjattu siivous"],
        Sector.WHOLE_MUNICIPALITY: ["Selkokielinen asiointi", "Asiakaspalaute kuntoon"],
    }
    for number in range(160):
        sector = rng.choice(list(titles))
        DeedFactory(title=f"{rng.choice(titles[sector])} {number}", sector=sector,
                    organisation=rng.choice(organisations), year=rng.choice([2016, 2017, 2018, 2019, 2020, 2026]),
                    adoption_count=rng.randint(0, 5), themes=[rng.choice(themes)], index=False)


def test_demo_with_deeds_is_complete_and_idempotent():
    organisations_demo.load(io.StringIO())
    _deeds()
    demo.load(io.StringIO())
    first = _counts()
    demo.load(io.StringIO())
    assert _counts() == first

    slugs = set(Campaign.objects.values_list("slug", flat=True))
    assert {"tekoja-tiskiin-haastekisa-2018", "tekoja-tiskiin-2019", "hyva-kiertamaan-2020"} <= slugs
    haastekisa = Campaign.objects.get(slug="tekoja-tiskiin-haastekisa-2018")
    assert (haastekisa.starts, haastekisa.ends) == (date(2018, 6, 1), date(2018, 12, 31))
    statuses = set(haastekisa.nominations.values_list("status", flat=True))
    assert {Nomination.Status.TOLD, Nomination.Status.EXPIRED} <= statuses
    for nomination in haastekisa.nominations.filter(status=Nomination.Status.TOLD):
        assert CampaignDeed.objects.get(campaign=haastekisa, deed=nomination.deed).via == "nomination"
    results = campaign_results(haastekisa)
    assert results.deeds_total == haastekisa.campaign_deeds.count() > 0
    assert sum(row.deeds for row in results.weeks) == results.deeds_total  # every deed within the weeks
    current = [c for c in Campaign.objects.all() if c.accepts_nominations]
    assert len(current) == 1 and current[0].nominations.filter(status=Nomination.Status.INVITED).exists()

    varhaiskasvatus = TopList.objects.get(slug="varhaiskasvatus-top12")
    items = list(varhaiskasvatus.items.select_related("deed"))
    assert len(items) == 12 and [item.position for item in items] == list(range(1, 13))
    assert {item.deed.sector for item in items} == {Sector.EDUCATION}
    assert TopList.objects.get(slug="ikaihmisten-palvelut-top10").items.count() == 10

    for slug in ("kunteko-gaala-2017", "kunteko-gaala-2019"):
        event = AwardEvent.objects.get(slug=slug)
        assert event.results_published
        for category in event.categories.all():
            assert event.nominations.filter(category=category, decision="winner").exists(), (slug, category.slug)
    awarded = set(AwardNomination.objects.filter(decision__in=AwardNomination.AWARDED, event__results_published=True)
                  .exclude(deed=None).values_list("deed_id", flat=True))
    assert set(Deed.objects.filter(awarded=True).values_list("pk", flat=True)) == awarded
    assert AwardEvent.objects.filter(nominations_open=True, results_published=False).count() == 1


def test_demo_without_deeds_creates_empty_but_valid_content(client):
    organisations_demo.load(io.StringIO())
    demo.load(io.StringIO())
    assert TopList.objects.count() == 3 and not TopListItem.objects.exists()
    assert not CampaignDeed.objects.exists()
    for top_list in TopList.objects.all():
        assert client.get(top_list.get_absolute_url()).status_code == 200
    for campaign in Campaign.objects.all():
        assert client.get(campaign.get_absolute_url()).status_code == 200
    for event in AwardEvent.objects.all():
        assert client.get(event.get_absolute_url()).status_code == 200
    # Organisations and people can still be awarded.
    assert AwardNomination.objects.filter(event__slug="kunteko-gaala-2019", decision="winner").exclude(
        organisation=None).exists()
