"""Every change to an organisation: settings, units, strategy goals, people and roles.

Each action validates, writes in one transaction, records the audit entry and emits
an event. Role changes drop the cached memberships of the people concerned."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from latu.access.base import forget, forget_all_memberships
from latu.accounts.models import User
from latu.audit.log import record
from latu.audit.models import AuditEvent
from latu.core.events import emit
from latu.organisations.imports import PersonRow
from latu.organisations.models import Membership, Organisation, Role, RoleInvitation, StrategyGoal, Unit
from latu.organisations.units import forget_units

logger = logging.getLogger(__name__)

CHUNK = 500  # ids per IN (...) query


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Organisation settings --------------------------------------------------------


def update_organisation(org: Organisation, *, actor, changed: Iterable[str]) -> Organisation:
    """Save settings already validated onto ``org`` (by the settings form). The region
    follows the municipality."""
    changed = sorted(set(changed))
    if org.municipality_id:
        org.region_id = org.municipality.region_id
    org.full_clean()
    with transaction.atomic():
        org.save()
        record(AuditEvent.Action.ORG_CHANGED, actor=actor, organisation=org, target=org.slug,
               object="organisation", fields=changed)
        emit("organisation.changed", target=org, actor=actor, organisation=org, data={"fields": changed})
    return org


# --- Units --------------------------------------------------------------------------


def save_unit(unit: Unit, *, actor, changed: Iterable[str] = ()) -> Unit:
    """Create or update a unit (organisation, parent and names set by the caller)."""
    created = unit.pk is None
    unit.full_clean(validate_constraints=False)
    siblings = Unit.objects.filter(
        organisation=unit.organisation_id, parent=unit.parent_id, name_fi__iexact=unit.name_fi
    ).exclude(pk=unit.pk)
    if siblings.exists():
        raise ValidationError({"name_fi": _("There is already a unit with this name here.")})
    with transaction.atomic():
        unit.save()
        record(AuditEvent.Action.ORG_CHANGED, actor=actor, organisation=unit.organisation, target=unit.name_fi,
               object="unit", id=unit.pk, change="created" if created else "updated", fields=sorted(changed))
        emit("unit.created" if created else "unit.changed", target=unit, actor=actor, organisation=unit.organisation,
             data={"fields": sorted(changed)})
    return unit


def set_unit_active(unit: Unit, active: bool, *, actor) -> list[int]:
    """Deactivate a unit and every unit below it, or reactivate one unit (its parent
    must be active). Memberships stay, so history keeps its context."""
    if active and unit.parent_id and not unit.parent.is_active:
        raise ValidationError(_("Reactivate the unit above it first."))
    ids = [unit.pk] if active else sorted(unit.descendant_ids())
    with transaction.atomic():
        Unit.objects.filter(pk__in=ids).update(is_active=active)
        forget_all_memberships()  # an update sends no signals
        forget_units(Unit, unit)
        unit.is_active = active
        record(AuditEvent.Action.ORG_CHANGED, actor=actor, organisation=unit.organisation, target=unit.name_fi,
               object="unit", id=unit.pk, change="reactivated" if active else "deactivated", units=ids)
        emit("unit.reactivated" if active else "unit.deactivated", target=unit, actor=actor,
             organisation=unit.organisation, data={"units": ids})
    return ids


# --- Strategy goals -----------------------------------------------------------------


def save_goal(goal: StrategyGoal, *, actor, changed: Iterable[str] = ()) -> StrategyGoal:
    created = goal.pk is None
    goal.full_clean()
    with transaction.atomic():
        goal.save()
        record(AuditEvent.Action.ORG_CHANGED, actor=actor, organisation=goal.organisation, target=goal.title_fi,
               object="strategy_goal", id=goal.pk, change="created" if created else "updated",
               fields=sorted(changed))
        emit("strategy_goal.created" if created else "strategy_goal.changed", target=goal, actor=actor,
             organisation=goal.organisation)
    return goal


def set_goal_active(goal: StrategyGoal, active: bool, *, actor) -> StrategyGoal:
    with transaction.atomic():
        goal.is_active = active
        goal.save(update_fields=["is_active"])
        record(AuditEvent.Action.ORG_CHANGED, actor=actor, organisation=goal.organisation, target=goal.title_fi,
               object="strategy_goal", id=goal.pk, change="reactivated" if active else "deactivated")
        emit("strategy_goal.reactivated" if active else "strategy_goal.deactivated", target=goal, actor=actor,
             organisation=goal.organisation)
    return goal


# --- People and roles -----------------------------------------------------------------


def _forget(*people) -> None:
    for person in people:
        if person is not None:
            forget(person)


def check_role(org: Organisation, role: str, unit: Unit | None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if unit is not None:
        if unit.organisation_id != org.pk:
            raise ValidationError({"unit": _("The unit must belong to the same organisation.")})
        if not unit.is_active:
            raise ValidationError({"unit": _("The unit is no longer in use.")})
        if role == Role.ADMIN:
            raise ValidationError({"unit": _("The admin role is for the whole organisation: leave the unit empty.")})


def _ensure_an_admin_remains(org: Organisation, removing: Iterable[Membership]) -> None:
    """The organisation must keep at least one organisation-wide admin who can sign in."""
    leaving = {m.pk for m in removing if m.role == Role.ADMIN and m.unit_id is None}
    if not leaving:
        return
    # Lock the admin rows so that two admins cannot remove each other at the same time.
    admins = list(
        Membership.objects.select_for_update(of=("self",))
        .filter(organisation=org, role=Role.ADMIN, unit__isnull=True, user__is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not [pk for pk in admins if pk not in leaving]:
        raise ValidationError(
            _("The organisation must keep at least one admin. Make someone else an admin first."),
            code="last_admin",
        )


def _audit_grant(membership: Membership, actor, **extra) -> None:
    record(AuditEvent.Action.ROLE_GRANTED, actor=actor, organisation=membership.organisation,
           target=membership.user.email, user=membership.user_id, role=membership.role,
           unit=membership.unit_id, **extra)


def grant_role(org: Organisation, person: User, role: str, unit: Unit | None = None, *, actor) -> tuple[
    Membership, bool
]:
    """Give ``person`` a role in the organisation (or in one unit). Returns the
    membership and whether it is new; granting a role someone already has changes nothing."""
    check_role(org, role, unit)
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=person, organisation=org, unit=unit, role=role
        )
        if created:
            _audit_grant(membership, actor)
            emit("role.granted", target=membership, actor=actor, organisation=org, recipients=[person],
                 data={"role": role, "unit": unit.pk if unit else None})
    _forget(person, actor)
    return membership, created


def revoke_role(membership: Membership, *, actor) -> None:
    org = membership.organisation
    with transaction.atomic():
        _ensure_an_admin_remains(org, [membership])
        person = membership.user
        data = {"role": membership.role, "unit": membership.unit_id}
        record(AuditEvent.Action.ROLE_REVOKED, actor=actor, organisation=org, target=person.email,
               user=person.pk, **data)
        membership.delete()
        emit("role.revoked", target=person, actor=actor, organisation=org, recipients=[person], data=data)
    _forget(person, actor)


def remove_person(org: Organisation, person: User, *, actor) -> int:
    """Remove every role the person has in the organisation. Their account and their
    roles in other organisations stay."""
    with transaction.atomic():
        held = list(Membership.objects.select_for_update(of=("self",)).filter(organisation=org, user=person))
        _ensure_an_admin_remains(org, held)
        for membership in held:
            record(AuditEvent.Action.ROLE_REVOKED, actor=actor, organisation=org, target=person.email,
                   user=person.pk, role=membership.role, unit=membership.unit_id, removed_from_organisation=True)
        Membership.objects.filter(pk__in=[m.pk for m in held]).delete()
        emit("member.removed", target=person, actor=actor, organisation=org,
             data={"roles": sorted({m.role for m in held})})
    _forget(person, actor)
    return len(held)


@dataclass(frozen=True)
class AddedPerson:
    person: User
    membership: Membership
    account_created: bool
    role_added: bool


def _new_person(org: Organisation, email: str, name: str, title: str = "") -> User:
    # No password until the person sets one through the invitation link.
    return User(email=email, name=name, title=title, language=org.default_language, password=make_password(None))


def _email_address(person: User) -> EmailAddress:
    # The account can only be opened through the link sent to this address (or the
    # organisation's own identity provider), so the address counts as verified.
    return EmailAddress(user=person, email=person.email, verified=True, primary=True)


def add_person(org: Organisation, *, actor, email: str, name: str, role: str = Role.EMPLOYEE,
               unit: Unit | None = None, title: str = "") -> AddedPerson:
    """Add someone to the organisation by email. A new address gets an account with no
    password and an invitation to set one; an existing account (perhaps in another
    organisation) just gets the role."""
    email = User.objects.normalize_email(email).strip().lower()
    check_role(org, role, unit)
    with transaction.atomic():
        person = User.objects.filter(email__iexact=email).first()
        account_created = person is None
        if account_created:
            person = _new_person(org, email, name.strip(), title.strip())
            person.save()
            _email_address(person).save()
        membership, role_added = grant_role(org, person, role, unit, actor=actor)
        if account_created:
            _invite_on_commit(person, org, actor)
    return AddedPerson(person, membership, account_created, role_added)


# --- Import ----------------------------------------------------------------------------


class RowStatus:
    # The preview does not tell whether an address has an account (in another
    # organisation, say): either way the person is invited by email.
    INVITED = "invited"  # a new account, or an invitation an existing account accepts
    GETS_ROLE = "gets_role"  # already a member here: gets one more (non-admin) role
    NO_ADMIN = "no_admin"  # already a member here: an import does not make them an admin
    HAS_ROLE = "has_role"  # already has exactly this role here: nothing changes


def preview_import(org: Organisation, rows: list[PersonRow]) -> dict[int, str]:
    """What importing each valid row would do: row number → RowStatus value."""
    users = _users_by_email([r.email for r in rows])
    held = _held_roles(org, [u.pk for u in users.values()])
    members = {user_id for user_id, _role, _unit in held}
    status = {}
    for row in rows:
        person = users.get(row.email)
        if person is not None and (person.pk, row.role, row.unit_id) in held:
            status[row.row] = RowStatus.HAS_ROLE
        elif person is not None and person.pk in members:
            status[row.row] = RowStatus.NO_ADMIN if row.role == Role.ADMIN else RowStatus.GETS_ROLE
        else:
            status[row.row] = RowStatus.INVITED
    return status


def _users_by_email(emails: list[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for chunk in _chunks(sorted(set(emails))):
        for person in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk):
            found[person.email.lower()] = person
    return found


def _held_roles(org: Organisation, user_ids: list[int]) -> set[tuple[int, str, int | None]]:
    held = set()
    for chunk in _chunks(sorted(set(user_ids))):
        held |= set(
            Membership.objects.filter(organisation=org, user_id__in=chunk).values_list("user_id", "role", "unit_id")
        )
    return held


@dataclass(frozen=True)
class ImportResult:
    accounts_created: int
    roles_added: int
    unchanged: int
    rows_skipped: int
    roles_offered: int = 0  # invitations that existing accounts accept (or not)
    admin_not_offered: int = 0  # admin rows for existing accounts: never granted by an import


def import_people(org: Organisation, rows: list[PersonRow], *, actor, rows_skipped: int = 0,
                  filename: str = "") -> ImportResult:
    """Import checked rows (``imports.check``) in one transaction. New addresses get an
    account, their roles and an invitation to set a password. An account that exists
    already and is not a member here is never added by the import: it is offered the
    roles (a ``RoleInvitation`` it accepts or declines, announced by email). Members get
    further roles as on their person page. The admin role goes to new accounts only:
    an existing account is neither given nor offered it (the admin grants it on the
    person's page). Rows that change nothing are counted as unchanged."""
    unit_ids = {r.unit_id for r in rows if r.unit_id is not None}
    units = {u.pk: u for u in Unit.objects.filter(organisation=org, pk__in=unit_ids, is_active=True)}
    for row in rows:
        unit = units.get(row.unit_id) if row.unit_id is not None else None
        if row.unit_id is not None and unit is None:
            raise ValidationError(_("Row %(row)s: the unit is no longer in use.") % {"row": row.row})
        check_role(org, row.role, unit)

    with transaction.atomic():
        existing = _users_by_email([r.email for r in rows])
        new_people: dict[str, User] = {}
        for row in rows:
            if row.email not in existing and row.email not in new_people:
                new_people[row.email] = _new_person(org, row.email, row.name, row.title)
        User.objects.bulk_create(new_people.values(), batch_size=CHUNK)
        created_by_email = _users_by_email(list(new_people))
        EmailAddress.objects.bulk_create([_email_address(p) for p in created_by_email.values()], batch_size=CHUNK)

        held = _held_roles(org, [u.pk for u in existing.values()])
        members = {user_id for user_id, _role, _unit in held}
        offered = _offered_roles(org, [u.pk for u in existing.values()])
        memberships, invitations, unchanged, admin_not_offered = [], [], 0, 0
        for row in rows:
            if row.email in created_by_email:
                person = created_by_email[row.email]
                key = (person.pk, row.role, row.unit_id)
                if key in held:
                    unchanged += 1
                else:
                    held.add(key)
                    memberships.append(Membership(user=person, organisation=org, role=row.role,
                                                  unit_id=row.unit_id))
                continue
            person = existing[row.email]
            key = (person.pk, row.role, row.unit_id)
            if key in held or key in offered:
                unchanged += 1
            elif row.role == Role.ADMIN:
                admin_not_offered += 1
            elif person.pk in members:
                held.add(key)
                memberships.append(Membership(user=person, organisation=org, role=row.role, unit_id=row.unit_id))
            else:
                offered.add(key)
                invitations.append(RoleInvitation(user=person, organisation=org, role=row.role,
                                                  unit_id=row.unit_id, invited_by=actor))
        Membership.objects.bulk_create(memberships, batch_size=CHUNK)
        RoleInvitation.objects.bulk_create(invitations, batch_size=CHUNK)
        forget_all_memberships()  # bulk_create sends no signals
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(action=AuditEvent.Action.ROLE_GRANTED, actor=actor, organisation=org,
                           target=m.user.email[:200],
                           data={"user": m.user.pk, "role": m.role, "unit": m.unit_id, "source": "import"})
                for m in memberships
            ],
            batch_size=CHUNK,
        )
        result = ImportResult(
            accounts_created=len(created_by_email),
            roles_added=len(memberships),
            unchanged=unchanged,
            rows_skipped=rows_skipped,
            roles_offered=len(invitations),
            admin_not_offered=admin_not_offered,
        )
        record(AuditEvent.Action.PEOPLE_IMPORTED, actor=actor, organisation=org, target=filename,
               rows=len(rows), accounts_created=result.accounts_created, roles_added=result.roles_added,
               roles_offered=result.roles_offered, admin_not_offered=admin_not_offered,
               unchanged=result.unchanged, rows_skipped=rows_skipped)
        emit("people.imported", target=org, actor=actor, organisation=org,
             data={"accounts_created": result.accounts_created, "roles_added": result.roles_added,
                   "roles_offered": result.roles_offered})
        for person in created_by_email.values():
            _invite_on_commit(person, org, actor)
        inviter = getattr(actor, "name", "") or ""
        for user_id in sorted({i.user_id for i in invitations}):
            transaction.on_commit(lambda user_id=user_id: send_role_invitation.enqueue(user_id, org.pk, inviter))
    _forget(actor)
    return result


