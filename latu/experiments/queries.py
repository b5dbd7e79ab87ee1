"""Read-side helpers shared by the views, the API, the home panel and the dashboards."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from latu import access
from latu.core import charts
from latu.core.formatting import format_date
from latu.experiments.models import Experiment, Measure


def measure_chart(measure: Measure) -> charts.Chart | None:
    """The measure's results over time as a line chart with the target as a dashed
    line (and the same data as a table). None when there are no results yet."""
    results = sorted(measure.results.all(), key=lambda r: r.date)
    if not results:
        return None
    labels = [format_date(r.date) for r in results]
    values = [float(r.value) for r in results]
    return charts.line_chart(
        measure.indicator,
        labels,
        [(_("Result"), values)],
        unit=measure.unit,
        target=float(measure.target) if measure.target is not None else None,
        target_label=_("Target"),
        baseline=float(measure.baseline) if measure.baseline is not None else None,
        baseline_label=_("Baseline"),
        positions=[r.date.toordinal() for r in results],  # uneven intervals look uneven
    )


def open_checklist_items(experiment: Experiment) -> list:
    """The checklist items not yet done, in path order (the end decision warns of them)."""
    return list(experiment.checklist.filter(done=False).order_by("phase", "order", "pk"))


def my_experiments(user, organisation, limit: int = 5) -> QuerySet:
    """Experiments the person owns or is on the team of, open ones first."""
    if organisation is None or not user.is_authenticated:
        return Experiment.objects.none()
    team_ids = Experiment.team.through.objects.filter(user_id=user.pk).values("experiment_id")
    return (
        access.scope(user, Experiment)
        .filter(organisation=organisation)
        .filter(Q(owner=user) | Q(pk__in=team_ids))
        .select_related("unit")
        .order_by("-updated_at")[:limit]
    )


def visible_idea(user, organisation, idea_id):
    """The idea an experiment is started from: visible to the person and in the
    organisation, else 404."""
    from latu.ideas.models import Idea

    try:
        return access.get_or_404(user, Idea.objects.filter(organisation=organisation), "view", pk=int(idea_id))
    except (TypeError, ValueError):
        raise Http404 from None


def idea_prefill(idea) -> dict:
    """Initial values of the experiment form for an experiment started from an idea."""
    parts = [getattr(idea, name, "") or "" for name in ("proposal", "description")]
    initial = {
        "title": idea.title,
        "hypothesis": next((p for p in parts if p), ""),
        "description": getattr(idea, "description", "") or "",
    }
    if getattr(idea, "unit_id", None):
        initial["unit"] = idea.unit_id
    if getattr(idea, "strategy_goal_id", None):
        initial["strategy_goal"] = idea.strategy_goal_id
    return initial
