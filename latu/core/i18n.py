"""Helpers for content that is stored in several languages (name_fi, name_sv, name_en)."""

from django.utils.translation import get_language

CONTENT_LANGUAGES = ("fi", "sv", "en")


def current_language() -> str:
    lang = (get_language() or "fi")[:2]
    return lang if lang in CONTENT_LANGUAGES else "fi"


def localized(obj, field: str) -> str:
    """The value of ``field_<lang>`` for the active language, falling back to Finnish,
    then Swedish, then English."""
    lang = current_language()
    for code in (lang, "fi", "sv", "en"):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


def localized_property(field: str) -> property:
    """``name = localized_property("name")``: the ``name_<lang>`` value for the active
    language, with the fallbacks of :func:`localized`."""
    return property(lambda obj: localized(obj, field), doc=f"{field} in the active language")
