"""Haasta kollega: anyone signed in challenges a person or a unit; the nominee gets one invitation
email (in their language) with a link to the pre-filled deed form and a link to decline.
Bad input is refused with localized errors, scripts fall into the honeypot, a rate limit
stops floods, anonymous visitors cannot make Latu send mail, and only the programme
office sees the nominees' addresses and reasons."""

import io
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

from latu.audit.models import AuditEvent
from latu.campaigns import emails
from latu.campaigns.factories import CampaignFactory, NominationFactory
from latu.campaigns.models import Nomination, NominationReason
from latu.organisations.factories import OrganisationFactory, UserFactory
from latu.tori.factories import DeedFactory

pytestmark = pytest.mark.django_db


def _data(**changes) -> dict:
    data = {"kind": "person", "name": "Riikka Nieminen", "email": "riikka.nieminen@hollola.example.fi",
            "organisation": "", "organisation_name": "Hollolan kunta",
            "reason": "Riikka kehitti kotihoidon aamupalaverin, joka säästää puoli tuntia päivässä.",
            "nominator_name": "Sanna Salo"}
    data.update(changes)
    return data


@pytest.fixture
def campaign(db):
    return CampaignFactory(slug="tekoja-tiskiin", title_fi="Tekoja tiskiin")


@pytest.fixture
def member(client, citizen):
    """A signed-in person with no organisation (Kalle): enough to challenge."""
    client.force_login(citizen)
    return client


def _challenge(client, campaign, capture, **changes):
    with capture(execute=True):
        return client.post(reverse("campaigns:challenge", args=[campaign.slug]), _data(**changes))


def _deed_form_link() -> str:
    try:
        return reverse("tori:deed_create")
    except NoReverseMatch:
        return reverse("tori:index")


