"""Page contexts of the surveys: lists, the answering pages and the results.

Anonymity rules of the results, all here:

- A group (the answers matching the chosen filters) with fewer answers than the survey's
  threshold shows nothing but that it is too small.
- No differencing: a filtered group is hidden also when dropping any one of its filters
  would add fewer answers than the threshold (otherwise two allowed views would reveal
  the small group between them).
- Free-text answers are shown only for groups at or above the threshold, in no
  particular order and without dates.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from latu import access
from latu.core import charts
from latu.core.i18n import current_language
from latu.core.text import parse_pk
from latu.organisations.models import Organisation, Unit

from .data import TEMPLATES
from .forms import BackgroundForm, PageForm, initial_from, sections_of
from .models import Answer, Invitation, Question, Response, ResultCell, RoleGroup, Section, Survey

MAX_TEXTS = 200


def template_choices() -> list[tuple[str, str]]:
    """The shipped templates, titled in the active language."""
    index = {"fi": 0, "sv": 1, "en": 2}[current_language()]
    return [(key, template["title"][index]) for key, template in TEMPLATES.items()]


def survey_list(user) -> dict:
    surveys = list(access.scope(user, Survey, "view").select_related("organisation").order_by("-created_at")[:200])
    return {"surveys": surveys}


def manage_page(user, survey: Survey) -> dict:
    invitations = survey.invitations.aggregate(total=Count("pk"), answered=Count("pk", filter=Q(answered=True)))
    sections = sections_of(survey)
    return {
        "survey": survey,
        "sections": sections,
        "question_count": sum(len(s.questions.all()) for s in sections),
        "invited": invitations["total"],
        "invited_answered": invitations["answered"],
        "response_rate": round(100 * invitations["answered"] / invitations["total"]) if invitations["total"] else None,
        "can_manage": access.can(user, "manage", survey),
        "has_answers": survey.response_count > 0,
    }


# --- answering -----------------------------------------------------------------------------


def visible_questions(section: Section, chosen_options: set[int]) -> list[Question]:
    return [q for q in section.questions.all() if q.show_if_id is None or q.show_if_id in chosen_options]


def hidden_question_ids(sections: list[Section], chosen_options: set[int]) -> set[int]:
    return {q.pk for s in sections for q in s.questions.all() if q.show_if_id and q.show_if_id not in chosen_options}


def chosen_options(response: Response) -> set[int]:
    return set(Answer.objects.filter(response=response, option__isnull=False).values_list("option_id", flat=True))


@dataclass
class AnswerPage:
    survey: Survey
    sections: list[Section]
    index: int  # 0 = background questions (when asked), then one per section
    background: BackgroundForm | None = None
    form: PageForm | None = None
    section: Section | None = None

    @property
    def has_background(self) -> bool:
        return background_asked(self.survey)

    @property
    def pages(self) -> int:
        return len(self.sections) + (1 if self.has_background else 0)

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def is_last(self) -> bool:
        return self.index == self.pages - 1


def background_asked(survey: Survey) -> bool:
    return survey.organisation_id is None or survey.ask_unit or survey.ask_role


def answer_page(survey: Survey, response: Response, index: int, data=None) -> AnswerPage:
    sections = sections_of(survey)
    page = AnswerPage(survey, sections, index)
    offset = 1 if background_asked(survey) else 0
    if offset and index == 0:
        initial = {"unit": response.unit_id, "role": response.role, "organisation": response.organisation_id}
        page.background = BackgroundForm(data, survey=survey, initial=initial)
        return page
    section = sections[index - offset]
    page.section = section
    questions = visible_questions(section, chosen_options(response))
    stored = list(Answer.objects.filter(response=response, question__section=section).select_related("question"))
    page.form = PageForm(data, questions=questions, initial=initial_from(stored))
    return page


def preview_pages(survey: Survey) -> list[PageForm]:
    return [PageForm(questions=list(s.questions.all())) for s in sections_of(survey)]


def invitation_by_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("survey", "survey__organisation").filter(token=token).first()


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """One view of the results. The period is a calendar month: months do not overlap,
    so two periods can never be subtracted from each other."""

    unit: Unit | None = None
    role: str = ""
    organisation: Organisation | None = None
    month: date | None = None

    def active(self) -> list[str]:
        return [name for name in ("unit", "role", "organisation", "month") if getattr(self, name)]

    def apply(self, qs: QuerySet) -> QuerySet:
        if self.unit:
            qs = qs.filter(unit_id__in=self.unit.descendant_ids())
        if self.role:
            qs = qs.filter(role=self.role)
        if self.organisation:
            qs = qs.filter(organisation=self.organisation)
        if self.month:
            qs = qs.filter(submitted_on__gte=self.month, submitted_on__lt=next_month(self.month))
        return qs


def next_month(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


@dataclass
class QuestionResult:
    question: Question
    columns: list[str] = field(default_factory=list)  # option labels (matrix / choice)
    rows: list[tuple[str, list[int], list[float], int]] = field(default_factory=list)  # label, counts, shares %, n
    answered: int = 0
    mean: float | None = None
    texts: list[str] = field(default_factory=list)
    chart: charts.Chart | None = None
    # With a comparison: per row, the change of each share from the earlier round in
    # percentage points (None where the earlier round has no such row or option).
    changes: list[tuple[str, list[float | None]]] = field(default_factory=list)


@dataclass
class Results:
    survey: Survey
    filters: Filters
    total: int
    count: int
    hidden: bool
    reason: str = ""
    questions: list[QuestionResult] = field(default_factory=list)
    compared: Results | None = None


def rounds(survey: Survey) -> list[Survey]:
    """Every version of the survey (earlier and later rounds), oldest first."""
    first = survey
    seen = {survey.pk}
    while first.previous_id and first.previous_id not in seen:
        first = Survey.objects.get(pk=first.previous_id)
        seen.add(first.pk)
    chain, node = [first], first
    while True:
        later = Survey.objects.filter(previous=node).order_by("pk").first()
        if later is None or later.pk in {s.pk for s in chain}:
            break
        chain.append(later)
        node = later
    return chain


def compare(current: Results, earlier: Results) -> None:
    """Set each question's changes against the same question of an earlier round: matched
    by its place (page and order), options by their value and matrix rows by their order."""
    current.compared = earlier
    if current.hidden or earlier.hidden:
        return

    def place(q: Question) -> tuple[int, int]:
        return (q.section.order, q.order)
    before = {place(qr.question): qr for qr in earlier.questions}
    for qr in current.questions:
        old = before.get(place(qr.question))
        if old is None or old.question.kind != qr.question.kind or not qr.rows:
            continue
        values = [o.value for o in qr.question.options.all()] or [row[0] for row in qr.rows]
        old_values = [o.value for o in old.question.options.all()] or [row[0] for row in old.rows]
        for i, (label, _counts, shares, _total) in enumerate(qr.rows):
            if i >= len(old.rows):
                qr.changes.append((label, [None] * len(shares)))
                continue
            old_shares = old.rows[i][2]
            if qr.question.kind == Question.Kind.MATRIX:
                by_value = dict(zip(old_values, old_shares, strict=False))
                qr.changes.append((label, [round(share - by_value[v], 1) if v in by_value else None
                                           for v, share in zip(values, shares, strict=False)]))
            else:
                qr.changes.append((label, [round(shares[0] - old_shares[0], 1)]))


def submitted(survey: Survey) -> QuerySet:
    return Response.objects.filter(survey=survey, submitted_on__isnull=False)


# (organisation, unit, role group, month) → answers: the threshold rule's counts, read from
# the same precomputed cells as the results (``cells.py``).
Cells = dict[tuple[int | None, int | None, str, date | None], int]


def group_cells(survey: Survey, organisation_id: int | None = None) -> Cells:
    """Response counts by group. Without an organisation: by role group and month only (the
    coarse grain, whose cells have no organisation or unit); with one: that organisation's
    groups with their units."""
    cells = ResultCell.objects.filter(survey=survey, question_id=0, kind="g")
    if organisation_id is None:
        cells = cells.filter(grain=ResultCell.Grain.ROLE_MONTH)
    else:
        cells = cells.filter(grain=ResultCell.Grain.FULL, organisation_id=organisation_id)
    rows = cells.values_list("organisation_id", "unit_id", "role", "month", "n")
    return {(org or None, unit or None, role, m): n for org, unit, role, m, n in rows}


def _count(cells: Cells, unit_ids: set[int] | None, role: str, organisation_id: int | None,
           month: date | None) -> int:
    return sum(n for (org, unit, r, m), n in cells.items()
               if (unit_ids is None or unit in unit_ids) and (not role or r == role)
               and (organisation_id is None or org == organisation_id) and (month is None or m == month))


def wider_views(filters: Filters) -> list[tuple[Unit | None, str, Organisation | None, date | None]]:
    """Every view that contains this one: each filter kept or dropped, and the unit
    replaced by any unit above it."""
    units: list[Unit | None] = [None]
    if filters.unit is not None:
        units = [filters.unit, *reversed(filters.unit.ancestors()), None]
    roles = [filters.role, ""] if filters.role else [""]
    organisations = [filters.organisation, None] if filters.organisation else [None]
    months = [filters.month, None] if filters.month else [None]
    views = [(u, r, o, m) for u in units for r in roles for o in organisations for m in months]
    return views[1:]  # the first is the view itself


def group_visibility(survey: Survey, filters: Filters) -> tuple[int, int, bool, str]:
    """(answers of the whole survey, answers of the group, hidden?, why) under the rules
    above: the group must have at least the threshold, and so must its difference with
    every wider view (the whole, an ancestor unit, any filter dropped) unless it is empty,
    so that no two views that are shown can be subtracted to reveal a smaller group."""
    coarse = group_cells(survey)
    narrow_org = getattr(filters.organisation, "pk", None) or (
        filters.unit.organisation_id if filters.unit else None)
    fine = group_cells(survey, narrow_org) if narrow_org else {}
    descendants: dict[int, set[int]] = {}

    def ids(unit: Unit | None) -> set[int] | None:
        if unit is None:
            return None
        if unit.pk not in descendants:
            descendants[unit.pk] = unit.descendant_ids()
        return descendants[unit.pk]

    def count(unit, role, organisation, month) -> int:
        cells = fine if (unit is not None or organisation is not None) else coarse
        return _count(cells, ids(unit), role, getattr(organisation, "pk", None), month)

    total = sum(coarse.values())
    group = count(filters.unit, filters.role, filters.organisation, filters.month)
    threshold = survey.threshold
    if group < threshold:
        return total, group, True, "small"
    for view in wider_views(filters):
        if 0 < count(*view) - group < threshold:
            return total, group, True, "difference"
    return total, group, False, ""


def result_cells(survey: Survey, filters: Filters) -> list[tuple[int, int, str, int, int]]:
    """(question, row, kind, value, count) of the group, summed from the precomputed cells:
    the coarse grain when no organisation or unit is chosen, else that organisation's."""
    cells = ResultCell.objects.filter(survey=survey).exclude(question_id=0)
    if filters.unit or filters.organisation:
        cells = cells.filter(grain=ResultCell.Grain.FULL)
        if filters.organisation:
            cells = cells.filter(organisation_id=filters.organisation.pk)
        if filters.unit:
            cells = cells.filter(organisation_id=filters.unit.organisation_id,
                                 unit_id__in=filters.unit.descendant_ids())
    else:
        cells = cells.filter(grain=ResultCell.Grain.ROLE_MONTH)
    if filters.role:
        cells = cells.filter(role=filters.role)
    if filters.month:
        cells = cells.filter(month=filters.month)
    return list(cells.values("question_id", "row_id", "kind", "value").annotate(total=Sum("n"))
                .values_list("question_id", "row_id", "kind", "value", "total").order_by())


