"""Every change in the idea pipeline. Each action validates, writes in one transaction,
records the audit entry where one is due and emits an event after the commit.

Submitting is the exception, because ideas arrive in bursts (a campaign's last day, a
workshop): ``submit_idea`` stores the idea and nothing else, and ``announce_new_ideas``
then does the rest for every new idea of the organisation at once in the background:
indexes them for search, starts their timelines and emits ``idea.submitted``
(notifications, dashboards, board counts).

Anonymous ideas: the author is never passed on. ``submit_idea(..., anonymous=True)``
stores no author, records no audit entry and emits its event with ``actor=None``;
the author acts later only through the receipt code (``comment_as_receipt_holder``).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from latu import access
from latu.access.ideas import can_decide_in_forum, can_handle, can_submit
from latu.audit.log import record
from latu.audit.models import AuditEvent
from latu.core.bulk import insert_all
from latu.core.events import after_commit, emit, emit_many, make_event
from latu.core.pseudonyms import coarse_time
from latu.core.rows import insert_one
from latu.organisations.models import Membership, Role, Unit

from . import ratelimit
from .models import (
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
    Support,
    new_receipt_code,
    receipt_hash,
)
from .search import guess_language, index_idea, prepare_terms, store_terms
from .uploads import check_upload

MAX_ATTACHMENTS = 5


# --- helpers -------------------------------------------------------------------------


def submission_key(token: str, scope: str = "") -> str:
    """The stored form of a one-time submission token (or API idempotency key)."""
    return hashlib.sha256(f"{scope}:{token}".encode()).hexdigest() if token else ""


def handlers_for(idea: Idea) -> list:
    """People who should hear about a new idea: innovators (then supervisors, then the
    organisation's admins) of the idea's unit or of the whole organisation."""
    return handlers_for_many([idea])[idea.pk]


def handlers_for_many(ideas: Sequence[Idea]) -> dict[int, list]:
    """:func:`handlers_for` of many ideas (by idea id) in a query per unit level and one
    for the memberships."""
    parents: dict[int, int | None] = {}
    frontier = {idea.unit_id for idea in ideas if idea.unit_id}
    while frontier:
        rows = list(Unit.objects.filter(pk__in=frontier).values_list("pk", "parent_id"))
        parents.update(rows)
        frontier = {parent for _, parent in rows if parent and parent not in parents}

    def chain(unit_id: int | None) -> set[int]:
        ids = set()
        while unit_id and unit_id not in ids:
            ids.add(unit_id)
            unit_id = parents.get(unit_id)
        return ids

    order = (Role.INNOVATOR, Role.SUPERVISOR, Role.ADMIN)
    memberships = list(
        Membership.objects.filter(organisation__in={idea.organisation_id for idea in ideas}, role__in=order,
                                  user__is_active=True)
        .filter(Q(unit__isnull=True) | Q(unit__in=set(parents))).select_related("user").order_by("pk")
    )
    by_place: dict[tuple[int, int | None], list[Membership]] = {}
    for membership in memberships:  # in pk order, kept within each place
        by_place.setdefault((membership.organisation_id, membership.unit_id), []).append(membership)
    result = {}
    for idea in ideas:
        places = [None, *chain(idea.unit_id)]
        held = sorted((m for place in places for m in by_place.get((idea.organisation_id, place), ())),
                      key=lambda m: m.pk)
        found: dict[str, list] = {role: [] for role in order}
        for membership in held:
            found[membership.role].append(membership.user)
        result[idea.pk] = next((people for role in order if (people := found[role])), [])
    return result


def followers(idea: Idea) -> list:
    """The named author, supporters and commenters of an idea."""
    from latu.accounts.models import User

    ids = set(Support.objects.filter(idea=idea).values_list("user_id", flat=True))
    ids |= set(Comment.objects.filter(idea=idea, author__isnull=False).values_list("author_id", flat=True))
    if idea.author_id:
        ids.add(idea.author_id)
    return list(User.objects.filter(pk__in=ids, is_active=True))


def forum_deciders(forum: Forum) -> list:
    roles = {Role.MANAGER, Role.ADMIN} if forum.kind == Forum.Kind.MANAGEMENT else {Role.SUPERVISOR, Role.MANAGER,
                                                                                      Role.ADMIN}
    qs = Membership.objects.filter(organisation=forum.organisation_id, role__in=roles, user__is_active=True)
    if forum.kind == Forum.Kind.SUPERVISORS and forum.unit_id:
        chain = [forum.unit_id, *(u.pk for u in forum.unit.ancestors())]
        qs = qs.filter(Q(unit__isnull=True) | Q(unit__in=chain))
    return list({m.user_id: m.user for m in qs.select_related("user")}.values())


def _event_data(idea: Idea, **extra) -> dict:
    return {"idea": idea.pk, "title": idea.title, "status": idea.status, "url": idea.get_absolute_url(), **extra}


def _mark_first_response(idea: Idea, actor) -> None:
    """The first thing a handler (other than the author) does counts as the response."""
    if idea.first_response_at is not None or actor is None or actor.pk == idea.author_id:
        return
    now = timezone.now()
    if Idea.objects.filter(pk=idea.pk, first_response_at__isnull=True).update(first_response_at=now):
        idea.first_response_at = now


def _activity(idea: Idea, kind: str, actor=None, /, *, by_idea_author: bool = False, **data) -> Activity:
    return Activity.objects.create(idea=idea, kind=kind, actor=actor, by_idea_author=by_idea_author, data=data)


def _stale() -> ValidationError:
    return ValidationError(
        _("Someone else changed this idea while you were working on it. Check the current situation and try again."),
        code="stale",
    )


# --- submitting and editing ------------------------------------------------------------


@dataclass
class Submission:
    idea: Idea
    created: bool
    receipt_code: str = ""  # shown once to an anonymous author, never stored


def _earlier_submission(key: str) -> Submission | None:
    idea = Idea.objects.filter(submission_key=key).first() if key else None
    return None if idea is None else Submission(idea, created=False)


def submit_idea(
    user,
    organisation,
    *,
    title: str,
    description: str,
    problem: str = "",
    proposal: str = "",
    beneficiaries: str = "",
    unit=None,
    strategy_goal=None,
    anonymous: bool = False,
    source: str | None = None,
    token: str = "",
    token_scope: str = "",
    attachments: Sequence = (),
    alt_texts: Sequence[str] = (),
    rate_identity: str | None = None,
) -> Submission:
    """Create an idea. The same ``token`` twice returns the first idea (created=False)."""
    if not can_submit(user, organisation):
        raise ValidationError(_("You cannot send ideas to this organisation."), code="forbidden")
    # A key used before is found by the unique index when the INSERT fails: the first
    # submission is answered again without a query on the way there.
    key = submission_key(token, token_scope)
    title, description = (title or "").strip(), (description or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the idea a title.")
    if not description:
        errors["description"] = _("Describe the idea.")
    if unit is not None and unit.organisation_id != organisation.pk:
        errors["unit"] = _("The unit must belong to the same organisation.")
    if strategy_goal is not None and strategy_goal.organisation_id != organisation.pk:
        errors["strategy_goal"] = _("The strategy goal must belong to the same organisation.")
    if len(attachments) > MAX_ATTACHMENTS:
        errors["attachments"] = _("At most %(n)d attachments.") % {"n": MAX_ATTACHMENTS}
    if errors:
        raise ValidationError(errors)
    checked = [check_upload(f, anonymous=anonymous, number=i + 1) for i, f in enumerate(attachments)]
    if source is None:
        source = Idea.Source.STAFF if access.is_member(user, organisation) else Idea.Source.CITIZEN
    if rate_identity is None:
        rate_identity = ratelimit.user_identity(user)
    try:
        ratelimit.check("ANONYMOUS_IDEAS" if anonymous else "IDEAS", rate_identity)
    except ratelimit.RateLimited:
        if (earlier := _earlier_submission(key)) is None:
            raise
        return earlier  # a repeat is not a new submission

    code = new_receipt_code() if anonymous else ""
    # An anonymous idea keeps its times to the hour: exact ones could be matched against
    # sign-ins and audit rows.
    sent = coarse_time(timezone.now()) if anonymous else timezone.now()
    idea = Idea(
        organisation=organisation, unit=unit, strategy_goal=strategy_goal, title=title[:200],
        description=description, problem=(problem or "").strip(), proposal=(proposal or "").strip(),
        beneficiaries=(beneficiaries or "").strip(), source=source, author=None if anonymous else user,
        is_anonymous=anonymous, receipt_hash=receipt_hash(code) if anonymous else "", submission_key=key,
        language=guess_language(title, description, default=organisation.default_language), announced=False,
        created_at=sent, updated_at=sent,
    )
    try:
        # One INSERT needs no transaction; inside one (tests, a caller's), a savepoint
        # keeps it usable after a repeated key.
        atomic = checked or transaction.get_connection().in_atomic_block
        with transaction.atomic() if atomic else nullcontext():
            insert_one(idea)  # nothing listens to an idea's post_save
            for i, upload in enumerate(checked):
                Attachment.objects.create(
                    idea=idea, file=upload.content, kind=upload.kind, content_type=upload.content_type,
                    size=upload.size, name=upload.name,
                    alt_text=(alt_texts[i] if i < len(alt_texts) else "")[:300],
                    uploaded_by=None if anonymous else user, created_at=sent,
                )
    except IntegrityError:
        if (earlier := _earlier_submission(key)) is None:
            raise
        return earlier
    except DatabaseError:
        # Not stored (the database went away): sending it again is not one more idea.
        ratelimit.refund("ANONYMOUS_IDEAS" if anonymous else "IDEAS", rate_identity)
        raise
    after_commit(partial(schedule_announcement, organisation.pk))
    return Submission(idea, created=True, receipt_code=code)


# --- announcing new ideas (in the background, in batches) -----------------------------------

ANNOUNCE_DELAY = 1  # seconds: new ideas of an organisation are announced together
ANNOUNCE_BATCH = 500


# organisation → until when (time.monotonic()) the task this process queued for it is
# surely still ahead: ideas stored by then need no round trip to the cache.
_queued: dict[int, float] = {}


def schedule_announcement(organisation_id: int) -> None:
    """Have the organisation's new ideas announced. With a task backend that can defer
    work, at most one task per organisation is queued within ``ANNOUNCE_DELAY`` seconds,
    and it announces every idea stored by the time it runs; the immediate backend (local
    use, tests) announces at once. An idea whose task could not be queued is announced
    with the next one of its organisation.

    A process that has just queued the task knows it will not start before
    ``ANNOUNCE_DELAY``: for the first half of that time (the rest allows for clocks that
    differ between machines) its next ideas of the organisation skip the cache, which
    spares a burst of ideas (a workshop, the work-community game) a round trip each."""
    from latu.ideas.tasks import announce_ideas

    if not announce_ideas.get_backend().supports_defer:
        announce_ideas.enqueue(organisation_id)
        return
    now = time.monotonic()
    if _queued.get(organisation_id, 0.0) > now:
        return
    if cache.add(f"latu:ideas:announce:{organisation_id}", 1, ANNOUNCE_DELAY):
        run_after = timezone.now() + timedelta(seconds=ANNOUNCE_DELAY)
        announce_ideas.using(run_after=run_after).enqueue(organisation_id)
        if len(_queued) >= 10_000:
            _queued.clear()
        _queued[organisation_id] = now + ANNOUNCE_DELAY / 2


def forget_queued_announcements() -> None:
    """Forget the tasks this process has queued (tests)."""
    _queued.clear()


def announce_new_ideas(organisation_id: int) -> int:
    """Finish submitting for every new idea of the organisation, a batch at a time:
    index them for search, start their timelines and emit ``idea.submitted`` to their
    handlers. Concurrent runs skip each other's ideas. Returns how many were announced."""
    announced = 0
    while True:
        with transaction.atomic():
            ideas = list(
                Idea.objects.filter(organisation_id=organisation_id, announced=False)
                .select_related("organisation", "author").select_for_update(skip_locked=True, of=("self",))
                .order_by("pk")[:ANNOUNCE_BATCH]
            )
            if not ideas:
                return announced
            Idea.objects.filter(pk__any_of=[idea.pk for idea in ideas]).update(announced=True)
            store_terms(ideas, prepare_terms(ideas))
            insert_all([
                Activity(idea=idea, kind=Activity.Kind.SUBMITTED, actor=None if idea.is_anonymous else idea.author,
                         by_idea_author=True, created_at=idea.created_at)
                for idea in ideas
            ])
            handlers = handlers_for_many(ideas)
            emit_many([
                make_event("idea.submitted", target=idea, actor=None if idea.is_anonymous else idea.author,
                           organisation=idea.organisation, recipients=handlers[idea.pk],
                           data=_event_data(idea, anonymous=idea.is_anonymous))
                for idea in ideas
            ])
        announced += len(ideas)
        if len(ideas) < ANNOUNCE_BATCH:
            return announced


WAITING_SECONDS = 30  # an idea still unannounced this long after it was stored lost its task


def announce_waiting() -> int:
    """Announce the ideas whose announcing task was lost: the database or their app
    server went away between storing the idea and queueing (or running) the task. The
    task worker runs this every minute and after a database outage (``latu worker``)."""
    cutoff = timezone.now() - timedelta(seconds=WAITING_SECONDS)
    organisations = (Idea.objects.filter(announced=False, created_at__lt=cutoff)
                     .values_list("organisation_id", flat=True).distinct())
    return sum(announce_new_ideas(organisation_id) for organisation_id in list(organisations))


EDITABLE_FIELDS = ("title", "description", "problem", "proposal", "beneficiaries", "unit", "strategy_goal")


def edit_idea(idea: Idea, user, **changes) -> Idea:
    if not access.can(user, "change", idea):
        raise ValidationError(_("Only the author can edit the idea, and only while it is new."), code="forbidden")
    return _edit(idea, changes, actor=user)


def _edit(idea: Idea, changes: dict, actor) -> Idea:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name in ("title", "description"):
        if name in changes and not (changes[name] or "").strip():
            raise ValidationError({name: _("This field is required.")})
    unit, goal = changes.get("unit", idea.unit), changes.get("strategy_goal", idea.strategy_goal)
    if unit is not None and unit.organisation_id != idea.organisation_id:
        raise ValidationError({"unit": _("The unit must belong to the same organisation.")})
    if goal is not None and goal.organisation_id != idea.organisation_id:
        raise ValidationError({"strategy_goal": _("The strategy goal must belong to the same organisation.")})
    before = (idea.unit_id, idea.strategy_goal_id)
    with transaction.atomic():
        version = idea.version
        for name, value in changes.items():
            setattr(idea, name, value.strip() if isinstance(value, str) else value)
        idea.updated_at = timezone.now()
        updated = Idea.objects.filter(pk=idea.pk, version=version, status=Idea.Status.NEW).update(
            **{name: getattr(idea, name) for name in changes}, updated_at=idea.updated_at
        )
        if not updated:
            raise _stale()
        index_idea(idea)
        _activity(idea, Activity.Kind.EDITED, actor, by_idea_author=True)
        if (idea.unit_id, idea.strategy_goal_id) != before:
            # The dashboards count its supports and comments under the new place.
            emit("idea.moved", target=idea, actor=None, organisation=idea.organisation,
                 data={"idea": idea.pk, "from_unit": before[0], "from_goal": before[1]})
    return idea


def add_attachment(idea: Idea, user, upload, alt_text: str = "") -> Attachment:
    if not access.can(user, "attach", idea):
        raise ValidationError(_("You cannot add attachments to this idea."), code="forbidden")
    if idea.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(_("At most %(n)d attachments.") % {"n": MAX_ATTACHMENTS}, code="too_many")
    # Only named people add attachments afterwards (the anonymous author has no account link).
    checked = check_upload(upload, number=idea.attachments.count() + 1)
    with transaction.atomic():
        attachment = Attachment.objects.create(
            idea=idea, file=checked.content, kind=checked.kind, content_type=checked.content_type,
            size=checked.size, name=checked.name, alt_text=(alt_text or "")[:300], uploaded_by=user,
        )
        _activity(idea, Activity.Kind.ATTACHMENT, user, by_idea_author=user.pk == idea.author_id,
                  name=checked.name)
    return attachment


# --- support --------------------------------------------------------------------------


def support(idea: Idea, user) -> bool:
    """Support an idea once; returns False when the person already supports it."""
    if not access.can(user, "support", idea):
        raise ValidationError(_("You cannot support this idea."), code="forbidden")
    if idea.author_id == user.pk:
        raise ValidationError(_("You cannot support your own idea."), code="own_idea")
    try:
        with transaction.atomic():
            Support.objects.create(idea=idea, user=user)
            Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    idea.support_count += 1
    emit("idea.supported", target=idea, actor=user, organisation=idea.organisation,
         recipients=[idea.author] if idea.author_id else [], data=_event_data(idea))
    return True


def withdraw_support(idea: Idea, user) -> bool:
    """Take one's support back; returns False when there was none. The dashboards hear
    of it (``idea.support_withdrawn``, with the day the support was given)."""
    with transaction.atomic():
        given = Support.objects.filter(idea=idea, user=user).values_list("pk", "created_at").first()
        if given is None:
            return False
        Support.objects.filter(pk=given[0]).delete()
        Idea.objects.filter(pk=idea.pk, support_count__gt=0).update(support_count=F("support_count") - 1)
        idea.support_count = max(0, idea.support_count - 1)
        emit("idea.support_withdrawn", target=idea, actor=user, organisation=idea.organisation,
             data={"given": timezone.localdate(given[1]).isoformat()})
    return True


# --- comments and moderation ------------------------------------------------------------

# "@" at the start of a word: the "@" of an email address (eeva@hollola.fi) is no mention.
_MENTION = re.compile(r"(?<![\w.@])@([^\W\d_][\w'’.-]*(?:[ \t][^\W\d_][\w'’.-]*){0,2})")


def resolve_mentions(organisation, body: str) -> list:
    """People of the organisation mentioned as @Firstname Lastname (or @Firstname when
    only one member has that first name)."""
    return _resolve_mentions(organisation, body)[0]


def _resolve_mentions(organisation, body: str) -> tuple[list, list[str], list[str]]:
    """The people mentioned, the @names (as written) that matched nobody, and the @first
    names that matched several people (nobody of them is picked: the writer is told)."""
    from latu.accounts.models import User

    matches = [match.group(1).rstrip(".,;:!?").split() for match in _MENTION.finditer(body or "")]
    candidates: set[str] = set()
    for words in matches:
        for n in range(len(words), 0, -1):
            candidates.add(" ".join(words[:n]).rstrip(".,;:!?").casefold())
    if not candidates:
        return [], [], []
    members = User.objects.filter(memberships__organisation=organisation, is_active=True).distinct()
    condition = Q()
    for candidate in sorted(candidates)[:30]:
        condition |= Q(name__iexact=candidate) | Q(name__istartswith=candidate + " ")
    found = list(members.filter(condition))
    by_full = {u.name.casefold(): u for u in found}
    mentioned, unmatched, ambiguous = {}, [], []
    for words in matches:
        for n in range(len(words), 0, -1):
            candidate = " ".join(words[:n]).rstrip(".,;:!?").casefold()
            if candidate in by_full:
                person = by_full[candidate]
                mentioned[person.pk] = person
                break
            if n == 1:
                same_first = [u for u in found if u.name.casefold().split(" ")[0] == candidate]
                if len(same_first) == 1:
                    mentioned[same_first[0].pk] = same_first[0]
                elif same_first:
                    ambiguous.append("@" + words[0].rstrip(".,;:!?"))
                else:
                    unmatched.append("@" + words[0].rstrip(".,;:!?"))
    return list(mentioned.values()), list(dict.fromkeys(unmatched)), list(dict.fromkeys(ambiguous))


def comment(idea: Idea, user, body: str, parent: Comment | None = None) -> Comment:
    if not access.can(user, "comment", idea):
        raise ValidationError(_("You cannot comment on this idea."), code="forbidden")
    ratelimit.check("COMMENTS", ratelimit.user_identity(user))
    return _comment(idea, body, parent, author=user)


def comment_as_receipt_holder(idea: Idea, code: str, body: str, parent=None, *, rate_identity: str) -> Comment:
    """The anonymous author answers through their receipt: the comment shows "the
    author" and is stored without any person."""
    if not idea.is_anonymous or not code or receipt_hash(code) != idea.receipt_hash:
        raise ValidationError(_("The receipt code is not valid."), code="bad_receipt")
    if idea.status == Idea.Status.MERGED:
        raise ValidationError(_("The idea has been merged into another; continue the discussion there."))
    ratelimit.check("COMMENTS", rate_identity)
    return _comment(idea, body, parent, author=None)


def _comment(idea: Idea, body: str, parent: Comment | None, author) -> Comment:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment.")})
    if len(body) > 3000:
        raise ValidationError({"body": _("The comment is too long (at most 3000 characters).")})
    if parent is not None:
        if parent.idea_id != idea.pk:
            raise ValidationError(_("The reply must be to a comment on the same idea."))
        if parent.parent_id is not None:
            parent = parent.parent  # replies stay one level deep
    by_author = author is None or author.pk == idea.author_id
    mentioned, unmatched, ambiguous = _resolve_mentions(idea.organisation, body)
    with transaction.atomic():
        earlier = followers(idea)
        new = Comment.objects.create(idea=idea, parent=parent, author=author, by_idea_author=by_author, body=body)
        if mentioned:
            new.mentions.set(mentioned)
        Idea.objects.filter(pk=idea.pk).update(comment_count=F("comment_count") + 1)
        idea.comment_count += 1
        if author is not None and can_handle(author, idea):
            _mark_first_response(idea, author)
        _activity(idea, Activity.Kind.COMMENTED, author, by_idea_author=by_author, comment=new.pk)
    mentioned_ids = {p.pk for p in mentioned}
    recipients = [p for p in earlier if p.pk not in mentioned_ids]
    if parent is not None and parent.author_id and parent.author_id not in mentioned_ids:
        recipients.append(parent.author)
    data = _event_data(idea, comment=new.pk, by_idea_author=by_author)
    emit("comment.created", target=new, actor=author, organisation=idea.organisation, recipients=recipients,
         data=data)
    if mentioned:
        emit("comment.mentioned", target=new, actor=author, organisation=idea.organisation, recipients=mentioned,
             data=data)
    new.unmatched_mentions = unmatched  # for the page to tell the writer (not stored)
    new.ambiguous_mentions = ambiguous
    return new


def hide_comment(comment_obj: Comment, actor, reason: str) -> Comment:
    if not access.can(actor, "moderate", comment_obj):
        raise ValidationError(_("You cannot moderate this discussion."), code="forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for hiding the comment.")})
    now = timezone.now()
    with transaction.atomic():
        updated = Comment.objects.filter(pk=comment_obj.pk, is_hidden=False).update(
            is_hidden=True, hidden_reason=reason[:300], hidden_by=actor, hidden_at=now
        )
        if not updated:
            raise ValidationError(_("The comment is already hidden."), code="already_hidden")
        comment_obj.is_hidden, comment_obj.hidden_reason, comment_obj.hidden_by, comment_obj.hidden_at = (
            True, reason[:300], actor, now)
        CommentReport.objects.filter(comment=comment_obj, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=actor
        )
        idea = comment_obj.idea
        _activity(idea, Activity.Kind.COMMENT_HIDDEN, actor, comment=comment_obj.pk, reason=reason[:300])
        record(AuditEvent.Action.MODERATION, actor=actor, organisation=idea.organisation,
               target=f"comment:{comment_obj.pk}", idea=idea.pk, operation="hide", reason=reason[:300])
    emit("comment.hidden", target=comment_obj, actor=actor, organisation=idea.organisation,
         recipients=[comment_obj.author] if comment_obj.author_id else [],
         data=_event_data(idea, comment=comment_obj.pk, reason=reason[:300]))
    return comment_obj


