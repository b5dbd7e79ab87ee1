"""Campaigns: landing pages with their deeds, how deeds join a campaign (chosen in the
form, a keyword, an invitation), results per week, and the programme office's forms."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from latu.campaigns import actions, hooks
from latu.campaigns.factories import CampaignFactory, NominationFactory
from latu.campaigns.models import Campaign, CampaignDeed, Nomination
from latu.organisations.factories import member
from latu.tori import actions as tori_actions
from latu.tori.factories import DeedFactory
from latu.tori.models import Deed, Sector

pytestmark = pytest.mark.django_db


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.get_current_timezone())


def _tell(person, org, **fields):
    data = {"title": "Päiväkodin ruokahävikki puoleen", "lead": "Lapset annostelevat itse.",
            "story": "Kokeilimme itse annostelua ja punnitsimme hävikin.", "sector": Sector.EDUCATION,
            "organisation": org}
    data.update(fields)
    return tori_actions.create_deed(person, submit=True, **data)


def test_landing_page_shows_the_campaigns_published_deeds(client):
    campaign = CampaignFactory(title_fi="Hyvä kiertämään 2020")
    shown = DeedFactory(title="Kirjaston kotipalvelu")
    draft = DeedFactory(title="Luonnos", status=Deed.Status.DRAFT)
    other = DeedFactory(title="Toisen kampanjan teko")
    actions.link_deed(campaign, shown)
    actions.link_deed(campaign, draft)
    actions.link_deed(CampaignFactory(), other)
    response = client.get(campaign.get_absolute_url())
    assert response.status_code == 200
    assert [link.deed for link in response.context["page"].object_list] == [shown]
    assert response.context["can_nominate"] and response.context["tell_url"].endswith(f"campaign={campaign.slug}")


def test_unpublished_campaigns_are_the_programme_offices(client, employee, office, client_for):
    draft = CampaignFactory(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client_for(employee).get(draft.get_absolute_url()).status_code == 404
    assert client_for(office).get(draft.get_absolute_url()).status_code == 200


def test_index_groups_campaigns_on_now_coming_and_ended(client):
    today = timezone.localdate()
    active = CampaignFactory()
    upcoming = CampaignFactory(starts=today + timedelta(days=10), ends=today + timedelta(days=40))
    ended = CampaignFactory(starts=date(2018, 6, 1), ends=date(2018, 12, 31))
    CampaignFactory(is_published=False)
    response = client.get(reverse("campaigns:campaigns"))
    assert response.context["active"] == [active]
    assert response.context["upcoming"] == [upcoming]
    assert response.context["ended"] == [ended]


def test_results_count_deeds_and_challenges_per_week(client):
    # Four ISO weeks: 1.–28.1.2024 (1.1.2024 is a Monday).
    campaign = CampaignFactory(starts=date(2024, 1, 1), ends=date(2024, 1, 28), nominations_open=False)
    days = [date(2024, 1, 1), date(2024, 1, 7), date(2024, 1, 16), date(2024, 1, 22), date(2024, 1, 23),
            date(2024, 1, 28)]
    for day in days:
        actions.link_deed(campaign, DeedFactory(), added_at=_at(day))
    actions.link_deed(campaign, DeedFactory(status=Deed.Status.DRAFT), added_at=_at(date(2024, 1, 8)))
    for day, status in ((date(2024, 1, 2), Nomination.Status.TOLD), (date(2024, 1, 3), Nomination.Status.INVITED),
                        (date(2024, 1, 24), Nomination.Status.DECLINED)):
        NominationFactory(campaign=campaign, created_at=_at(day), status=status)

    response = client.get(reverse("campaigns:campaign_results", args=[campaign.slug]))
    assert response.status_code == 200
    results = response.context["results"]
    assert [(row.year, row.week, row.deeds, row.nominations) for row in results.weeks] == [
        (2024, 1, 2, 2), (2024, 2, 0, 0), (2024, 3, 1, 0), (2024, 4, 3, 1),
    ]
    assert (results.deeds_total, results.nominations_sent, results.nominations_told) == (6, 3, 1)
    # The invitation of an ended campaign expired when the page was read (grace period over).
    assert (results.nominations_declined, results.nominations_expired) == (1, 1)
    assert results.conversion == 33.3
    chart = response.context["chart"]
    assert [values for _name, values in chart.series] == [[2, 0, 1, 3], [2, 0, 0, 1]]
    assert len(chart.rows) == 4
    assert not any(row.with_year for row in results.weeks)  # within one year: week numbers are enough


def test_weeks_over_the_turn_of_the_year_carry_the_year():
    from latu.campaigns.queries import campaign_results

    campaign = CampaignFactory(starts=date(2024, 12, 20), ends=date(2025, 1, 10))
    weeks = campaign_results(campaign).weeks
    assert [(row.year, row.week) for row in weeks] == [(2024, 51), (2024, 52), (2025, 1), (2025, 2)]
    assert all(row.with_year for row in weeks)


def test_a_deed_with_the_campaigns_keyword_joins_while_the_campaign_is_on(org, employee, events):
    campaign = CampaignFactory(tag="hyväkiertämään")
    ended = CampaignFactory(tag="tekojatiskiin", starts=date(2019, 8, 1), ends=date(2019, 10, 31))
    deed = _tell(employee, org, keywords="ruokahävikki, #Hyväkiertämään, tekojatiskiin")
    link = CampaignDeed.objects.get(deed=deed)
    assert link.campaign == campaign and link.via == CampaignDeed.Via.TAG
    assert not CampaignDeed.objects.filter(campaign=ended).exists()
    assert any(e.kind == "campaign.deed_added" for e in events)


def test_a_deed_by_the_invited_person_converts_the_invitation(org, events):
    campaign = CampaignFactory()
    nominee = member(org, email="riikka.nieminen@hollola.example.fi")
    nominator = member(org, email="haastaja@hollola.example.fi")
    nomination = NominationFactory(campaign=campaign, email=nominee.email, reason__nominator=nominator)
    deed = _tell(nominee, org)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.TOLD and nomination.deed == deed and nomination.told_at
    assert CampaignDeed.objects.get(campaign=campaign, deed=deed).via == CampaignDeed.Via.NOMINATION
    told = [e for e in events if e.kind == "campaign.nomination_told"]
    assert len(told) == 1 and told[0].recipients == (nominator,)


def test_the_deed_form_hooks_prefill_and_record_a_nominated_deed(org, employee):
    campaign = CampaignFactory(tag="kerrotekosi")
    nomination = NominationFactory(campaign=campaign, name="Kotihoito Pohjoinen", kind=Nomination.Kind.UNIT,
                                   email="kotihoito.pohjoinen@hollola.example.fi", organisation=org)
    initial = hooks.deed_form_initial({"campaign": campaign.slug, "nomination": nomination.token})
    assert initial == {"campaign": campaign.slug, "keywords": "kerrotekosi", "nomination": nomination.token,
                       "contact_email": nomination.email, "organisation": org.pk}
    assert hooks.deed_form_initial({"campaign": "ei-ole", "nomination": "x"}) == {}
    assert hooks.deed_form_initial({"campaign": campaign.slug, "nomination": "väärä"}) == {
        "campaign": campaign.slug, "keywords": "kerrotekosi"}
    assert list(hooks.campaign_choices()) == [campaign]

    deed = _tell(employee, org)  # told by a colleague on the unit's behalf
    link = hooks.record_deed(deed, campaign=campaign.slug, nomination=nomination.token, actor=employee)
    nomination.refresh_from_db()
    assert link.via == CampaignDeed.Via.NOMINATION and nomination.status == Nomination.Status.TOLD
    assert hooks.record_deed(DeedFactory(), campaign="ei-ole") is None


def test_a_deed_told_for_a_chosen_campaign_joins_it(org, employee):
    campaign = CampaignFactory()
    deed = _tell(employee, org)
    link = hooks.record_deed(deed, campaign=campaign.slug, actor=employee)
    assert link.campaign == campaign and link.via == CampaignDeed.Via.FORM
    assert hooks.record_deed(deed, campaign=campaign.slug) == link  # once


def test_office_creates_a_campaign_and_others_cannot(office, employee, client_for):
    data = {"title_fi": "Kerro tekosi 2026", "slug": "kerro-tekosi-2026", "starts": "2026-03-01",
            "ends": "2026-05-31", "tag": "#KerroTekosi", "introduction_fi": "Kerro, mitä olet kehittänyt.",
            "nominations_open": "on", "is_published": "on"}
    assert client_for(employee).post(reverse("campaigns:campaign_create"), data).status_code == 403
    response = client_for(office).post(reverse("campaigns:campaign_create"), data)
    campaign = Campaign.objects.get(slug="kerro-tekosi-2026")
    assert response.status_code == 302 and campaign.tag == "kerrotekosi" and campaign.created_by == office
    assert client_for(employee).get(reverse("campaigns:campaign_edit", args=[campaign.slug])).status_code == 403


def test_a_campaign_cannot_end_before_it_starts(office, client_for):
    data = {"title_fi": "Takaperin", "slug": "takaperin", "starts": "2026-05-31", "ends": "2026-03-01"}
    response = client_for(office).post(reverse("campaigns:campaign_create"), data)
    assert response.status_code == 200 and "ends" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_reserved_short_names_are_refused(office, client_for):
    data = {"title_fi": "Uusi", "slug": "new", "starts": "2026-03-01", "ends": "2026-05-31"}
    response = client_for(office).post(reverse("campaigns:campaign_create"), data)
    assert response.status_code == 200 and "slug" in response.context["form"].errors


def test_campaign_pages_take_a_constant_number_of_queries(client, django_assert_max_num_queries):
    campaign = CampaignFactory()

    def add(count):
        for _ in range(count):
            actions.link_deed(campaign, DeedFactory())
            CampaignFactory(starts=date(2019, 1, 1), ends=date(2019, 2, 1))

    add(2)
    with django_assert_max_num_queries(12) as index_queries:
        client.get(reverse("campaigns:campaigns"))
    with django_assert_max_num_queries(12) as detail_queries:
        client.get(campaign.get_absolute_url())
    add(8)
    with django_assert_max_num_queries(len(index_queries.captured_queries)):
        response = client.get(reverse("campaigns:campaigns"))
    assert len(response.context["ended"]) == 10
    with django_assert_max_num_queries(len(detail_queries.captured_queries)):
        response = client.get(campaign.get_absolute_url())
    assert len(response.context["page"].object_list) == 10