def _share(n: int, of: int) -> float:
    return round(100 * n / of, 1) if of else 0.0


def results(survey: Survey, filters: Filters) -> Results:
    total, count, hidden, reason = group_visibility(survey, filters)
    out = Results(survey, filters, total, count, hidden, reason)
    if hidden:
        return out
    questions = [q for s in sections_of(survey) for q in s.questions.all()]
    counted: dict[tuple[int, int | None], dict] = defaultdict(lambda: defaultdict(int))
    respondents: dict[int, int] = {}
    for question_id, row_id, kind, value, n in result_cells(survey, filters):
        if kind == "r":
            respondents[question_id] = n
        elif kind in ("o", "n"):
            counted[(question_id, row_id or None)][value] += n
    texts: dict[int, list[str]] = {}
    group = filters.apply(submitted(survey)).values("pk")
    for question in questions:
        if question.kind == Question.Kind.TEXT:
            # Raw, at most MAX_TEXTS, shuffled: the order tells nothing of who wrote what when.
            found = list(Answer.objects.filter(response__in=group, question=question).exclude(text="")
                         .values_list("text", flat=True)[:MAX_TEXTS])
            random.shuffle(found)
            texts[question.pk] = found
    for question in questions:
        out.questions.append(_question_result(question, counted, texts.get(question.pk, []),
                                              respondents.get(question.pk, 0)))
    return out


