"""The person's own language: kept in their profile, applied when they sign in, and
updated when they switch the language while signed in."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


def supported_language(code: str | None) -> str | None:
    """``code`` (or its base language, "sv" for "sv-fi") if Latu speaks it."""
    if not code:
        return None
    codes = {language for language, _name in settings.LANGUAGES}
    for candidate in (code.lower(), code.lower().split("-")[0]):
        if candidate in codes:
            return candidate
    return None


def remember_language(response: HttpResponse, code: str) -> None:
    """The language cookie that Django's LocaleMiddleware reads first."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; a signed-in person's choice is also saved in their profile."""
    response = django_set_language(request)
    code = supported_language(request.POST.get("language"))
    user = request.user
    if code and user.is_authenticated and user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    return response