def _offered_roles(org: Organisation, user_ids: list[int]) -> set[tuple[int, str, int | None]]:
    offered = set()
    for chunk in _chunks(sorted(set(user_ids))):
        offered |= set(RoleInvitation.objects.filter(organisation=org, user_id__in=chunk)
                       .values_list("user_id", "role", "unit_id"))
    return offered


# --- Role invitations (existing accounts) -------------------------------------------------


def accept_role_invitation(invitation: RoleInvitation, *, actor) -> Membership:
    """The invited person takes the offered role (``access.can(actor, "respond", …)``)."""
    if actor.pk != invitation.user_id:
        raise ValidationError(_("Only the invited person can answer this invitation."))
    unit = invitation.unit
    if unit is not None and not unit.is_active:
        raise ValidationError(_("The unit of this invitation is no longer in use."))
    with transaction.atomic():
        membership, _created = grant_role(invitation.organisation, invitation.user, invitation.role, unit,
                                          actor=actor)
        invitation.delete()
    return membership


def decline_role_invitation(invitation: RoleInvitation, *, actor) -> None:
    """The invited person turns the offered role down; nothing is kept of it."""
    if actor.pk != invitation.user_id:
        raise ValidationError(_("Only the invited person can answer this invitation."))
    invitation.delete()


