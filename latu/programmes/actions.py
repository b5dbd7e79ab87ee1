"""Writes of programme services: applications saved, submitted and decided. Each action
takes the object and the acting person and is guarded by latu.access.programmes."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from latu import access
from latu.core.events import emit
from latu.programmes.models import Application, Participant

RoleGroup = Participant.RoleGroup


class CooperationMissing(ValueError):
    """Management and staff representatives do not both take part."""


def cooperation_errors(role_groups: list[str]) -> list[str]:
    """What the co-operation requirement misses among the participants' role groups."""
    errors = []
    if RoleGroup.MANAGEMENT not in role_groups:
        errors.append(_("Add at least one participant from the management: management and staff "
                        "representatives take part in the work together."))
    if RoleGroup.STAFF_REPRESENTATIVE not in role_groups:
        errors.append(_("Add at least one staff representative: management and staff representatives "
                        "take part in the work together."))
    return errors


def save_application(application: Application, *, actor, participants: list[tuple[str, str]],
                     submit: bool = False) -> Application:
    """Save the draft with its participants (name, role group); with ``submit`` also check
    the co-operation requirement and send it. Raises ``CooperationMissing`` before
    anything is written when the check fails."""
    if application.pk:
        access.require(actor, "edit", application)
    if submit:
        problems = cooperation_errors([group for _name, group in participants])
        if problems:
            raise CooperationMissing(problems)
    with transaction.atomic():
        if application.pk is None:
            application.applicant = actor
            application.language = (getattr(actor, "language", "") or "fi")[:2]
        if submit:
            application.status = Application.Status.SUBMITTED
            application.submitted_at = timezone.now()
        application.save()
        application.participants.all().delete()
        Participant.objects.bulk_create(
            [Participant(application=application, name=name, role_group=group) for name, group in participants]
        )
    if submit:
        emit("application.submitted", target=application, actor=actor, organisation=application.organisation)
    return application


def save_checklist(application: Application, *, actor, checks: dict[str, bool]) -> Application:
    access.require(actor, "decide", application)
    for name, value in checks.items():
        setattr(application, name, bool(value))
    application.save(update_fields=[*checks, "updated_at"])
    return application


def decide(application: Application, *, actor, granted: bool, days: Decimal | None, reasons: str,
           checks: dict[str, bool]) -> Application:
    """Grant days or decline with reasons, once: the applicant and, when granted, the
    chosen expert are told."""
    with transaction.atomic():
        locked = Application.objects.select_for_update(of=("self",)).select_related("preferred_expert__user").get(
            pk=application.pk
        )
        access.require(actor, "decide", locked)
        for name, value in checks.items():
            setattr(locked, name, bool(value))
        locked.status = Application.Status.GRANTED if granted else Application.Status.DECLINED
        locked.granted_days = days if granted else None
        locked.decision_reasons = (reasons or "").strip()
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save()
    data = {"status": locked.status, "title": locked.title, "reason": locked.decision_reasons}
    emit("application.decided", target=locked, actor=actor, organisation=locked.organisation,
         recipients=[locked.applicant], data=data)
    expert_user = locked.preferred_expert.user if granted and locked.preferred_expert else None
    if expert_user is not None:
        emit("application.expert_chosen", target=locked, actor=actor, organisation=locked.organisation,
             recipients=[expert_user], data={"title": locked.title})
    return locked
