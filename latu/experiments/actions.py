"""Every change to experiments, their phases, checklists, measures and results.

Each action validates, writes in one transaction, records the audit entry and emits
an event for the people involved (the owner and the team)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from latu.audit.log import record
from latu.audit.models import AuditEvent
from latu.core.events import emit
from latu.experiments.imports import parse_results
from latu.experiments.models import (
    DEFAULT_CHECKLIST,
    FIRST_PHASE,
    LAST_PHASE,
    PHASES,
    Challenge,
    ChecklistItem,
    Experiment,
    HistoryEntry,
    Measure,
    Phase,
    Result,
)

EXPERIMENT_FIELDS = ("title", "hypothesis", "description", "unit", "owner", "starts", "ends", "strategy_goal")
MEASURE_FIELDS = ("indicator", "unit", "baseline", "target", "direction")


def _people(experiment: Experiment) -> list:
    people = list(experiment.team.all())
    if experiment.owner_id:
        people.append(experiment.owner)
    return people


def _audit(action: str, experiment: Experiment, actor, **data) -> None:
    record(action, actor=actor, organisation=experiment.organisation, target=f"experiment:{experiment.pk}", **data)


def _check_team(organisation, team) -> list:
    from latu.organisations.models import Membership

    team = list(team or [])
    member_ids = set(
        Membership.objects.filter(organisation=organisation, user__in=team).values_list("user_id", flat=True)
    )
    outsiders = [person for person in team if person.pk not in member_ids]
    if outsiders:
        raise ValidationError({"team": _("The team must be members of the organisation.")})
    return team


def _check_owner(organisation, owner) -> None:
    from latu.organisations.models import Membership

    if owner is not None and not Membership.objects.filter(organisation=organisation, user=owner).exists():
        raise ValidationError({"owner": _("The owner must be a member of the organisation.")})


def _create_path(experiment: Experiment) -> None:
    now = timezone.now()
    Phase.objects.bulk_create(
        [
            Phase(experiment=experiment, number=number, started_at=now if number == experiment.phase else None)
            for number, _label in PHASES
        ]
    )
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(experiment=experiment, phase=phase, key=key, order=order)
            for phase, items in DEFAULT_CHECKLIST.items()
            for order, (key, _label) in enumerate(items)
        ]
    )


STARTABLE_IDEA_STATUSES = ("new", "in_evaluation", "decided", "in_experiment")


def mark_idea_in_experiment(idea, *, actor, experiment: Experiment | None = None) -> None:
    """Move the idea to "in experiment" (through the ideas app's own action, which keeps
    its timeline and tells its followers). An idea decided as "experiment" already is."""
    from latu.ideas import actions as idea_actions
    from latu.ideas.models import Idea

    if idea.status == Idea.Status.IN_EXPERIMENT:
        return
    note = experiment.title if experiment is not None else ""
    idea_actions.set_status(idea, Idea.Status.IN_EXPERIMENT, actor, note=note)


def _follow_decision_on_idea(experiment: Experiment, decision: str, actor) -> None:
    """An adopted experiment implements its idea; when the last open experiment of an
    idea is stopped, the idea is declined. Iterating keeps it in experiment."""
    from latu.ideas import actions as idea_actions
    from latu.ideas.models import Idea

    idea = experiment.idea
    if idea is None or idea.status != Idea.Status.IN_EXPERIMENT:
        return
    if decision == Experiment.Decision.ADOPT:
        idea_actions.set_status(idea, Idea.Status.IMPLEMENTED, actor, note=experiment.learnings)
    elif decision == Experiment.Decision.STOP:
        others = Experiment.objects.filter(idea=idea, status__in=Experiment.ACTIVE).exclude(pk=experiment.pk)
        if not others.exists():
            idea_actions.set_status(idea, Idea.Status.DECLINED, actor, note=experiment.learnings)


@transaction.atomic
def create_experiment(
    *, actor, organisation, data: dict, team=(), idea=None, challenge=None
) -> Experiment:
    """Start an experiment from scratch, from an idea or from a challenge."""
    if challenge is not None and challenge.organisation_id != organisation.pk:
        raise ValidationError({"challenge": _("The challenge belongs to another organisation.")})
    if idea is not None and idea.organisation_id != organisation.pk:
        raise ValidationError({"idea": _("The idea belongs to another organisation.")})
    if idea is not None and idea.status not in STARTABLE_IDEA_STATUSES:
        raise ValidationError({"idea": _("An experiment cannot be started from a closed or merged idea.")})
    experiment = Experiment(organisation=organisation, created_by=actor, challenge=challenge, idea=idea)
    for field in EXPERIMENT_FIELDS:
        if field in data:
            setattr(experiment, field, data[field])
    if experiment.owner_id is None and "owner" not in data:
        experiment.owner = actor
    _check_owner(organisation, experiment.owner)
    team = _check_team(organisation, team)
    experiment.status = Experiment.status_for_phase(experiment.phase)
    experiment.full_clean(exclude=["team"])
    experiment.save()
    experiment.team.set(team)
    _create_path(experiment)
    HistoryEntry.objects.create(experiment=experiment, actor=actor, kind=HistoryEntry.Kind.CREATED,
                                to_phase=experiment.phase)
    if idea is not None:
        mark_idea_in_experiment(idea, actor=actor, experiment=experiment)
    _audit(AuditEvent.Action.OTHER, experiment, actor, event="experiment.created",
           idea=getattr(idea, "pk", None), challenge=getattr(challenge, "pk", None))
    emit("experiment.created", target=experiment, actor=actor, organisation=organisation,
         recipients=_people(experiment), data={"idea": getattr(idea, "pk", None)})
    return experiment


@transaction.atomic
def update_experiment(experiment: Experiment, *, actor, data: dict, team=None) -> Experiment:
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    changed = []
    for field in EXPERIMENT_FIELDS:
        if field in data and getattr(experiment, field) != data[field]:
            setattr(experiment, field, data[field])
            changed.append(field)
    _check_owner(experiment.organisation, experiment.owner)
    experiment.full_clean(exclude=["team"])
    experiment.save()
    if team is not None:
        team = _check_team(experiment.organisation, team)
        if {p.pk for p in team} != set(experiment.team.values_list("pk", flat=True)):
            experiment.team.set(team)
            changed.append("team")
    if changed:
        _audit(AuditEvent.Action.OTHER, experiment, actor, event="experiment.updated", fields=changed)
        emit("experiment.updated", target=experiment, actor=actor, organisation=experiment.organisation,
             recipients=_people(experiment), data={"fields": changed})
    return experiment


@transaction.atomic
def move_phase(experiment: Experiment, *, actor, to_phase: int, from_phase: int | None = None) -> Experiment:
    """Move forward or back one phase. ``from_phase`` is the phase the person saw, so a
    double submission or a stale page does not move the experiment twice."""
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    if experiment.is_closed:
        raise ValidationError(_("The experiment has ended; its phase can no longer change."))
    if from_phase is not None and from_phase != experiment.phase:
        raise ValidationError(_("The phase has already been changed. Check the current phase and try again."))
    if to_phase not in range(FIRST_PHASE, LAST_PHASE + 1) or abs(to_phase - experiment.phase) != 1:
        raise ValidationError(_("An experiment moves one phase at a time."))
    now = timezone.now()
    old = experiment.phase
    phases = {p.number: p for p in Phase.objects.select_for_update().filter(experiment=experiment)}
    if to_phase > old:
        phases[old].completed_at = now
        phases[old].save(update_fields=["completed_at"])
        if phases[to_phase].started_at is None:
            phases[to_phase].started_at = now
        phases[to_phase].completed_at = None
        phases[to_phase].save(update_fields=["started_at", "completed_at"])
    else:
        phases[to_phase].completed_at = None
        phases[to_phase].save(update_fields=["completed_at"])
    experiment.phase = to_phase
    experiment.status = Experiment.status_for_phase(to_phase)
    experiment.save(update_fields=["phase", "status", "updated_at"])
    HistoryEntry.objects.create(experiment=experiment, actor=actor, kind=HistoryEntry.Kind.PHASE,
                                from_phase=old, to_phase=to_phase)
    _audit(AuditEvent.Action.OTHER, experiment, actor, event="experiment.phase_changed",
           from_phase=old, to_phase=to_phase)
    emit("experiment.phase_changed", target=experiment, actor=actor, organisation=experiment.organisation,
         recipients=_people(experiment), data={"from": old, "to": to_phase})
    return experiment


@transaction.atomic
def update_phase_notes(phase: Phase, *, actor, notes: str) -> Phase:
    phase = Phase.objects.select_for_update().select_related("experiment__organisation").get(pk=phase.pk)
    if phase.notes != notes:
        phase.notes = notes
        phase.save(update_fields=["notes"])
        _audit(AuditEvent.Action.OTHER, phase.experiment, actor, event="experiment.notes_changed", phase=phase.number)
    return phase


@transaction.atomic
def set_checklist_item(item: ChecklistItem, *, actor, done: bool) -> ChecklistItem:
    item = ChecklistItem.objects.select_for_update().select_related("experiment__organisation").get(pk=item.pk)
    if item.done != done:
        item.done = done
        item.done_at = timezone.now() if done else None
        item.done_by = actor if done else None
        item.save(update_fields=["done", "done_at", "done_by"])
        _audit(AuditEvent.Action.OTHER, item.experiment, actor, event="experiment.checklist",
               item=item.pk, done=done)
    return item


@transaction.atomic
def add_checklist_item(experiment: Experiment, *, actor, phase: int, text: str) -> ChecklistItem:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the checklist item.")})
    if phase not in range(FIRST_PHASE, LAST_PHASE + 1):
        raise ValidationError({"phase": _("Choose a phase.")})
    order = ChecklistItem.objects.filter(experiment=experiment, phase=phase).count()
    item = ChecklistItem(experiment=experiment, phase=phase, text=text, order=order)
    item.full_clean()
    item.save()
    _audit(AuditEvent.Action.OTHER, experiment, actor, event="experiment.checklist_added", item=item.pk)
    return item


def update_checklist_item(item: ChecklistItem, *, actor, text: str | None = None, done: bool | None = None):
    with transaction.atomic():
        if text is not None and not item.key:
            text = text.strip()
            if not text:
                raise ValidationError({"text": _("Write the checklist item.")})
            ChecklistItem.objects.filter(pk=item.pk).update(text=text)
            item.text = text
        if done is not None:
            item = set_checklist_item(item, actor=actor, done=done)
    return item


@transaction.atomic
def create_measure(experiment: Experiment, *, actor, data: dict) -> Measure:
    measure = Measure(experiment=experiment, order=experiment.measures.count())
    for field in MEASURE_FIELDS:
        if field in data:
            setattr(measure, field, data[field])
    measure.full_clean()
    measure.save()
    _audit(AuditEvent.Action.OTHER, experiment, actor, event="experiment.measure_added", measure=measure.pk)
    return measure


@transaction.atomic
def update_measure(measure: Measure, *, actor, data: dict) -> Measure:
    measure = Measure.objects.select_for_update().select_related("experiment__organisation").get(pk=measure.pk)
    for field in MEASURE_FIELDS:
        if field in data:
            setattr(measure, field, data[field])
    measure.full_clean()
    measure.save()
    _audit(AuditEvent.Action.OTHER, measure.experiment, actor, event="experiment.measure_changed",
           measure=measure.pk)
    return measure


def _check_result(measure: Measure, day: date, exclude_pk: int | None = None) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({"date": _("A result cannot be dated in the future. Record it on the day it was "
                                         "measured.")}, code="future")
    clash = Result.objects.filter(measure=measure, date=day)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"date": _("There is already a result for this date.")})


@transaction.atomic
def record_result(measure: Measure, *, actor, date: date, value: Decimal, note: str = "") -> Result:
    _check_result(measure, date)
    result = Result(measure=measure, date=date, value=value, note=note or "", recorded_by=actor)
    result.full_clean()
    result.save()
    _audit(AuditEvent.Action.OTHER, measure.experiment, actor, event="experiment.result_recorded",
           measure=measure.pk, result=result.pk)
    return result


@transaction.atomic
def update_result(result: Result, *, actor, data: dict) -> Result:
    result = Result.objects.select_for_update().select_related("measure__experiment__organisation").get(pk=result.pk)
    for field in ("date", "value"):
        if field in data:
            setattr(result, field, data[field])
    if "note" in data:
        result.note = data["note"] or ""
    _check_result(result.measure, result.date, exclude_pk=result.pk)
    result.full_clean()
    result.save()
    _audit(AuditEvent.Action.OTHER, result.measure.experiment, actor, event="experiment.result_changed",
           measure=result.measure_id, result=result.pk)
    return result


@dataclass
class ImportSummary:
    created: int
    updated: int


def import_results(measure: Measure, *, actor, data: bytes) -> ImportSummary:
    """Import results from CSV. Every row is checked first (``ImportFailed`` lists the
    problems with line numbers); then all rows are saved in one transaction. A row for
    a date that already has a result replaces its value and note."""
    rows = parse_results(data)
    with transaction.atomic():
        existing = {r.date: r for r in Result.objects.select_for_update().filter(measure=measure)}
        created, updated = [], []
        for row in rows:
            result = existing.get(row.date)
            if result is None:
                created.append(Result(measure=measure, date=row.date, value=row.value, note=row.note,
                                      recorded_by=actor))
            elif result.value != row.value or result.note != row.note:
                result.value, result.note, result.recorded_by = row.value, row.note, actor
                updated.append(result)
        Result.objects.bulk_create(created)
        Result.objects.bulk_update(updated, ["value", "note", "recorded_by"])
        _audit(AuditEvent.Action.OTHER, measure.experiment, actor, event="experiment.results_imported",
               measure=measure.pk, created=len(created), updated=len(updated))
    return ImportSummary(len(created), len(updated))


def _next_round(experiment: Experiment, *, actor) -> Experiment:
    now = timezone.now()
    new = Experiment.objects.create(
        organisation=experiment.organisation, unit=experiment.unit, title=experiment.title,
        hypothesis=experiment.hypothesis, description=experiment.description, owner=experiment.owner,
        strategy_goal=experiment.strategy_goal, challenge=experiment.challenge, idea=experiment.idea,
        status=Experiment.status_for_phase(FIRST_PHASE), phase=FIRST_PHASE,
        round=experiment.round + 1, previous_round=experiment, starts=timezone.localdate(now), created_by=actor,
    )
    new.team.set(experiment.team.all())
    _create_path(new)
    measures = []
    for order, measure in enumerate(experiment.measures.prefetch_related("results")):
        last = measure.latest_result()
        measures.append(
            Measure(
                experiment=new, indicator=measure.indicator, unit=measure.unit,
                baseline=last.value if last is not None else measure.baseline,
                target=measure.target, direction=measure.direction, order=order,
            )
        )
    Measure.objects.bulk_create(measures)
    HistoryEntry.objects.create(experiment=new, actor=actor, kind=HistoryEntry.Kind.ROUND, to_phase=FIRST_PHASE,
                                text=experiment.learnings)
    return new


@transaction.atomic
def decide(experiment: Experiment, *, actor, decision: str, learnings: str) -> Experiment:
    """The end evaluation: adopt, iterate (returns the new round) or stop."""
    experiment = Experiment.objects.select_for_update().get(pk=experiment.pk)
    if experiment.decision or experiment.is_closed:
        raise ValidationError(_("The end decision on this experiment has already been made."))
    if decision not in Experiment.Decision.values:
        raise ValidationError({"decision": _("Choose adopt, iterate or stop.")})
    learnings = (learnings or "").strip()
    if not learnings:
        raise ValidationError({"learnings": _("Write down what was learnt: it is the most valuable result.")})
    if decision != Experiment.Decision.STOP and experiment.phase != LAST_PHASE:
        raise ValidationError(
            {"decision": _("Adopting or iterating is decided in the evaluation phase. An experiment can be "
                           "stopped at any phase.")}
        )
    now = timezone.now()
    experiment.decision = decision
    experiment.learnings = learnings
    experiment.decided_at = now
    experiment.decided_by = actor
    experiment.status = {
        Experiment.Decision.ADOPT: Experiment.Status.ADOPTED,
        Experiment.Decision.ITERATE: Experiment.Status.ITERATING,
        Experiment.Decision.STOP: Experiment.Status.STOPPED,
    }[decision]
    if decision != Experiment.Decision.STOP and not experiment.ends:
        experiment.ends = timezone.localdate(now)
    experiment.save()
    Phase.objects.filter(experiment=experiment, number=experiment.phase).update(completed_at=now)
    HistoryEntry.objects.create(experiment=experiment, actor=actor, kind=HistoryEntry.Kind.DECISION,
                                from_phase=experiment.phase, text=learnings)
    result = experiment
    data = {"decision": decision}
    if decision == Experiment.Decision.ITERATE:
        result = _next_round(experiment, actor=actor)
        data["next_round"] = result.pk
    _follow_decision_on_idea(experiment, decision, actor)
    record(AuditEvent.Action.DECISION, actor=actor, organisation=experiment.organisation,
           target=f"experiment:{experiment.pk}", event="experiment.decided", **data)
    emit("experiment.decided", target=experiment, actor=actor, organisation=experiment.organisation,
         recipients=_people(experiment), data=data)
    return result


@transaction.atomic
def create_challenge(*, actor, organisation, data: dict) -> Challenge:
    challenge = Challenge(organisation=organisation, created_by=actor)
    for field in ("title", "description", "unit"):
        if field in data:
            setattr(challenge, field, data[field])
    if challenge.unit_id and challenge.unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": _("The unit must belong to the same organisation.")})
    challenge.full_clean()
    challenge.save()
    record(AuditEvent.Action.OTHER, actor=actor, organisation=organisation, target=f"challenge:{challenge.pk}",
           event="challenge.created")
    return challenge


@transaction.atomic
def update_challenge(challenge: Challenge, *, actor, data: dict) -> Challenge:
    for field in ("title", "description", "unit"):
        if field in data:
            setattr(challenge, field, data[field])
    if challenge.unit_id and challenge.unit.organisation_id != challenge.organisation_id:
        raise ValidationError({"unit": _("The unit must belong to the same organisation.")})
    challenge.full_clean()
    challenge.save()
    record(AuditEvent.Action.OTHER, actor=actor, organisation=challenge.organisation,
           target=f"challenge:{challenge.pk}", event="challenge.updated")
    return challenge
