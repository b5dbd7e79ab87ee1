"""Every change to TOP lists, campaigns, nominations and awards: checked, written in one
transaction, audited and announced as an event."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from latu import access
from latu.access.campaigns import can_judge, can_manage
from latu.audit.log import record
from latu.audit.models import AuditEvent
from latu.campaigns.models import (
    NOMINATION_GRACE_DAYS,
    AwardCategory,
    AwardEvent,
    AwardNomination,
    Campaign,
    CampaignDeed,
    Nomination,
    NominationReason,
    TopList,
    TopListItem,
    normalise_tag,
)
from latu.core.events import emit
from latu.tori.models import Deed

OTHER = AuditEvent.Action.OTHER
DECISION = AuditEvent.Action.DECISION

TOP_LIST_FIELDS = ("slug", "title_fi", "title_sv", "title_en", "introduction_fi", "introduction_sv",
                   "introduction_en", "is_published")
CAMPAIGN_FIELDS = ("slug", "title_fi", "title_sv", "title_en", "introduction_fi", "introduction_sv",
                   "introduction_en", "tag", "starts", "ends", "nominations_open", "is_published")
EVENT_FIELDS = ("slug", "title_fi", "title_sv", "title_en", "date", "place", "description_fi", "description_sv",
                "description_en", "nominations_open", "results_published", "is_published")
CATEGORY_FIELDS = ("slug", "kind", "name_fi", "name_sv", "name_en", "description_fi", "description_sv",
                   "description_en", "is_theme", "order", "is_active")


def _require_office(actor) -> None:
    if not can_manage(actor):
        raise PermissionDenied


def _set_fields(obj, fields: Mapping, allowed: tuple[str, ...]) -> None:
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"Unknown field {name!r}")
        setattr(obj, name, value)


def _deed_path(deed: Deed) -> str:
    try:
        return deed.get_absolute_url()
    except NoReverseMatch:
        return ""


def _programme_office() -> list:
    return list(get_user_model().objects.filter(is_programme_office=True, is_active=True))


# --- TOP lists ---------------------------------------------------------------------------


def save_top_list(actor, top_list: TopList | None = None, **fields) -> TopList:
    """Create (``top_list=None``) or change a TOP list."""
    _require_office(actor)
    created = top_list is None
    top_list = top_list or TopList(created_by=actor)
    _set_fields(top_list, fields, TOP_LIST_FIELDS)
    top_list.full_clean()
    with transaction.atomic():
        top_list.save()
        record(OTHER, actor=actor, target=f"toplist:{top_list.pk}",
               event="toplist.created" if created else "toplist.updated")
    return top_list


def delete_top_list(actor, top_list: TopList) -> None:
    _require_office(actor)
    with transaction.atomic():
        record(OTHER, actor=actor, target=f"toplist:{top_list.pk}", event="toplist.deleted", title=top_list.title_fi)
        top_list.delete()


def add_to_top_list(actor, top_list: TopList, deed: Deed, note: str = "") -> TopListItem:
    """Append a published deed to the end of the list."""
    _require_office(actor)
    if deed.status != Deed.Status.PUBLISHED:
        raise ValidationError({"deed": _("Only published deeds can be put on a TOP list.")})
    if top_list.items.filter(deed=deed).exists():
        raise ValidationError({"deed": _("The deed is already on this list.")})
    with transaction.atomic():
        last = top_list.items.aggregate(last=Max("position"))["last"] or 0
        item = TopListItem(top_list=top_list, deed=deed, position=last + 1, note=(note or "").strip())
        item.full_clean(exclude=["top_list", "deed"])
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            raise ValidationError({"deed": _("The deed is already on this list.")}) from None
        TopList.objects.filter(pk=top_list.pk).update(updated_at=timezone.now())
        record(OTHER, actor=actor, target=f"toplist:{top_list.pk}", event="toplist.deed_added", deed=deed.pk)
    return item


def arrange_top_list(actor, top_list: TopList, positions: Mapping[int, int], remove: Iterable[int] = (),
                     notes: Mapping[int, str] | None = None) -> list[TopListItem]:
    """Reorder by the given numbers (ties keep their current order), remove the items in
    ``remove`` and renumber the rest 1…n."""
    _require_office(actor)
    remove = set(remove)
    notes = notes or {}
    with transaction.atomic():
        items = list(top_list.items.select_for_update().order_by("position", "pk"))
        removed = [item for item in items if item.pk in remove]
        kept = [item for item in items if item.pk not in remove]
        current = {item.pk: index for index, item in enumerate(kept)}
        kept.sort(key=lambda item: (positions.get(item.pk, item.position), current[item.pk]))
        for number, item in enumerate(kept, start=1):
            changed = item.position != number
            item.position = number
            if item.pk in notes:
                note = (notes[item.pk] or "").strip()
                if len(note) > 500:
                    raise ValidationError({"note": _("Keep the note under 500 characters.")})
                changed = changed or note != item.note
                item.note = note
            if changed:
                item.save(update_fields=["position", "note"])
        if removed:
            TopListItem.objects.filter(pk__in=[item.pk for item in removed]).delete()
        TopList.objects.filter(pk=top_list.pk).update(updated_at=timezone.now())
        record(OTHER, actor=actor, target=f"toplist:{top_list.pk}", event="toplist.arranged",
               order=[item.deed_id for item in kept], removed=[item.deed_id for item in removed])
    return kept


# --- Campaigns ---------------------------------------------------------------------------


def save_campaign(actor, campaign: Campaign | None = None, **fields) -> Campaign:
    _require_office(actor)
    created = campaign is None
    campaign = campaign or Campaign(created_by=actor)
    _set_fields(campaign, fields, CAMPAIGN_FIELDS)
    campaign.full_clean()
    with transaction.atomic():
        campaign.save()
        record(OTHER, actor=actor, target=f"campaign:{campaign.pk}",
               event="campaign.created" if created else "campaign.updated")
    return campaign


def link_deed(campaign: Campaign, deed: Deed, via: str = CampaignDeed.Via.FORM, *, actor=None,
              nomination: Nomination | None = None, added_at: datetime | None = None) -> CampaignDeed:
    """Put a deed in a campaign (once; a second call returns the existing link)."""
    with transaction.atomic():
        link, created = CampaignDeed.objects.get_or_create(
            campaign=campaign, deed=deed,
            defaults={"via": via, "nomination": nomination, "added_at": added_at or timezone.now()},
        )
        if created:
            record(OTHER, actor=actor, organisation=deed.organisation, target=f"deed:{deed.pk}",
                   event="campaign.deed_added", campaign=campaign.pk, via=via)
    if created:
        emit("campaign.deed_added", target=link, actor=actor, organisation=deed.organisation,
             data={"campaign": campaign.pk, "deed": deed.pk, "via": via})
    return link


def _invitation_language(email: str, organisation) -> str:
    person = get_user_model().objects.filter(email__iexact=email, is_active=True).only("language").first()
    if person is not None and person.language in ("fi", "sv", "en"):
        return person.language
    if organisation is not None and organisation.default_language in ("fi", "sv", "en"):
        return organisation.default_language
    return "fi"


def nominate(campaign: Campaign, *, name: str, email: str, reason: str, kind: str = Nomination.Kind.PERSON,
             organisation=None, organisation_name: str = "", nominator=None,
             nominator_name: str = "") -> tuple[Nomination, bool]:
    """Haasta kollega. A new nominee is invited by email; a second challenge of the same
    address in the campaign is merged into the first (its reason is kept, no new email).
    Returns the nomination and whether it is new."""
    if not campaign.accepts_nominations:
        raise ValidationError(_("This campaign does not take challenges now."))
    email = (email or "").strip().lower()
    nominator = nominator if nominator is not None and nominator.is_authenticated else None
    nomination = Nomination(
        campaign=campaign, kind=kind, name=(name or "").strip(), email=email, organisation=organisation,
        organisation_name="" if organisation is not None else (organisation_name or "").strip(),
    )
    reason_row = NominationReason(reason=(reason or "").strip(), nominator=nominator,
                                  nominator_name=(nominator_name or "").strip())
    nomination.full_clean(exclude=["campaign", "token", "language"])
    reason_row.full_clean(exclude=["nomination"])
    with transaction.atomic():
        existing = Nomination.objects.select_for_update().filter(campaign=campaign, email=email).first()
        created = existing is None
        if created:
            nomination.language = _invitation_language(email, organisation)
            nomination.invited_at = timezone.now()
            nomination.save()
        else:
            Nomination.objects.filter(pk=existing.pk).update(times_nominated=F("times_nominated") + 1)
            existing.refresh_from_db()
            nomination = existing
        reason_row.nomination = nomination
        reason_row.save()
        record(OTHER, actor=nominator, target=f"nomination:{nomination.pk}",
               event="campaign.nominated" if created else "campaign.nomination_merged", campaign=campaign.pk)
        if created:
            from latu.campaigns.emails import send_nomination_invitation

            nomination_id = nomination.pk
            transaction.on_commit(lambda: send_nomination_invitation.enqueue(nomination_id))
    emit("campaign.nominated", target=nomination, actor=nominator,
         data={"campaign": campaign.pk, "merged": not created})
    return nomination, created


def nomination_by_token(token: str) -> Nomination | None:
    if not token or not isinstance(token, str) or len(token) > 64:
        return None
    return Nomination.objects.select_related("campaign", "organisation").filter(token=token).first()


def decline_nomination(nomination: Nomination) -> Nomination:
    """The nominee says no thanks (with the link of their invitation)."""
    if nomination.status == Nomination.Status.DECLINED:
        return nomination
    if nomination.status != Nomination.Status.INVITED:
        raise ValidationError(_("This invitation can no longer be declined."))
    with transaction.atomic():
        nomination.status = Nomination.Status.DECLINED
        nomination.declined_at = timezone.now()
        nomination.save(update_fields=["status", "declined_at"])
        record(OTHER, target=f"nomination:{nomination.pk}", event="campaign.nomination_declined",
               campaign=nomination.campaign_id)
    emit("campaign.nomination_declined", target=nomination, data={"campaign": nomination.campaign_id})
    return nomination


def mark_told(nomination: Nomination, deed: Deed, *, actor=None) -> Nomination:
    """A deed arrived through the invitation: the nomination is converted and the deed
    joins the campaign."""
    if nomination.status == Nomination.Status.TOLD:
        link_deed(nomination.campaign, deed, CampaignDeed.Via.NOMINATION, actor=actor, nomination=nomination)
        return nomination
    if not nomination.is_open:
        raise ValidationError(_("This invitation is no longer valid."))
    with transaction.atomic():
        nomination.status = Nomination.Status.TOLD
        nomination.told_at = timezone.now()
        nomination.deed = deed
        nomination.save(update_fields=["status", "told_at", "deed"])
        link_deed(nomination.campaign, deed, CampaignDeed.Via.NOMINATION, actor=actor, nomination=nomination)
        record(OTHER, actor=actor, target=f"nomination:{nomination.pk}", event="campaign.nomination_told",
               deed=deed.pk)
    nominators = [r.nominator for r in nomination.reasons.select_related("nominator") if r.nominator_id]
    emit("campaign.nomination_told", target=nomination, actor=actor, recipients=nominators,
         data={"campaign": nomination.campaign_id, "deed": deed.pk, "title": deed.title, "url": _deed_path(deed)})
    return nomination


def expire_nominations(today=None) -> int:
    """Invitations still open after their campaign's grace period expire. Safe to call
    often (pages call it; ``latu expire_nominations`` can run from cron)."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=NOMINATION_GRACE_DAYS)
    return Nomination.objects.filter(status=Nomination.Status.INVITED, campaign__ends__lt=cutoff).update(
        status=Nomination.Status.EXPIRED, expired_at=timezone.now()
    )


