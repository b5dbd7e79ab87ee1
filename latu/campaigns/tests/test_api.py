"""/api/v1/: public reads of TOP lists, campaigns and award events; haasta kollega and
award proposals through POST."""

from datetime import date, datetime

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from latu.campaigns import actions
from latu.campaigns.factories import (
    AwardEventFactory,
    AwardNominationFactory,
    CampaignFactory,
    TopListFactory,
    TopListItemFactory,
    category,
)
from latu.campaigns.models import AwardNomination, Nomination
from latu.tori.factories import DeedFactory
from latu.tori.models import Deed

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_top_lists_are_public_with_their_deeds_in_order(api, django_assert_max_num_queries):
    top_list = TopListFactory(slug="varhaiskasvatus-top12", title_fi="Varhaiskasvatus TOP12")
    TopListFactory(is_published=False)
    second = TopListItemFactory(top_list=top_list, position=2, deed=DeedFactory(title="Toinen"))
    TopListItemFactory(top_list=top_list, position=1, deed=DeedFactory(title="Ensimmäinen"), note="Paras")
    TopListItemFactory(top_list=top_list, position=3, deed=DeedFactory(title="Luonnos", status=Deed.Status.DRAFT))
    response = api.get("/api/v1/top-lists/")
    assert response.status_code == 200
    assert [(row["slug"], row["deed_count"]) for row in response.json()["results"]] == [(top_list.slug, 2)]
    with django_assert_max_num_queries(6):
        response = api.get(f"/api/v1/top-lists/{top_list.slug}/")
    items = response.json()["items"]
    assert [(item["position"], item["deed"]["title"], item["note"]) for item in items] == [
        (1, "Ensimmäinen", "Paras"), (2, "Toinen", "")]
    assert items[1]["deed"]["id"] == second.deed_id
    assert api.get("/api/v1/top-lists/ei-ole/").status_code == 404


def test_campaigns_are_public_with_results_and_deeds(api):
    campaign = CampaignFactory(slug="tekoja-tiskiin-2019", starts=date(2019, 8, 1), ends=date(2019, 8, 14))
    CampaignFactory(is_published=False)
    when = datetime(2019, 8, 6, 12, tzinfo=timezone.get_current_timezone())
    deed = DeedFactory(title="Kuntamarkkinoiden teko")
    actions.link_deed(campaign, deed, added_at=when)
    response = api.get("/api/v1/campaigns/")
    assert [row["slug"] for row in response.json()["results"]] == [campaign.slug]
    body = api.get(f"/api/v1/campaigns/{campaign.slug}/").json()
    assert body["state"] == "ended" and body["accepts_nominations"] is False and body["deed_count"] == 1
    assert [(w["week"], w["deeds"]) for w in body["results"]["weeks"]] == [(31, 0), (32, 1), (33, 0)]
    deeds = api.get(f"/api/v1/campaigns/{campaign.slug}/deeds/").json()
    assert [row["title"] for row in deeds["results"]] == ["Kuntamarkkinoiden teko"]


def test_anyone_signed_in_challenges_through_the_api(api, citizen, django_capture_on_commit_callbacks):
    campaign = CampaignFactory()
    api.force_authenticate(citizen)
    body = {"name": "Kotihoito Etelä", "kind": "unit", "email": "kotihoito.etela@phhva.example.fi",
            "organisation_name": "Päijät-Hämeen hyvinvointialue", "reason": "Tiimi otti käyttöön etäkäynnit."}
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/campaigns/{campaign.slug}/nominate/", body, format="json")
    assert response.status_code == 201
    nomination = Nomination.objects.get()
    assert nomination.kind == "unit" and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = api.post(f"/api/v1/campaigns/{campaign.slug}/nominate/", body, format="json")
    assert again.status_code == 201 and again.json() == response.json()  # merging does not show
    assert Nomination.objects.get().times_nominated == 2 and len(mail.outbox) == 1


def test_bad_and_closed_challenges_are_refused(api, citizen):
    campaign = CampaignFactory()
    api.force_authenticate(citizen)
    response = api.post(f"/api/v1/campaigns/{campaign.slug}/nominate/",
                        {"name": "X", "email": "ei", "reason": "", "kind": "robotti"}, format="json")
    assert response.status_code == 400 and {"email", "reason", "kind"} <= set(response.json())
    ended = CampaignFactory(starts=date(2018, 6, 1), ends=date(2018, 12, 31))
    response = api.post(f"/api/v1/campaigns/{ended.slug}/nominate/",
                        {"name": "X", "email": "x@example.fi", "organisation_name": "Y", "reason": "Z"},
                        format="json")
    assert response.status_code == 403 and not Nomination.objects.exists()


def test_the_api_is_rate_limited_too(api, citizen, settings):
    settings.LATU_RATE_NOMINATIONS = (1, 3600)
    campaign = CampaignFactory()
    api.force_authenticate(citizen)
    body = {"name": "X", "email": "x@example.fi", "organisation_name": "Y", "reason": "Z"}
    assert api.post(f"/api/v1/campaigns/{campaign.slug}/nominate/", body, format="json").status_code == 201
    body["email"] = "y@example.fi"
    assert api.post(f"/api/v1/campaigns/{campaign.slug}/nominate/", body, format="json").status_code == 429
    assert Nomination.objects.count() == 1


def test_award_events_show_awards_once_published(api):
    gala = AwardEventFactory(slug="kunteko-gaala-2019", nominations_open=False)
    winner = AwardNominationFactory(event=gala, decision="winner", citation="Rohkea kokeilu")
    AwardNominationFactory(event=gala, decision="pending")
    assert api.get(f"/api/v1/award-events/{gala.slug}/").json()["awards"] == []
    gala.results_published = True
    gala.save()
    body = api.get(f"/api/v1/award-events/{gala.slug}/").json()
    assert [(a["id"], a["category"], a["decision"], a["citation"]) for a in body["awards"]] == [
        (winner.pk, "innostavat-teot", "winner", "Rohkea kokeilu")]
    assert {c["slug"] for c in body["categories"]} == {"ihmeiden-tekijat", "oman-tyon-sankarit", "innostavat-teot"}
    assert api.get("/api/v1/award-categories/").status_code == 200
    assert api.get(f"/api/v1/award-events/{AwardEventFactory(is_published=False).slug}/").status_code == 404


def test_signed_in_people_propose_awards_through_the_api(api, employee, org):
    gala = AwardEventFactory()
    deed = DeedFactory()
    url = f"/api/v1/award-events/{gala.slug}/nominate/"
    assert api.post(url, {"category": "innostavat-teot", "deed": deed.pk, "reason": "Hyvä"}).status_code in (401, 403)
    api.force_authenticate(employee)
    response = api.post(url, {"category": "innostavat-teot", "deed": deed.pk, "reason": "Hyvä"}, format="json")
    assert response.status_code == 201 and response.json()["target"] == deed.title
    response = api.post(url, {"category": "ihmeiden-tekijat", "reason": "Ei kohdetta"}, format="json")
    assert response.status_code == 400 and "organisation" in response.json()
    response = api.post(url, {"category": "ihmeiden-tekijat", "organisation": org.slug, "reason": "Koko kunta"},
                        format="json")
    assert response.status_code == 201
    assert AwardNomination.objects.filter(nominated_by=employee).count() == 2
    assert AwardNomination.objects.filter(category=category("ihmeiden-tekijat"), organisation=org).exists()
