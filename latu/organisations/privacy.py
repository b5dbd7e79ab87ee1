"""The organisations' register descriptions (rekisteriseloste, GDPR articles 13–14):
the default text built from the organisation's data, the text to show, saving."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from latu.audit.log import record
from latu.audit.models import AuditEvent
from latu.organisations.models import Organisation, RegisterDescription

LANGUAGES = ("fi", "sv", "en")


def default_texts(org: Organisation) -> dict[str, str]:
    """The default register description in each language, filled in with the
    organisation's names, municipality and the audit log's retention."""
    municipality = org.municipality
    places = {"fi": municipality.name_fi, "sv": municipality.name_sv or municipality.name_fi,
              "en": municipality.name_fi} if municipality else {}
    texts = {}
    for language in LANGUAGES:
        with translation.override(language):
            context = {
                "name_fi": org.name_fi,
                "name_sv": org.name_sv or org.name_fi,
                "name_en": org.name_en or org.name_fi,
                "place": places.get(language, ""),
                "audit_days": settings.AUDIT_RETENTION_DAYS,
            }
            texts[language] = render_to_string(f"organisations/register_description/default_{language}.txt",
                                               context).strip()
    return texts


def saved_or_default(org: Organisation) -> tuple[RegisterDescription | None, dict[str, str]]:
    """The saved description (None until saved) and its text in each language; a
    language left empty falls back to the default text."""
    saved = RegisterDescription.objects.filter(organisation=org).first()
    defaults = default_texts(org)
    if saved is None:
        return None, defaults
    return saved, {language: getattr(saved, f"body_{language}") or defaults[language] for language in LANGUAGES}


def text_for_language(texts: dict[str, str], language: str | None) -> str:
    return texts.get((language or "fi")[:2]) or texts["fi"]


def save_register_description(org: Organisation, *, actor, body_fi: str, body_sv: str = "",
                              body_en: str = "") -> RegisterDescription:
    """Save the organisation's register description (``access.can(actor, "manage", …)``
    is checked by the caller) and record it in the audit log."""
    with transaction.atomic():
        description, _created = RegisterDescription.objects.update_or_create(
            organisation=org,
            defaults={"body_fi": body_fi.strip(), "body_sv": body_sv.strip(), "body_en": body_en.strip(),
                      "updated_by": actor},
        )
        record(AuditEvent.Action.ORG_CHANGED, actor=actor, organisation=org, target=org.slug,
               changed="register_description")
    return description
