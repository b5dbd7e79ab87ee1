"""Who may see and act on ideas and everything around them.

- Members of an organisation see all of its ideas (anonymous ideas show no author);
  a citizen, or anyone who is not a member, sees only the ideas they sent themselves.
- Handlers (innovator, supervisor, manager, org admin) of the idea's unit, or of the
  whole organisation, evaluate, decide, escalate, merge and moderate.
- An idea escalated to a forum is decided by that forum's deciders: managers and
  org admins for a management forum; supervisors, managers and org admins of the
  forum's unit for a supervisors' forum.
- Authors edit their own idea while it is new.
- Other organisations, and the programme office unless it is also a member, see
  nothing (404).
"""

from django.db.models import Q

from latu.access.base import (
    HANDLERS,
    LEADERS,
    ORG_ADMIN,
    Policy,
    has_role,
    is_member,
    member_organisation_ids,
    memberships,
    register,
    unit_scope_ids,
)
from latu.ideas.models import (
    Activity,
    AgendaItem,
    Attachment,
    Comment,
    CommentReport,
    Criterion,
    Decision,
    Evaluation,
    Forum,
    ForumMeeting,
    Idea,
    PipelineSettings,
    Support,
)
from latu.organisations.models import Role

MANAGEMENT = {Role.MANAGER, Role.ADMIN}

_SCOPE_CACHE = "_latu_idea_scopes"


def _cached_unit_scope(user, org_id: int, roles: frozenset) -> set[int] | None:
    cache = getattr(user, _SCOPE_CACHE, None)
    if cache is None or cache[0] is not getattr(user, "_latu_memberships", None):
        cache = (getattr(user, "_latu_memberships", None), {})
        setattr(user, _SCOPE_CACHE, cache)
    key = (org_id, roles)
    if key not in cache[1]:
        cache[1][key] = unit_scope_ids(user, org_id, roles)
    return cache[1][key]


def role_filter(user, roles=HANDLERS, org_field: str = "organisation", unit_field: str = "unit") -> Q:
    """A filter for rows (with an organisation and a unit) the person holds one of
    ``roles`` for: organisation-wide, or for the row's unit or a unit above it."""
    roles = frozenset(roles)
    condition = Q(pk__in=[])
    for org_id in sorted({m.organisation_id for m in memberships(user) if m.role in roles}):
        units = _cached_unit_scope(user, org_id, roles)
        if units is None:
            condition |= Q(**{org_field: org_id})
        elif units:
            condition |= Q(**{org_field: org_id, f"{unit_field}__in": sorted(units)})
    return condition


def visible_ideas_filter(user, prefix: str = "") -> Q:
    condition = Q(**{f"{prefix}organisation__in": sorted(member_organisation_ids(user))})
    if user is not None and user.is_authenticated:
        condition |= Q(**{f"{prefix}author": user})
    return condition


def visible_ideas_of(user, organisation):
    """The ideas of one organisation the person may see: the same rows as
    ``scope(user, Idea).filter(organisation=organisation)``. For a member that is every
    idea of the organisation, written without the "or their own" branch, which keeps
    PostgreSQL from counting and sorting from an index alone (an organisation's list
    counted its 89 000 ideas in 55 ms instead of a few)."""
    org_id = getattr(organisation, "pk", organisation)
    ideas = Idea.objects.filter(organisation=org_id)
    if user is None or not user.is_authenticated:
        return ideas.none()
    return ideas if org_id in member_organisation_ids(user) else ideas.filter(author=user)


def visible_idea_organisation_ids(user) -> set[int]:
    """Organisations holding the ideas ``visible_ideas_filter`` lets the person see."""
    ids = set(member_organisation_ids(user))
    if user is not None and user.is_authenticated:
        ids |= set(Idea.objects.filter(author=user).order_by().values_list("organisation_id", flat=True).distinct())
    return ids


def can_handle(user, idea: Idea) -> bool:
    return has_role(user, idea.organisation_id, HANDLERS, unit=idea.unit)


def can_decide_in_forum(user, forum: Forum) -> bool:
    if forum.kind == Forum.Kind.MANAGEMENT:
        return has_role(user, forum.organisation_id, MANAGEMENT)
    return has_role(user, forum.organisation_id, LEADERS, unit=forum.unit)


