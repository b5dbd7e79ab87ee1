"""Sign-in through an organisation's own OpenID Connect provider, against a fake
provider (latu/accounts/tests/fake_oidc.py): redirect → the IdP → callback."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse

from latu.accounts.models import IdentityProvider, User
from latu.accounts.tests.fake_oidc import CLIENT_ID, CLIENT_SECRET, ISSUER, FakeIdentityProvider, serving
from latu.accounts.tests.helpers import signed_in_user_id, totp_code, verify_email
from latu.organisations.models import Membership, Role

pytestmark = pytest.mark.django_db

PROVIDER_ID = "hollola-ad"
LOGIN = f"/accounts/oidc/{PROVIDER_ID}/login/"
CALLBACK = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"

HANNA = {
    "sub": "5d0f6c1e-hanna",
    "email": "hanna.hoitaja@hollola.example.fi",
    "email_verified": True,
    "given_name": "Hanna",
    "family_name": "Hoitaja",
    "name": "Hanna Hoitaja",
}


def _db_app(**settings):
    app = SocialApp.objects.create(
        provider="openid_connect", provider_id=PROVIDER_ID, name="Hollolan kirjautuminen",
        client_id=CLIENT_ID, secret=CLIENT_SECRET, settings={"server_url": ISSUER, **settings},
    )
    app.sites.add(Site.objects.get_current())
    return app


def _settings_app(settings, **app_settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [{"provider_id": PROVIDER_ID, "name": "Hollolan kirjautuminen", "client_id": CLIENT_ID,
                      "secret": CLIENT_SECRET, "settings": {"server_url": ISSUER, **app_settings}}],
        }
    }


@pytest.fixture(params=["database", "settings"])
def provider(request, org, settings):
    """The OIDC client configured either as a SocialApp row or in settings (as the
    OIDC_PROVIDERS environment variable does), linked to Hollola."""
    if request.param == "database":
        _db_app()
    else:
        _settings_app(settings)
    return IdentityProvider.objects.create(
        organisation=org, provider_id=PROVIDER_ID, email_domains="hollola.example.fi, hollola.fi"
    )


def sign_in(client, idp: FakeIdentityProvider, next_url: str | None = None):
    """The whole round trip; returns the final response from Latu's callback."""
    with serving(idp):
        response = client.post(LOGIN + (f"?next={next_url}" if next_url else ""))
        assert response.status_code == 302
        assert response.url.startswith(f"{ISSUER}/authorize?")
        callback = idp.authorize(response.url)
        return client.get(callback)


def test_the_redirect_asks_the_idp_for_a_code_with_pkce(client, provider):
    with serving(FakeIdentityProvider(HANNA)):
        response = client.post(LOGIN)
    params = {k: v[0] for k, v in parse_qs(urlsplit(response.url).query).items()}
    assert params["redirect_uri"] == f"http://testserver{CALLBACK}"
    assert params["client_id"] == CLIENT_ID
    assert set(params["scope"].split()) == {"openid", "profile", "email"}
    assert params["code_challenge_method"] == "S256"
    assert params["state"]
    assert signed_in_user_id(client) is None


def test_callback_url_is_documented_one():
    assert reverse("openid_connect_callback", kwargs={"provider_id": PROVIDER_ID}) == CALLBACK


def test_first_sign_in_creates_an_employee_of_the_linked_organisation(client, provider, org):
    idp = FakeIdentityProvider(HANNA)
    response = sign_in(client, idp)

    assert response.status_code == 302
    assert response.url == reverse("core:home")
    user = User.objects.get(email="hanna.hoitaja@hollola.example.fi")
    assert signed_in_user_id(client) == user.pk
    assert user.name == "Hanna Hoitaja"
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert EmailAddress.objects.get(user=user).primary
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.role, membership.unit) == (org, Role.EMPLOYEE, None)
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == (PROVIDER_ID, HANNA["sub"])
    assert "GET /.well-known/openid-configuration" in idp.calls
    assert [call for call in idp.calls if "well-known" not in call] == ["POST /token", "GET /userinfo"]
    assert mail.outbox == []  # nothing to verify
    assert client.get("/api/v1/me/").json()["memberships"][0]["organisation"] == org.slug


def test_name_from_given_and_family_name_and_from_the_id_token(client, provider, settings):
    claims = {k: v for k, v in HANNA.items() if k != "name"}
    if SocialApp.objects.exists():
        SocialApp.objects.update(settings={"server_url": ISSUER, "fetch_userinfo": False})
    else:
        _settings_app(settings, fetch_userinfo=False)
    idp = FakeIdentityProvider(claims)
    sign_in(client, idp)
    assert User.objects.get(email=HANNA["email"]).name == "Hanna Hoitaja"
    # Without userinfo the claims come from the ID token, whose signature is checked against the JWKS
    # only when it did not come straight from the token endpoint.
    assert "GET /userinfo" not in idp.calls


def test_second_sign_in_finds_the_same_person(client, provider, org):
    sign_in(client, FakeIdentityProvider(HANNA))
    user = User.objects.get(email=HANNA["email"])
    user.name = "Hanna H."
    user.save()
    client.post(reverse("account_logout"))

    sign_in(client, FakeIdentityProvider(HANNA))
    assert signed_in_user_id(client) == user.pk
    assert User.objects.filter(email=HANNA["email"]).count() == 1
    assert Membership.objects.filter(user=user).count() == 1
    user.refresh_from_db()
    assert user.name == "Hanna H."  # the person's own edits are kept


