"""From events to notifications: one row per recipient, as each person has chosen,
and an email task for those who want to hear at once."""

import logging
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import NoReverseMatch

from latu.core.bulk import insert_all
from latu.core.events import Event
from latu.notifications.models import Notification, effective_preferences
from latu.notifications.registry import KEPT_PARAMS, MAX_PARAM_LENGTH, EmailDelivery, kind_for

logger = logging.getLogger(__name__)

# What a target may belong to, for its title and link (a comment → its idea or deed).
PARENTS = ("idea", "deed", "experiment")


def on_events(sender, events: list[Event], **kwargs) -> None:
    """Receiver of ``latu.core.events.events_emitted``. The actions that emitted the
    events have already been saved: a failure here is logged and never undoes or breaks
    them."""
    events = [event for event in events if event.recipients]
    if not events:
        return
    try:
        deliver_many(events)
    except Exception:
        logger.exception("Could not create notifications for the events %s",
                         ", ".join(sorted({event.kind for event in events})))


def deliver(event: Event, *, send_email: bool = True) -> list[Notification]:
    """Create one event's notifications; see :func:`deliver_many`."""
    return deliver_many([event], send_email=send_email)


def deliver_many(events: list[Event], *, send_email: bool = True) -> list[Notification]:
    """Create the events' notifications in bulk (one query for everyone's preferences,
    one insert); enqueue the immediate emails after the transaction commits. Returns the
    notifications created."""
    planned = []
    for event in events:
        actor = event.actor if getattr(event.actor, "is_authenticated", False) else None
        recipients = list({
            person.pk: person for person in event.recipients
            if getattr(person, "pk", None) and person.is_active and (actor is None or person.pk != actor.pk)
        }.values())
        if recipients:
            planned.append((event, actor, recipients))
    if not planned:
        return []
    preferences = effective_preferences({person.pk for _, _, recipients in planned for person in recipients})
    rows = []
    for event, actor, recipients in planned:
        spec = kind_for(event.kind)
        author_id = _idea_author_id(event.target) if spec.author_category else None
        target = None if isinstance(event.target, get_user_model()) else event.target
        title, url = _describe(target, event.data or {})
        target_type = ContentType.objects.get_for_model(target) if getattr(target, "pk", None) else None
        params = _kept_params(event.data or {})
        organisation_id = getattr(event.organisation, "pk", event.organisation)
        actor_name = _name(actor)
        for person in recipients:
            category = spec.author_category if author_id and person.pk == author_id else spec.category
            in_app, email = preferences[person.pk][category]
            if not person.email or not send_email:
                email = EmailDelivery.OFF
            if not in_app and email == EmailDelivery.OFF:
                continue
            rows.append(Notification(
                recipient=person, kind=event.kind[:60], category=category, organisation_id=organisation_id,
                actor=actor, actor_name=actor_name,
                target_type=target_type, target_id=target.pk if target_type else None,
                title=title, url=url, params=params, in_app=in_app, email=email,
            ))
    with transaction.atomic():
        created = insert_all(rows)
    for notification in created:
        if notification.email == EmailDelivery.IMMEDIATE:
            from latu.notifications.tasks import send_notification_email

            transaction.on_commit(partial(send_notification_email.enqueue, notification.pk), robust=True)
    return created


def _name(actor) -> str:
    """The actor's name as others see it; empty when there is no actor (an anonymous
    author or the system)."""
    if actor is None:
        return ""
    return (actor.get_full_name() or actor.get_short_name() or "")[:150]


def _idea_author_id(target) -> int | None:
    """The author of the idea an idea event is about (an idea, a decision on it, a
    comment on it); None for anonymous ideas and other targets."""
    meta = getattr(target, "_meta", None)
    if meta is None:
        return None
    if meta.label == "ideas.Idea":
        return target.author_id
    idea = getattr(target, "idea", None)
    return getattr(idea, "author_id", None)


def _describe(target, data: dict) -> tuple[str, str]:
    """The title and the link (a path) of what the event is about."""
    title = str(data.get("title") or "")
    url = str(data.get("url") or "")
    for obj in _self_and_parents(target):
        if title and url:
            break
        if not title and isinstance(getattr(obj, "title", None), str):
            title = obj.title
        if not url and hasattr(obj, "get_absolute_url"):
            try:
                url = obj.get_absolute_url()
            except NoReverseMatch:
                url = ""
    if url and data.get("comment") and "#" not in url:
        url = f"{url}#comment-{int(data['comment'])}"
    if not url.startswith("/") or url.startswith("//"):
        url = ""  # only links within Latu
    return title[:300], url[:500]


def _self_and_parents(target):
    if target is None:
        return
    yield target
    for name in PARENTS:
        parent = getattr(target, name, None)
        if parent is not None:
            yield parent


def _kept_params(data: dict) -> dict:
    kept = {}
    for key in KEPT_PARAMS:
        value = data.get(key)
        if value is None or value == "":
            continue
        kept[key] = value if isinstance(value, int | bool) else str(value)[:MAX_PARAM_LENGTH]
    return kept