@task()
def send_role_invitation(user_id: int, organisation_id: int, inviter: str = "") -> bool:
    """Email an existing account that an organisation offers them roles, to accept or
    decline after signing in."""
    person = User.objects.filter(pk=user_id, is_active=True).first()
    org = Organisation.objects.filter(pk=organisation_id).first()
    if person is None or org is None:
        return False
    roles = dict(Role.choices)
    with translation.override(person.language or org.default_language):
        offered = [str(roles[i.role]) + (f" ({i.unit.name})" if i.unit else "")
                   for i in RoleInvitation.objects.filter(user=person, organisation=org).select_related("unit")]
        if not offered:
            return False
        context = {
            "person": person, "organisation_name": org.name, "inviter": inviter, "roles": offered,
            "url": settings.SITE_URL + reverse("organisations:invitations"), "site_url": settings.SITE_URL,
        }
        subject = " ".join(render_to_string("organisations/email/role_invitation_subject.txt", context).split())
        body = render_to_string("organisations/email/role_invitation_message.txt", context)
    send_mail(subject, body, None, [person.email])
    return True


# --- Invitations ---------------------------------------------------------------------------


def _invite_on_commit(person: User, org: Organisation, actor) -> None:
    inviter = getattr(actor, "name", "") or ""
    transaction.on_commit(lambda: send_invitation.enqueue(person.pk, org.pk, inviter))


