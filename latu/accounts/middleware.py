from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from latu.access.base import memberships
from latu.organisations.models import Role

EXEMPT_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/media/", "/about/", "/accessibility/")


def requires_mfa(user) -> bool:
    """Org admins and the programme office must use two-factor authentication."""
    if not settings.LATU_REQUIRE_MFA or not user.is_authenticated:
        return False
    return user.is_programme_office or any(m.role == Role.ADMIN for m in memberships(user))


class RequireMFAMiddleware:
    """Sends privileged people without TOTP to set it up before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and requires_mfa(user)
            and not request.path.startswith(EXEMPT_PREFIXES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(request, _("Your role requires two-factor authentication. Please set it up first."))
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
