"""Reading a measure's results from a CSV file.

The file has a date and a value on each row and optionally a note, in this order or
under a header row (date / päivämäärä / pvm / datum, value / arvo / tulos / värde,
note / huomio / kommentti / anteckning). Semicolon, comma and tab separated files are
accepted, dates as 2026-01-31 or 31.1.2026, values with a decimal point or comma (in a
comma-separated file a decimal comma needs quotes: a value split in two is refused, not
guessed). Every row is checked before anything is saved; errors carry the file's line numbers.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from latu.core.formatting import format_date

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
MAX_ABS_VALUE = Decimal("10") ** 10  # fits DecimalField(max_digits=14, decimal_places=4)

DATE_HEADERS = {"date", "päivämäärä", "paivamaara", "pvm", "päivä", "datum"}
VALUE_HEADERS = {"value", "arvo", "tulos", "värde", "varde"}
NOTE_HEADERS = {"note", "huomio", "kommentti", "lisätieto", "anteckning"}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y")


@dataclass
class Row:
    line: int
    date: date
    value: Decimal
    note: str


@dataclass
class RowError:
    line: int
    message: str


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def parse_date(text: str) -> date | None:
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    return None


def parse_value(text: str) -> Decimal | None:
    text = re.sub(r"[\s\u00a0\u202f]", "", text)
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if abs(value) >= MAX_ABS_VALUE:
        return None
    return value.quantize(Decimal("0.0001"))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed([RowError(0, _("The file is not a text (CSV) file."))])


def _delimiter(first_line: str) -> str:
    for candidate in (";", "\t"):
        if candidate in first_line:
            return candidate
    return ","


def _split_decimal(cells: list[str], columns: tuple, width: int | None) -> bool:
    """Did an unquoted decimal comma split a value into two cells? With a header, the row
    has more cells than the header; without one, the cell after the value is all digits."""
    if width is not None:
        return len(cells) > width
    value_col = columns[1]
    return len(cells) > value_col + 1 and cells[value_col].lstrip("+-").isdigit() and cells[value_col + 1].isdigit()


def parse_results(data: bytes) -> list[Row]:
    """The rows of the file, or ImportFailed with every problem found."""
    if len(data) > MAX_BYTES:
        raise ImportFailed([RowError(0, _("The file is too large (at most 2 MB)."))])
    if b"\x00" in data:
        raise ImportFailed([RowError(0, _("The file is not a text (CSV) file."))])
    text = _decode(data)
    if not text.strip():
        raise ImportFailed([RowError(0, _("The file is empty."))])
    first_line = text.lstrip().splitlines()[0]
    delimiter = _delimiter(first_line)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    columns = (0, 1, 2)
    width = None  # the header's number of columns
    rows: list[Row] = []
    errors: list[RowError] = []
    seen: dict[date, int] = {}
    header_checked = False
    for cells in reader:
        line = reader.line_num
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if not header_checked:
            header_checked = True
            names = [c.lower() for c in cells]
            if parse_date(cells[0]) is None and any(n in DATE_HEADERS for n in names):
                date_col = next(i for i, n in enumerate(names) if n in DATE_HEADERS)
                value_col = next((i for i, n in enumerate(names) if n in VALUE_HEADERS), None)
                note_col = next((i for i, n in enumerate(names) if n in NOTE_HEADERS), None)
                if value_col is None:
                    raise ImportFailed([RowError(line, _("The header row has no value column."))])
                columns = (date_col, value_col, note_col)
                width = len(cells)
                continue
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(RowError(line, _("Too many rows: at most %(max)d.") % {"max": MAX_ROWS}))
            break
        date_col, value_col, note_col = columns
        date_text = cells[date_col] if date_col < len(cells) else ""
        value_text = cells[value_col] if value_col < len(cells) else ""
        note = cells[note_col] if note_col is not None and note_col < len(cells) else ""
        if delimiter == "," and _split_decimal(cells, columns, width):
            # "2026-01-31,7,5" is 7 with the note "5", or 7.5 written with a decimal comma.
            errors.append(RowError(line, _(
                "“%(text)s” looks like a number with a decimal comma in a comma-separated file: "
                "separate the columns with semicolons, or put the number in quotes"
            ) % {"text": ",".join(cells[value_col:value_col + 2])[:40]}))
            continue
        problems = []
        day = parse_date(date_text)
        if not date_text:
            problems.append(_("the date is missing"))
        elif day is None:
            problems.append(
                _("“%(text)s” is not a date (use 2026-01-31 or 31.1.2026)") % {"text": date_text[:40]}
            )
        value = parse_value(value_text) if value_text else None
        if not value_text:
            problems.append(_("the value is missing"))
        elif value is None:
            problems.append(_("“%(text)s” is not a number") % {"text": value_text[:40]})
        if len(note) > 300:
            problems.append(_("the note is longer than 300 characters"))
        if day is not None and day > timezone.localdate():
            problems.append(_("the date %(date)s is in the future") % {"date": format_date(day)})
        if day is not None and day in seen:
            problems.append(
                _("the date %(date)s is already on line %(line)d") % {"date": format_date(day), "line": seen[day]}
            )
        if problems:
            errors.append(RowError(line, "; ".join(problems)))
            continue
        seen[day] = line
        rows.append(Row(line, day, value, note))
    if errors:
        raise ImportFailed(errors)
    if not rows:
        raise ImportFailed([RowError(0, _("The file has no result rows."))])
    return rows
