"""Writing indicators and their values: by hand, from a CSV file or through the API.
Values for a month are replaced (the latest figure counts); a file is taken whole or
not at all."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from latu import access
from latu.access.indicators import can_manage_in
from latu.audit.log import record
from latu.audit.models import AuditEvent
from latu.organisations.models import Organisation, Unit

from .models import Indicator, IndicatorValue

MAX_IMPORT_BYTES = 1_000_000
MAX_IMPORT_ROWS = 20_000
MAX_ABS_VALUE = Decimal("99999999999")


@dataclass
class Point:
    month: date
    value: Decimal
    unit: Unit | None = None


def create_indicator(organisation: Organisation, form, *, actor) -> Indicator:
    if not can_manage_in(actor, organisation):
        raise PermissionDenied
    indicator = form.save(commit=False)
    indicator.organisation = organisation
    if indicator.kind == Indicator.Kind.OTHER and not indicator.name_fi:
        raise ValidationError({"name_fi": _("Name your own indicator.")})
    indicator.save()
    return indicator


def record_values(indicator: Indicator, points: list[Point], *, actor, source: str) -> int:
    """Store the values (a month's earlier value is replaced), all in one transaction."""
    if not access.can(actor, "manage", indicator):
        raise PermissionDenied
    for point in points:
        if point.unit is not None and point.unit.organisation_id != indicator.organisation_id:
            raise ValidationError(_("Choose a unit of the organisation."))
        if abs(point.value) > MAX_ABS_VALUE:
            raise ValidationError(_("The value is too large."))
    with transaction.atomic():
        for point in points:
            IndicatorValue.objects.update_or_create(
                indicator=indicator, unit=point.unit, month=point.month.replace(day=1),
                defaults={"value": point.value, "source": source},
            )
    return len(points)


def parse_month(text: str) -> date:
    text = text.strip()
    for fmt in ("%Y-%m", "%m/%Y", "%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date().replace(day=1)  # noqa: DTZ007 (a calendar month)
        except ValueError:
            continue
    raise ValueError(text)


def parse_value(text: str) -> Decimal:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".").rstrip("%")
    value = Decimal(cleaned)
    if not value.is_finite():
        raise InvalidOperation(text)
    return value


HEADER = ["indicator", "month", "value", "unit"]


def import_csv(organisation: Organisation, content: bytes, *, actor) -> int:
    """Rows ``indicator;month;value;unit`` (unit optional; comma or semicolon separated).
    ``indicator`` is the indicator's name or its kind (e.g. sick-leave). Every error is
    reported with its line; nothing is stored unless every row is valid."""
    if not can_manage_in(actor, organisation):
        raise PermissionDenied
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationError(_("The file is too large (at most 1 MB)."))
    if b"\x00" in content:
        raise ValidationError(_("The file is not a text file."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The file is not in UTF-8. Save it as “CSV UTF-8” and try again.")) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        raise ValidationError(_("The file is empty."))
    header = [cell.strip().lower() for cell in rows[0]]
    if header[:3] != HEADER[:3] or len(header) != len(set(header)) or not set(header) <= set(HEADER):
        raise ValidationError(_("The first row must be: indicator;month;value;unit (unit may be left out)."))
    if len(rows) - 1 > MAX_IMPORT_ROWS:
        raise ValidationError(_("At most %(count)s rows at a time.") % {"count": MAX_IMPORT_ROWS})
    indicators = {}
    for indicator in Indicator.objects.filter(organisation=organisation):
        indicators.setdefault(indicator.kind, indicator)
        for language in ("fi", "sv", "en"):  # its name in any of the languages
            with translation.override(language):
                indicators[indicator.name.lower()] = indicator
    units = {u.name_fi.lower(): u for u in Unit.objects.filter(organisation=organisation)}
    errors: list[str] = []
    points: dict[int, list[Point]] = {}
    by_pk: dict[int, Indicator] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = dict(zip(header, row, strict=False))
        indicator = indicators.get(cells.get("indicator", "").strip().lower())
        if indicator is None:
            errors.append(_("Line %(line)s: no such indicator.") % {"line": number})
            continue
        try:
            month = parse_month(cells.get("month", ""))
        except ValueError:
            errors.append(_("Line %(line)s: write the month as YYYY-MM.") % {"line": number})
            continue
        try:
            value = parse_value(cells.get("value", ""))
        except (InvalidOperation, ValueError):
            errors.append(_("Line %(line)s: the value is not a number.") % {"line": number})
            continue
        unit = None
        if cells.get("unit", "").strip():
            unit = units.get(cells["unit"].strip().lower())
            if unit is None:
                errors.append(_("Line %(line)s: no such unit.") % {"line": number})
                continue
        by_pk[indicator.pk] = indicator
        points.setdefault(indicator.pk, []).append(Point(month, value, unit))
    if errors:
        raise ValidationError(errors[:50])
    with transaction.atomic():
        total = sum(record_values(by_pk[pk], items, actor=actor, source=IndicatorValue.Source.IMPORT)
                    for pk, items in points.items())
        record(AuditEvent.Action.OTHER, actor=actor, organisation=organisation, target="indicators",
               event="indicators.imported", rows=total)
    return total