def can_view_idea(user, idea: Idea) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return is_member(user, idea.organisation_id) or (idea.author_id is not None and idea.author_id == user.pk)


@register(Idea)
class IdeaPolicy(Policy):
    def scope(self, user, qs, action):
        if user is None or not user.is_authenticated:
            return qs.none()
        if action == "view":
            return qs.filter(visible_ideas_filter(user))
        if action in ("handle", "evaluate", "decide", "moderate"):
            return qs.filter(role_filter(user, HANDLERS))
        if action == "change":
            return qs.filter(author=user, status=Idea.Status.NEW)
        return qs.none()

    def allows(self, user, action, obj):
        if not can_view_idea(user, obj):
            return False
        if action == "view":
            return True
        if action == "change":
            return obj.author_id == user.pk and obj.status == Idea.Status.NEW
        if action == "attach":
            return (obj.author_id == user.pk and obj.status == Idea.Status.NEW) or can_handle(user, obj)
        if action == "support":
            return is_member(user, obj.organisation_id) and obj.status != Idea.Status.MERGED
        if action == "comment":
            return obj.status != Idea.Status.MERGED
        if action in ("handle", "moderate"):
            return can_handle(user, obj)
        if action == "evaluate":
            return obj.status in Idea.OPEN_STATUSES and can_handle(user, obj)
        if action == "decide":
            if obj.status not in Idea.OPEN_STATUSES:
                return False
            if obj.escalated_to_id is not None:
                return can_decide_in_forum(user, obj.escalated_to)
            return can_handle(user, obj)
        if action == "mark_implemented":
            return obj.status in (Idea.Status.DECIDED, Idea.Status.IN_EXPERIMENT) and can_handle(user, obj)
        return False

    def refusal(self, user, action, obj):
        """A handler refused only because of the idea's state is told the state."""
        if not can_view_idea(user, obj):
            return None
        if action in ("decide", "evaluate") and obj.status not in Idea.OPEN_STATUSES and can_handle(user, obj):
            return idea_state_message(obj)
        if action == "change" and obj.author_id == user.pk and obj.status != Idea.Status.NEW:
            return idea_state_message(obj, editing=True)
        return None


def idea_state_message(idea: Idea, editing: bool = False) -> str:
    from django.utils.translation import gettext as _

    if idea.status == Idea.Status.IN_EXPERIMENT:
        return _("The idea is already in an experiment, so it is no longer decided or edited here. "
                 "Its experiment continues it.")
    if idea.status == Idea.Status.MERGED:
        return _("The idea has been merged into another idea; it is continued there.")
    if editing:
        return _("The idea has already been taken forward (status: %(status)s), so it can no longer be edited. "
                 "Add a comment instead.") % {"status": idea.get_status_display()}
    return _("The idea has already been decided (status: %(status)s), so there is nothing to decide or "
             "evaluate any more.") % {"status": idea.get_status_display()}


class _ThroughIdea(Policy):
    """Objects that belong to one idea and are visible with it."""

    idea_path = "idea"

    def _idea(self, obj) -> Idea:
        return obj.idea

    def scope(self, user, qs, action):
        if user is None or not user.is_authenticated:
            return qs.none()
        if action == "view":
            return qs.filter(visible_ideas_filter(user, prefix=f"{self.idea_path}__"))
        return qs.none()

    def allows(self, user, action, obj):
        return action == "view" and can_view_idea(user, self._idea(obj))


@register(Comment)
class CommentPolicy(_ThroughIdea):
    def scope(self, user, qs, action):
        if action == "moderate":
            return qs.filter(role_filter(user, HANDLERS, "idea__organisation", "idea__unit"))
        return super().scope(user, qs, action)

    def allows(self, user, action, obj):
        if not can_view_idea(user, obj.idea):
            return False
        if action == "view":
            return True
        if action == "moderate":
            return can_handle(user, obj.idea)
        if action == "report":
            return is_member(user, obj.idea.organisation_id) and obj.author_id != user.pk and not obj.is_hidden
        if action == "reply":
            return obj.parent_id is None and not obj.is_hidden and obj.idea.status != Idea.Status.MERGED
        return False