def _question_result(question: Question, counted: dict, texts: list[str], respondents: int) -> QuestionResult:
    result = QuestionResult(question)
    kind = question.kind
    if kind == Question.Kind.TEXT:
        result.texts = texts
        result.answered = len(texts)
        return result
    if kind in (Question.Kind.LIKERT, Question.Kind.SCALE):
        values = list(range(1, 6)) if kind == Question.Kind.LIKERT else list(range(0, 11))
        counts = counted.get((question.pk, None), {})
        ns = [counts.get(v, 0) for v in values]
        result.answered = sum(ns)
        if result.answered:
            result.mean = round(sum(v * n for v, n in zip(values, ns, strict=True)) / result.answered, 2)
        result.columns = [_("Answers"), _("Share (%)")]
        result.rows = [(str(v), [n], [_share(n, result.answered)], n) for v, n in zip(values, ns, strict=True)]
        result.chart = charts.hbar_chart(question.text, [str(v) for v in values],
                                         [_share(n, result.answered) for n in ns], unit="%",
                                         series_name=_("Share of answers (%)"))
        return result
    options = list(question.options.all())
    result.columns = [o.label for o in options]
    if kind == Question.Kind.MATRIX:
        for row in question.rows.all():
            counts = counted.get((question.pk, row.pk), {})
            ns = [counts.get(o.pk, 0) for o in options]
            answered = sum(ns)
            result.answered = max(result.answered, answered)
            result.rows.append((row.label, ns, [_share(n, answered) for n in ns], answered))
        result.chart = charts.stacked_hbar_chart(
            question.text, [row[0] for row in result.rows],
            [(o.label, [row[2][i] for row in result.rows]) for i, o in enumerate(options)],
        )
        return result
    counts = counted.get((question.pk, None), {})
    ns = [counts.get(o.pk, 0) for o in options]
    # Multiple choice: shares of respondents who answered the question, not of all choices.
    result.answered = sum(ns) if kind == Question.Kind.SINGLE else respondents
    result.rows = [(o.label, [n], [_share(n, result.answered)], n) for o, n in zip(options, ns, strict=True)]
    result.columns = [_("Answers"), _("Share (%)")]
    result.chart = charts.hbar_chart(question.text, [o.label for o in options],
                                     [_share(n, result.answered) for n in ns], unit="%",
                                     series_name=_("Share of answers (%)"))
    return result