def restore_comment(comment_obj: Comment, actor) -> Comment:
    if not access.can(actor, "moderate", comment_obj):
        raise ValidationError(_("You cannot moderate this discussion."), code="forbidden")
    with transaction.atomic():
        Comment.objects.filter(pk=comment_obj.pk).update(is_hidden=False, hidden_at=None)
        comment_obj.is_hidden = False
        record(AuditEvent.Action.MODERATION, actor=actor, organisation=comment_obj.idea.organisation,
               target=f"comment:{comment_obj.pk}", idea=comment_obj.idea_id, operation="restore")
    return comment_obj


def report_comment(comment_obj: Comment, user, reason: str) -> CommentReport:
    if not access.can(user, "report", comment_obj):
        raise ValidationError(_("You cannot report this comment."), code="forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell briefly what is wrong with the comment.")})
    ratelimit.check("REPORTS", ratelimit.user_identity(user))
    report, created = CommentReport.objects.get_or_create(
        comment=comment_obj, reporter=user, defaults={"reason": reason[:300]}
    )
    if created:
        idea = comment_obj.idea
        emit("comment.reported", target=comment_obj, actor=user, organisation=idea.organisation,
             recipients=handlers_for(idea), data=_event_data(idea, comment=comment_obj.pk))
    return report


