"""Precomputed figures for the dashboards, so a dashboard reads a few hundred rows of
aggregates instead of the organisation's ideas, supports and comments.

Every table is keyed by organisation, unit and strategy goal (either may be empty) and
a day, in the organisation's time zone. The rows are kept current by
``latu.dashboards.stats`` after each idea event and rebuilt completely by
``latu rebuild-stats`` (and its periodic task). None of them holds anything about
anonymous authors: anonymous ideas are only counted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class _Keyed(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("organisations.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    strategy_goal = models.ForeignKey(
        "organisations.StrategyGoal", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    day = models.DateField()

    class Meta:
        abstract = True


class DailyStats(_Keyed):
    """What happened on one day to the ideas of one unit and strategy goal."""

    ideas_created = models.PositiveIntegerField(default=0)
    ideas_anonymous = models.PositiveIntegerField(default=0)
    first_responses = models.PositiveIntegerField(default=0)
    ideas_decided = models.PositiveIntegerField(default=0)
    supports = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily idea statistics")
        verbose_name_plural = _("daily idea statistics")
        indexes = [
            models.Index(fields=["organisation", "day"], name="dailystats_org_day"),
            models.Index(fields=["strategy_goal", "day"], name="dailystats_goal_day"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.unit_id}/{self.strategy_goal_id} {self.day}"


class DailyDuration(_Keyed):
    """How long ideas waited for their first response or decision: the number of ideas
    answered (decided) on ``day`` after ``hours`` hours. Hours are exact below three
    days and whole days (in hours) above, so medians are exact to the hour where it
    matters and the table stays small."""

    class Kind(models.TextChoices):
        FIRST_RESPONSE = "first_response", _("First response")
        DECISION = "decision", _("Decision")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    hours = models.PositiveIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily response time")
        verbose_name_plural = _("daily response times")
        indexes = [
            models.Index(fields=["organisation", "kind", "day"], name="dailyduration_org_kind_day"),
            models.Index(fields=["strategy_goal", "kind", "day"], name="dailyduration_goal_kind_day"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.day}: {self.count} × {self.hours} h"


class IdeaStatusDaily(_Keyed):
    """How many of the ideas sent on ``day`` are now in each status (kept current as
    ideas move on)."""

    status = models.CharField(max_length=20)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ideas by status")
        verbose_name_plural = _("ideas by status")
        indexes = [
            models.Index(fields=["organisation", "day"], name="ideastatusdaily_org_day"),
            models.Index(fields=["strategy_goal", "day"], name="ideastatusdaily_goal_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.status}: {self.count}"


class DailyParticipant(models.Model):
    """A person who took part on a day: submitted a named idea, supported or commented
    (on ideas of a strategy goal, or of none). Used for the participation share; the
    person's unit comes from their membership when the share is computed."""

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    strategy_goal = models.ForeignKey(
        "organisations.StrategyGoal", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    day = models.DateField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted = models.BooleanField(default=False)
    supported = models.BooleanField(default=False)
    commented = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("daily participant")
        verbose_name_plural = _("daily participants")
        indexes = [
            models.Index(fields=["organisation", "day"], name="dailyparticipant_org_day"),
            models.Index(fields=["strategy_goal", "day"], name="dailyparticipant_goal_day"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.day} {self.user_id}"