def filter_choices(survey: Survey) -> dict:
    units = (Unit.objects.filter(organisation_id=survey.organisation_id, is_active=True).order_by("name_fi")
             if survey.organisation_id else Unit.objects.none())
    organisations = (Organisation.objects.filter(pk__in=ResultCell.objects.filter(
                        survey=survey, grain=ResultCell.Grain.FULL, question_id=0, kind="g")
                        .values("organisation_id")).order_by("name_fi")
                     if survey.organisation_id is None else Organisation.objects.none())
    months = sorted({m for (_o, _u, _r, m) in group_cells(survey) if m is not None})
    return {"units": list(units), "organisations": list(organisations), "roles": RoleGroup.choices, "months": months}


def results_page(user, survey: Survey, filters: Filters, compare_with: int | None = None) -> dict:
    current = results(survey, filters)
    versions = [s for s in rounds(survey) if s.pk != survey.pk and access.can(user, "results", s)]
    earlier = next((s for s in versions if s.pk == compare_with), None)
    if earlier is not None:
        compare(current, results(earlier, filters))
    return {"survey": survey, "results": current, "filters": filters, **filter_choices(survey),
            "rounds": versions, "compare_with": earlier}


def export_rows(res: Results) -> list[list]:
    """Results as rows for CSV/XLSX: question, row/option, count, share."""
    out: list[list] = []
    for qr in res.questions:
        if qr.question.kind == Question.Kind.TEXT:
            continue
        if qr.question.kind == Question.Kind.MATRIX:
            for label, ns, shares, _total in qr.rows:
                for column, n, share in zip(qr.columns, ns, shares, strict=True):
                    out.append([qr.question.text, label, column, n, share])
        else:
            for label, ns, shares, _total in qr.rows:
                out.append([qr.question.text, label, "", ns[0], shares[0]])
    return out


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def results_filters(get, survey: Survey) -> Filters:
    """The results filters from a query string (the page and the API); unknown values are
    ignored, so a filter never widens what the person may see."""
    unit = None
    if survey.organisation_id and (unit_pk := parse_pk(get.get("unit"))):
        unit = Unit.objects.filter(organisation_id=survey.organisation_id, pk=unit_pk).first()
    organisation = None
    if survey.organisation_id is None and (org_pk := parse_pk(get.get("organisation"))):
        # Only organisations that answered the survey (the filter's choices).
        organisation = Organisation.objects.filter(pk=org_pk, pk__in=submitted(survey).values(
            "organisation_id")).first()
    role = get.get("role", "") if get.get("role", "") in RoleGroup.values else ""
    month = _date(get.get("month", "") + "-01") if len(get.get("month", "")) == 7 else None
    return Filters(unit=unit, role=role, organisation=organisation, month=month)