def test_next_is_followed(client, provider):
    response = sign_in(client, FakeIdentityProvider(HANNA), next_url="/about/")
    assert response.url == "/about/"


def test_unlinked_provider_signs_in_without_membership(client, settings):
    _settings_app(settings)
    sign_in(client, FakeIdentityProvider(HANNA))
    user = User.objects.get(email=HANNA["email"])
    assert signed_in_user_id(client) == user.pk
    assert not Membership.objects.filter(user=user).exists()


def test_provider_that_does_not_make_people_employees(client, provider):
    IdentityProvider.objects.update(join_as_employee=False)
    sign_in(client, FakeIdentityProvider(HANNA))
    assert not Membership.objects.filter(user__email=HANNA["email"]).exists()


def test_unverified_address_must_be_verified_by_email(client, provider):
    claims = {**HANNA, "email_verified": False}
    response = sign_in(client, FakeIdentityProvider(claims))
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert signed_in_user_id(client) is None
    user = User.objects.get(email=HANNA["email"])
    assert not EmailAddress.objects.get(user=user).verified
    assert mail.outbox[-1].to == [HANNA["email"]]


def test_existing_account_in_the_organisations_domain_is_signed_in_and_connected(client, provider, employee):
    verify_email(employee)
    claims = {**HANNA, "sub": "eeva-sub", "email": employee.email, "name": "Eeva T."}
    sign_in(client, FakeIdentityProvider(claims))
    assert signed_in_user_id(client) == employee.pk
    assert SocialAccount.objects.get(user=employee).uid == "eeva-sub"
    assert User.objects.filter(email=employee.email).count() == 1


def test_provider_cannot_take_over_an_address_outside_its_domains(client, provider, citizen):
    verify_email(citizen)  # kalle@example.com: not Hollola's domain
    claims = {**HANNA, "sub": "attacker", "email": citizen.email}
    sign_in(client, FakeIdentityProvider(claims))
    assert signed_in_user_id(client) != citizen.pk
    assert not SocialAccount.objects.filter(user=citizen).exists()
    citizen.refresh_from_db()
    assert citizen.has_usable_password()


def test_person_with_totp_is_asked_for_the_code_after_the_idp(client, provider, org_admin):
    verify_email(org_admin)
    claims = {**HANNA, "sub": "aino-sub", "email": org_admin.email}
    response = sign_in(client, FakeIdentityProvider(claims))
    assert response.url == reverse("mfa_authenticate")
    assert signed_in_user_id(client) is None
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert signed_in_user_id(client) == org_admin.pk


def test_tampered_state_is_refused(client, provider):
    idp = FakeIdentityProvider(HANNA)
    with serving(idp):
        response = client.post(LOGIN)
        callback = idp.authorize(response.url)
        response = client.get(callback.replace("state=", "state=x"))
    assert response.status_code == 401  # allauth's "sign-in failed" page
    assert signed_in_user_id(client) is None
    assert not User.objects.filter(email=HANNA["email"]).exists()
    assert "POST /token" not in idp.calls


def test_idp_error_is_not_a_sign_in(client, provider):
    idp = FakeIdentityProvider(HANNA)
    with serving(idp):
        response = client.post(LOGIN)
        state = parse_qs(urlsplit(response.url).query)["state"][0]
        response = client.get(f"{CALLBACK}?error=access_denied&state={state}")
    assert signed_in_user_id(client) is None
    assert not User.objects.filter(email=HANNA["email"]).exists()


def test_id_token_for_another_client_is_refused(client, provider):
    idp = FakeIdentityProvider(HANNA, id_token_audience="another-client")
    response = sign_in(client, idp)
    assert response.status_code == 401
    assert signed_in_user_id(client) is None
    assert not User.objects.filter(email=HANNA["email"]).exists()


def test_wrong_client_secret_is_refused(client, provider):
    idp = FakeIdentityProvider(HANNA, client_secret="something-else")
    response = sign_in(client, idp)
    assert response.status_code == 401
    assert signed_in_user_id(client) is None
    assert not User.objects.filter(email=HANNA["email"]).exists()


def test_get_of_the_login_url_only_shows_a_form(client, provider):
    idp = FakeIdentityProvider(HANNA)
    with serving(idp):
        response = client.get(LOGIN)
    assert response.status_code == 200
    assert "base.html" in [t.name for t in response.templates]
    html = response.content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    assert '<form class="form stack container--narrow" method="post"' in main  # posts back to itself
    assert idp.calls == []


def test_unknown_provider_is_404(client, provider):
    with serving(FakeIdentityProvider(HANNA)):
        assert client.post("/accounts/oidc/espoo-ad/login/").status_code == 404


def test_login_page_offers_the_provider(client, provider):
    page = client.get(reverse("account_login")).content.decode()
    assert f'href="{LOGIN}' in page
    assert "Hollolan kirjautuminen" in page


def test_identity_provider_domains():
    provider = IdentityProvider(provider_id="x", email_domains=" Hollola.fi, @hollola.example.fi ,")
    assert provider.domains() == {"hollola.fi", "hollola.example.fi"}
    assert provider.owns_address("Aino@HOLLOLA.fi")
    assert not provider.owns_address("aino@hollola.fi.evil.example")
    assert not IdentityProvider(provider_id="y").owns_address("a@hollola.fi")
