"""Tekojen tori: published deeds, their adoptions and visible comments are public.

Drafts, deeds in review and archived deeds are seen by their author and contact
people, by the admins and internal innovators of the deed's organisation, and by
the programme office, which moderates (publishes, returns and archives deeds and
hides comments). Any member of an organisation may tell a deed of their
organisation, and so may a nominee who follows an open "haasta kollega" invitation;
signed-in people comment, and members record that their organisation adopted a deed.
"""

from django.db.models import Q

from latu.access.base import Policy, is_programme_office, memberships, register
from latu.organisations.models import Organisation, Role
from latu.tori.models import Adoption, Comment, Deed, Theme

# Roles that look after their organisation's deeds (besides the author).
DEED_KEEPERS = {Role.INNOVATOR, Role.ADMIN}


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _org_ids(user, roles=None) -> set[int]:
    return {m.organisation_id for m in memberships(user) if roles is None or m.role in roles}


def _is_own(user, deed: Deed) -> bool:
    """Author, contact person, or a keeper of the deed's organisation."""
    if not _signed_in(user):
        return False
    if deed.author_id == user.pk or deed.organisation_id in _org_ids(user, DEED_KEEPERS):
        return True
    return deed.contacts.filter(pk=user.pk).exists()


def _own_q(user) -> Q:
    contact_deeds = Deed.contacts.through.objects.filter(user_id=user.pk).values("deed_id")
    return Q(author_id=user.pk) | Q(pk__in=contact_deeds) | Q(organisation_id__in=_org_ids(user, DEED_KEEPERS))


def deed_organisations(user, invitation=None):
    """Organisations the person may tell deeds for: their own; every active one for the
    programme office. An open "haasta kollega" invitation (``invitation``, a nomination
    from the link its holder followed) adds the organisation it names, or every active
    one when the nominator typed a name Latu does not know: a nominee need not be a
    member, and the programme office reviews every deed before it is published."""
    active = Organisation.objects.filter(is_active=True)
    if is_programme_office(user):
        return active
    if invitation is not None and invitation.is_open:
        if invitation.organisation_id is None:
            return active
        return active.filter(Q(pk__in=_org_ids(user)) | Q(pk=invitation.organisation_id))
    return active.filter(pk__in=_org_ids(user))


def adopting_organisations(user, deed: Deed | None = None):
    """Organisations on whose behalf the person may record an adoption: those they
    belong to, other than the deed's own organisation."""
    qs = Organisation.objects.filter(pk__in=_org_ids(user), is_active=True)
    if deed is not None:
        qs = qs.exclude(pk=deed.organisation_id)
    return qs


def can_tell_deeds(user, invitation=None) -> bool:
    if not _signed_in(user):
        return False
    if is_programme_office(user) or _org_ids(user):
        return True
    return invitation is not None and invitation.is_open and deed_organisations(user, invitation).exists()


@register(Deed)
class DeedPolicy(Policy):
    def scope(self, user, qs, action):
        published = Q(status=Deed.Status.PUBLISHED)
        if action == "view":
            if is_programme_office(user):
                return qs
            if not _signed_in(user):
                return qs.filter(published)
            return qs.filter(published | _own_q(user))
        if action == "change":
            if is_programme_office(user):
                return qs
            if not _signed_in(user):
                return qs.none()
            return qs.filter(_own_q(user)).exclude(status=Deed.Status.ARCHIVED)
        if action == "moderate":
            return qs if is_programme_office(user) else qs.none()
        return qs.none()

    def allows(self, user, action, obj):
        office = is_programme_office(user)
        status = obj.status
        if action == "view":
            return status == Deed.Status.PUBLISHED or office or _is_own(user, obj)
        if action == "change":
            return office or (status != Deed.Status.ARCHIVED and _is_own(user, obj))
        if action == "submit":
            return status == Deed.Status.DRAFT and (office or _is_own(user, obj))
        if action == "delete":
            return status == Deed.Status.DRAFT and (office or _is_own(user, obj))
        if action == "moderate":
            return office
        if action == "adopt":
            return status == Deed.Status.PUBLISHED and _signed_in(user) and adopting_organisations(user, obj).exists()
        if action == "comment":
            return status == Deed.Status.PUBLISHED and _signed_in(user)
        return False


@register(Adoption)
class AdoptionPolicy(Policy):
    def scope(self, user, qs, action):
        if action == "view":
            if is_programme_office(user):
                return qs
            return qs.filter(deed__status=Deed.Status.PUBLISHED)
        if action == "change":
            if is_programme_office(user):
                return qs
            if not _signed_in(user):
                return qs.none()
            return qs.filter(Q(adopted_by_id=user.pk) | Q(organisation_id__in=_org_ids(user, DEED_KEEPERS)))
        return qs.none()

    def allows(self, user, action, obj):
        if action == "view":
            return obj.deed.status == Deed.Status.PUBLISHED or is_programme_office(user)
        if action in ("change", "delete"):
            if is_programme_office(user):
                return True
            if not _signed_in(user):
                return False
            return obj.adopted_by_id == user.pk or obj.organisation_id in _org_ids(user, DEED_KEEPERS)
        return False


@register(Comment)
class CommentPolicy(Policy):
    def scope(self, user, qs, action):
        if action == "view":
            if is_programme_office(user):
                return qs
            visible = Q(is_hidden=False, deed__status=Deed.Status.PUBLISHED)
            if _signed_in(user):
                visible |= Q(author_id=user.pk)
            return qs.filter(visible)
        if action == "moderate":
            return qs if is_programme_office(user) else qs.none()
        return qs.none()

    def allows(self, user, action, obj):
        office = is_programme_office(user)
        own = _signed_in(user) and obj.author_id == user.pk
        if action == "view":
            return office or own or (not obj.is_hidden and obj.deed.status == Deed.Status.PUBLISHED)
        if action == "moderate":
            return office
        if action == "report":
            return _signed_in(user) and not own and not obj.is_hidden and obj.deed.status == Deed.Status.PUBLISHED
        if action == "delete":
            return office or own
        return False


@register(Theme)
class ThemePolicy(Policy):
    def scope(self, user, qs, action):
        if action == "view":
            return qs if is_programme_office(user) else qs.filter(is_active=True)
        if action == "manage":
            return qs if is_programme_office(user) else qs.none()
        return qs.none()

    def allows(self, user, action, obj):
        if action == "view":
            return obj.is_active or is_programme_office(user)
        if action == "manage":
            return is_programme_office(user)
        return False
