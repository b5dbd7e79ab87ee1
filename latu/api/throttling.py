"""The API's request rates (REST_FRAMEWORK's DEFAULT_THROTTLE_RATES): per client address
for anonymous requests, per person for signed-in ones, and a lower "submit" rate for the
public forms of the API. Counters live in the default cache (Redis in production, so
that every app server counts together). Anonymous clients are told apart by
:func:`latu.core.clientip.client_ip` (DRF's own reading believes a client's
X-Forwarded-For), hashed before it becomes a cache key."""

import hashlib

from django.conf import settings
from rest_framework import throttling
from rest_framework.settings import api_settings

from latu.core.clientip import client_ip


def _ident(request) -> str:
    address = client_ip(request) or "unknown"
    return hashlib.sha256(f"{settings.SECRET_KEY}:throttle:{address}".encode()).hexdigest()[:32]


class _Rates:
    """The rates as the settings have them now (DRF reads them once, at import)."""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request) -> str:
        return _ident(request)


class AnonRateThrottle(_Rates, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_Rates, throttling.UserRateThrottle):
    pass


class SubmitRateThrottle(_Rates, throttling.ScopedRateThrottle):
    """The "submit" rate, for views that set ``throttle_scope = "submit"``."""


DEFAULT = [AnonRateThrottle, UserRateThrottle]
