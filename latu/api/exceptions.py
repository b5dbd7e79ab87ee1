from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """Model validation errors raised inside actions become 400 responses with the
    localized messages, like form errors. A 404 says "Not found." in the request's
    language (Django's Http404 carries an untranslated text naming the model)."""
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages})
    elif isinstance(exc, Http404):
        exc = NotFound()
    return drf_exception_handler(exc, context)
