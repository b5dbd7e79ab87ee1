"""Who may see and work on experiments, their phases, checklists, measures and results.

- view: members of the experiment's organisation; nobody else (404 for others).
- change (edit, phases, checklist, notes, measures, results): the owner, the team and
  the handlers (innovator, supervisor, manager, admin) of the experiment's unit or of
  the whole organisation.
- decide (the end decision adopt / iterate / stop): the owner and those handlers.
- create: any member may start an experiment in their organisation.
Challenges are seen by members and written by the organisation's handlers.
"""

from django.db.models import Q

from latu.access.base import HANDLERS, Policy, has_role, is_member, memberships, org_roles, register, unit_scope_ids
from latu.experiments.models import Challenge, ChecklistItem, Experiment, HistoryEntry, Measure, Phase, Result


def _member_org_ids(user) -> list[int]:
    return sorted({m.organisation_id for m in memberships(user)})


def is_handler_for(user, organisation_id: int, unit) -> bool:
    return has_role(user, organisation_id, HANDLERS, unit=unit)


def can_create(user, organisation) -> bool:
    return is_member(user, organisation)


def can_start_from_idea(user, idea) -> bool:
    """Handlers of the idea start experiments from it (moving it to "in experiment");
    the named author may start one once the idea has been decided as an experiment."""
    from latu.access.ideas import can_handle

    if not is_member(user, idea.organisation_id):
        return False
    if can_handle(user, idea):
        return True
    return idea.status == "in_experiment" and idea.author_id is not None and idea.author_id == user.pk


def can_create_challenge(user, organisation) -> bool:
    return bool(org_roles(user, organisation) & HANDLERS)


def _editable_q(user, prefix: str = "") -> Q:
    """Experiments the person may change: as owner, as team member or as a handler."""
    q = Q(**{f"{prefix}owner": user}) | Q(**{f"{prefix}team": user})
    for org_id in _member_org_ids(user):
        units = unit_scope_ids(user, org_id, HANDLERS)
        if units is None:
            q |= Q(**{f"{prefix}organisation_id": org_id})
        elif units:
            q |= Q(**{f"{prefix}organisation_id": org_id, f"{prefix}unit_id__in": sorted(units)})
    return q


def _decidable_q(user, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}owner": user})
    for org_id in _member_org_ids(user):
        units = unit_scope_ids(user, org_id, HANDLERS)
        if units is None:
            q |= Q(**{f"{prefix}organisation_id": org_id})
        elif units:
            q |= Q(**{f"{prefix}organisation_id": org_id, f"{prefix}unit_id__in": sorted(units)})
    return q


def _is_team_member(user, experiment: Experiment) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(experiment, "_prefetched_objects_cache", {}).get("team")
    if cache is not None:
        return any(member.pk == user.pk for member in cache)
    return experiment.team.filter(pk=user.pk).exists()


@register(Experiment)
class ExperimentPolicy(Policy):
    def scope(self, user, qs, action):
        org_ids = _member_org_ids(user)
        if not org_ids:
            return qs.none()
        qs = qs.filter(organisation_id__in=org_ids)
        if action == "view":
            return qs
        if action == "change":
            return qs.filter(pk__in=Experiment.objects.filter(_editable_q(user)).values("pk"))
        if action == "decide":
            return qs.filter(_decidable_q(user))
        return qs.none()

    def allows(self, user, action, obj):
        if not is_member(user, obj.organisation_id):
            return False
        if action == "view":
            return True
        is_owner = obj.owner_id is not None and obj.owner_id == user.pk
        handler = is_handler_for(user, obj.organisation_id, obj.unit)
        if action == "change":
            return is_owner or handler or _is_team_member(user, obj)
        if action == "decide":
            return is_owner or handler
        return False


class _ExperimentPartPolicy(Policy):
    """Phases, checklist items, history, measures: follow the experiment."""

    path = "experiment"

    def experiment_of(self, obj) -> Experiment:
        return obj.experiment

    def scope(self, user, qs, action):
        org_ids = _member_org_ids(user)
        if not org_ids:
            return qs.none()
        qs = qs.filter(**{f"{self.path}__organisation_id__in": org_ids})
        if action == "view":
            return qs
        if action == "change":
            editable = Experiment.objects.filter(_editable_q(user)).values("pk")
            return qs.filter(**{f"{self.path}__in": editable})
        return qs.none()

    def allows(self, user, action, obj):
        experiment = self.experiment_of(obj)
        if action == "view":
            return ExperimentPolicy().allows(user, "view", experiment)
        if action == "change":
            return ExperimentPolicy().allows(user, "change", experiment)
        return False


@register(Phase)
class PhasePolicy(_ExperimentPartPolicy):
    pass


@register(ChecklistItem)
class ChecklistItemPolicy(_ExperimentPartPolicy):
    pass


@register(HistoryEntry)
class HistoryEntryPolicy(_ExperimentPartPolicy):
    def allows(self, user, action, obj):
        return action == "view" and super().allows(user, action, obj)


@register(Measure)
class MeasurePolicy(_ExperimentPartPolicy):
    pass


@register(Result)
class ResultPolicy(_ExperimentPartPolicy):
    path = "measure__experiment"

    def experiment_of(self, obj) -> Experiment:
        return obj.measure.experiment


@register(Challenge)
class ChallengePolicy(Policy):
    def scope(self, user, qs, action):
        org_ids = _member_org_ids(user)
        if action == "view":
            return qs.filter(organisation_id__in=org_ids)
        if action == "change":
            q = Q(created_by=user) if user.is_authenticated else Q(pk__in=[])
            for org_id in org_ids:
                units = unit_scope_ids(user, org_id, HANDLERS)
                if units is None:
                    q |= Q(organisation_id=org_id)
                elif units:
                    q |= Q(organisation_id=org_id, unit_id__in=sorted(units))
            return qs.filter(organisation_id__in=org_ids).filter(q)
        return qs.none()

    def allows(self, user, action, obj):
        if not is_member(user, obj.organisation_id):
            return False
        if action == "view":
            return True
        if action == "change":
            return obj.created_by_id == user.pk or is_handler_for(user, obj.organisation_id, obj.unit)
        return False
