"""Awards: the seeded categories, proposals by anyone signed in, the jury's decisions
(programme office and the event's named jury, for their own events only), the public
event page and the award badges on deeds."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from latu.audit.models import AuditEvent
from latu.campaigns.factories import AwardEventFactory, AwardNominationFactory, category
from latu.campaigns.models import AwardCategory, AwardEvent, AwardNomination
from latu.campaigns.queries import attach_awards, awards_for_deeds
from latu.organisations.factories import member
from latu.tori.factories import DeedFactory
from latu.tori.models import Deed

pytestmark = pytest.mark.django_db


@pytest.fixture
def juror(other_org):
    return member(other_org, email="tuomari@porvoo.example.fi", name="Tuula Tuomari")


@pytest.fixture
def event(juror):
    return AwardEventFactory(slug="kunteko-gaala-2019", title_fi="Kunteko-gaala 2019", jury=[juror],
                             categories=["ihmeiden-tekijat", "oman-tyon-sankarit", "innostavat-teot",
                                         "vuoden-ymparistoteko"])


def test_the_categories_of_the_seeds_are_there():
    kinds = dict(AwardCategory.objects.values_list("slug", "kind"))
    assert kinds["ihmeiden-tekijat"] == AwardCategory.Kind.ORGANISATION
    assert kinds["oman-tyon-sankarit"] == AwardCategory.Kind.PERSON
    assert kinds["innostavat-teot"] == AwardCategory.Kind.DEED
    themes = set(AwardCategory.objects.filter(is_theme=True, kind="deed").values_list("slug", flat=True))
    assert themes == {"vuoden-viestintateko", "vuoden-yhdenvertaisuusteko", "vuoden-teknologiateko",
                      "vuoden-ymparistoteko"}
    assert all(AwardCategory.objects.values_list("name_sv", flat=True))


def test_anyone_signed_in_proposes_a_deed_an_organisation_or_a_person(event, employee, org, client_for, events):
    deed = DeedFactory(title="Kotihoidon reitit kartalle")
    client = client_for(employee)
    url = reverse("campaigns:award_nominate", args=[event.slug])
    response = client.get(url, {"deed": deed.pk})
    assert response.context["form"].initial == {"deed": deed.pk, "category": category("innostavat-teot").pk}
    cases = [
        {"category": category("innostavat-teot").pk, "deed": deed.pk, "reason": "Reitit lyhenivät viidenneksellä."},
        {"category": category("ihmeiden-tekijat").pk, "organisation": org.pk, "reason": "Koko kunta kokeilee."},
        {"category": category("oman-tyon-sankarit").pk, "person_name": "Marjo Mäkelä", "person_title": "lähihoitaja",
         "person_organisation": org.pk, "reason": "Marjo keksi aamupalaverin."},
    ]
    for data in cases:
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    targets = [(n.deed, n.organisation, n.person_name) for n in AwardNomination.objects.order_by("pk")]
    assert targets == [(deed, None, ""), (None, org, ""), (None, None, "Marjo Mäkelä")]
    assert all(n.nominated_by == employee and n.decision == "pending" for n in AwardNomination.objects.all())
    nominated = [e for e in events if e.kind == "award.nominated"]
    assert len(nominated) == 3 and any(r.email == "tuomari@porvoo.example.fi" for r in nominated[0].recipients)


@pytest.mark.parametrize(("data", "field"), [
    ({"category": "innostavat-teot", "reason": "Hyvä"}, "deed"),
    ({"category": "innostavat-teot", "deed": "draft", "reason": "Hyvä"}, "deed"),
    ({"category": "ihmeiden-tekijat", "reason": "Hyvä"}, "organisation"),
    ({"category": "oman-tyon-sankarit", "reason": "Hyvä"}, "person_name"),
    ({"category": "innostavat-teot", "deed": "published", "reason": ""}, "reason"),
    ({"category": "vuoden-viestintateko", "deed": "published", "reason": "Ei tämän gaalan sarja"}, "category"),
])
def test_incomplete_proposals_are_refused(event, employee, client_for, data, field):
    deeds = {"draft": DeedFactory(status=Deed.Status.DRAFT).pk, "published": DeedFactory().pk}
    data = {**data, "category": category(data["category"]).pk}
    if "deed" in data:
        data["deed"] = deeds[data["deed"]]
    response = client_for(employee).post(reverse("campaigns:award_nominate", args=[event.slug]), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not AwardNomination.objects.exists()


def test_proposals_need_signing_in_and_open_nominations(client, employee, client_for):
    closed = AwardEventFactory(nominations_open=False)
    url = reverse("campaigns:award_nominate", args=[closed.slug])
    assert client.get(url).status_code == 302
    assert client_for(employee).get(url).status_code == 403
    draft = AwardEventFactory(is_published=False)
    assert client_for(employee).get(reverse("campaigns:award_nominate", args=[draft.slug])).status_code == 404


def test_a_jury_member_decides_with_a_citation(event, juror, client_for, events):
    nomination = AwardNominationFactory(event=event, deed=DeedFactory(title="Ympäristöteko"))
    client = client_for(juror)
    response = client.get(reverse("campaigns:award_jury", args=[event.slug]))
    assert response.status_code == 200 and response.context["total"] == 1
    url = reverse("campaigns:award_decide", args=[nomination.pk])
    response = client.post(url, {"decision": "winner", "citation": ""})
    assert response.status_code == 200 and "citation" in response.context["form"].errors
    nomination.refresh_from_db()
    assert nomination.decision == "pending"
    response = client.post(url, {"decision": "winner", "citation": "Rohkea ja helposti monistettava teko."})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.decision, nomination.decided_by) == ("winner", juror)
    assert nomination.citation == "Rohkea ja helposti monistettava teko."
    assert AuditEvent.objects.filter(action="decision", target=f"award_nomination:{nomination.pk}").exists()
    assert any(e.kind == "award.decided" for e in events)


def test_others_cannot_decide(event, employee, juror, client_for):
    nomination = AwardNominationFactory(event=event, nominated_by=employee)
    other_event = AwardEventFactory(jury=[juror])
    other_nomination = AwardNominationFactory(event=other_event)
    client = client_for(employee)  # proposed it, but is not in the jury
    assert client.get(reverse("campaigns:award_jury", args=[event.slug])).status_code == 403
    assert client.get(reverse("campaigns:award_decide", args=[nomination.pk])).status_code == 403
    assert client.post(reverse("campaigns:award_decide", args=[nomination.pk]),
                       {"decision": "winner", "citation": "Oma ehdotus voittaa"}).status_code == 403
    nomination.refresh_from_db()
    assert nomination.decision == "pending"
    # A jury member decides their own events only.
    juror_client = client_for(juror)
    third = AwardEventFactory()
    assert juror_client.get(reverse("campaigns:award_jury", args=[third.slug])).status_code == 403
    hidden = AwardNominationFactory(event=third)
    assert juror_client.get(reverse("campaigns:award_decide", args=[hidden.pk])).status_code == 404
    assert juror_client.get(reverse("campaigns:award_decide", args=[other_nomination.pk])).status_code == 200


def test_the_programme_office_decides_and_publishes_the_results(event, office, client, client_for):
    deed = DeedFactory(title="Kierrätyskeskus kouluille")
    nomination = AwardNominationFactory(event=event, category=category("vuoden-ymparistoteko"), deed=deed)
    client_for(office).post(reverse("campaigns:award_decide", args=[nomination.pk]),
                            {"decision": "winner", "citation": "Hävikki puolittui."})
    deed.refresh_from_db()
    assert not deed.awarded  # not public before the results are published
    from django.test import Client

    anonymous = Client()
    response = anonymous.get(event.get_absolute_url())
    assert response.context["results"] == [] and "Kierrätyskeskus kouluille" not in response.content.decode()
    assert awards_for_deeds([deed.pk]) == {}

    data = {"title_fi": event.title_fi, "slug": event.slug, "date": "2019-11-21", "place": "Helsinki",
            "categories": [c.pk for c in event.categories.all()], "jury_emails": "tuomari@porvoo.example.fi",
            "nominations_open": "", "results_published": "on", "is_published": "on"}
    assert client_for(office).post(reverse("campaigns:award_event_edit", args=[event.slug]), data).status_code == 302
    deed.refresh_from_db()
    assert deed.awarded
    response = anonymous.get(event.get_absolute_url())
    groups = {group.category.slug: group for group in response.context["results"]}
    assert [row.deed for row in groups["vuoden-ymparistoteko"].winners] == [deed]
    assert groups["innostavat-teot"].winners == [] and "Hävikki puolittui." in response.content.decode()
    badge = awards_for_deeds([deed.pk])[deed.pk][0]
    assert badge.is_winner and badge.event_url == event.get_absolute_url() and badge.event_year == 2019

    data["results_published"] = ""
    client_for(office).post(reverse("campaigns:award_event_edit", args=[event.slug]), data)
    deed.refresh_from_db()
    assert not deed.awarded


def test_event_form_refuses_unknown_jury_members(event, office, client_for):
    data = {"title_fi": "Gaala", "slug": "gaala-uusi", "date": "2026-11-20", "categories": [category(
        "innostavat-teot").pk], "jury_emails": "ei-tilia@example.fi"}
    response = client_for(office).post(reverse("campaigns:award_event_create"), data)
    assert response.status_code == 200 and "jury_emails" in response.context["form"].errors
    assert not AwardEvent.objects.filter(slug="gaala-uusi").exists()


def test_only_the_programme_office_manages_events_and_categories(employee, event, client_for):
    client = client_for(employee)
    assert client.get(reverse("campaigns:award_event_create")).status_code == 403
    assert client.get(reverse("campaigns:award_event_edit", args=[event.slug])).status_code == 403
    assert client.get(reverse("campaigns:award_categories")).status_code == 403
    response = client.post(reverse("campaigns:award_category_create"),
                           {"name_fi": "Vuoden kokeilu", "slug": "vuoden-kokeilu", "kind": "deed", "order": 5})
    assert response.status_code == 403 and not AwardCategory.objects.filter(slug="vuoden-kokeilu").exists()


def test_office_adds_a_category(office, client_for):
    response = client_for(office).post(reverse("campaigns:award_category_create"), {
        "name_fi": "Vuoden kokeilu", "name_sv": "Årets försök", "slug": "vuoden-kokeilu", "kind": "deed",
        "order": 95, "is_theme": "on", "is_active": "on"})
    assert response.status_code == 302
    assert AwardCategory.objects.get(slug="vuoden-kokeilu").is_theme


def _publish(event: AwardEvent, *rows: tuple[Deed, str]) -> None:
    for deed, decision in rows:
        AwardNominationFactory(event=event, deed=deed, decision=decision, citation="Perustelu")
    AwardEvent.objects.filter(pk=event.pk).update(results_published=True)


def test_award_badges_for_many_deeds_take_one_query(django_assert_num_queries):
    gala_2017 = AwardEventFactory(title_fi="Kunteko-gaala 2017", date=date(2017, 11, 16))
    gala_2019 = AwardEventFactory(title_fi="Kunteko-gaala 2019", date=date(2019, 11, 21))
    deeds = [DeedFactory() for _ in range(12)]
    _publish(gala_2017, *((deed, "honourable") for deed in deeds[:6]))
    _publish(gala_2019, *((deed, "winner") for deed in deeds[::2]), (deeds[1], "not_awarded"))
    with django_assert_num_queries(1):
        badges = awards_for_deeds(deed.pk for deed in deeds[:2])
    with django_assert_num_queries(1):
        badges = awards_for_deeds(deed.pk for deed in deeds)
    assert [b.event_title for b in badges[deeds[0].pk]] == ["Kunteko-gaala 2019", "Kunteko-gaala 2017"]
    assert [b.decision for b in badges[deeds[1].pk]] == ["honourable"]
    assert deeds[7].pk not in badges
    with django_assert_num_queries(0):
        assert awards_for_deeds([]) == {}


def test_the_badge_template_uses_attached_awards(django_assert_num_queries):
    gala = AwardEventFactory(title_fi="Kunteko-gaala 2019")
    deeds = [DeedFactory(), DeedFactory()]
    _publish(gala, (deeds[0], "winner"))
    with django_assert_num_queries(1):
        attach_awards(deeds)
    with django_assert_num_queries(0):
        html = "".join(render_to_string("campaigns/_deed_awards.html", {"deed": deed}) for deed in deeds)
    assert html.count("Kunteko-gaala 2019") == 1 and gala.get_absolute_url() in html
    fresh = Deed.objects.get(pk=deeds[0].pk)  # nothing attached: one query for this deed
    with django_assert_num_queries(1):
        assert "Kunteko-gaala 2019" in render_to_string("campaigns/_deed_awards.html", {"deed": fresh})


def test_award_event_pages_take_a_constant_number_of_queries(client, django_assert_max_num_queries):
    gala = AwardEventFactory(categories=["ihmeiden-tekijat", "oman-tyon-sankarit", "innostavat-teot"])
    gala.nominations_open = False
    gala.save()

    def add(count):
        for number in range(count):
            AwardNominationFactory(event=gala, decision="winner", citation="Hieno")
            AwardNominationFactory(event=gala, category=category("oman-tyon-sankarit"), deed=None,
                                   person_name=f"Sankari {number}", decision="honourable", citation="Hieno")
            AwardEventFactory()

    add(2)
    AwardEvent.objects.filter(pk=gala.pk).update(results_published=True)
    with django_assert_max_num_queries(12) as event_queries:
        client.get(gala.get_absolute_url())
    with django_assert_max_num_queries(12) as index_queries:
        client.get(reverse("campaigns:awards"))
    add(6)
    with django_assert_max_num_queries(len(event_queries.captured_queries)):
        response = client.get(gala.get_absolute_url())
    groups = {group.category.slug: group for group in response.context["results"]}
    assert len(groups["innostavat-teot"].winners) == 8 and len(groups["oman-tyon-sankarit"].mentions) == 8
    with django_assert_max_num_queries(len(index_queries.captured_queries)):
        client.get(reverse("campaigns:awards"))


def test_my_page_hides_decisions_until_the_results_are_published(event, employee, client_for):
    AwardNominationFactory(event=event, nominated_by=employee, decision="winner", citation="Voittaja")
    response = client_for(employee).get(reverse("campaigns:my_nominations"))
    assert len(response.context["proposals"]) == 1
    with translation.override("fi"):
        winner = str(AwardNomination.Decision.WINNER.label)
    assert winner not in response.content.decode()
    AwardEvent.objects.filter(pk=event.pk).update(results_published=True)
    assert winner in client_for(employee).get(reverse("campaigns:my_nominations")).content.decode()
    AwardEvent.objects.filter(pk=event.pk).update(results_published=False)
    # Nor does the event page show them to the proposer.
    response = client_for(employee).get(event.get_absolute_url())
    assert response.context["results"] == []
