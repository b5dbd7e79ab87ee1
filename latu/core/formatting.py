"""One way to show each kind of value: dates, date-times, times, days relative to
today and decimal numbers, always in the active language's format.

Templates use the filters of the same names in ``{% load latu %}``
(``local_date``, ``local_datetime``, ``local_time``, ``relative_days``, ``number``);
Python code (messages, exports meant for people, charts) calls these functions.
Machine-readable values (``<time datetime>``, form inputs, CSV for programs) keep ISO 8601.
A test scans the templates so that raw formats such as ``|date:"j.n.Y"`` do not come back.
"""

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext


def _local(value: datetime) -> datetime:
    if timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _parsed(value):
    """Dates kept as ISO text (e.g. in an event's data) are shown like any other."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return None
    return value


def format_date(value: date | datetime | str | None) -> str:
    """A day, e.g. 7.12.2026 (fi), 2026-12-07 (sv), 7 Dec 2026 (en)."""
    value = _parsed(value)
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value).date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def format_month(value: date | datetime | str | None) -> str:
    """A month in short lists, e.g. 12/2026 (the same in every language)."""
    value = _parsed(value)
    if value is None:
        return ""
    return formats.date_format(value, "n/Y")


def format_datetime(value: datetime | str | None) -> str:
    """A moment, e.g. 7.12.2026 15.40 (fi), 2026-12-07 15:40 (sv), 7 Dec 2026 15:40 (en)."""
    value = _parsed(value)
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return format_date(value)
    return formats.date_format(_local(value), "SHORT_DATETIME_FORMAT")


def format_time(value: datetime | time | None) -> str:
    """A time of day, e.g. 15.40 (fi), 15:40 (sv, en)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = _local(value).time()
    return formats.time_format(value, "TIME_FORMAT")


def relative_days(value: date | datetime | int | None, today: date | None = None) -> str:
    """How long ago (or ahead) a day is: "today", "yesterday", "3 days ago",
    "tomorrow", "in 3 days". An integer is a number of days ago."""
    value = _parsed(value)
    if value is None:
        return ""
    if isinstance(value, timedelta):
        ago = value.days
    elif isinstance(value, int):
        ago = value
    else:
        if isinstance(value, datetime):
            value = _local(value).date()
        ago = ((today or timezone.localdate()) - value).days
    if ago == 0:
        return gettext("today")
    if ago == 1:
        return gettext("yesterday")
    if ago == -1:
        return gettext("tomorrow")
    if ago > 0:
        return ngettext("%(n)d day ago", "%(n)d days ago", ago) % {"n": ago}
    return ngettext("in %(n)d day", "in %(n)d days", -ago) % {"n": -ago}


def format_decimal(value, places: int = 2) -> str:
    """A number with at most ``places`` decimals and no trailing zeros, with the
    language's decimal separator: 2,5 and 8 (fi), 2.5 and 8 (en)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    number = number.normalize() if number != 0 else Decimal(0)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return formats.number_format(number, use_l10n=True)