def invitation_pending(person: User) -> bool:
    """Invited but has never signed in nor set a password."""
    return person.is_active and not person.has_usable_password() and person.last_login is None


def resend_invitation(org: Organisation, person: User, *, actor) -> bool:
    """Send the invitation again (the link in the first one expires)."""
    if not invitation_pending(person):
        return False
    _invite_on_commit(person, org, actor)
    return True


def invitation_url(person: User) -> str:
    """A link to set a password (allauth's password reset from key; valid for
    PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(person), "key": default_token_generator.make_token(person)},
    )
    return settings.SITE_URL + path


@task()
def send_invitation(user_id: int, organisation_id: int, inviter: str = "") -> bool:
    """Email a new person a link to set their password. Does nothing once the person
    has a password."""
    person = User.objects.filter(pk=user_id, is_active=True).first()
    org = Organisation.objects.filter(pk=organisation_id).first()
    if person is None or org is None or person.has_usable_password():
        return False
    with translation.override(person.language or org.default_language):
        context = {
            "person": person,
            "organisation": org,
            "organisation_name": org.name,
            "inviter": inviter,
            "url": invitation_url(person),
            "site_url": settings.SITE_URL,
        }
        subject = " ".join(render_to_string("organisations/email/invitation_subject.txt", context).split())
        body = render_to_string("organisations/email/invitation_message.txt", context)
    send_mail(subject, body, None, [person.email])
    return True
