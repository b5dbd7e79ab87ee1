"""One mechanism for "something happened": actions emit an Event after their
transaction commits; notifications (in-app and email), dashboards and other listeners
subscribe to ``events_emitted``. Anonymous authors are never attached: actor=None.

Listeners receive a list of events: one for an ordinary action, many when background
work announces a batch (new ideas arrive in bursts), so that each listener can do its
work for the whole batch in a few queries."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.transaction import on_commit
from django.dispatch import Signal

events_emitted = Signal()  # sender=Event class, events=list[Event]


@dataclass(frozen=True)
class Event:
    kind: str  # e.g. "idea.decided", "comment.created", "deed.adopted"
    target: Any = None  # the model instance the event is about
    actor: Any = None  # who did it (None for anonymous or the system)
    organisation: Any = None
    recipients: tuple = ()  # people who should hear about it (notifications)
    data: dict = field(default_factory=dict)


def emit(kind: str, **fields) -> Event:
    """Announce an event (the fields of :func:`make_event`) once the surrounding
    transaction (if any) has committed."""
    event = make_event(kind, **fields)
    emit_many([event])
    return event


def make_event(
    kind: str,
    *,
    target=None,
    actor=None,
    organisation=None,
    recipients: Iterable = (),
    data: dict | None = None,
) -> Event:
    """An event without its dispatch (for :func:`emit_many`): no anonymous actor, and
    nobody among the recipients is told of their own action."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    unique = {getattr(r, "pk", None): r for r in recipients if r is not None}
    unique.pop(None, None)
    if actor is not None:
        unique.pop(actor.pk, None)  # nobody is notified of their own action
    return Event(kind, target, actor, organisation, tuple(unique.values()), data or {})


def after_commit(callback) -> None:
    """Run ``callback`` once the surrounding transaction (if any) has committed, like the
    events themselves: the tests' fixture dispatches both at once."""
    on_commit(callback)


def emit_many(events: list[Event]) -> None:
    """Announce events (from :func:`make_event`) together once the surrounding
    transaction (if any) has committed."""
    if events:
        batch = list(events)
        on_commit(lambda: events_emitted.send(sender=Event, events=batch))