@register(CommentReport)
class CommentReportPolicy(Policy):
    def scope(self, user, qs, action):
        if action in ("view", "resolve"):
            return qs.filter(role_filter(user, HANDLERS, "comment__idea__organisation", "comment__idea__unit"))
        return qs.none()

    def allows(self, user, action, obj):
        return action in ("view", "resolve") and can_handle(user, obj.comment.idea)


@register(Support)
class SupportPolicy(_ThroughIdea):
    def allows(self, user, action, obj):
        if action == "delete":
            return user.is_authenticated and obj.user_id == user.pk
        return super().allows(user, action, obj)


@register(Attachment, Activity, Decision)
class IdeaPartPolicy(_ThroughIdea):
    pass


@register(Evaluation)
class EvaluationPolicy(Policy):
    """Individual scores and notes are for the handlers; members see the aggregate on
    the idea page."""

    def scope(self, user, qs, action):
        if action == "view":
            return qs.filter(role_filter(user, HANDLERS, "idea__organisation", "idea__unit"))
        if action == "change":
            return qs.filter(evaluator=user) if user.is_authenticated else qs.none()
        return qs.none()

    def allows(self, user, action, obj):
        if action == "view":
            return can_handle(user, obj.idea)
        if action == "change":
            return obj.evaluator_id == user.pk and can_handle(user, obj.idea) and obj.idea.is_open
        return False


@register(Criterion, PipelineSettings)
class CriterionPolicy(Policy):
    def scope(self, user, qs, action):
        if action == "view":
            return qs.filter(organisation__in=sorted(member_organisation_ids(user)))
        if action == "manage":
            return qs.filter(organisation__in=sorted({m.organisation_id for m in memberships(user)
                                                      if m.role in ORG_ADMIN}))
        return qs.none()

    def allows(self, user, action, obj):
        if action == "view":
            return is_member(user, obj.organisation_id)
        if action == "manage":
            return has_role(user, obj.organisation_id, ORG_ADMIN)
        return False


@register(Forum)
class ForumPolicy(Policy):
    """Forums and their agendas are open to the organisation's members (decisions are
    public inside the organisation); admins set forums up; a forum's deciders hold
    its meetings."""

    def scope(self, user, qs, action):
        if action == "view":
            return qs.filter(organisation__in=sorted(member_organisation_ids(user)))
        if action == "manage":
            return qs.filter(organisation__in=sorted({m.organisation_id for m in memberships(user)
                                                      if m.role in ORG_ADMIN}))
        if action == "decide":
            management = Q(kind=Forum.Kind.MANAGEMENT) & role_filter(user, MANAGEMENT)
            supervisors = Q(kind=Forum.Kind.SUPERVISORS) & role_filter(user, LEADERS)
            return qs.filter(management | supervisors)
        return qs.none()

    def allows(self, user, action, obj):
        if action == "view":
            return is_member(user, obj.organisation_id)
        if action == "manage":
            return has_role(user, obj.organisation_id, ORG_ADMIN)
        if action == "decide":
            return can_decide_in_forum(user, obj)
        return False


@register(ForumMeeting)
class ForumMeetingPolicy(Policy):
    def scope(self, user, qs, action):
        if action == "view":
            return qs.filter(forum__organisation__in=sorted(member_organisation_ids(user)))
        return qs.none()

    def allows(self, user, action, obj):
        if action == "view":
            return is_member(user, obj.forum.organisation_id)
        if action == "decide":
            return can_decide_in_forum(user, obj.forum)
        return False


@register(AgendaItem)
class AgendaItemPolicy(Policy):
    def scope(self, user, qs, action):
        if action == "view":
            return qs.filter(meeting__forum__organisation__in=sorted(member_organisation_ids(user)))
        return qs.none()

    def allows(self, user, action, obj):
        return action == "view" and is_member(user, obj.meeting.forum.organisation_id)


def can_submit(user, organisation) -> bool:
    """Members send ideas to their organisation; citizens to an organisation that has
    opened its public channel."""
    if user is None or not user.is_authenticated or not organisation.is_active:
        return False
    if is_member(user, organisation):
        return True
    return bool(user.is_citizen and organisation.public_channel)


def handles_anything(user, organisation) -> bool:
    """Does the person hold a handler role anywhere in the organisation?"""
    org_id = getattr(organisation, "pk", organisation)
    return any(m.organisation_id == org_id and m.role in HANDLERS for m in memberships(user))
