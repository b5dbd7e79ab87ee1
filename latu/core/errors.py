"""Errors that say what is going on, mapped to responses in one place.

``StateConflict`` is for an action the person could take, but not in the object's
current state ("the idea is already in an experiment"). It is a kind of
``PermissionDenied`` (so code that refuses with it still refuses everywhere), but the
error pages (``core.views.error_403``) and the API (``api.exceptions``) answer it with
409 Conflict and its message instead of "ask your administrator for access".
Policies give the message (``Policy.refusal`` in ``latu/access/base.py``).
"""

from django.core.exceptions import PermissionDenied


class StateConflict(PermissionDenied):
    status_code = 409

    def __init__(self, message: str, *, title: str = "") -> None:
        super().__init__(message)
        self.message = str(message)
        self.title = str(title)
