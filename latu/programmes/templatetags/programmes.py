from datetime import timedelta
from decimal import Decimal

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """A processing time in the largest units that make sense: "2 h 5 min", "3 d 4 h"."""
    if value is None:
        return "–"
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("%(days)s d %(hours)s h") % {"days": days, "hours": hours}
    if hours:
        return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": minutes}
    return _("%(minutes)s min") % {"minutes": minutes}


@register.filter
def days(value: Decimal | None) -> str:
    if value is None:
        return "–"
    number = f"{Decimal(value).normalize():f}"
    return ngettext("%(n)s day", "%(n)s days", 1 if Decimal(value) == 1 else 2) % {"n": number}


@register.filter
def euros(value: Decimal | None) -> str:
    if not value:
        return _("Free of charge")
    return f"{Decimal(value).quantize(Decimal(1)):,}".replace(",", "\u00a0") + "\u00a0€"
