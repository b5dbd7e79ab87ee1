"""One mechanism for "something happened": actions emit an Event after their
transaction commits; notifications (in-app and email) and real-time listeners
subscribe to ``event_emitted``. Anonymous authors are never attached: actor=None."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.transaction import on_commit
from django.dispatch import Signal

event_emitted = Signal()  # sender=Event class, event=Event


@dataclass(frozen=True)
class Event:
    kind: str  # e.g. "idea.decided", "comment.created", "deed.adopted"
    target: Any = None  # the model instance the event is about
    actor: Any = None  # who did it (None for anonymous or the system)
    organisation: Any = None
    recipients: tuple = ()  # people who should hear about it (notifications)
    data: dict = field(default_factory=dict)


def emit(
    kind: str,
    *,
    target=None,
    actor=None,
    organisation=None,
    recipients: Iterable = (),
    data: dict | None = None,
) -> Event:
    """Announce an event once the surrounding transaction (if any) has committed."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    unique = {getattr(r, "pk", None): r for r in recipients if r is not None}
    unique.pop(None, None)
    if actor is not None:
        unique.pop(actor.pk, None)  # nobody is notified of their own action
    event = Event(kind, target, actor, organisation, tuple(unique.values()), data or {})
    on_commit(lambda: event_emitted.send(sender=Event, event=event))
    return event