# --- handling: evaluation, status and decisions ----------------------------------------


def start_evaluation(idea: Idea, actor, version: int | None = None) -> Idea:
    if not access.can(actor, "evaluate", idea):
        raise ValidationError(_("You cannot handle this idea."), code="forbidden")
    with transaction.atomic():
        _transition(idea, Idea.Status.IN_EVALUATION, version, allowed=(Idea.Status.NEW,))
        _mark_first_response(idea, actor)
        _activity(idea, Activity.Kind.STATUS, actor, status=idea.status)
    emit("idea.status_changed", target=idea, actor=actor, organisation=idea.organisation,
         recipients=followers(idea), data=_event_data(idea))
    return idea


def mark_implemented(idea: Idea, actor, note: str = "", version: int | None = None) -> Idea:
    if not access.can(actor, "mark_implemented", idea):
        raise ValidationError(_("Only a decided idea or one in an experiment can be marked implemented."),
                              code="forbidden")
    with transaction.atomic():
        _transition(idea, Idea.Status.IMPLEMENTED, version,
                    allowed=(Idea.Status.DECIDED, Idea.Status.IN_EXPERIMENT))
        _activity(idea, Activity.Kind.STATUS, actor, status=idea.status, note=(note or "")[:500])
    emit("idea.status_changed", target=idea, actor=actor, organisation=idea.organisation,
         recipients=followers(idea), data=_event_data(idea))
    return idea


