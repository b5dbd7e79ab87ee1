"""The idea pipeline: ideas, attachments, supports, comments, evaluation criteria and
evaluations, decisions, forums with their meetings, and the analysed terms that make
ideas searchable and comparable.

Anonymous ideas keep no trace of their author: ``author`` is NULL, and the only handle
on the idea is the SHA-256 hash of a receipt code that was shown once to the author.
"""

import hashlib
import os
import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from latu.core.i18n import localized

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes
RECEIPT_GROUPS = 4
RECEIPT_GROUP_LENGTH = 4  # 16 characters of 32 symbols: 80 bits


def new_receipt_code() -> str:
    groups = [
        "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_GROUP_LENGTH)) for _ in range(RECEIPT_GROUPS)
    ]
    return "-".join(groups)


def normalise_receipt_code(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return "-".join(cleaned[i : i + RECEIPT_GROUP_LENGTH] for i in range(0, len(cleaned), RECEIPT_GROUP_LENGTH))


def receipt_hash(code: str) -> str:
    return hashlib.sha256(normalise_receipt_code(code).encode()).hexdigest()


class PrivateStorage(FileSystemStorage):
    """Attachments live outside MEDIA_ROOT and have no public URL: they are served by an
    access-checked view only. The location follows LATU_PRIVATE_MEDIA_ROOT at run time."""

    def __init__(self) -> None:
        super().__init__(base_url=None)

    @property
    def base_location(self) -> str:
        root = getattr(settings, "LATU_PRIVATE_MEDIA_ROOT", None)
        return str(root or Path(settings.MEDIA_ROOT).parent / "private-media")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Attachments have no public URL; use the attachment view.")


_private_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _private_storage


class PipelineSettings(models.Model):
    """An organisation's own targets for the idea pipeline; empty values use the
    platform defaults (LATU_FIRST_RESPONSE_TARGET_DAYS, LATU_DECISION_TARGET_DAYS)."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="pipeline_settings"
    )
    first_response_target_days = models.PositiveSmallIntegerField(
        _("first response within (days)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Leave empty to use the default of the platform."),
    )
    decision_target_days = models.PositiveSmallIntegerField(
        _("decision within (days)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(730)],
        help_text=_("Leave empty to use the default of the platform."),
    )

    class Meta:
        verbose_name = _("idea pipeline settings")
        verbose_name_plural = _("idea pipeline settings")

    def __str__(self) -> str:
        return str(self.organisation)


def targets_for(organisation) -> tuple[int, int]:
    """(first response target days, decision target days) for the organisation."""
    first = settings.LATU_FIRST_RESPONSE_TARGET_DAYS
    decision = settings.LATU_DECISION_TARGET_DAYS
    own = PipelineSettings.objects.filter(organisation=organisation).first()
    if own is not None:
        first = own.first_response_target_days or first
        decision = own.decision_target_days or decision
    return first, decision


class Idea(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_EVALUATION = "in_evaluation", _("In evaluation")
        DECIDED = "decided", _("Decided")
        IN_EXPERIMENT = "in_experiment", _("In experiment")
        IMPLEMENTED = "implemented", _("Implemented")
        DECLINED = "declined", pgettext_lazy("idea status", "Declined")
        MERGED = "merged", _("Merged")

    class Source(models.TextChoices):
        STAFF = "staff", _("Staff")
        CITIZEN = "citizen", _("Resident or customer")
        GAME = "game", _("Work-community game")
        WORKSHOP = "workshop", _("Workshop")

    OPEN_STATUSES = (Status.NEW, Status.IN_EVALUATION)
    CLOSED_STATUSES = (Status.IMPLEMENTED, Status.DECLINED, Status.MERGED)

    # organisation and author: the composite indexes below start with them, so a single-column
    # index of their own would only slow down every new idea.
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="ideas", verbose_name=_("organisation"),
        db_index=False,
    )
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas",
        verbose_name=_("unit"),
    )
    strategy_goal = models.ForeignKey(
        "organisations.StrategyGoal", on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas",
        verbose_name=_("strategy goal"), db_index=False,  # a partial index below
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    problem = models.TextField(_("problem"), max_length=3000, blank=True)
    proposal = models.TextField(_("proposal"), max_length=3000, blank=True)
    beneficiaries = models.TextField(_("who benefits"), max_length=1000, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.STAFF)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    # Raised by every status change; a decision form carries the version it was made
    # on, so a decision on an outdated idea fails instead of overwriting another.
    version = models.PositiveIntegerField(default=1)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_ideas",
        verbose_name=_("merged into"), db_index=False,  # a partial index below
    )
    escalated_to = models.ForeignKey(
        "Forum", on_delete=models.SET_NULL, null=True, blank=True, related_name="escalated_ideas",
        verbose_name=_("escalated to"), db_index=False,  # a partial index below
    )
    # NULL for anonymous ideas. Nothing else on this row identifies the author.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ideas",
        verbose_name=_("author"), db_index=False,
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    receipt_hash = models.CharField(max_length=64, blank=True, editable=False)
    # SHA-256 of the one-time token of the submission form (or API idempotency key),
    # so a double-click or a replay does not create a second idea.
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=2, default="fi")
    support_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # False from the moment a new idea is stored until the background batch has indexed
    # it for search, started its timeline and told its handlers (``announce_new_ideas``).
    announced = models.BooleanField(default=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [
            models.Index(fields=["organisation", "status", "-created_at"], name="idea_org_status_created"),
            # The board's closed columns, most recently changed first.
            models.Index(fields=["organisation", "status", "-updated_at"], name="idea_org_status_updated"),
            models.Index(fields=["organisation", "-created_at"], name="idea_org_created"),
            models.Index(fields=["organisation", "unit", "status"], name="idea_org_unit_status"),
            models.Index(fields=["organisation", "-support_count"], name="idea_org_supports"),
            models.Index(fields=["author", "-created_at"], name="idea_author_created"),
            # The announcing batch takes an organisation's new ideas in order.
            models.Index(fields=["organisation", "id"], condition=Q(announced=False), name="idea_unannounced_ordered"),
            # Few ideas are merged, escalated or tied to a goal: a new idea (NULL in all
            # three) then writes none of these indexes.
            models.Index(fields=["merged_into"], condition=Q(merged_into__isnull=False), name="idea_merged_into"),
            models.Index(fields=["escalated_to"], condition=Q(escalated_to__isnull=False), name="idea_escalated_to"),
            models.Index(fields=["strategy_goal"], condition=Q(strategy_goal__isnull=False), name="idea_strategy_goal"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_hash"], condition=~Q(receipt_hash=""), name="idea_unique_receipt"
            ),
            models.UniqueConstraint(
                fields=["submission_key"], condition=~Q(submission_key=""), name="idea_unique_submission"
            ),
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(author__isnull=True), name="idea_anonymous_has_no_author"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("ideas:detail", args=[self.pk])

    def clean(self) -> None:
        if self.unit_id and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": _("The unit must belong to the same organisation.")})
        if self.strategy_goal_id and self.strategy_goal.organisation_id != self.organisation_id:
            raise ValidationError({"strategy_goal": _("The strategy goal must belong to the same organisation.")})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES

    def age(self, now=None) -> timedelta:
        return (now or timezone.now()) - self.created_at

    def time_to_first_response(self) -> timedelta | None:
        return self.first_response_at - self.created_at if self.first_response_at else None

    def time_to_decision(self) -> timedelta | None:
        return self.decided_at - self.created_at if self.decided_at else None

    def overdue(self, first_target_days: int, decision_target_days: int, now=None) -> dict[str, bool]:
        """Which targets this idea has missed and is still missing."""
        now = now or timezone.now()
        age = now - self.created_at
        return {
            "first_response": self.first_response_at is None
            and self.status in self.OPEN_STATUSES
            and age > timedelta(days=first_target_days),
            "decision": self.decided_at is None
            and self.status in self.OPEN_STATUSES
            and age > timedelta(days=decision_target_days),
        }

    @property
    def status_badge(self) -> str:
        return {
            self.Status.NEW: "info",
            self.Status.IN_EVALUATION: "warning",
            self.Status.DECIDED: "accent",
            self.Status.IN_EXPERIMENT: "accent",
            self.Status.IMPLEMENTED: "success",
            self.Status.DECLINED: "neutral",
            self.Status.MERGED: "neutral",
        }.get(self.status, "neutral")


class IdeaTerm(models.Model):
    """One analysed term of an idea (from ``latu.language.analyse``) with its weight.
    Search and similarity are one SQL aggregation over this table, the same on SQLite
    and PostgreSQL."""

    # No index of their own: the unique (idea, term) and the postings index below begin
    # with them, and a new idea writes some 30 terms (each index is written for each).
    # No foreign-key constraint either: PostgreSQL would check both keys of every term
    # when the announcing batch commits, a third of its database time. The terms are
    # derived from their idea (``search.store_terms`` writes them, ``latu reindex-ideas``
    # rebuilds them) and deleting an idea or an organisation still deletes its terms
    # (``on_delete`` is Django's).
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="terms", db_index=False,
                             db_constraint=False)
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+",
                                     db_index=False, db_constraint=False)
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        indexes = [
            # Search and similarity read a term's postings in one organisation, heaviest
            # first, from the index alone (latu.ideas.search).
            models.Index(fields=["organisation", "term", "-weight"], include=["idea"],
                         name="ideaterm_org_term_weight"),
        ]
        constraints = [models.UniqueConstraint(fields=["idea", "term"], name="ideaterm_unique")]

    def __str__(self) -> str:
        return f"{self.term}:{self.weight:g}"


class TermKey(models.Model):
    """Deletion keys of the vocabulary of ideas (``latu.language.deletion_keys``), so a
    misspelt word finds its near terms with one indexed query."""

    key = models.CharField(max_length=8)
    term = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["key"], name="termkey_key")]
        constraints = [models.UniqueConstraint(fields=["key", "term"], name="termkey_unique")]

    def __str__(self) -> str:
        return f"{self.key} → {self.term}"


def attachment_path(instance, filename: str) -> str:
    # The stored name is random; the original name is kept only as display text.
    suffix = Path(filename).suffix.lower()[:8]
    now = timezone.now()
    return f"ideas/{now:%Y/%m}/{secrets.token_hex(16)}{suffix}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        PDF = "pdf", _("PDF document")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    name = models.CharField(_("file name"), max_length=150)
    alt_text = models.CharField(
        _("description of the image"), max_length=300, blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    # NULL for attachments of anonymous ideas.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class Support(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports", db_index=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="support_once_per_person")]

    def __str__(self) -> str:
        return f"{self.user} → {self.idea}"


class Comment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments", db_index=False)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("reply to")
    )
    # NULL when the anonymous author writes through their receipt.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="idea_comments"
    )
    by_idea_author = models.BooleanField(default=False)
    body = models.TextField(_("comment"), max_length=3000)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="idea_mentions")
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["idea", "created_at"], name="comment_idea_created")]

    def __str__(self) -> str:
        return self.body[:60]


class CommentReport(models.Model):
    """A comment reported as inappropriate; the idea's handlers see open reports."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports", db_index=False)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("what is wrong"), max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_person")]

    def __str__(self) -> str:
        return self.reason[:60]


class Criterion(models.Model):
    """An evaluation criterion of an organisation, scored 1–5. For "lower is better"
    criteria (effort) a low score counts as good in the overall score."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="criteria"
    )
    key = models.SlugField(max_length=40, blank=True, help_text=_("Set for the default criteria."))
    name_fi = models.CharField(_("name in Finnish"), max_length=120)
    name_sv = models.CharField(_("name in Swedish"), max_length=120, blank=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    description_fi = models.CharField(_("description in Finnish"), max_length=300, blank=True)
    description_sv = models.CharField(_("description in Swedish"), max_length=300, blank=True)
    description_en = models.CharField(_("description in English"), max_length=300, blank=True)
    lower_is_better = models.BooleanField(
        _("lower is better"), default=False, help_text=_("For example effort: a small score is good.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["organisation", "order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], condition=~Q(key=""), name="criterion_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")


DEFAULT_CRITERIA = [
    # key, fi, sv, en, description fi, sv, en, lower is better
    ("customers", "Hyöty asiakkaille ja asukkaille", "Nytta för kunder och invånare",
     "Benefit to customers and residents",
     "Paraneeko palvelu asiakkaan tai asukkaan kannalta?", "Blir tjänsten bättre för kunden eller invånaren?",
     "Does the service get better for the customer or resident?", False),
    ("staff", "Hyöty henkilöstölle (työelämän laatu)", "Nytta för personalen (arbetslivskvalitet)",
     "Benefit to staff (quality of working life)", "Helpottaako työtä, lisääkö hyvinvointia tai osaamista?",
     "Underlättar det arbetet, ökar det välmående eller kunnande?",
     "Does it make work easier or improve wellbeing or skills?", False),
    ("organisation", "Hyöty organisaatiolle (tuottavuus, tulokset)", "Nytta för organisationen (produktivitet)",
     "Benefit to the organisation (productivity, results)", "Säästääkö aikaa tai rahaa, paraneeko tulos?",
     "Sparar det tid eller pengar, förbättras resultatet?", "Does it save time or money or improve results?", False),
    ("society", "Hyöty yhteiskunnalle", "Nytta för samhället", "Benefit to society",
     "Vaikutukset laajemmin: ympäristö, alue, yhdenvertaisuus.", "Bredare effekter: miljö, region, jämlikhet.",
     "Wider effects: environment, region, equality.", False),
    ("effort", "Toteutuksen vaativuus", "Genomförandets svårighetsgrad", "Effort to implement",
     "Paljonko aikaa, rahaa ja työtä toteutus vaatii? Pieni luku on hyvä.",
     "Hur mycket tid, pengar och arbete krävs? Ett litet tal är bra.",
     "How much time, money and work does it take? A low score is good.", True),
    ("strategy", "Sopivuus strategiaan", "Förenlighet med strategin", "Fit with the strategy",
     "Edistääkö idea organisaation strategian tavoitteita?", "Främjar idén organisationens strategiska mål?",
     "Does the idea advance the organisation's strategy goals?", False),
]


def ensure_default_criteria(organisation) -> None:
    """Give the organisation the default criteria of the LATU model (idempotent)."""
    existing = set(Criterion.objects.filter(organisation=organisation).values_list("key", flat=True))
    Criterion.objects.bulk_create(
        [
            Criterion(
                organisation=organisation, key=key, name_fi=fi, name_sv=sv, name_en=en,
                description_fi=dfi, description_sv=dsv, description_en=den, lower_is_better=lower, order=order,
            )
            for order, (key, fi, sv, en, dfi, dsv, den, lower) in enumerate(DEFAULT_CRITERIA)
            if key not in existing
        ]
    )


class Evaluation(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="evaluations", db_index=False)
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_evaluations")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="evaluations")
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["criterion__order", "pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["idea", "evaluator", "criterion"], name="evaluation_once_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=1) & Q(score__lte=5), name="evaluation_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Forum(models.Model):
    """A supervisors' forum (esihenkilötunti) or a management forum (johtoryhmä) where
    escalated ideas are decided."""

    class Kind(models.TextChoices):
        SUPERVISORS = "supervisors", _("Supervisors' forum")
        MANAGEMENT = "management", _("Management forum")

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="forums")
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="forums",
        verbose_name=_("unit"), help_text=_("Leave empty for a forum of the whole organisation."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation", "kind", "name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.unit_id and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": _("The unit must belong to the same organisation.")})

    def next_meeting(self, today=None):
        today = today or timezone.localdate()
        return self.meetings.filter(date__gte=today).order_by("date", "pk").first()


class ForumMeeting(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")

    def __str__(self) -> str:
        return f"{self.forum} {self.date:%d.%m.%Y}"


class AgendaItem(models.Model):
    """An escalated idea on a forum meeting's agenda; ``decision`` is set when the
    meeting records one."""

    meeting = models.ForeignKey(ForumMeeting, on_delete=models.CASCADE, related_name="agenda", db_index=False)
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="agenda_items")
    decision = models.ForeignKey("Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "idea"], name="agenda_idea_once")]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.idea}"


class Decision(models.Model):
    class Kind(models.TextChoices):
        IMPLEMENT = "implement", _("Implement")
        EXPERIMENT = "experiment", _("Experiment")
        ESCALATE = "escalate", _("Escalate")
        DECLINE = "decline", pgettext_lazy("idea decision", "Decline")
        MERGE = "merge", _("Merge into another idea")

    # The status each kind leads to.
    RESULT = {
        Kind.IMPLEMENT: Idea.Status.DECIDED,
        Kind.EXPERIMENT: Idea.Status.IN_EXPERIMENT,
        Kind.ESCALATE: Idea.Status.IN_EVALUATION,
        Kind.DECLINE: Idea.Status.DECLINED,
        Kind.MERGE: Idea.Status.MERGED,
    }

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"), max_length=3000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="idea_decisions"
    )
    meeting = models.ForeignKey(
        ForumMeeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions",
        verbose_name=_("forum meeting"),
    )
    forum = models.ForeignKey(
        Forum, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("escalated to")
    )
    merged_into = models.ForeignKey(
        Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("merged into")
    )
    status_before = models.CharField(max_length=20, choices=Idea.Status.choices)
    status_after = models.CharField(max_length=20, choices=Idea.Status.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="decision_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.idea}"


class Activity(models.Model):
    """One line of an idea's timeline: what happened, when and (unless it was the
    anonymous author) by whom."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        EDITED = "edited", _("Edited")
        STATUS = "status", _("Status changed")
        EVALUATED = "evaluated", _("Evaluated")
        DECIDED = "decided", _("Decided")
        ESCALATED = "escalated", _("Escalated")
        ON_AGENDA = "on_agenda", _("Put on a meeting agenda")
        MERGED = "merged", _("Merged")
        MERGED_HERE = "merged_here", _("Another idea merged here")
        COMMENTED = "commented", _("Commented")
        ATTACHMENT = "attachment", _("Attachment added")
        COMMENT_HIDDEN = "comment_hidden", _("Comment hidden")

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="activities",
                             db_index=False)  # activity_idea_created begins with it
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_idea_author = models.BooleanField(default=False)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["idea", "-created_at"], name="activity_idea_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"


class IdempotencyRecord(models.Model):
    """The answer to an API POST made with an ``Idempotency-Key`` header, replayed when
    the same key comes again. ``key_hash`` covers the person and the key; for anonymous
    ideas it covers the key only and ``user`` is NULL."""

    key_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+")
    endpoint = models.CharField(max_length=200)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.endpoint
