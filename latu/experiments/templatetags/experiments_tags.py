from django import template

from latu.experiments import queries
from latu.experiments.models import Experiment

register = template.Library()

STATUS_BADGES = {
    Experiment.Status.PLANNED: "badge--neutral",
    Experiment.Status.RUNNING: "badge--info",
    Experiment.Status.EVALUATING: "badge--warning",
    Experiment.Status.ADOPTED: "badge--success",
    Experiment.Status.ITERATING: "badge--accent",
    Experiment.Status.STOPPED: "badge--danger",
}


@register.filter
def status_badge(status: str) -> str:
    """The badge modifier class for an experiment status (the badge always has text too)."""
    return STATUS_BADGES.get(status, "badge--neutral")


@register.simple_tag
def my_experiments(user, organisation, limit: int = 5):
    return list(queries.my_experiments(user, organisation, limit))


@register.simple_tag
def idea_experiments(user, idea):
    """Experiments started from an idea that the person may see (for the idea page)."""
    from latu import access

    return list(
        access.scope(user, Experiment).filter(idea=idea).only("pk", "title", "status", "round", "phase")
        .order_by("round", "pk")
    )


@register.simple_tag
def can_start_experiment(user, idea) -> bool:
    """Offer "start an experiment" on an idea decided as an experiment, to those who may."""
    from latu.access.experiments import can_start_from_idea

    return idea.status == "in_experiment" and can_start_from_idea(user, idea)
