"""Surveys: a survey engine with the seeds' scales and anonymity thresholds.

- A **survey** (``Survey``) belongs to an organisation, or to the programme office when
  ``organisation`` is empty (a national survey such as the new-practices survey, answered
  in many organisations). Its texts are in Finnish, Swedish and English.
- It has **sections** (one page each when answering) of **questions**. A question is single
  or multiple choice, Likert 1–5, 0–10, free text, or a matrix: rows (``MatrixRow``,
  e.g. the fourteen practices) answered on one scale of options (practice status,
  significance …). A question may be shown only when an earlier answer chose an option
  (skip logic).
- Answers (``Response`` → ``Answer``) carry no trace of the person: no user, IP address
  or user agent, and only the day of submission. A response may name the respondent's
  unit and role group (chosen by the respondent) for filtering; results of any group
  smaller than the survey's threshold are hidden.
- Once a survey has answers its questions cannot change; ``new_version`` copies it.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from latu.core.i18n import localized_property

DEFAULT_THRESHOLD = 5


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="surveys", null=True, blank=True,
        help_text=_("Empty for a survey of the programme office, answered in many organisations."),
    )
    template_key = models.CharField(_("template"), max_length=40, blank=True)
    title_fi = models.CharField(_("title in Finnish"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    intro_fi = models.TextField(_("introduction in Finnish"), blank=True)
    intro_sv = models.TextField(_("introduction in Swedish"), blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    threshold = models.PositiveSmallIntegerField(
        _("smallest group shown"), default=DEFAULT_THRESHOLD, validators=[MinValueValidator(3), MaxValueValidator(50)],
        help_text=_("Results of a group with fewer answers than this are hidden."),
    )
    ask_unit = models.BooleanField(_("ask the respondent's unit"), default=True)
    ask_role = models.BooleanField(_("ask the respondent's role group"), default=True)
    link_token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_versions", editable=False,
    )
    response_count = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    title = localized_property("title")

    intro = localized_property("intro")

    @property
    def is_open(self) -> bool:
        """Open, and today is within its opening and closing dates (when set)."""
        if self.status != self.Status.OPEN:
            return False
        today = timezone.localdate()
        return (self.opens_on is None or self.opens_on <= today) and (self.closes_on is None or today <= self.closes_on)


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(default=0)
    title_fi = models.CharField(_("title in Finnish"), max_length=200)
    title_sv = models.CharField(_("title in Swedish"), max_length=200, blank=True)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    title = localized_property("title")


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        LIKERT = "likert", _("Likert scale 1–5")
        SCALE = "scale", _("Scale 0–10")
        TEXT = "text", _("Free text")
        MATRIX = "matrix", _("Matrix")

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    text_fi = models.TextField(_("question in Finnish"))
    text_sv = models.TextField(_("question in Swedish"), blank=True)
    text_en = models.TextField(_("question in English"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    # Skip logic: shown only when the answer to an earlier question chose this option.
    show_if = models.ForeignKey(
        "Option", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("shown only when this option was chosen"),
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    text = localized_property("text")

    @property
    def has_options(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE, self.Kind.MATRIX)


class Option(models.Model):
    """A choice of a choice question, or a column of a matrix's scale. ``value`` is the
    stable key that exports and the API use."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options", db_index=False)
    order = models.PositiveSmallIntegerField(default=0)
    value = models.SlugField(max_length=40)
    label_fi = models.CharField(_("label in Finnish"), max_length=200)
    label_sv = models.CharField(_("label in Swedish"), max_length=200, blank=True)
    label_en = models.CharField(_("label in English"), max_length=200, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "value"], name="surveys_option_unique_value")]

    def __str__(self) -> str:
        return self.label

    label = localized_property("label")


class MatrixRow(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveSmallIntegerField(default=0)
    label_fi = models.TextField(_("row in Finnish"))
    label_sv = models.TextField(_("row in Swedish"), blank=True)
    label_en = models.TextField(_("row in English"), blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label

    label = localized_property("label")


class RoleGroup(models.TextChoices):
    """The respondent's own answer to "your role", coarse on purpose."""

    STAFF = "staff", _("Staff")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGEMENT = "management", _("Management")


class Response(models.Model):
    """One respondent's answers. Nothing here leads back to the person: no user, no
    address, no browser, no time of day. ``resume_key`` (a hash of a key only the
    respondent holds) finds an unfinished response and is emptied on submission."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", db_index=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", null=True, blank=True,
    )
    unit = models.ForeignKey("organisations.Unit", on_delete=models.SET_NULL, related_name="+", null=True, blank=True)
    role = models.CharField(max_length=12, choices=RoleGroup.choices, blank=True)
    submitted_on = models.DateField(null=True, blank=True, db_index=True)
    resume_key = models.CharField(max_length=64, blank=True, db_index=True)
    page = models.PositiveSmallIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["survey", "submitted_on"], name="surveys_resp_survey_day")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_on is not None


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", db_index=False)
    row = models.ForeignKey(MatrixRow, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, null=True, blank=True, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "option"], name="surveys_answer_q_opt")]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class Invitation(models.Model):
    """A personal, single-use link. The address is kept to send reminders; the response
    made with it is not linked to it (``answered`` only says that it was used)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations", db_index=False)
    email = models.EmailField(_("email"))
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "email"], name="surveys_invitation_unique_email")]

    def __str__(self) -> str:
        return self.email


class ResultCell(models.Model):
    """Precomputed counts of the results, kept current at submission (one upsert per
    response, in the same transaction) and rebuilt from the answers by
    ``latu rebuild_survey_cells``. Results and the threshold rule read only these.

    A cell counts, for one group, how often a value was given: ``kind`` "g" counts the
    group's responses (``question_id`` 0), "o" an option (``value`` = option id), "n" a
    number, "r" the respondents of a multiple-choice question. Two grains: "f" keeps
    organisation, unit, role group and month; "m" keeps only role group and month (the
    whole survey, a role group or a month without scanning every organisation's cells).
    Empty dimensions are 0 / "" so that the unique key works as an upsert target."""

    class Grain(models.TextChoices):
        FULL = "f", "organisation, unit, role, month"
        ROLE_MONTH = "m", "role, month"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+", db_index=False)
    grain = models.CharField(max_length=1, choices=Grain.choices)
    organisation_id = models.IntegerField(default=0)
    unit_id = models.IntegerField(default=0)
    role = models.CharField(max_length=12, blank=True)
    month = models.DateField()
    question_id = models.IntegerField(default=0)
    row_id = models.IntegerField(default=0)
    kind = models.CharField(max_length=1)
    value = models.IntegerField(default=0)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["survey", "grain", "organisation_id", "unit_id", "role", "month", "question_id", "row_id",
                    "kind", "value"], name="surveys_cell_key")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.grain}/{self.question_id}/{self.value}: {self.n}"
