"""Reading and checking a CSV file of people before anything is saved.

Pure functions: they get the file content and the organisation's units as plain
values and return a report (valid rows and problems, each with the row number, the
column and a message). Saving is ``actions.import_people``.

The file is UTF-8 (a byte order mark is fine), comma or semicolon separated, with a
header row naming the columns ``email, name, role, unit, title`` (any order; Finnish
names sähköposti, nimi, rooli, yksikkö, nimike work too). ``role`` is an English code
or a Finnish word (työntekijä, uudistaja, esihenkilö, johto, pääkäyttäjä; blank means
employee). ``unit`` is the unit's Finnish name or its id (blank: the whole organisation).
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from latu.organisations.models import Role

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
MAX_NAME_LENGTH = 150
MAX_EMAIL_LENGTH = 254

COLUMNS = ("email", "name", "role", "unit", "title")
REQUIRED_COLUMNS = ("email", "name")
COLUMN_ALIASES = {
    "email": "email",
    "e-mail": "email",
    "sähköposti": "email",
    "name": "name",
    "nimi": "name",
    "role": "role",
    "rooli": "role",
    "unit": "unit",
    "yksikkö": "unit",
    "title": "title",
    "nimike": "title",
    "tehtävänimike": "title",
}

ROLE_WORDS = {
    "employee": Role.EMPLOYEE,
    "työntekijä": Role.EMPLOYEE,
    "innovator": Role.INNOVATOR,
    "sisäinen uudistaja": Role.INNOVATOR,
    "uudistaja": Role.INNOVATOR,
    "sisäinen kehittäjä": Role.INNOVATOR,
    "kehittäjä": Role.INNOVATOR,
    "supervisor": Role.SUPERVISOR,
    "esihenkilö": Role.SUPERVISOR,
    "esimies": Role.SUPERVISOR,
    "manager": Role.MANAGER,
    "johto": Role.MANAGER,
    "admin": Role.ADMIN,
    "pääkäyttäjä": Role.ADMIN,
}

FILE_ROW = 0  # problems with the file as a whole


class ImportFileError(ValueError):
    """The file cannot be read at all (too big, not UTF-8)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class UnitRef:
    """A unit as the checker sees it."""

    id: int
    name: str  # the Finnish name
    is_active: bool = True


@dataclass(frozen=True)
class PersonRow:
    """A valid row: one role for one person."""

    row: int
    email: str
    name: str
    role: str
    unit_id: int | None
    title: str


@dataclass(frozen=True)
class Problem:
    row: int  # the row number as a spreadsheet shows it (header = 1); 0 = the whole file
    field: str  # the column, or "" for the whole row / file
    code: str
    message: str


