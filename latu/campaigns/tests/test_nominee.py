"""A nominee tells their deed with the invitation, member of an organisation or not.

Riikka is challenged by a colleague but has no Latu account: she follows the link of
the invitation, creates an account with the invited address (no confirmation email, the
invitation came there), tells her deed for the organisation the invitation names, and
the invitation is used up. Olli already has an account but is no member of any
organisation; he signs in and tells his. Only an open invitation gives this right."""

from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from latu.accounts.models import User
from latu.accounts.tests.helpers import signed_in_user_id, verify_email
from latu.campaigns.factories import CampaignFactory, NominationFactory
from latu.campaigns.models import CampaignDeed, Nomination
from latu.organisations.factories import OrganisationFactory, UserFactory
from latu.tori import actions as tori_actions
from latu.tori.factories import DeedFactory
from latu.tori.models import Deed, Sector

pytestmark = pytest.mark.django_db

PASSWORD = "Kotihoito-iltapartio-2026"
DEED = {"title": "Kotihoidon iltapartio", "lead": "Iltakäynnit hoitaa nyt oma partio.",
        "story": "Kokosimme iltakäynnit yhdelle tiimille, ja ajoreitit lyhenivät.", "sector": Sector.SOCIAL_HEALTH,
        "images-TOTAL_FORMS": "1", "images-INITIAL_FORMS": "0", "links-TOTAL_FORMS": "2",
        "links-INITIAL_FORMS": "0"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def campaign(db):
    return CampaignFactory(slug="tekoja-tiskiin", title_fi="Tekoja tiskiin")


@pytest.fixture
def nomination(campaign, org):
    return NominationFactory(campaign=campaign, name="Riikka Nieminen", email="riikka.nieminen@hollola.example.fi",
                             organisation=org)


@pytest.fixture
def olli(db):
    """Has an account, but is no member of any organisation."""
    user = UserFactory(email="olli@example.fi", name="Olli Osaton")
    verify_email(user)
    return user


def tell_path(nomination) -> str:
    query = urlencode({"campaign": nomination.campaign.slug, "nomination": nomination.token})
    return f"{reverse('tori:deed_create')}?{query}"


def post_deed(client, nomination, organisation, button="submit"):
    return client.post(reverse("tori:deed_create"), {
        **DEED, "organisation": organisation.pk, "campaign": nomination.campaign.slug,
        "nomination": nomination.token, button: "1",
    })


def test_a_nominee_without_an_account_signs_up_from_the_invitation_and_tells_the_deed(client, nomination, org):
    # The invitation email links to the form; without an account it leads to the invitation page.
    response = client.get(tell_path(nomination))
    assert response.status_code == 302 and response["Location"] == reverse("campaigns:invitation",
                                                                           args=[nomination.token])
    page = client.get(response["Location"])
    assert page.status_code == 200
    signup = urlsplit(page.context["signup_url"])
    assert signup.path == reverse("account_signup")
    assert parse_qs(signup.query) == {"next": [tell_path(nomination)], "email": [nomination.email]}
    assert parse_qs(urlsplit(page.context["login_url"]).query) == {"next": [tell_path(nomination)]}
    html = page.content.decode()
    assert 'id="tell-deed"' in html and 'id="sign-in"' in html and 'id="decline"' in html

    form = client.get(page.context["signup_url"])
    assert form.context["form"].initial["email"] == nomination.email
    response = client.post(page.context["signup_url"], {
        "name": "Riikka Nieminen", "email": nomination.email, "password1": PASSWORD, "password2": PASSWORD,
        "next": tell_path(nomination),
    })
    riikka = User.objects.get(email=nomination.email)
    assert response.status_code == 302 and response["Location"] == tell_path(nomination)
    assert signed_in_user_id(client) == riikka.pk
    assert EmailAddress.objects.get(user=riikka).verified and not mail.outbox  # no confirmation needed

    form = client.get(tell_path(nomination))
    assert form.status_code == 200
    assert list(form.context["form"].fields["organisation"].queryset) == [org]
    assert form.context["form"].initial["contact_email"] == nomination.email

    response = post_deed(client, nomination, org)
    deed = Deed.objects.get(title=DEED["title"])
    assert response.status_code == 302 and response["Location"] == f"/tori/{deed.pk}/"
    assert (deed.author, deed.organisation, deed.status) == (riikka, org, Deed.Status.REVIEW)
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.TOLD and nomination.deed == deed
    assert CampaignDeed.objects.get(deed=deed).via == CampaignDeed.Via.NOMINATION

    # Her deed stays hers to see and edit; the invitation is used up.
    assert client.get(f"/tori/{deed.pk}/").status_code == 200
    assert client.get(f"/tori/{deed.pk}/edit/").status_code == 200
    assert client.get(tell_path(nomination)).status_code == 403


def test_signing_up_with_another_address_still_needs_its_confirmation(client, nomination):
    page = client.get(reverse("campaigns:invitation", args=[nomination.token]))
    response = client.post(page.context["signup_url"], {
        "name": "Riikka Nieminen", "email": "riikka@gmail.example.com", "password1": PASSWORD,
        "password2": PASSWORD, "next": tell_path(nomination),
    })
    assert response.status_code == 302 and response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user_id(client) is None
    assert list(EmailAddress.objects.values_list("email", flat=True)) == ["riikka@gmail.example.com"]
    assert not EmailAddress.objects.get(email="riikka@gmail.example.com").verified
    assert [message.to for message in mail.outbox] == [["riikka@gmail.example.com"]]


def test_an_account_made_elsewhere_with_the_address_is_confirmed_as_usual(client, nomination):
    response = client.post(reverse("account_signup"), {
        "name": "Riikka Nieminen", "email": nomination.email, "password1": PASSWORD, "password2": PASSWORD,
    })
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user_id(client) is None and len(mail.outbox) == 1


def test_with_sign_up_closed_the_invitation_offers_signing_in(client, nomination, settings):
    settings.ACCOUNT_SIGNUP_OPEN = False
    page = client.get(reverse("campaigns:invitation", args=[nomination.token]))
    assert page.context["signup_url"] == "" and page.context["login_url"]
    assert "account_verified_email" not in client.session
    html = page.content.decode()
    assert 'id="sign-in"' in html and 'id="tell-deed"' not in html


def test_a_signed_in_person_without_a_membership_tells_for_the_invited_organisation(client_for, olli, nomination,
                                                                                     org, other_org):
    client = client_for(olli)
    assert client.get(reverse("tori:deed_create")).status_code == 403  # no invitation, no organisation
    page = client.get(reverse("campaigns:invitation", args=[nomination.token]))
    assert 'href="' + tell_path(nomination).replace("&", "&amp;") + '"' in page.content.decode()
    assert page.context["signup_url"] == ""

    response = post_deed(client, nomination, other_org)  # not the one the invitation names
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    assert not Deed.objects.exists()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.INVITED

    assert post_deed(client, nomination, org, button="save").status_code == 302
    deed = Deed.objects.get()
    assert (deed.author, deed.organisation, deed.status) == (olli, org, Deed.Status.DRAFT)


def test_an_invitation_without_a_known_organisation_offers_every_active_one(client_for, olli, campaign, org,
                                                                            other_org):
    closed = OrganisationFactory(slug="lakkautettu", is_active=False)
    nomination = NominationFactory(campaign=campaign, organisation=None, organisation_name="Hollolan kunta")
    form = client_for(olli).get(tell_path(nomination))
    assert set(form.context["form"].fields["organisation"].queryset) == {org, other_org}
    assert closed not in form.context["form"].fields["organisation"].queryset


@pytest.mark.parametrize("status", [Nomination.Status.TOLD, Nomination.Status.DECLINED, Nomination.Status.EXPIRED])
def test_only_an_open_invitation_lets_a_non_member_tell(client_for, client, olli, campaign, org, status):
    nomination = NominationFactory(campaign=campaign, organisation=org, status=status,
                                   deed=DeedFactory() if status == Nomination.Status.TOLD else None)
    assert client_for(olli).get(tell_path(nomination)).status_code == 403
    assert post_deed(client_for(olli), nomination, org).status_code == 403
    assert Deed.objects.filter(author=olli).count() == 0
    with pytest.raises(PermissionDenied):
        tori_actions.create_deed(olli, invitation=nomination, organisation=org, title="Teko", lead="Lyhyesti.",
                                 story="Tarina.", sector=Sector.SOCIAL_HEALTH)
    client.logout()
    response = client.get(tell_path(nomination))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_an_invitation_after_its_campaign_has_ended_gives_no_right(client_for, olli, org):
    old = CampaignFactory(starts=date(2018, 6, 1), ends=date(2018, 12, 31))
    nomination = NominationFactory(campaign=old, organisation=org)
    assert client_for(olli).get(tell_path(nomination)).status_code == 403


def test_a_member_keeps_their_own_organisations_beside_the_invited_one(client_for, outsider, nomination, org,
                                                                       other_org):
    form = client_for(outsider).get(tell_path(nomination))
    assert set(form.context["form"].fields["organisation"].queryset) == {org, other_org}