def deed_time(deed: Deed) -> datetime:
    return deed.submitted_at or deed.created_at or timezone.now()


def link_by_tag(deed: Deed) -> list[CampaignDeed]:
    """Campaigns whose keyword the deed carries and that were on when it was told."""
    keywords = {normalise_tag(word) for word in deed.keyword_list}
    keywords.discard("")
    if not keywords:
        return []
    day = timezone.localdate(deed_time(deed))
    campaigns = Campaign.objects.filter(is_published=True, tag__in=keywords, starts__lte=day, ends__gte=day)
    return [link_deed(campaign, deed, CampaignDeed.Via.TAG) for campaign in campaigns]


def match_nominee(deed: Deed) -> list[Nomination]:
    """Open invitations addressed to the deed's author or contact person are converted."""
    emails = {(deed.contact_email or "").strip().lower()}
    if deed.author_id and deed.author.email:
        emails.add(deed.author.email.strip().lower())
    emails.discard("")
    if not emails:
        return []
    day = timezone.localdate(deed_time(deed))
    told = []
    candidates = Nomination.objects.select_related("campaign").filter(
        email__in=emails, status=Nomination.Status.INVITED, campaign__starts__lte=day,
    )
    for nomination in candidates:
        if nomination.is_open and day <= nomination.campaign.invitations_valid_until:
            told.append(mark_told(nomination, deed))
    return told


