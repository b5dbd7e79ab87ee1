from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from latu.access.base import memberships
from latu.organisations.models import Role

# Pages a person must reach before TOTP is set up: sign-in, sign-out, the TOTP
# pages themselves and the rest of their account, language switching and the
# public information pages.
EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/", "/about/", "/accessibility/")
# …except the API token, which would let its holder use the API without the second factor.
NOT_EXEMPT_PREFIXES = ("/accounts/profile/api-token/",)


def requires_mfa(user) -> bool:
    """Org admins, the programme office and superusers (who can do anything in the
    admin) must use two-factor authentication."""
    if not settings.LATU_REQUIRE_MFA or user is None or not user.is_authenticated:
        return False
    return user.is_programme_office or user.is_superuser or any(m.role == Role.ADMIN for m in memberships(user))


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def lacks_required_mfa(user) -> bool:
    """True for a person whose role requires TOTP but who has not set it up."""
    return requires_mfa(user) and not has_totp(user)


def mfa_setup_message() -> str:
    return _("Your role requires two-factor authentication. Please set it up first.")


class RequireMFAMiddleware:
    """Sends privileged people without TOTP to set it up before anything else.
    API requests get a 403 with the same message instead of a redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        exempt = path.startswith(EXEMPT_PREFIXES) and not path.startswith(NOT_EXEMPT_PREFIXES)
        if not exempt and lacks_required_mfa(getattr(request, "user", None)):
            if path.startswith("/api/"):
                return JsonResponse({"detail": mfa_setup_message(), "code": "mfa_required"}, status=403)
            messages.warning(request, mfa_setup_message())
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
