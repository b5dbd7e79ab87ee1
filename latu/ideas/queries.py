"""Read-side helpers: the board, evaluation aggregates, timelines."""

from __future__ import annotations

import hashlib
import secrets
import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Activity, Criterion, Evaluation, Idea

BOARD_COLUMNS = [
    Idea.Status.NEW,
    Idea.Status.IN_EVALUATION,
    Idea.Status.DECIDED,
    Idea.Status.IN_EXPERIMENT,
    Idea.Status.IMPLEMENTED,
    Idea.Status.DECLINED,
    Idea.Status.MERGED,
]
BOARD_LIMIT = 30
# What a board card shows (ideas_tags.board_cards) and Card needs; nothing else is loaded.
CARD_FIELDS = ("id", "organisation_id", "unit_id", "title", "status", "escalated_to_id", "created_at", "updated_at",
               "first_response_at", "decided_at", "unit__name_fi", "unit__name_sv", "unit__name_en",
               "escalated_to__name")
# Closed columns (implemented, declined, merged) show their latest ones; the rest are a link away.
CLOSED_LIMIT = 10


@dataclass
class Card:
    idea: Idea
    age_days: int
    first_response_days: int | None
    decision_days: int | None
    overdue_first_response: bool
    overdue_decision: bool

    @property
    def overdue(self) -> bool:
        return self.overdue_first_response or self.overdue_decision


@dataclass
class Column:
    status: str
    label: str
    count: int
    cards: list[Card] = field(default_factory=list)

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.cards))

    @property
    def is_closed(self) -> bool:
        return self.status not in Idea.OPEN_STATUSES


def _days(delta: timedelta | None) -> int | None:
    return None if delta is None else max(0, delta.days)


def card(idea: Idea, first_target: int, decision_target: int, now) -> Card:
    overdue = idea.overdue(first_target, decision_target, now)
    return Card(
        idea=idea,
        age_days=_days(now - idea.created_at),
        first_response_days=_days(idea.time_to_first_response()),
        decision_days=_days(idea.time_to_decision()),
        overdue_first_response=overdue["first_response"],
        overdue_decision=overdue["decision"],
    )


# The column counts and overdue figures of a board are counted over every idea of the
# organisation (a city has ~100 000); they are kept this long, or until something
# happens in the organisation (``bump_board``), whichever comes first.
BOARD_TOTALS_SECONDS = 60


def _board_version_key(organisation_id: int) -> str:
    return f"latu:ideas:board-version:{organisation_id}"


def bump_board(organisation_id: int) -> None:
    """Forget the counted board figures of an organisation (called on its events)."""
    cache.set(_board_version_key(organisation_id), secrets.token_hex(8), None)


def _board_totals_key(ideas: QuerySet, organisation_id: int, first_target: int, decision_target: int) -> str:
    version = cache.get(_board_version_key(organisation_id)) or "0"
    sql, params = ideas.order_by().query.sql_with_params()
    digest = hashlib.sha256(repr((sql, params, first_target, decision_target)).encode()).hexdigest()[:32]
    return f"latu:ideas:board:{organisation_id}:{version}:{digest}"


def kept_count(ideas: QuerySet, organisation_id: int) -> int:
    """``ideas.count()`` (of one organisation), kept like the board's figures: until
    something happens in the organisation, or ``BOARD_TOTALS_SECONDS``."""
    key = _board_totals_key(ideas, organisation_id, 0, 0) + ":count"
    count = cache.get(key)
    if count is None:
        count = ideas.count()
        cache.set(key, count, BOARD_TOTALS_SECONDS)
    return count


def board(ideas: QuerySet, organisation_id: int, first_target: int, decision_target: int,
          limit: int = BOARD_LIMIT):
    """Columns by status (open ones oldest first, so the overdue ones lead) and the
    overdue counts of ``ideas`` (of one organisation), in a fixed number of queries.
    The counts are kept (``BOARD_TOTALS_SECONDS``, ``bump_board``)."""
    now = timezone.now()
    key = _board_totals_key(ideas, organisation_id, first_target, decision_target)
    totals = cache.get(key)
    if totals is None:
        first_cut = now - timedelta(days=first_target)
        decision_cut = now - timedelta(days=decision_target)
        open_q = Q(status__in=Idea.OPEN_STATUSES)
        totals = ideas.aggregate(
            overdue_first=Count("pk", filter=open_q & Q(first_response_at__isnull=True, created_at__lt=first_cut)),
            overdue_decision=Count("pk", filter=open_q & Q(decided_at__isnull=True, created_at__lt=decision_cut)),
            **{f"n_{status}": Count("pk", filter=Q(status=status)) for status in BOARD_COLUMNS},
        )
        cache.set(key, totals, BOARD_TOTALS_SECONDS)
    columns = []
    base = ideas.select_related("unit", "escalated_to").only(*CARD_FIELDS).order_by()
    for status in BOARD_COLUMNS:
        count = totals[f"n_{status}"]
        column = Column(status=status, label=Idea.Status(status).label, count=count)
        if count:
            is_open = status in Idea.OPEN_STATUSES
            order = ("created_at", "pk") if is_open else ("-updated_at", "-pk")
            shown = limit if is_open else min(limit, CLOSED_LIMIT)
            column.cards = [card(i, first_target, decision_target, now)
                            for i in base.filter(status=status).order_by(*order)[:shown]]
        columns.append(column)
    return columns, {"overdue_first": totals["overdue_first"], "overdue_decision": totals["overdue_decision"]}


