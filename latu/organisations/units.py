"""The units of an organisation as choices for selects. A city has some 1 500 units and
the innovator's board offers them on every view, so the list is kept in the cache until
a unit of the organisation changes (or ten minutes have passed, for bulk changes that
send no signals). Each process also keeps the lists it has read for a minute, under the
same versioned key: a page then reads only the version from the cache, and the select
writes its options once per list (see ``FastSelect``)."""

import time

from django.core.cache import cache

from latu.organisations.models import Unit

KEEP_SECONDS = 600
LOCAL_SECONDS = 60
LOCAL_ENTRIES = 256
_local: dict[str, tuple[float, list]] = {}  # versioned key → (until when, choices)
LANGUAGES = {"fi": "name_fi", "sv": "name_sv", "en": "name_en"}


def _version_key(organisation_id: int) -> str:
    return f"latu:units:version:{organisation_id}"


def unit_choices(organisation_id: int, language: str, *, active_only: bool = True) -> list[tuple[int, str]]:
    """(pk, name in the language, else in Finnish) of the active units (or of all, for
    filtering older records), by Finnish name."""
    version = cache.get(_version_key(organisation_id)) or 0
    key = f"latu:units:choices:{organisation_id}:{version}:{language}:{'active' if active_only else 'all'}"
    now = time.monotonic()
    kept = _local.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    choices = cache.get(key)
    if choices is None:
        field = LANGUAGES.get(language, "name_fi")
        units = Unit.objects.filter(organisation_id=organisation_id)
        rows = ((units.filter(is_active=True) if active_only else units).order_by("name_fi")
                .values_list("pk", "name_fi", field))
        choices = [(pk, name or name_fi) for pk, name_fi, name in rows]
        cache.set(key, choices, KEEP_SECONDS)
    if len(_local) >= LOCAL_ENTRIES:
        _local.clear()
    _local[key] = (now + LOCAL_SECONDS, choices)
    return choices


def forget_local() -> None:
    """Drop the lists this process keeps (tests)."""
    _local.clear()


def forget_units(sender, instance, **kwargs) -> None:
    """post_save / post_delete of a Unit: its organisation's choices are built anew."""
    key = _version_key(instance.organisation_id)
    if not cache.add(key, 1, None):
        try:
            cache.incr(key)
        except ValueError:  # expired in between
            cache.set(key, 1, None)
