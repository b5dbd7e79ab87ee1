"""Precomputed figures for the dashboards, so a dashboard reads one row per day of
its period (at most 366) instead of the organisation's ideas, supports and comments.

``DailyStats`` is rolled up in advance for every scope a dashboard can show: the
whole organisation (unit empty), each unit together with the units below it, all
strategy goals (goal empty) or one goal. ``ParticipantActivity`` keeps each person's
latest day of taking part, which answers "how many took part in the last N days"
(every period ends today) with one count.

The rows are kept current by ``latu.dashboards.stats`` after each idea event and
rebuilt completely by ``latu rebuild-stats`` (and its periodic task). Nothing in them
points to the author of an anonymous idea: anonymous ideas are only counted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyStats(models.Model):
    """What happened on one day to the ideas of a scope. Counters are by the day of the
    event (sent, first response, decision, support, comment); ``statuses`` counts the
    ideas *sent* on the day by their current status. The two histograms count the ideas
    answered (decided) on the day by how long they waited, as a list indexed by the
    buckets of ``latu.dashboards.stats.BUCKET_HOURS`` (hours on the first day, six-hour
    steps to three days, days to a month, weeks to a year), so medians are exact where
    it matters and a year of rows merges in a few milliseconds."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False,
    )
    # Empty: the whole organisation. A unit: that unit and every unit below it.
    unit = models.ForeignKey("organisations.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    # Empty: all ideas, whatever their goal. A goal: the ideas of that goal.
    strategy_goal = models.ForeignKey(
        "organisations.StrategyGoal", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    day = models.DateField()
    ideas_created = models.PositiveIntegerField(default=0)
    ideas_anonymous = models.PositiveIntegerField(default=0)
    first_responses = models.PositiveIntegerField(default=0)
    ideas_decided = models.PositiveIntegerField(default=0)
    supports = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    statuses = models.JSONField(default=dict, blank=True)
    first_response_hours = models.JSONField(default=list, blank=True)
    decision_hours = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("daily idea statistics")
        verbose_name_plural = _("daily idea statistics")
        indexes = [
            models.Index(fields=["organisation", "unit", "strategy_goal", "day"], name="dailystats_scope_day"),
            models.Index(fields=["organisation", "day"], name="dailystats_org_day"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.unit_id}/{self.strategy_goal_id} {self.day}"


class DailyActivity(models.Model):
    """Supports and comments per unit, goal and day (0 = none), counted as they happen
    so that keeping a day current never scans all supports and comments. Rebuilt from
    the raw rows by ``latu rebuild-stats``; a withdrawn support is taken off the day it
    was given."""

    NONE = 0

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False,
    )
    unit_key = models.PositiveBigIntegerField(default=NONE)
    goal_key = models.PositiveBigIntegerField(default=NONE)
    day = models.DateField()
    supports = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily supports and comments")
        verbose_name_plural = _("daily supports and comments")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "day", "unit_key", "goal_key"],
                                    name="dailyactivity_once_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.unit_key}/{self.goal_key} {self.day}"


class ParticipantActivity(models.Model):
    """The latest day a person took part in the organisation: sent a named idea,
    supported or commented (on any idea when ``goal_key`` is 0, else on ideas of the
    strategy goal with that id). The person's unit comes from their membership when a
    share is computed. One row per organisation, goal key and person."""

    ALL_GOALS = 0

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False,
    )
    goal_key = models.PositiveBigIntegerField(default=ALL_GOALS)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_active = models.DateField()
    last_submitted = models.DateField(null=True, blank=True)
    last_supported = models.DateField(null=True, blank=True)
    last_commented = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("participant activity")
        verbose_name_plural = _("participant activity")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "goal_key", "user"], name="participant_once_per_scope"),
        ]
        indexes = [
            models.Index(fields=["organisation", "goal_key", "last_active"], name="participant_scope_active"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}/{self.goal_key} {self.user_id}: {self.last_active}"