@dataclass
class CriterionSummary:
    criterion: Criterion
    scores: list[int]

    @property
    def count(self) -> int:
        return len(self.scores)

    @property
    def mean(self) -> float | None:
        return round(statistics.fmean(self.scores), 1) if self.scores else None

    @property
    def spread(self) -> float | None:
        """Standard deviation of the scores (0 when everyone agrees)."""
        return round(statistics.pstdev(self.scores), 1) if len(self.scores) > 1 else (0.0 if self.scores else None)

    @property
    def low(self) -> int | None:
        return min(self.scores) if self.scores else None

    @property
    def high(self) -> int | None:
        return max(self.scores) if self.scores else None

    @property
    def goodness(self) -> float | None:
        """0–100, higher is better, also for lower-is-better criteria."""
        if not self.scores:
            return None
        value = (statistics.fmean(self.scores) - 1) / 4
        return round(100 * (1 - value if self.criterion.lower_is_better else value))

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.spread >= 1.2


@dataclass
class EvaluationSummary:
    rows: list[CriterionSummary]
    evaluators: int

    @property
    def overall(self) -> int | None:
        values = [row.goodness for row in self.rows if row.goodness is not None]
        return round(statistics.fmean(values)) if values else None


def evaluation_summary(idea: Idea) -> EvaluationSummary:
    criteria = list(Criterion.objects.filter(organisation=idea.organisation_id, is_active=True))
    scores: dict[int, list[int]] = {c.pk: [] for c in criteria}
    evaluators = set()
    for criterion_id, evaluator_id, score in Evaluation.objects.filter(idea=idea).values_list(
        "criterion_id", "evaluator_id", "score"
    ):
        if criterion_id in scores:
            scores[criterion_id].append(score)
            evaluators.add(evaluator_id)
    return EvaluationSummary([CriterionSummary(c, scores[c.pk]) for c in criteria], len(evaluators))


def timeline(idea: Idea, limit: int = 100) -> list[Activity]:
    """The idea's timeline, newest first. A new idea shows its submission at once, also
    in the second or two before the background batch has stored that line."""
    entries = list(idea.activities.select_related("actor")[:limit])
    if not idea.announced and not any(entry.kind == Activity.Kind.SUBMITTED for entry in entries):
        entries.append(Activity(idea=idea, kind=Activity.Kind.SUBMITTED, by_idea_author=True,
                                actor=None if idea.is_anonymous else idea.author, created_at=idea.created_at))
    return entries


def own_unit(user, organisation) -> int | None:
    """The id of the person's unit when they belong to exactly one unit of the
    organisation, so that a new idea reaches that unit's handlers without the author
    opening the optional details. None when they belong to none or to several."""
    from latu.organisations.models import Membership

    units = set(Membership.objects.filter(user=user, organisation=organisation, unit__isnull=False)
                .values_list("unit_id", flat=True).distinct()[:2])
    return units.pop() if len(units) == 1 else None


def mentionable(idea, text: str, limit: int = 8) -> list[dict]:
    """People of the idea's organisation whose name starts (or has a word starting) with
    ``text``: the suggestions of the comment box's @-autocomplete. Only active members of
    the same organisation, and only names (no emails)."""
    from django.db.models import Q

    from latu.accounts.models import User

    text = (text or "").strip()
    if not text:
        return []
    people = (User.objects.filter(memberships__organisation_id=idea.organisation_id, is_active=True)
              .filter(Q(name__istartswith=text) | Q(name__icontains=" " + text))
              .distinct().order_by("name", "pk").values("pk", "name")[:limit])
    return [{"id": p["pk"], "name": p["name"]} for p in people]
