from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.encoding import force_str

from latu.accounts.languages import remember_language, supported_language
from latu.core.clientip import client_ip


@dataclass(frozen=True)
class SiteInfo:
    """What emails call the service: "Latu" at the host of SITE_URL (instead of the
    sites framework's placeholder "example.com")."""

    name: str
    domain: str


def site_info() -> SiteInfo:
    return SiteInfo(name="Latu", domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return settings.ACCOUNT_SIGNUP_OPEN

    def get_client_ip(self, request) -> str:
        """Sign-in failure limits count the client behind our trusted proxies (allauth's
        own reading trusts every X-Forwarded-For when a count is set)."""
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def format_email_subject(self, subject) -> str:
        return f"[{site_info().name}] {force_str(subject)}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {"current_site": site_info(), **context})

    def post_login(self, request, user, **kwargs):
        """Signing in (with a password or an identity provider) switches to the person's
        own language, whatever the browser asks for; the switch in the header still works."""
        response = super().post_login(request, user, **kwargs)
        if supported_language(user.language):
            remember_language(response, user.language)
        return response

    def populate_username(self, request, user) -> None:
        # Email is the login; there is no username.
        return None

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.name = (form.cleaned_data.get("name") or user.email.split("@")[0]).strip()
        user.language = supported_language(translation.get_language()) or user.language  # as they signed up
        # An address that came with an invitation counts as confirmed (allauth's stash,
        # see latu.campaigns.views.invitation) only for an account made with that very
        # address: allauth would add it, confirmed, to any account signed up in the session.
        stashed = request.session.get("account_verified_email") if request is not None else None
        if stashed and stashed.lower() != (user.email or "").lower():
            self.unstash_verified_email(request)
        if commit:
            user.save()
        return user


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Sign-in through an organisation's own OpenID Connect provider. The person's
    name comes from the claims; a provider linked to an organisation makes new people
    members (employees) of it."""

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(p for p in (data.get("first_name"), data.get("last_name")) if p)
        user.name = (name or (user.email or "").split("@")[0]).strip()[:150]
        return user

    def can_authenticate_by_email(self, login, email: str) -> bool:
        """Signing in to an existing account because the provider vouches for its
        address is allowed only for the email domains of the organisation the provider
        belongs to: another organisation's provider must not be able to take over
        accounts by asserting addresses it does not own."""
        from latu.accounts.models import IdentityProvider

        provider = IdentityProvider.for_provider_id(login.account.provider)
        if provider is None or not provider.owns_address(email):
            return False
        return super().can_authenticate_by_email(login, email)

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        from latu.accounts.models import IdentityProvider

        provider = IdentityProvider.for_provider_id(sociallogin.account.provider)
        if provider is not None:
            provider.join(user)
        return user