# --- Awards ------------------------------------------------------------------------------


def save_category(actor, category: AwardCategory | None = None, **fields) -> AwardCategory:
    _require_office(actor)
    created = category is None
    category = category or AwardCategory()
    _set_fields(category, fields, CATEGORY_FIELDS)
    category.full_clean()
    with transaction.atomic():
        category.save()
        record(OTHER, actor=actor, target=f"award_category:{category.pk}",
               event="award_category.created" if created else "award_category.updated")
    return category


def save_award_event(actor, event: AwardEvent | None = None, *, categories=None, jury=None,
                     **fields) -> AwardEvent:
    """Create or change an award event, its categories and its named jury. Publishing or
    withdrawing the results updates the award badges of the deeds."""
    _require_office(actor)
    created = event is None
    event = event or AwardEvent(created_by=actor)
    _set_fields(event, fields, EVENT_FIELDS)
    event.full_clean()
    with transaction.atomic():
        event.save()
        if categories is not None:
            event.categories.set(categories)
        if jury is not None:
            event.jury.set(jury)
        record(OTHER, actor=actor, target=f"award_event:{event.pk}",
               event="award_event.created" if created else "award_event.updated",
               results_published=event.results_published)
        sync_awarded(event.nominations.exclude(deed=None).values_list("deed_id", flat=True), actor=actor)
    return event


