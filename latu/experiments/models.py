"""Experiments (kokeilu) on the four-phase development path, with measures.

An experiment starts from an idea, from a challenge (challenge workshop) or from
scratch. It moves through the phases of the development path (kehittämispolku):

1. need and information gathering (muutostarve – tiedon kerääminen)
2. goals and kick-off (muutoksen tavoitteet – aloitusneuvottelu)
3. implementation and organising (muutoksen toteutus – kehittämisen organisointi)
4. evaluation: impact, application and agreement on continuation

Each phase has a checklist and notes. Measures have a baseline, a target and results
over time. The end evaluation adopts, iterates (a new round linked to this one) or
stops the experiment, always with learnings.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PHASES = [
    (1, _("Need and information gathering")),
    (2, _("Goals and kick-off")),
    (3, _("Implementation and organising")),
    (4, _("Evaluation, impact and continuation")),
]
PHASE_NAMES = dict(PHASES)
FIRST_PHASE, LAST_PHASE = 1, 4

# The default checklist of each phase, from the development path of the Kunteko
# programme. Stored by key, so each person reads them in their own language.
DEFAULT_CHECKLIST: dict[int, list[tuple[str, str]]] = {
    1: [
        ("need_described", _("The need for change described")),
        ("views_gathered", _("Customers' and staff's views gathered")),
        ("baseline_measured", _("Current state measured (baseline)")),
        ("similar_checked", _("Similar deeds and experiments elsewhere checked")),
    ],
    2: [
        ("goals_agreed", _("Goals of the change agreed")),
        ("measures_agreed", _("Success measures agreed")),
        ("kickoff_held", _("Kick-off meeting held with management and staff")),
        ("permission", _("Permission to experiment from the supervisor")),
    ],
    3: [
        ("roles_agreed", _("Roles and responsibilities agreed")),
        ("schedule_agreed", _("Schedule and resources agreed")),
        ("communicated", _("The experiment communicated to the work community and customers")),
        ("results_followed", _("Results recorded during the experiment")),
    ],
    4: [
        ("impact_evaluated", _("Impact evaluated against the measures")),
        ("feedback_gathered", _("Feedback gathered from customers and staff")),
        ("application_considered", _("Application elsewhere considered")),
        ("continuation_agreed", _("Continuation agreed")),
    ],
}
DEFAULT_CHECKLIST_LABELS = {key: label for items in DEFAULT_CHECKLIST.values() for key, label in items}


class Challenge(models.Model):
    """A challenge from a challenge workshop (haastetyöpaja): the problem that the
    participants develop ideas and experiments for."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="challenges",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="challenges",
        verbose_name=_("unit"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("experiments:challenge_detail", args=[self.pk])


class Experiment(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        EVALUATING = "evaluating", _("Evaluating")
        ADOPTED = "adopted", _("Adopted")
        ITERATING = "iterating", _("Iterating")
        STOPPED = "stopped", _("Stopped")

    class Decision(models.TextChoices):
        ADOPT = "adopt", pgettext_lazy("experiment decision", "Adopt")
        ITERATE = "iterate", pgettext_lazy("experiment decision", "Iterate in a new round")
        STOP = "stop", pgettext_lazy("experiment decision", "Stop")

    CLOSED = (Status.ADOPTED, Status.ITERATING, Status.STOPPED)
    ACTIVE = (Status.PLANNED, Status.RUNNING, Status.EVALUATING)

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="experiments",
        verbose_name=_("organisation"),
     db_index=False)
    unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="experiments",
        verbose_name=_("unit"),
    )
    title = models.CharField(_("title"), max_length=200)
    hypothesis = models.TextField(
        _("hypothesis"),
        help_text=_("What do you expect to change, and how will you know? E.g. “If …, then … because …”."),
    )
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="owned_experiments", verbose_name=_("owner"),
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="experiment_teams", verbose_name=_("team"),
    )
    starts = models.DateField(_("starts"), null=True, blank=True)
    ends = models.DateField(_("ends"), null=True, blank=True)
    strategy_goal = models.ForeignKey(
        "organisations.StrategyGoal", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="experiments", verbose_name=_("strategy goal"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    phase = models.PositiveSmallIntegerField(_("phase"), choices=PHASES, default=FIRST_PHASE)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    previous_round = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_round",
        verbose_name=_("previous round"),
    )
    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.SET_NULL, null=True, blank=True, related_name="experiments",
        verbose_name=_("idea"),
    )
    challenge = models.ForeignKey(
        Challenge, on_delete=models.SET_NULL, null=True, blank=True, related_name="experiments",
        verbose_name=_("challenge"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    learnings = models.TextField(_("learnings"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("experiments:detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.starts and self.ends and self.ends < self.starts:
            errors["ends"] = _("The end date must be on or after the start date.")
        if self.unit_id and self.unit.organisation_id != self.organisation_id:
            errors["unit"] = _("The unit must belong to the same organisation.")
        if self.strategy_goal_id and self.strategy_goal.organisation_id != self.organisation_id:
            errors["strategy_goal"] = _("The strategy goal must belong to the same organisation.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    @property
    def phase_name(self) -> str:
        return str(PHASE_NAMES[self.phase])

    @staticmethod
    def status_for_phase(phase: int) -> str:
        """While no end decision has been made the status follows the phase."""
        if phase >= LAST_PHASE:
            return Experiment.Status.EVALUATING
        if phase == 3:
            return Experiment.Status.RUNNING
        return Experiment.Status.PLANNED

    def rounds(self) -> list["Experiment"]:
        """Every round of this experiment, first to last."""
        chain, node = [], self
        while node.previous_round_id:
            node = node.previous_round
            chain.append(node)
        chain.reverse()
        chain.append(self)
        node = self
        while True:
            try:
                node = node.next_round
            except Experiment.DoesNotExist:
                break
            chain.append(node)
        return chain


class Phase(models.Model):
    """One phase of one experiment: its notes and when it was started and completed."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="phases", db_index=False)
    number = models.PositiveSmallIntegerField(_("phase"), choices=PHASES)
    notes = models.TextField(_("notes"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        ordering = ["experiment", "number"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [models.UniqueConstraint(fields=["experiment", "number"], name="phase_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return str(PHASE_NAMES[self.number])


class ChecklistItem(models.Model):
    """A checklist item of a phase: a default one (``key``) or one written by the team."""

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="checklist")
    phase = models.PositiveSmallIntegerField(_("phase"), choices=PHASES)
    key = models.CharField(max_length=40, blank=True)
    text = models.CharField(_("item"), max_length=200, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["experiment", "phase", "order", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.key and self.key in DEFAULT_CHECKLIST_LABELS:
            return str(DEFAULT_CHECKLIST_LABELS[self.key])
        return self.text


class HistoryEntry(models.Model):
    """The experiment's own timeline: creation, phase moves, the end decision."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Experiment started")
        PHASE = "phase", _("Phase changed")
        DECISION = "decision", _("End decision")
        ROUND = "round", _("New round started")

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_phase = models.PositiveSmallIntegerField(null=True, blank=True, choices=PHASES)
    to_phase = models.PositiveSmallIntegerField(null=True, blank=True, choices=PHASES)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["experiment", "-at", "-pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")

    def __str__(self) -> str:
        return f"{self.experiment_id} {self.kind} {self.at:%Y-%m-%d}"


class Measure(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    experiment = models.ForeignKey(Experiment, on_delete=models.CASCADE, related_name="measures")
    indicator = models.CharField(
        _("indicator"), max_length=200, help_text=_("What is measured, e.g. “Waiting time for a home-care visit”."),
    )
    unit = models.CharField(_("unit of measurement"), max_length=40, blank=True, help_text=_("E.g. min, kg/week, %."))
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4, null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["experiment", "order", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.indicator

    def get_absolute_url(self) -> str:
        return reverse("experiments:measure", args=[self.experiment_id, self.pk])

    def latest_result(self) -> "Result | None":
        results = getattr(self, "_prefetched_objects_cache", {}).get("results")
        if results is not None:
            return max(results, key=lambda r: (r.date, r.pk), default=None)
        return self.results.order_by("-date", "-pk").first()

    def progress(self, value: Decimal | None) -> float | None:
        """Share of the way from the baseline to the target (0–1, may exceed 1),
        whichever the direction; None when it cannot be computed."""
        if value is None or self.baseline is None or self.target is None or self.target == self.baseline:
            return None
        return float((value - self.baseline) / (self.target - self.baseline))

    def target_reached(self, value: Decimal | None) -> bool | None:
        if value is None or self.target is None:
            return None
        return value >= self.target if self.direction == self.Direction.HIGHER else value <= self.target


class Result(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="results", db_index=False)
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "date"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [models.UniqueConstraint(fields=["measure", "date"], name="result_unique_date")]

    def __str__(self) -> str:
        return f"{self.measure} {self.date}: {self.value}"
