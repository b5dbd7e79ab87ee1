"""Filters shared by the API's list endpoints."""

from datetime import datetime, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import filters
from django_filters.fields import IsoDateTimeField

# What PostgreSQL accepts as a time-zone offset (and real zones stay within ±14:00).
MAX_UTC_OFFSET = timedelta(hours=15, minutes=59)


def check_utc_offset(value: datetime | None) -> datetime | None:
    """Refuse a date and time whose offset from UTC is beyond ±15:59."""
    offset = value.utcoffset() if value is not None else None
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        raise forms.ValidationError(_("The time-zone offset must be between -15:59 and +15:59."), code="offset")
    return value


class _IsoDateTimeField(IsoDateTimeField):
    def to_python(self, value):
        return check_utc_offset(super().to_python(value))


class IsoDateTimeFilter(filters.IsoDateTimeFilter):
    """An ISO 8601 date and time (django-filter's) within the offsets a database takes:
    beyond ±15:59 is a 400 with a clear message, not an error of the database."""

    field_class = _IsoDateTimeField
