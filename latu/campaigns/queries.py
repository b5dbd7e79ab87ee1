"""Read-side helpers: campaign results per week, award badges for deeds, winners of an
award event."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from latu import access
from latu.campaigns.models import AwardCategory, AwardEvent, AwardNomination, Campaign, CampaignDeed, Nomination
from latu.core import charts
from latu.tori.models import Deed

# --- Campaign results --------------------------------------------------------------------


@dataclass
class WeekRow:
    monday: date
    year: int
    week: int
    deeds: int = 0
    nominations: int = 0
    with_year: bool = False  # when the campaign runs over a turn of the year

    @property
    def label(self) -> str:
        if self.with_year:
            return _("wk %(week)s/%(year)s") % {"week": self.week, "year": self.year}
        return _("wk %(week)s") % {"week": self.week}


@dataclass
class CampaignResults:
    weeks: list[WeekRow]
    deeds_total: int
    nominations_sent: int
    nominations_told: int
    nominations_declined: int
    nominations_expired: int
    via: dict[str, int] = field(default_factory=dict)

    @property
    def conversion(self) -> float | None:
        """Share of nominees who told their deed, in per cent."""
        if not self.nominations_sent:
            return None
        return round(100 * self.nominations_told / self.nominations_sent, 1)

    def chart(self) -> charts.Chart:
        return charts.bar_chart(
            _("Deeds gained and challenges sent per week"),
            [row.label for row in self.weeks],
            [(_("Deeds"), [row.deeds for row in self.weeks]),
             (_("Challenges"), [row.nominations for row in self.weeks])],
        )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def campaign_results(campaign: Campaign) -> CampaignResults:
    """Deeds gained (published deeds that joined the campaign) and challenges sent per
    ISO week from the campaign's start to its end (or today, while it is on)."""
    last_day = min(campaign.ends, max(timezone.localdate(), campaign.starts))
    weeks: dict[date, WeekRow] = {}
    monday = _monday(campaign.starts)
    while monday <= last_day:
        iso = monday.isocalendar()
        weeks[monday] = WeekRow(monday, iso.year, iso.week)
        monday += timedelta(days=7)

    links = CampaignDeed.objects.filter(campaign=campaign, deed__status=Deed.Status.PUBLISHED)
    via = Counter()
    deeds_total = 0
    for added_at, how in links.values_list("added_at", "via"):
        deeds_total += 1
        via[how] += 1
        row = weeks.get(_monday(timezone.localdate(added_at)))
        if row is not None:
            row.deeds += 1
    for created_at in Nomination.objects.filter(campaign=campaign).values_list("created_at", flat=True):
        row = weeks.get(_monday(timezone.localdate(created_at)))
        if row is not None:
            row.nominations += 1
    if campaign.starts.year != campaign.ends.year:
        for row in weeks.values():
            row.with_year = True
    counts = Nomination.objects.filter(campaign=campaign).aggregate(
        sent=Count("pk"),
        told=Count("pk", filter=Q(status=Nomination.Status.TOLD)),
        declined=Count("pk", filter=Q(status=Nomination.Status.DECLINED)),
        expired=Count("pk", filter=Q(status=Nomination.Status.EXPIRED)),
    )
    return CampaignResults(
        weeks=list(weeks.values()), deeds_total=deeds_total, nominations_sent=counts["sent"],
        nominations_told=counts["told"], nominations_declined=counts["declined"],
        nominations_expired=counts["expired"], via=dict(via),
    )


def campaign_deeds(user, campaign: Campaign):
    """The campaign's deeds the person may see, newest first."""
    return (
        access.scope(user, CampaignDeed)
        .filter(campaign=campaign)
        .filter(deed__in=access.scope(user, Deed))
        .select_related("deed__organisation")
        .order_by("-added_at", "-pk")
    )


