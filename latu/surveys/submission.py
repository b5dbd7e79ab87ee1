"""A whole response in one request (the API): every answer is validated against its
question by the same forms as the answering pages, page by page with skip logic, and
the response is stored and sent in one transaction, or not at all."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from . import actions
from .forms import BackgroundForm, PageForm, answering_sections, field_name
from .models import Answer, Invitation, Question, Response, Survey
from .queries import visible_questions


@dataclass
class Given:
    question: int
    row: int | None = None
    option: int | None = None
    options: list[int] | None = None
    number: int | None = None
    text: str = ""


def _form_data(given: list[Given], questions: dict[int, Question]) -> MultiValueDict:
    data = MultiValueDict()
    for item in given:
        question = questions.get(item.question)
        if question is None:
            raise ValidationError({"answers": _("An answer names a question that is not in this survey.")})
        if question.kind == Question.Kind.MATRIX:
            if item.row is None or item.option is None:
                raise ValidationError({"answers": _("A matrix answer needs a row and an option.")})
            data.setlist(field_name(question, item.row), [str(item.option)])
        elif question.kind == Question.Kind.MULTIPLE:
            chosen = item.options or ([item.option] if item.option else [])
            data.setlist(field_name(question), [str(o) for o in chosen])
        elif question.kind == Question.Kind.TEXT:
            data.setlist(field_name(question), [item.text])
        elif question.kind in (Question.Kind.LIKERT, Question.Kind.SCALE):
            data.setlist(field_name(question), ["" if item.number is None else str(item.number)])
        else:
            data.setlist(field_name(question), ["" if item.option is None else str(item.option)])
    return data


def _errors(form) -> dict[str, list[str]]:
    return {"answers": [f"{form.fields[name].label}: {' '.join(messages)}" if name in form.fields
                        else " ".join(messages) for name, messages in form.errors.items()]}


def submit_whole(survey: Survey, given: list[Given], *, unit: int | None = None, role: str = "",
                 organisation: int | None = None, invitation: Invitation | None = None) -> Response:
    if not survey.is_open:
        raise ValidationError(_("This survey is not open for answers."))
    if invitation is not None and (invitation.survey_id != survey.pk or invitation.answered):
        raise ValidationError(_("This invitation has already been used to answer."))
    sections = answering_sections(survey)
    questions = {q.pk: q for s in sections for q in s.questions.all()}
    data = _form_data(given, questions)
    background = BackgroundForm(
        {"unit": unit or "", "role": role, "organisation": organisation or ""}, survey=survey)
    if not background.is_valid():
        raise ValidationError({"detail": [f"{k}: {' '.join(v)}" for k, v in background.errors.items()]})
    chosen: set[int] = set()
    valid: list[Answer] = []
    hidden: set[int] = set()
    for section in sections:
        shown = visible_questions(section, chosen)
        hidden |= {q.pk for q in section.questions.all() if q not in shown}
        form = PageForm(data, questions=shown)
        if not form.is_valid():
            raise ValidationError(_errors(form))
        answers = form.answers()
        chosen |= {a.option_id for a in answers if a.option_id}
        valid += answers
    known = {field_name(q, row.pk) for q in questions.values() if q.kind == Question.Kind.MATRIX
             for row in q.rows.all()} | {field_name(q) for q in questions.values() if q.kind != Question.Kind.MATRIX}
    if set(data) - known:
        raise ValidationError({"answers": _("An answer names a row that is not in this survey.")})
    for item in given:
        if item.question in hidden:
            raise ValidationError({"answers": _("An answer was given to a question that its conditions hide.")})
    cleaned = background.cleaned_data
    return actions.submit_whole(survey, valid, unit=cleaned.get("unit"), role=cleaned.get("role") or "",
                                organisation=cleaned.get("organisation"), invitation=invitation)
