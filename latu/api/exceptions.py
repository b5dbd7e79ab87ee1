import math

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.exceptions import APIException, NotFound, Throttled, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler

from latu.core.errors import StateConflict


def exception_handler(exc, context):
    """Model validation errors raised inside actions become 400 responses with the
    localized messages, like form errors. A 404 says "Not found." in the request's
    language (Django's Http404 carries an untranslated text naming the model), and a
    429 says when to try again in it too (DRF translates only half of its message)."""
    if isinstance(exc, StateConflict):
        exc = _conflict(exc.message)
    elif isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    elif isinstance(exc, Http404):
        exc = NotFound()
    elif isinstance(exc, Throttled):
        exc = _throttled(exc.wait)
    return drf_exception_handler(exc, context)


def _throttled(wait: float | None) -> Throttled:
    if wait is None:
        detail = _("Too many requests in a short time. Please try again later.")
    else:
        seconds = max(1, math.ceil(wait))
        detail = ngettext(
            "Too many requests in a short time. Please try again in %(seconds)d second.",
            "Too many requests in a short time. Please try again in %(seconds)d seconds.",
            seconds,
        ) % {"seconds": seconds}
    exc = Throttled(detail=detail)
    exc.wait = wait  # the Retry-After header
    return exc


def _conflict(message: str) -> APIException:
    """The object's state does not allow the action (409), with the reason."""
    exc = APIException(detail=message, code="conflict")
    exc.status_code = 409
    return exc
