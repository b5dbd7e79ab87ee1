"""What people do with surveys: make one from a template, open and close it, invite,
answer and submit. Each action checks access itself (``latu.access.surveys``)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from latu import access
from latu.audit.log import record
from latu.audit.models import AuditEvent
from latu.organisations.models import Organisation, Unit

from . import cells
from .data import SIGNIFICANCE_SCALE, STATUS_SCALE, TEMPLATES
from .emails import send_invitations
from .models import Answer, Invitation, MatrixRow, Option, Question, Response, Section, Survey


def _require(user, action: str, survey: Survey) -> None:
    if not access.can(user, action, survey):
        raise PermissionDenied


def _texts(prefix: str, values: tuple[str, str, str]) -> dict[str, str]:
    return {f"{prefix}_{code}": value for code, value in zip(("fi", "sv", "en"), values, strict=True)}


def create_from_template(key: str, *, actor, organisation: Organisation | None) -> Survey:
    """A draft survey from one of the shipped templates, for the organisation (or, with
    ``organisation=None``, for the programme office)."""
    if key not in TEMPLATES:
        raise ValidationError(_("There is no such survey template."))
    template = TEMPLATES[key]
    survey = Survey(organisation=organisation, template_key=key, created_by=actor,
                    **_texts("title", template["title"]), **_texts("intro", template["intro"]))
    _require(actor, "manage", survey)
    with transaction.atomic():
        survey.save()
        for s_order, section_data in enumerate(template["sections"]):
            section = Section.objects.create(survey=survey, order=s_order, **_texts("title", section_data["title"]))
            for q_order, q in enumerate(section_data["questions"]):
                question = Question.objects.create(section=section, order=q_order, kind=q["kind"],
                                                   required=q["required"], **_texts("text", q["text"]))
                Option.objects.bulk_create([
                    Option(question=question, order=i, value=value, **_texts("label", (fi, sv, en)))
                    for i, (value, fi, sv, en) in enumerate(q["options"])
                ])
                MatrixRow.objects.bulk_create([
                    MatrixRow(question=question, order=i, **_texts("label", row)) for i, row in enumerate(q["rows"])
                ])
        record(AuditEvent.Action.OTHER, actor=actor, organisation=organisation, target=f"survey:{survey.pk}",
               event="survey.created", template=key)
    return survey


def open_survey(survey: Survey, *, actor) -> Survey:
    _require(actor, "manage", survey)
    if survey.status == Survey.Status.OPEN:
        return survey
    if not Question.objects.filter(section__survey=survey).exists():
        raise ValidationError(_("A survey needs at least one question before it can be opened."))
    survey.status = Survey.Status.OPEN
    if survey.opens_on is None:
        survey.opens_on = timezone.localdate()
    survey.save(update_fields=["status", "opens_on"])
    unsent = list(survey.invitations.filter(sent_at=None, answered=False).values_list("pk", flat=True))
    if unsent:
        transaction.on_commit(lambda: send_invitations.enqueue(unsent))
    return survey


def close_survey(survey: Survey, *, actor) -> Survey:
    _require(actor, "manage", survey)
    survey.status = Survey.Status.CLOSED
    survey.closes_on = min(survey.closes_on or timezone.localdate(), timezone.localdate())
    survey.save(update_fields=["status", "closes_on"])
    return survey


def ensure_editable(survey: Survey) -> None:
    """Questions of a survey that has answers stay as they were answered."""
    if survey.responses.exists():
        raise ValidationError(_("This survey already has answers, so its questions cannot change. "
                                "Make a new version of it instead."))


def new_version(survey: Survey, *, actor) -> Survey:
    """A draft copy of the survey and all its questions, for the next round."""
    _require(actor, "manage", survey)
    with transaction.atomic():
        sections = list(survey.sections.prefetch_related("questions__options", "questions__rows"))
        copy = Survey.objects.create(
            organisation=survey.organisation, template_key=survey.template_key, created_by=actor,
            title_fi=survey.title_fi, title_sv=survey.title_sv, title_en=survey.title_en,
            intro_fi=survey.intro_fi, intro_sv=survey.intro_sv, intro_en=survey.intro_en,
            threshold=survey.threshold, ask_unit=survey.ask_unit, ask_role=survey.ask_role,
            version=survey.version + 1, previous=survey,
        )
        options_map: dict[int, Option] = {}
        conditions: list[tuple[Question, int]] = []
        for section in sections:
            new_section = Section.objects.create(survey=copy, order=section.order, title_fi=section.title_fi,
                                                 title_sv=section.title_sv, title_en=section.title_en)
            for question in section.questions.all():
                new_q = Question.objects.create(
                    section=new_section, order=question.order, kind=question.kind, required=question.required,
                    text_fi=question.text_fi, text_sv=question.text_sv, text_en=question.text_en,
                )
                if question.show_if_id:
                    conditions.append((new_q, question.show_if_id))
                for option in question.options.all():
                    options_map[option.pk] = Option.objects.create(
                        question=new_q, order=option.order, value=option.value,
                        label_fi=option.label_fi, label_sv=option.label_sv, label_en=option.label_en,
                    )
                MatrixRow.objects.bulk_create([
                    MatrixRow(question=new_q, order=row.order, label_fi=row.label_fi, label_sv=row.label_sv,
                              label_en=row.label_en) for row in question.rows.all()
                ])
        for new_q, old_option_id in conditions:
            new_q.show_if = options_map.get(old_option_id)
            new_q.save(update_fields=["show_if"])
    return copy


# --- the builder ------------------------------------------------------------------------------


def save_settings(survey: Survey, form, *, actor) -> Survey:
    _require(actor, "manage", survey)
    return form.save()


def save_section(survey: Survey, form, *, actor) -> Section:
    _require(actor, "manage", survey)
    ensure_editable(survey)
    section = form.save(commit=False)
    if section.pk is None:
        section.survey = survey
        last = survey.sections.order_by("-order").values_list("order", flat=True).first()
        section.order = 0 if last is None else last + 1
    section.save()
    return section


def delete_section(section: Section, *, actor) -> None:
    _require(actor, "manage", section.survey)
    ensure_editable(section.survey)
    section.delete()


PRESETS = {"status": STATUS_SCALE, "significance": SIGNIFICANCE_SCALE}


def _option_value(label: str, taken: set[str]) -> str:
    base = (slugify(label) or "option")[:34]
    value, n = base, 2
    while value in taken:
        value, n = f"{base}-{n}", n + 1
    taken.add(value)
    return value


def save_question(section: Section, form, options, rows, *, actor) -> Question:
    """Save a question with its options (choices, a matrix's scale) and matrix rows, all
    or nothing. Raises ValidationError when the question's type needs what is missing."""
    survey = section.survey
    _require(actor, "manage", survey)
    ensure_editable(survey)
    with transaction.atomic():
        question = form.save(commit=False)
        if question.pk is None:
            question.section = section
            last = section.questions.order_by("-order").values_list("order", flat=True).first()
            question.order = 0 if last is None else last + 1
        question.save()
        if question.has_options:
            preset = form.cleaned_data.get("preset")
            if preset:
                question.options.all().delete()
                Option.objects.bulk_create([
                    Option(question=question, order=i, value=value, **_texts("label", (fi, sv, en)))
                    for i, (value, fi, sv, en) in enumerate(PRESETS[preset])
                ])
            else:
                options.instance = question
                kept = options.save(commit=False)
                for gone in options.deleted_objects:
                    gone.delete()
                taken = set(question.options.exclude(pk__in=[o.pk for o in kept if o.pk])
                            .values_list("value", flat=True))
                next_order = (question.options.order_by("-order").values_list("order", flat=True).first() or 0) + 1
                for option in kept:
                    if option.pk is None:
                        option.value = _option_value(option.label_fi, taken)
                        option.order, next_order = next_order, next_order + 1
                    option.question = question
                    option.save()
            if question.options.count() < 2:
                raise ValidationError(_("Give at least two options."))
        else:
            question.options.all().delete()
        if question.kind == Question.Kind.MATRIX:
            rows.instance = question
            next_order = (question.rows.order_by("-order").values_list("order", flat=True).first() or 0) + 1
            for row in rows.save(commit=False):
                if row.pk is None:
                    row.order, next_order = next_order, next_order + 1
                row.question = question
                row.save()
            for gone in rows.deleted_objects:
                gone.delete()
            if not question.rows.exists():
                raise ValidationError(_("A matrix needs at least one row."))
        else:
            question.rows.all().delete()
    return question


def delete_question(question: Question, *, actor) -> None:
    _require(actor, "manage", question.section.survey)
    ensure_editable(question.section.survey)
    question.delete()


def move_question(question: Question, step: int, *, actor) -> None:
    """Swap the question with its neighbour above (step -1) or below (+1) on its page."""
    _require(actor, "manage", question.section.survey)
    ensure_editable(question.section.survey)
    siblings = list(question.section.questions.order_by("order", "pk"))
    i = siblings.index(question)
    j = i + step
    if not 0 <= j < len(siblings):
        return
    siblings[i], siblings[j] = siblings[j], siblings[i]
    for order, sibling in enumerate(siblings):
        if sibling.order != order:
            sibling.order = order
            sibling.save(update_fields=["order"])


def invite(survey: Survey, emails: list[str], *, actor) -> list[Invitation]:
    """Personal single-use invitations, emailed in the background once the survey is open
    (an address already invited is left as it is)."""
    _require(actor, "manage", survey)
    existing = set(survey.invitations.filter(email__in=emails).values_list("email", flat=True))
    fresh = [email for email in dict.fromkeys(emails) if email not in existing]
    with transaction.atomic():
        made = Invitation.objects.bulk_create([Invitation(survey=survey, email=email) for email in fresh])
        ids = [i.pk for i in made] if survey.is_open else []
        if ids:
            transaction.on_commit(lambda: send_invitations.enqueue(ids))
    return made


def remind(survey: Survey, *, actor) -> int:
    """Remind everyone invited who has not answered yet."""
    _require(actor, "manage", survey)
    if not survey.is_open:
        raise ValidationError(_("Reminders can be sent only while the survey is open."))
    ids = list(survey.invitations.filter(answered=False).values_list("pk", flat=True))
    if ids:
        transaction.on_commit(lambda: send_invitations.enqueue(ids, reminder=True))
    return len(ids)


# --- answering -------------------------------------------------------------------------------


def resume_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass
class Started:
    response: Response
    key: str  # the respondent's own resume key; only its hash is stored


def start_response(survey: Survey, *, invitation: Invitation | None = None) -> Started:
    """An unfinished response. With an invitation the resume key comes from its token, so
    the same link continues the same response; an answered invitation is refused."""
    if not survey.is_open:
        raise ValidationError(_("This survey is not open for answers."))
    if invitation is not None:
        if invitation.answered:
            raise ValidationError(_("This invitation has already been used to answer."))
        key = "i-" + invitation.token
        found = Response.objects.filter(survey=survey, resume_key=resume_hash(key), submitted_on=None).first()
        if found:
            return Started(found, key)
    else:
        key = secrets.token_urlsafe(24)
    response = Response.objects.create(survey=survey, organisation=survey.organisation, resume_key=resume_hash(key))
    return Started(response, key)


def find_unfinished(survey: Survey, key: str) -> Response | None:
    if not key:
        return None
    return Response.objects.filter(survey=survey, resume_key=resume_hash(key), submitted_on=None).first()


def _check_unit(survey: Survey, unit: Unit | None, organisation: Organisation | None) -> None:
    """A respondent's unit must belong to the survey's organisation (or, in a national
    survey, to the organisation they named)."""
    if unit is not None and unit.organisation_id != (survey.organisation_id or getattr(organisation, "pk", None)):
        raise ValidationError(_("Choose a unit of the organisation."))


def save_background(response: Response, *, unit: Unit | None, role: str,
                    organisation: Organisation | None = None) -> None:
    survey = response.survey
    _check_unit(survey, unit, organisation)
    response.unit = unit
    response.role = role
    if survey.organisation_id is None and organisation is not None:
        response.organisation = organisation
    response.save(update_fields=["unit", "role", "organisation"])


def save_page(response: Response, section: Section, answers: list[Answer], page: int) -> None:
    """Replace the answers of one section (one page) and remember where the respondent is."""
    if response.is_submitted:
        raise ValidationError(_("These answers have already been sent."))
    with transaction.atomic():
        Answer.objects.filter(response=response, question__section=section).delete()
        for answer in answers:
            answer.response = response
        Answer.objects.bulk_create(answers)
        response.page = max(response.page, page)
        response.save(update_fields=["page"])


def submit_whole(survey: Survey, answers: list[Answer], *, unit: Unit | None, role: str,
                 organisation: Organisation | None = None, invitation: Invitation | None = None) -> Response:
    """A whole response validated at once (the API): stored already sent, with its answers
    and its counts, in one transaction of four statements (five with an invitation)."""
    if not survey.is_open:
        raise ValidationError(_("This survey is not open for answers."))
    _check_unit(survey, unit, organisation)
    with transaction.atomic():
        if invitation is not None:
            used = Invitation.objects.filter(pk=invitation.pk, survey=survey, answered=False).update(answered=True)
            if not used:
                raise ValidationError(_("This invitation has already been used to answer."))
        response = Response.objects.create(
            survey=survey, organisation=survey.organisation if survey.organisation_id else organisation, unit=unit,
            role=role, submitted_on=timezone.localdate(), resume_key="")
        for answer in answers:
            answer.response = response
        Answer.objects.bulk_create(answers)
        cells.add_response(response, answers)
        Survey.objects.filter(pk=survey.pk).update(response_count=F("response_count") + 1)
    return response


def submit(response: Response, *, invitation: Invitation | None = None,
           hidden_questions: set[int] | None = None) -> None:
    """Send the answers: once only. Answers to questions that skip logic hid are dropped;
    the resume key goes, so nothing joins the response to its link any more."""
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.is_submitted:
            raise ValidationError(_("These answers have already been sent."))
        if invitation is not None:
            used = Invitation.objects.filter(pk=invitation.pk, answered=False).update(answered=True)
            if not used:
                raise ValidationError(_("This invitation has already been used to answer."))
        if hidden_questions:
            Answer.objects.filter(response=locked, question_id__in=hidden_questions).delete()
        locked.submitted_on = timezone.localdate()
        locked.resume_key = ""
        locked.save(update_fields=["submitted_on", "resume_key"])
        cells.add_response(locked)
        Survey.objects.filter(pk=locked.survey_id).update(response_count=F("response_count") + 1)
    response.submitted_on = locked.submitted_on
    response.resume_key = ""