@dataclass
class Report:
    rows: list[PersonRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    total: int = 0  # non-empty data rows read

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def file_problems(self) -> list[Problem]:
        return [p for p in self.problems if p.row == FILE_ROW]

    @property
    def invalid_row_count(self) -> int:
        return len({p.row for p in self.problems if p.row != FILE_ROW})


def _normalise(value: str) -> str:
    return re.sub(r"\s+", " ", (value or "").strip()).casefold()


def decode(data: bytes) -> str:
    """The file's text, or ImportFileError when it is too big or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise ImportFileError("too_big", _("The file is too big: at most 1 MB is allowed."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            "encoding", _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
        ) from None
    if "\x00" in text:
        raise ImportFileError("binary", _("The file is not a CSV text file."))
    return text


def sniff_delimiter(text: str) -> str:
    """Semicolon, comma or tab: whichever the header row uses most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse_role(value: str) -> str | None:
    """A role code from an English code or a Finnish word; blank means employee."""
    word = _normalise(value)
    if not word:
        return Role.EMPLOYEE
    return ROLE_WORDS.get(word)


class _UnitIndex:
    def __init__(self, units: Iterable[UnitRef]):
        self.by_id: dict[int, UnitRef] = {}
        self.by_name: dict[str, list[UnitRef]] = {}
        for unit in units:
            self.by_id[unit.id] = unit
            self.by_name.setdefault(_normalise(unit.name), []).append(unit)

    def find(self, value: str) -> tuple[UnitRef | None, str, str]:
        """(unit, problem code, message); the code is "" when found or blank."""
        text = (value or "").strip()
        if not text:
            return None, "", ""
        if text.isdigit():
            unit = self.by_id.get(int(text))
            if unit is None:
                return None, "unknown_unit", _("There is no unit with id %(id)s.") % {"id": text}
        else:
            matches = self.by_name.get(_normalise(text), [])
            if not matches:
                return None, "unknown_unit", _("There is no unit called “%(name)s”.") % {"name": text}
            if len(matches) > 1:
                return None, "ambiguous_unit", _(
                    "Several units are called “%(name)s”. Use the unit's id instead (%(ids)s)."
                ) % {"name": text, "ids": ", ".join(str(u.id) for u in matches)}
            unit = matches[0]
        if not unit.is_active:
            return None, "inactive_unit", _("The unit “%(name)s” is no longer in use.") % {"name": unit.name}
        return unit, "", ""


def _header(cells: list[str]) -> tuple[list[str | None], list[Problem]]:
    problems = []
    columns: list[str | None] = []
    for cell in cells:
        name = _normalise(cell)
        column = COLUMN_ALIASES.get(name)
        if column is None and name:
            problems.append(Problem(
                FILE_ROW, "", "unknown_column",
                _("Unknown column “%(column)s”. The columns are: %(columns)s.")
                % {"column": cell.strip(), "columns": ", ".join(COLUMNS)},
            ))
        elif column is not None and column in columns:
            problems.append(Problem(
                FILE_ROW, column, "duplicate_column",
                _("The column “%(column)s” appears twice.") % {"column": column},
            ))
        columns.append(column)
    for required in REQUIRED_COLUMNS:
        if required not in columns:
            problems.append(Problem(
                FILE_ROW, required, "missing_column",
                _("The header row has no “%(column)s” column.") % {"column": required},
            ))
    return columns, problems


def check(text: str, units: Iterable[UnitRef]) -> Report:
    """Read and check every row; nothing is saved."""
    report = Report()
    index = _UnitIndex(units)
    text = text.removeprefix("\ufeff")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)))
    except csv.Error as error:
        report.problems.append(Problem(
            FILE_ROW, "", "unreadable", _("The file cannot be read as CSV: %(error)s") % {"error": error}
        ))
        return report

    header_at = next((i for i, cells in enumerate(records) if any(c.strip() for c in cells)), None)
    if header_at is None:
        report.problems.append(Problem(FILE_ROW, "", "empty", _("The file is empty.")))
        return report
    columns, header_problems = _header(records[header_at])
    if header_problems:
        report.problems.extend(header_problems)
        return report

    seen: dict[tuple[str, str, int | None], int] = {}
    for number, cells in enumerate(records[header_at + 1 :], start=header_at + 2):
        if not any(c.strip() for c in cells):
            continue
        report.total += 1
        if report.total > MAX_ROWS:
            report.rows.clear()
            report.problems.insert(0, Problem(
                FILE_ROW, "", "too_many_rows",
                _("The file has more than %(max)s people. Split it into smaller files.") % {"max": MAX_ROWS},
            ))
            return report
        row_problems: list[Problem] = []

        def problem(column: str, code: str, message: str, number: int = number, into=row_problems) -> None:
            into.append(Problem(number, column, code, message))

        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            problem("", "too_many_values", _("The row has more values than the header has columns."))
        values = {column: (cells[i] if i < len(cells) else "") for i, column in enumerate(columns) if column}

        email = values.get("email", "").strip().lower()
        if not email:
            problem("email", "required", _("The email address is missing."))
        else:
            try:
                if len(email) > MAX_EMAIL_LENGTH:
                    raise ValidationError("too long")
                validate_email(email)
            except ValidationError:
                problem("email", "invalid_email", _("“%(value)s” is not a valid email address.") % {"value": email})

        name = re.sub(r"\s+", " ", values.get("name", "")).strip()
        if not name:
            problem("name", "required", _("The name is missing."))
        elif len(name) > MAX_NAME_LENGTH:
            problem("name", "too_long", _("The name is longer than %(max)s characters.") % {"max": MAX_NAME_LENGTH})

        role = parse_role(values.get("role", ""))
        if role is None:
            problem("role", "unknown_role", _(
                "Unknown role “%(value)s”. Use employee, innovator, supervisor, manager or admin "
                "(or työntekijä, uudistaja, esihenkilö, johto, pääkäyttäjä)."
            ) % {"value": values.get("role", "").strip()})

        unit, unit_code, unit_message = index.find(values.get("unit", ""))
        if unit_code:
            problem("unit", unit_code, unit_message)
        if role == Role.ADMIN and unit is not None:
            problem("unit", "admin_unit", _("The admin role is for the whole organisation: leave the unit empty."))

        title = re.sub(r"\s+", " ", values.get("title", "")).strip()
        if len(title) > MAX_NAME_LENGTH:
            problem("title", "too_long",
                    _("The job title is longer than %(max)s characters.") % {"max": MAX_NAME_LENGTH})

        if not row_problems and role is not None:
            key = (email, role, unit.id if unit else None)
            if key in seen:
                problem("email", "duplicate",
                        _("The same person and role is already on row %(row)s.") % {"row": seen[key]})
            else:
                seen[key] = number

        if row_problems:
            report.problems.extend(row_problems)
        else:
            report.rows.append(PersonRow(number, email, name, role, unit.id if unit else None, title))

    if report.total == 0:
        report.problems.append(Problem(FILE_ROW, "", "no_rows", _("The file has a header row but no people.")))
    return report