def active_campaigns(day: date | None = None):
    """Published campaigns that are on today."""
    day = day or timezone.localdate()
    return Campaign.objects.filter(is_published=True, starts__lte=day, ends__gte=day).order_by("ends", "pk")


# --- Awards ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardBadge:
    """One published award of a deed, for a badge."""

    event_title: str
    event_url: str
    event_year: int
    category: str
    decision: str
    decision_label: str
    citation: str

    @property
    def is_winner(self) -> bool:
        return self.decision == AwardNomination.Decision.WINNER


def _published_awards():
    return AwardNomination.objects.filter(
        decision__in=AwardNomination.AWARDED, event__is_published=True, event__results_published=True,
    )


def awards_for_deeds(deed_ids: Iterable[int]) -> dict[int, list[AwardBadge]]:
    """The published awards of the given deeds, in one query: ``{deed_id: [AwardBadge]}``
    (deeds without awards are left out). Newest event first, winners before
    honourable mentions."""
    deed_ids = {int(pk) for pk in deed_ids if pk is not None}
    if not deed_ids:
        return {}
    rows = (
        _published_awards()
        .filter(deed_id__in=deed_ids)
        .select_related("event", "category")
        .order_by("-event__date", "decision", "category__order", "pk")
    )
    badges: dict[int, list[AwardBadge]] = defaultdict(list)
    for row in rows:
        badges[row.deed_id].append(
            AwardBadge(
                event_title=row.event.title, event_url=row.event.get_absolute_url(), event_year=row.event.date.year,
                category=row.category.name, decision=row.decision, decision_label=row.get_decision_display(),
                citation=row.citation,
            )
        )
    return dict(badges)


def attach_awards(deeds: Iterable[Deed]) -> list[Deed]:
    """Set ``deed.award_badges`` on each deed (one query for all), for
    ``campaigns/_deed_awards.html``."""
    deeds = list(deeds)
    badges = awards_for_deeds(deed.pk for deed in deeds)
    for deed in deeds:
        deed.award_badges = badges.get(deed.pk, [])
    return deeds


@dataclass
class CategoryResults:
    category: AwardCategory
    winners: list[AwardNomination]
    mentions: list[AwardNomination]


def event_results(user, event: AwardEvent) -> list[CategoryResults]:
    """Winners and honourable mentions of the event by category, as the person may see
    them (the public sees them once the results are published)."""
    categories = list(event.categories.order_by("order", "name_fi"))
    rows = (
        access.scope(user, AwardNomination)
        .filter(event=event, decision__in=AwardNomination.AWARDED)
        .select_related("deed__organisation", "organisation", "person_organisation", "category")
        .order_by("category__order", "decision", "pk")
    )
    by_category: dict[int, CategoryResults] = {c.pk: CategoryResults(c, [], []) for c in categories}
    for row in rows:
        group = by_category.get(row.category_id)
        if group is None:
            continue
        (group.winners if row.decision == AwardNomination.Decision.WINNER else group.mentions).append(row)
    return [by_category[c.pk] for c in categories]


# --- The programme office's home ---------------------------------------------------------


@dataclass(frozen=True)
class OfficeHome:
    """What waits for the programme office, for its home panel."""

    deeds_in_review: int
    reported_comments: int
    active_campaigns: int
    open_award_events: int
    lists: int


def office_home(user) -> OfficeHome:
    """The programme office's figures: a count query for each."""
    from latu.campaigns.models import TopList
    from latu.tori.models import Comment

    day = timezone.localdate()
    return OfficeHome(
        deeds_in_review=access.scope(user, Deed, "moderate").filter(status=Deed.Status.REVIEW).count(),
        reported_comments=access.scope(user, Comment, "moderate").filter(is_hidden=False, report_count__gt=0).count(),
        active_campaigns=Campaign.objects.filter(starts__lte=day, ends__gte=day).count(),
        open_award_events=AwardEvent.objects.filter(date__gte=day).count(),
        lists=TopList.objects.count(),
    )
