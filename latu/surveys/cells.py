# ruff: noqa: S608 - table and column names only; every value is a query parameter
"""The precomputed counts of survey results (``ResultCell``).

Each submitted response adds to its cells in one ``INSERT … ON CONFLICT DO UPDATE``
statement, inside the submitting transaction, so the counts never differ from the
answers. ``rebuild`` recounts a survey from its raw answers (the management command
``rebuild_survey_cells``); tests check that both agree.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import connection, transaction

from .models import Answer, Question, Response, ResultCell, Survey

TABLE = ResultCell._meta.db_table
COLUMNS = ("survey_id", "grain", "organisation_id", "unit_id", "role", "month", "question_id", "row_id", "kind",
           "value", "n")
KEY = COLUMNS[:-1]
FULL, ROLE_MONTH = ResultCell.Grain.FULL.value, ResultCell.Grain.ROLE_MONTH.value


def month_of(day: date) -> date:
    return day.replace(day=1)


def response_entries(response: Response, answers: list[Answer] | None = None) -> Counter:
    """The cells that one submitted response adds 1 to (both grains), from its stored
    answers or from ``answers`` just stored (each with its question)."""
    if answers is None:
        rows = (Answer.objects.filter(response=response).exclude(question__kind=Question.Kind.TEXT)
                .values_list("question_id", "row_id", "option_id", "number", "question__kind"))
    else:
        rows = [(a.question_id, a.row_id, a.option_id, a.number, a.question.kind) for a in answers
                if a.question.kind != Question.Kind.TEXT]
    entries: Counter = Counter()
    items: list[tuple[int, int, str, int]] = [(0, 0, "g", 0)]
    multiple: set[int] = set()
    for question_id, row_id, option_id, number, kind in rows:
        if option_id is not None:
            items.append((question_id, row_id or 0, "o", option_id))
        elif number is not None:
            items.append((question_id, row_id or 0, "n", number))
        else:
            continue
        if kind == Question.Kind.MULTIPLE and question_id not in multiple:
            multiple.add(question_id)
            items.append((question_id, 0, "r", 0))
    month = month_of(response.submitted_on)
    org, unit, role = response.organisation_id or 0, response.unit_id or 0, response.role or ""
    for question_id, row_id, kind, value in items:
        entries[(response.survey_id, FULL, org, unit, role, month, question_id, row_id, kind, value)] += 1
        entries[(response.survey_id, ROLE_MONTH, 0, 0, role, month, question_id, row_id, kind, value)] += 1
    return entries


def add_response(response: Response, answers: list[Answer] | None = None) -> None:
    """Count a response that has just been submitted: one statement. Keys go in a fixed
    order so that concurrent submissions lock shared cells in the same order."""
    entries = sorted(response_entries(response, answers).items())
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(COLUMNS)) + ")"] * len(entries))
    params: list = []
    for key, n in entries:
        params += [*key, n]
    sql = (f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES {placeholders} "  # noqa: S608 (no user input)
           f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET n = {TABLE}.n + excluded.n")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _month_sql(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def rebuild(survey: Survey) -> int:
    """Recount every cell of the survey from its submitted responses and answers."""
    answer, response, question = Answer._meta.db_table, Response._meta.db_table, Question._meta.db_table
    month = _month_sql("r.submitted_on")
    group = f"r.survey_id, COALESCE(r.organisation_id, 0), COALESCE(r.unit_id, 0), r.role, {month}"
    insert = f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) "
    statements = [
        # each option or number given
        insert + f"SELECT {group.replace('r.survey_id', 'r.survey_id, %s')}, a.question_id, COALESCE(a.row_id, 0), "
        "CASE WHEN a.option_id IS NULL THEN 'n' ELSE 'o' END, COALESCE(a.option_id, a.number), COUNT(*) "
        f"FROM {answer} a JOIN {response} r ON r.id = a.response_id JOIN {question} q ON q.id = a.question_id "
        "WHERE r.survey_id = %s AND r.submitted_on IS NOT NULL AND q.kind <> 'text' "
        "AND (a.option_id IS NOT NULL OR a.number IS NOT NULL) "
        f"GROUP BY {group}, a.question_id, COALESCE(a.row_id, 0), "
        "CASE WHEN a.option_id IS NULL THEN 'n' ELSE 'o' END, COALESCE(a.option_id, a.number)",
        # respondents of each multiple-choice question
        insert + f"SELECT {group.replace('r.survey_id', 'r.survey_id, %s')}, a.question_id, 0, 'r', 0, "
        "COUNT(DISTINCT a.response_id) "
        f"FROM {answer} a JOIN {response} r ON r.id = a.response_id JOIN {question} q ON q.id = a.question_id "
        "WHERE r.survey_id = %s AND r.submitted_on IS NOT NULL AND q.kind = 'multiple' AND a.option_id IS NOT NULL "
        f"GROUP BY {group}, a.question_id",
        # responses of each group
        insert + f"SELECT {group.replace('r.survey_id', 'r.survey_id, %s')}, 0, 0, 'g', 0, COUNT(*) "
        f"FROM {response} r WHERE r.survey_id = %s AND r.submitted_on IS NOT NULL GROUP BY {group}",
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        ResultCell.objects.filter(survey=survey).delete()
        for statement in statements:
            cursor.execute(statement, [FULL, survey.pk])
        cursor.execute(
            insert + "SELECT survey_id, %s, 0, 0, role, month, question_id, row_id, kind, value, SUM(n) "  # noqa: S608
            f"FROM {TABLE} WHERE survey_id = %s AND grain = %s "
            "GROUP BY survey_id, role, month, question_id, row_id, kind, value",
            [ROLE_MONTH, survey.pk, FULL],
        )
    return ResultCell.objects.filter(survey=survey).count()
