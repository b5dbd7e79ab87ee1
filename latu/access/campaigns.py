"""TOP lists, campaigns and awards.

- Published TOP lists, campaigns and award events are public; the programme office
  sees drafts too and manages everything ("manage").
- Haasta kollega: anyone signed in may challenge somebody while a campaign accepts
  nominations (not anonymous visitors: the challenge is emailed with their text).
  Nominees' names, emails and the reasons are seen by the programme office; a
  nominator sees the nominations they made (their own reason, the name and status).
- Awards: anyone signed in proposes ("nominate") while an event takes nominations. The
  jury of an event (the programme office and the event's named jury members) sees all
  of its nominations and decides them ("decide"), for their own events only. A
  proposer sees their own proposals. Everybody sees the awarded ones once the
  event's results are published.
"""

from django.db.models import Exists, OuterRef, Q

from latu.access.base import Policy, is_programme_office, register
from latu.campaigns.models import (
    AwardCategory,
    AwardEvent,
    AwardNomination,
    Campaign,
    CampaignDeed,
    Nomination,
    NominationReason,
    TopList,
    TopListItem,
)

PUBLISHED_DEED = "published"


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_jury_member(user, event: AwardEvent) -> bool:
    """Named jury member of the event (the programme office is always jury)."""
    if not _signed_in(user):
        return False
    return event.jury.filter(pk=user.pk).exists()


def can_judge(user, event: AwardEvent) -> bool:
    return is_programme_office(user) or is_jury_member(user, event)


def jury_event_ids(user) -> list[int]:
    if not _signed_in(user):
        return []
    return list(AwardEvent.jury.through.objects.filter(user_id=user.pk).values_list("awardevent_id", flat=True))


def can_manage(user) -> bool:
    """TOP lists, campaigns, award events and categories are the programme office's."""
    return is_programme_office(user)


@register(TopList, Campaign)
class PublishedContentPolicy(Policy):
    def scope(self, user, qs, action):
        if is_programme_office(user):
            return qs if action in ("view", "manage", "change", "delete") else qs.none()
        if action == "view":
            return qs.filter(is_published=True)
        return qs.none()

    def allows(self, user, action, obj):
        if action == "nominate":
            # Signed in only: a challenge emails the nominee the nominator's own text, so
            # an anonymous one would let anybody send mail to any address through Latu.
            return _signed_in(user) and isinstance(obj, Campaign) and obj.accepts_nominations
        if is_programme_office(user):
            return action in ("view", "manage", "change", "delete")
        return action == "view" and obj.is_published


@register(TopListItem)
class TopListItemPolicy(Policy):
    def scope(self, user, qs, action):
        if is_programme_office(user):
            return qs
        if action == "view":
            return qs.filter(top_list__is_published=True, deed__status=PUBLISHED_DEED)
        return qs.none()

    def allows(self, user, action, obj):
        if is_programme_office(user):
            return True
        return action == "view" and obj.top_list.is_published and obj.deed.status == PUBLISHED_DEED


@register(CampaignDeed)
class CampaignDeedPolicy(Policy):
    def scope(self, user, qs, action):
        if is_programme_office(user):
            return qs
        if action == "view":
            return qs.filter(campaign__is_published=True, deed__status=PUBLISHED_DEED)
        return qs.none()

    def allows(self, user, action, obj):
        if is_programme_office(user):
            return True
        return action == "view" and obj.campaign.is_published and obj.deed.status == PUBLISHED_DEED


@register(Nomination)
class NominationPolicy(Policy):
    def scope(self, user, qs, action):
        if is_programme_office(user):
            return qs
        if action == "view" and _signed_in(user):
            own = NominationReason.objects.filter(nomination=OuterRef("pk"), nominator_id=user.pk)
            return qs.filter(Exists(own))
        return qs.none()

    def allows(self, user, action, obj):
        if is_programme_office(user):
            return True
        if action == "view" and _signed_in(user):
            return obj.reasons.filter(nominator_id=user.pk).exists()
        return False


@register(NominationReason)
class NominationReasonPolicy(Policy):
    def scope(self, user, qs, action):
        if is_programme_office(user):
            return qs
        if action == "view" and _signed_in(user):
            return qs.filter(nominator_id=user.pk)
        return qs.none()

    def allows(self, user, action, obj):
        if is_programme_office(user):
            return True
        return action == "view" and _signed_in(user) and obj.nominator_id == user.pk


@register(AwardCategory)
class AwardCategoryPolicy(Policy):
    def scope(self, user, qs, action):
        if is_programme_office(user):
            return qs
        return qs.filter(is_active=True) if action == "view" else qs.none()

    def allows(self, user, action, obj):
        if is_programme_office(user):
            return True
        return action == "view" and obj.is_active


@register(AwardEvent)
class AwardEventPolicy(Policy):
    def scope(self, user, qs, action):
        if is_programme_office(user):
            return qs
        if action == "view":
            return qs.filter(Q(is_published=True) | Q(pk__in=jury_event_ids(user)))
        if action == "decide":
            return qs.filter(pk__in=jury_event_ids(user))
        return qs.none()

    def allows(self, user, action, obj):
        if is_programme_office(user):
            return True
        if action == "view":
            return obj.is_published or is_jury_member(user, obj)
        if action == "decide":
            return is_jury_member(user, obj)
        if action == "nominate":
            return _signed_in(user) and obj.is_published and obj.nominations_open
        return False


@register(AwardNomination)
class AwardNominationPolicy(Policy):
    def scope(self, user, qs, action):
        if is_programme_office(user):
            return qs
        public = Q(event__is_published=True, event__results_published=True, decision__in=AwardNomination.AWARDED)
        public &= Q(deed__isnull=True) | Q(deed__status=PUBLISHED_DEED)
        if action == "view":
            if not _signed_in(user):
                return qs.filter(public)
            return qs.filter(public | Q(nominated_by_id=user.pk) | Q(event_id__in=jury_event_ids(user)))
        if action == "decide":
            return qs.filter(event_id__in=jury_event_ids(user))
        return qs.none()

    def allows(self, user, action, obj):
        if is_programme_office(user):
            return True
        jury = _signed_in(user) and is_jury_member(user, obj.event)
        if action == "view":
            if jury or (_signed_in(user) and obj.nominated_by_id == user.pk):
                return True
            return (
                obj.event.is_published and obj.event.results_published and obj.is_awarded
                and (obj.deed_id is None or obj.deed.status == PUBLISHED_DEED)
            )
        if action == "decide":
            return jury
        return False
