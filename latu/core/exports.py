"""CSV and XLSX downloads of tabular data (dashboards, people lists, statistics)."""

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.utils import get_column_letter


def _safe_cell(value):
    """Neutralise spreadsheet formula injection: text starting with = + - @ is
    prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def _csv_number(value):
    """A decimal number with a decimal comma, as the semicolon-separated files of Finnish
    and Swedish Excel have them (with a point, Excel reads 3.5 as a date); other values as
    they are."""
    if isinstance(value, Decimal | float):
        text = format(value, "f") if isinstance(value, Decimal) or "e" in repr(value) else repr(value)
        return text.replace(".", ",")
    return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """Semicolon-separated, with decimal commas, as Excel in Finland opens it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 correctly with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow([str(h) for h in header])
    for row in rows:
        writer.writerow([_csv_number(_safe_cell(v)) for v in row])
    return response


def xlsx_response(filename: str, header: Sequence[str], rows: Iterable[Sequence], sheet: str = "Latu") -> HttpResponse:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet[:31]
    ws.append([str(h) for h in header])
    widths = [len(str(h)) for h in header]
    for row in rows:
        values = [_safe_cell(v) for v in row]
        ws.append(values)
        widths = [max(w, min(60, len(str(v)))) for w, v in zip(widths, values, strict=False)]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width + 2
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