def nominate_for_award(actor, event: AwardEvent, category: AwardCategory, *, reason: str, deed: Deed | None = None,
                       organisation=None, person_name: str = "", person_title: str = "",
                       person_organisation=None) -> AwardNomination:
    """Anyone signed in proposes a deed, an organisation or a person for an award."""
    if not access.can(actor, "nominate", event):
        raise PermissionDenied
    if not event.categories.filter(pk=category.pk, is_active=True).exists():
        raise ValidationError({"category": _("Choose one of the event's categories.")})
    if deed is not None and deed.status != Deed.Status.PUBLISHED:
        raise ValidationError({"deed": _("Only published deeds can be proposed.")})
    nomination = AwardNomination(
        event=event, category=category, deed=deed, organisation=organisation,
        person_name=(person_name or "").strip(), person_title=(person_title or "").strip(),
        person_organisation=person_organisation, reason=(reason or "").strip(), nominated_by=actor,
    )
    nomination.full_clean()
    with transaction.atomic():
        nomination.save()
        record(OTHER, actor=actor, target=f"award_nomination:{nomination.pk}", event="award.nominated",
               award_event=event.pk, category=category.slug)
    jury = list(event.jury.all()) + _programme_office()
    emit("award.nominated", target=nomination, actor=actor, recipients=jury,
         data={"event": event.pk, "category": category.pk, "title": nomination.target_name,
               "url": reverse("campaigns:award_jury", args=[event.slug])})
    return nomination


def decide_award(actor, nomination: AwardNomination, decision: str, citation: str = "") -> AwardNomination:
    """The jury's decision. Winners and honourable mentions need a citation."""
    if not can_judge(actor, nomination.event):
        raise PermissionDenied
    if decision not in AwardNomination.Decision.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    citation = (citation or "").strip()
    if decision in AwardNomination.AWARDED and not citation:
        raise ValidationError({"citation": _("Write the citation for the award.")})
    previous = nomination.decision
    with transaction.atomic():
        nomination.decision = decision
        nomination.citation = citation
        nomination.decided_by = actor if decision != AwardNomination.Decision.PENDING else None
        nomination.decided_at = timezone.now() if decision != AwardNomination.Decision.PENDING else None
        nomination.full_clean(exclude=["event", "category", "deed", "organisation", "person_organisation"])
        nomination.save(update_fields=["decision", "citation", "decided_by", "decided_at"])
        record(DECISION, actor=actor, target=f"award_nomination:{nomination.pk}", event="award.decided",
               previous=previous, decision=decision, award_event=nomination.event_id)
        if nomination.deed_id:
            sync_awarded([nomination.deed_id], actor=actor)
    emit("award.decided", target=nomination, actor=actor, recipients=_programme_office(),
         data={"event": nomination.event_id, "decision": decision, "title": nomination.target_name,
               "url": reverse("campaigns:award_jury", args=[nomination.event.slug])})
    return nomination


def sync_awarded(deed_ids: Iterable[int], actor=None) -> int:
    """Keep the tori's ``Deed.awarded`` flag (its "awarded" facet) in line with the
    published awards. Returns how many deeds changed."""
    from latu.tori.actions import set_awarded

    deed_ids = set(deed_ids)
    if not deed_ids:
        return 0
    awarded_ids = set(
        AwardNomination.objects.filter(
            deed_id__in=deed_ids, decision__in=AwardNomination.AWARDED,
            event__is_published=True, event__results_published=True,
        ).values_list("deed_id", flat=True)
    )
    changed = 0
    for deed in Deed.objects.filter(pk__in=deed_ids).select_related("organisation"):
        should = deed.pk in awarded_ids
        if deed.awarded != should:
            set_awarded(deed, should, actor=actor)
            changed += 1
    return changed