def test_a_signed_in_person_challenges_a_colleague(member, citizen, campaign, django_capture_on_commit_callbacks,
                                                   events):
    assert member.get(reverse("campaigns:challenge", args=[campaign.slug])).status_code == 200
    response = _challenge(member, campaign, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:challenge_thanks", args=[campaign.slug])
    nomination = Nomination.objects.get()
    assert (nomination.name, nomination.email, nomination.organisation_name) == (
        "Riikka Nieminen", "riikka.nieminen@hollola.example.fi", "Hollolan kunta")
    assert nomination.status == Nomination.Status.INVITED and nomination.language == "fi"
    reason = nomination.reasons.get()
    assert reason.nominator == citizen and reason.nominator_name == "Sanna Salo"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["riikka.nieminen@hollola.example.fi"]
    assert "Sanna Salo" in message.body and reason.reason in message.body
    links = [line for line in message.body.splitlines() if line.startswith("http")]
    prefill = urlsplit(links[0])
    assert prefill.path == _deed_form_link()
    assert parse_qs(prefill.query) == {"campaign": [campaign.slug], "nomination": [nomination.token]}
    assert any(urlsplit(link).path == reverse("campaigns:invitation_decline", args=[nomination.token])
               for link in links)
    assert member.get(reverse("campaigns:challenge_thanks", args=[campaign.slug])).status_code == 200
    assert [e.kind for e in events if e.kind.startswith("campaign.")] == ["campaign.nominated"]


def test_anonymous_visitors_cannot_make_latu_send_mail(client, campaign, django_capture_on_commit_callbacks):
    url = reverse("campaigns:challenge", args=[campaign.slug])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    response = _challenge(client, campaign, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    body = {"name": "X", "kind": "person", "email": "victim@example.com", "organisation_name": "Y",
            "reason": "Buy cheap pills at http://spam.example"}
    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(f"/api/v1/campaigns/{campaign.slug}/nominate/", body, format="json")
    assert response.status_code == 401
    assert not Nomination.objects.exists() and not mail.outbox


def test_a_signed_in_nominator_is_recorded_and_sees_their_challenge(employee, campaign, client_for,
                                                                    django_capture_on_commit_callbacks):
    client = client_for(employee)
    _challenge(client, campaign, django_capture_on_commit_callbacks, organisation=employee.memberships.get(
        ).organisation_id, organisation_name="")
    nomination = Nomination.objects.get()
    assert nomination.organisation == employee.memberships.get().organisation
    assert nomination.reasons.get().nominator == employee
    response = client.get(reverse("campaigns:my_nominations"))
    assert [r.nomination_id for r in response.context["reasons"]] == [nomination.pk]
    assert nomination.email not in response.content.decode()


def test_the_invitation_is_in_the_nominees_language(campaign, member, monkeypatch,
                                                   django_capture_on_commit_callbacks):
    UserFactory(email="stina@porvoo.example.fi", language="sv")
    borga = OrganisationFactory(slug="borga", default_language="sv")
    rendered_in = {}
    real_render = emails.render_to_string

    def render(template, context):
        rendered_in.setdefault(context["nomination"].email, set()).add(translation.get_language())
        return real_render(template, context)

    monkeypatch.setattr(emails, "render_to_string", render)
    _challenge(member, campaign, django_capture_on_commit_callbacks, email="Stina@Porvoo.example.fi")
    _challenge(member, campaign, django_capture_on_commit_callbacks, email="ny@borga.example.fi",
               organisation=borga.pk, organisation_name="")
    _challenge(member, campaign, django_capture_on_commit_callbacks, email="uusi@example.fi")
    languages = dict(Nomination.objects.values_list("email", "language"))
    assert languages == {"stina@porvoo.example.fi": "sv", "ny@borga.example.fi": "sv", "uusi@example.fi": "fi"}
    assert rendered_in == {"stina@porvoo.example.fi": {"sv"}, "ny@borga.example.fi": {"sv"},
                           "uusi@example.fi": {"fi"}}
    assert len(mail.outbox) == 3


@pytest.mark.parametrize(("changes", "fields"), [
    ({"reason": ""}, {"reason"}),
    ({"reason": "x" * 501}, {"reason"}),
    ({"email": "ei-osoite"}, {"email"}),
    ({"name": "", "kind": "robot"}, {"name", "kind"}),
    ({"organisation": "", "organisation_name": ""}, {"organisation"}),
    ({"organisation": "999999", "organisation_name": ""}, {"organisation"}),
])
def test_invalid_challenges_are_refused_with_errors(member, campaign, changes, fields,
                                                    django_capture_on_commit_callbacks):
    response = _challenge(member, campaign, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == fields
    assert not Nomination.objects.exists() and not NominationReason.objects.exists() and not mail.outbox


def test_errors_are_in_the_language_of_the_page(member, campaign, django_capture_on_commit_callbacks):
    response = _challenge(member, campaign, django_capture_on_commit_callbacks, reason="")
    with translation.override("fi"):
        required = gettext("This field is required.")
    assert required != "This field is required."  # Finnish is the default language
    assert response.context["form"].errors["reason"] == [required]
    assert 'id="id_reason_error"' in response.content.decode()


def test_the_honeypot_catches_scripts(member, campaign, django_capture_on_commit_callbacks):
    response = _challenge(member, campaign, django_capture_on_commit_callbacks, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:challenge_thanks", args=[campaign.slug])
    assert not Nomination.objects.exists() and not mail.outbox


def test_a_flood_of_challenges_is_rate_limited(member, campaign, settings, django_capture_on_commit_callbacks):
    settings.LATU_RATE_NOMINATIONS = (2, 3600)
    for number in range(2):
        response = _challenge(member, campaign, django_capture_on_commit_callbacks, email=f"h{number}@example.fi")
        assert response.status_code == 302
    response = _challenge(member, campaign, django_capture_on_commit_callbacks, email="h3@example.fi")
    assert response.status_code == 429 and response.context["form"].non_field_errors()
    assert Nomination.objects.count() == 2 and len(mail.outbox) == 2


def test_challenges_of_the_same_address_are_merged(member, citizen, employee, campaign, client_for,
                                                   django_capture_on_commit_callbacks):
    _challenge(member, campaign, django_capture_on_commit_callbacks)
    _challenge(client_for(employee), campaign, django_capture_on_commit_callbacks,
               email="Riikka.Nieminen@HOLLOLA.example.fi", reason="Hän keksi myös uuden tavan kirjata käynnit.",
               nominator_name="")
    nomination = Nomination.objects.get()
    assert nomination.times_nominated == 2
    assert list(nomination.reasons.values_list("nominator_id", flat=True)) == [citizen.pk, employee.pk]
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(data__event="campaign.nomination_merged").count() == 1
    # The same address may be challenged in another campaign.
    other = CampaignFactory()
    _challenge(member, other, django_capture_on_commit_callbacks)
    assert Nomination.objects.count() == 2 and len(mail.outbox) == 2


def test_the_nominee_declines_with_the_link(client, campaign):
    nomination = NominationFactory(campaign=campaign)
    url = reverse("campaigns:invitation_decline", args=[nomination.token])
    assert client.get(url).status_code == 200
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.INVITED  # opening the link changes nothing
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("campaigns:invitation",
                                                                           args=[nomination.token])
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.DECLINED and nomination.declined_at
    assert client.post(url).status_code == 302  # twice is fine
    assert client.get(reverse("campaigns:invitation", args=[nomination.token])).status_code == 200


def test_a_told_invitation_cannot_be_declined(client, campaign):
    nomination = NominationFactory(campaign=campaign, status=Nomination.Status.TOLD, deed=DeedFactory())
    client.post(reverse("campaigns:invitation_decline", args=[nomination.token]))
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.TOLD


def test_unknown_tokens_are_not_found(client):
    assert client.get(reverse("campaigns:invitation", args=["ei-tallaista"])).status_code == 404
    assert client.post(reverse("campaigns:invitation_decline", args=["ei-tallaista"])).status_code == 404


def test_the_invitation_page_links_to_the_prefilled_form_while_it_is_open(client, campaign):
    nomination = NominationFactory(campaign=campaign)
    response = client.get(reverse("campaigns:invitation", args=[nomination.token]))
    assert f"nomination={nomination.token}" in response.context["tell_url"]
    old = CampaignFactory(starts=date(2018, 6, 1), ends=date(2018, 12, 31))
    expired = NominationFactory(campaign=old)
    response = client.get(reverse("campaigns:invitation", args=[expired.token]))
    expired.refresh_from_db()
    assert response.context["tell_url"] == "" and expired.status == Nomination.Status.EXPIRED


def test_challenges_are_closed_outside_the_campaign(member, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    ended = CampaignFactory(starts=today - timedelta(days=60), ends=today - timedelta(days=1))
    closed = CampaignFactory(nominations_open=False)
    for campaign in (ended, closed):
        assert member.get(reverse("campaigns:challenge", args=[campaign.slug])).status_code == 403
        response = _challenge(member, campaign, django_capture_on_commit_callbacks)
        assert response.status_code == 403
    assert not Nomination.objects.exists() and not mail.outbox


def test_only_the_programme_office_sees_nominees_and_reasons(campaign, office, employee, client, client_for):
    nomination = NominationFactory(campaign=campaign, email="salainen@example.fi", reason="Salainen perustelu")
    url = reverse("campaigns:campaign_nominations", args=[campaign.slug])
    assert client.get(url).status_code == 302  # to sign in
    assert nomination.email not in client.get(campaign.get_absolute_url()).content.decode()
    assert client_for(employee).get(url).status_code == 403
    assert client_for(employee).get(url, {"format": "csv"}).status_code == 403
    response = client_for(office).get(url)
    content = response.content.decode()
    assert "salainen@example.fi" in content and "Salainen perustelu" in content
    response = client_for(office).get(url, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv") and "salainen@example.fi" in response.content.decode()


def test_the_email_falls_back_to_the_marketplace_without_the_deed_form(campaign, monkeypatch):
    nomination = NominationFactory(campaign=campaign)
    real_reverse = emails.reverse

    def without_form(name, *args, **kwargs):
        if name == "tori:deed_create":
            raise NoReverseMatch(name)
        return real_reverse(name, *args, **kwargs)

    monkeypatch.setattr(emails, "reverse", without_form)
    assert urlsplit(emails.deed_form_url(nomination)).path == reverse("tori:index")
    assert emails.send_nomination_invitation.call(nomination.pk) is True
    assert emails.send_nomination_invitation.call(NominationFactory(status=Nomination.Status.DECLINED).pk) is False


def test_the_command_expires_invitations_after_the_grace_period(campaign):
    from django.core.management import call_command

    old = CampaignFactory(starts=date(2018, 6, 1), ends=date(2018, 12, 31))
    expired = NominationFactory(campaign=old)
    told = NominationFactory(campaign=old, status=Nomination.Status.TOLD)
    still_open = NominationFactory(campaign=campaign)
    out = io.StringIO()
    call_command("expire_nominations", stdout=out)
    statuses = dict(Nomination.objects.values_list("pk", "status"))
    assert statuses == {expired.pk: "expired", told.pk: "told", still_open.pk: "invited"}
    assert out.getvalue().strip().endswith("1")
