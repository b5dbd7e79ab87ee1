"""The units of an organisation as choices for selects. A city has some 1 500 units and
the innovator's board offers them on every view, so the list is kept in the cache until
a unit of the organisation changes (or ten minutes have passed, for bulk changes that
send no signals)."""

from django.core.cache import cache

from latu.organisations.models import Unit

KEEP_SECONDS = 600
LANGUAGES = {"fi": "name_fi", "sv": "name_sv", "en": "name_en"}


def _version_key(organisation_id: int) -> str:
    return f"latu:units:version:{organisation_id}"


def unit_choices(organisation_id: int, language: str, *, active_only: bool = True) -> list[tuple[int, str]]:
    """(pk, name in the language, else in Finnish) of the active units (or of all, for
    filtering older records), by Finnish name."""
    version = cache.get(_version_key(organisation_id)) or 0
    key = f"latu:units:choices:{organisation_id}:{version}:{language}:{'active' if active_only else 'all'}"
    choices = cache.get(key)
    if choices is None:
        field = LANGUAGES.get(language, "name_fi")
        units = Unit.objects.filter(organisation_id=organisation_id)
        rows = ((units.filter(is_active=True) if active_only else units).order_by("name_fi")
                .values_list("pk", "name_fi", field))
        choices = [(pk, name or name_fi) for pk, name_fi, name in rows]
        cache.set(key, choices, KEEP_SECONDS)
    return choices


def forget_units(sender, instance, **kwargs) -> None:
    """post_save / post_delete of a Unit: its organisation's choices are built anew."""
    key = _version_key(instance.organisation_id)
    if not cache.add(key, 1, None):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, None)