def set_status(idea: Idea, status: str, actor=None, note: str = "") -> Idea:
    """A status change caused elsewhere (an experiment adopted or stopped), no decision."""
    with transaction.atomic():
        _transition(idea, status, None, allowed=tuple(Idea.Status))
        _activity(idea, Activity.Kind.STATUS, actor, status=status, note=(note or "")[:500])
    emit("idea.status_changed", target=idea, actor=actor, organisation=idea.organisation,
         recipients=followers(idea), data=_event_data(idea))
    return idea


def _transition(idea: Idea, status: str, version: int | None, *, allowed: Iterable[str], **fields) -> None:
    """Conditional UPDATE: succeeds only if the idea still has the version (when given)
    and a status in ``allowed`` — so of two concurrent decisions only one wins."""
    expected = idea.version if version is None else int(version)
    now = timezone.now()
    values = {"status": status, "version": expected + 1, "updated_at": now, **fields}
    updated = Idea.objects.filter(pk=idea.pk, version=expected, status__in=list(allowed)).update(**values)
    if not updated:
        raise _stale()
    for name, value in values.items():
        setattr(idea, name, value)


def evaluate(idea: Idea, evaluator, scores: dict, notes: dict | None = None) -> list[Evaluation]:
    """Save the evaluator's scores (criterion id → 1..5) and notes; scores of other
    evaluators are kept. A new idea moves to evaluation."""
    if not access.can(evaluator, "evaluate", idea):
        raise ValidationError(_("You cannot evaluate this idea."), code="forbidden")
    notes = notes or {}
    criteria = {c.pk: c for c in Criterion.objects.filter(organisation=idea.organisation_id, is_active=True)}
    errors = {}
    for criterion_id, score in scores.items():
        if int(criterion_id) not in criteria:
            errors[f"criterion_{criterion_id}"] = _("Unknown criterion.")
        elif score is not None and not 1 <= int(score) <= 5:
            errors[f"criterion_{criterion_id}"] = _("Give a score from 1 to 5.")
    if not any(score is not None for score in scores.values()):
        errors["__all__"] = _("Score at least one criterion.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    saved = []
    with transaction.atomic():
        for criterion_id, score in scores.items():
            if score is None:
                Evaluation.objects.filter(idea=idea, evaluator=evaluator, criterion_id=int(criterion_id)).delete()
                continue
            evaluation, _created = Evaluation.objects.update_or_create(
                idea=idea, evaluator=evaluator, criterion_id=int(criterion_id),
                defaults={"score": int(score), "note": (notes.get(criterion_id) or "").strip()[:500],
                          "updated_at": now},
            )
            saved.append(evaluation)
        if idea.status == Idea.Status.NEW:
            _transition(idea, Idea.Status.IN_EVALUATION, None, allowed=(Idea.Status.NEW,))
        _mark_first_response(idea, evaluator)
        _activity(idea, Activity.Kind.EVALUATED, evaluator, criteria=len(saved))
    emit("idea.evaluated", target=idea, actor=evaluator, organisation=idea.organisation, data=_event_data(idea))
    return saved


def decide(
    idea: Idea,
    actor,
    kind: str,
    reason: str,
    *,
    version: int | None = None,
    forum: Forum | None = None,
    merge_into: Idea | None = None,
    meeting: ForumMeeting | None = None,
) -> Decision:
    """Record a decision with its reason. ``version`` is the idea version the decision
    was made on: if the idea changed meanwhile (another decision won), a ValidationError
    with code "stale" is raised and nothing is saved."""
    if kind not in Decision.Kind.values:
        raise ValidationError({"kind": _("Choose a decision.")})
    if not access.can(actor, "decide", idea):
        if idea.status not in Idea.OPEN_STATUSES:
            raise _stale() if version is not None and int(version) != idea.version else ValidationError(
                _("This idea has already been decided."), code="decided")
        raise ValidationError(_("You cannot decide on this idea."), code="forbidden")
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Every decision needs a reason. The author and the supporters will read it.")
    if kind == Decision.Kind.ESCALATE:
        if forum is None:
            errors["forum"] = _("Choose the forum the idea is escalated to.")
        elif forum.organisation_id != idea.organisation_id or not forum.is_active:
            errors["forum"] = _("Choose a forum of the same organisation.")
        elif forum.pk == idea.escalated_to_id:
            errors["forum"] = _("The idea is already waiting for this forum.")
    if kind == Decision.Kind.MERGE:
        if merge_into is None:
            errors["merge_into"] = _("Choose the idea to merge this one into.")
        elif merge_into.pk == idea.pk:
            errors["merge_into"] = _("An idea cannot be merged into itself.")
        elif merge_into.organisation_id != idea.organisation_id:
            errors["merge_into"] = _("Choose an idea of the same organisation.")
        elif merge_into.status == Idea.Status.MERGED:
            errors["merge_into"] = _("That idea has itself been merged; choose the idea it was merged into.")
    if meeting is not None:
        if idea.escalated_to_id is None or meeting.forum_id != idea.escalated_to_id:
            errors["meeting"] = _("The idea is not on this forum's agenda.")
        elif not can_decide_in_forum(actor, meeting.forum):
            raise ValidationError(_("You cannot decide in this forum."), code="forbidden")
    if errors:
        raise ValidationError(errors)

    status_before = idea.status
    status_after = Decision.RESULT[kind]
    now = timezone.now()
    with transaction.atomic():
        fields = {}
        if kind == Decision.Kind.ESCALATE:
            fields["escalated_to"] = forum
        else:
            fields.update(decided_at=now, escalated_to=None)
        if kind == Decision.Kind.MERGE:
            fields["merged_into"] = merge_into
        _transition(idea, status_after, version, allowed=Idea.OPEN_STATUSES, **fields)
        decision = Decision.objects.create(
            idea=idea, kind=kind, reason=reason, decided_by=actor, meeting=meeting,
            forum=forum if kind == Decision.Kind.ESCALATE else None,
            merged_into=merge_into if kind == Decision.Kind.MERGE else None,
            status_before=status_before, status_after=status_after, created_at=now,
        )
        _mark_first_response(idea, actor)
        if meeting is not None:
            AgendaItem.objects.update_or_create(meeting=meeting, idea=idea, defaults={"decision": decision})
        _activity(idea, Activity.Kind.DECIDED, actor, decision=decision.pk, kind=kind, reason=reason[:500])
        agenda_meeting = None
        if kind == Decision.Kind.ESCALATE:
            agenda_meeting = forum.next_meeting()
            if agenda_meeting is not None:
                AgendaItem.objects.get_or_create(meeting=agenda_meeting, idea=idea)
                _activity(idea, Activity.Kind.ON_AGENDA, actor, meeting=agenda_meeting.pk,
                          date=agenda_meeting.date.isoformat(), forum=forum.name)
        if kind == Decision.Kind.MERGE:
            _move_supports(idea, merge_into)
            _activity(merge_into, Activity.Kind.MERGED_HERE, actor, idea=idea.pk, title=idea.title)
        record(AuditEvent.Action.DECISION, actor=actor, organisation=idea.organisation, target=f"idea:{idea.pk}",
               kind=kind, decision=decision.pk, status_before=status_before, status_after=status_after)
        audience = followers(idea)
    data = _event_data(idea, decision=decision.pk, kind=kind, reason=reason)
    emit("idea.decided", target=decision, actor=actor, organisation=idea.organisation, recipients=audience,
         data=data)
    if kind == Decision.Kind.ESCALATE:
        emit("idea.escalated", target=decision, actor=actor, organisation=idea.organisation,
             recipients=forum_deciders(forum),
             data={**data, "forum": forum.pk, "meeting": agenda_meeting.pk if agenda_meeting else None})
    if kind == Decision.Kind.MERGE:
        emit("idea.merged", target=decision, actor=actor, organisation=idea.organisation,
             recipients=[*audience, *followers(merge_into)],
             data={**data, "merged_into": merge_into.pk, "merged_into_title": merge_into.title})
    return decision


def _move_supports(source: Idea, target: Idea) -> None:
    users = list(Support.objects.filter(idea=source).values_list("user_id", "created_at"))
    Support.objects.bulk_create(
        [Support(idea=target, user_id=user_id, created_at=at) for user_id, at in users if user_id != target.author_id],
        ignore_conflicts=True,
    )
    Support.objects.filter(idea=source).delete()
    recount_supports([source.pk, target.pk])
    source.support_count = 0
    target.support_count = Idea.objects.values_list("support_count", flat=True).get(pk=target.pk)


def recount_supports(idea_ids: Iterable[int]) -> None:
    """Set the support counts of these ideas from their supports, in one statement."""
    supports = Support.objects.filter(idea=OuterRef("pk")).order_by().values("idea").annotate(n=Count("pk")).values("n")
    Idea.objects.filter(pk__in=list(idea_ids)).update(
        support_count=Coalesce(Subquery(supports, output_field=IntegerField()), Value(0))
    )


# --- forums ---------------------------------------------------------------------------


def create_forum(organisation, actor, *, kind: str, name: str, unit=None) -> Forum:
    if not access.has_role(actor, organisation, {Role.ADMIN}):
        raise ValidationError(_("Only the organisation's admins set up forums."), code="forbidden")
    forum = Forum(organisation=organisation, kind=kind, name=(name or "").strip(), unit=unit)
    forum.full_clean()
    with transaction.atomic():
        forum.save()
        record(AuditEvent.Action.ORG_CHANGED, actor=actor, organisation=organisation, target=f"forum:{forum.pk}",
               name=forum.name)
    return forum


def pending_for_forum(forum: Forum, today: date | None = None):
    """Open ideas escalated to the forum that are on no upcoming meeting's agenda."""
    today = today or timezone.localdate()
    upcoming = AgendaItem.objects.filter(meeting__forum=forum, meeting__date__gte=today, decision__isnull=True)
    return (
        Idea.objects.filter(escalated_to=forum, status__in=Idea.OPEN_STATUSES)
        .exclude(pk__in=upcoming.values("idea"))
        .select_related("unit")
        .order_by("created_at")
    )


def create_meeting(forum: Forum, actor, *, date: date, notes: str = "") -> ForumMeeting:
    """Schedule a meeting; ideas waiting for the forum go on its agenda when it is upcoming."""
    if not can_decide_in_forum(actor, forum):
        raise ValidationError(_("You cannot hold meetings of this forum."), code="forbidden")
    with transaction.atomic():
        meeting = ForumMeeting.objects.create(forum=forum, date=date, notes=(notes or "").strip())
        if date >= timezone.localdate():
            for idea in pending_for_forum(forum):
                AgendaItem.objects.create(meeting=meeting, idea=idea)
                _activity(idea, Activity.Kind.ON_AGENDA, actor, meeting=meeting.pk, date=date.isoformat(),
                          forum=forum.name)
    return meeting


def dismiss_report(report: CommentReport, actor) -> CommentReport:
    if not access.can(actor, "resolve", report):
        raise ValidationError(_("You cannot handle this report."), code="forbidden")
    with transaction.atomic():
        CommentReport.objects.filter(comment=report.comment_id, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=actor
        )
        record(AuditEvent.Action.MODERATION, actor=actor, organisation=report.comment.idea.organisation,
               target=f"comment:{report.comment_id}", idea=report.comment.idea_id, operation="dismiss_reports")
    return report


# --- settings -------------------------------------------------------------------------


def save_pipeline_settings(form, actor):
    settings_obj = form.instance
    if not access.can(actor, "manage", settings_obj):
        raise ValidationError(_("Only the organisation's admins change these settings."), code="forbidden")
    with transaction.atomic():
        form.save()
        record(AuditEvent.Action.ORG_CHANGED, actor=actor, organisation=settings_obj.organisation,
               target="idea targets", first_response=settings_obj.first_response_target_days,
               decision=settings_obj.decision_target_days)
    return settings_obj


def save_criterion(form, organisation, actor) -> Criterion:
    if not access.has_role(actor, organisation, {Role.ADMIN}):
        raise ValidationError(_("Only the organisation's admins change the criteria."), code="forbidden")
    criterion = form.save(commit=False)
    criterion.organisation = organisation
    with transaction.atomic():
        criterion.save()
        record(AuditEvent.Action.ORG_CHANGED, actor=actor, organisation=organisation,
               target=f"criterion:{criterion.pk}", name=criterion.name_fi, active=criterion.is_active)
    return criterion
