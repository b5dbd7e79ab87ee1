"""Rate limit of the haasta kollega form (fixed windows in the cache). Identities become
cache keys through latu.core.pseudonyms.window_key; an anonymous visitor is counted per session and,
with a higher limit, per network address, so a script without cookies is limited too."""

from django.conf import settings
from django.core.cache import cache

from latu.core.clientip import client_ip
from latu.core.pseudonyms import window_key

# (challenges allowed, window in seconds); override as LATU_RATE_NOMINATIONS(_PER_ADDRESS).
DEFAULTS = {"NOMINATIONS": (10, 3600), "NOMINATIONS_PER_ADDRESS": (40, 3600)}


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def _limits(name: str) -> tuple[int, int]:
    return getattr(settings, f"LATU_RATE_{name}", DEFAULTS[name])


def _count(name: str, identity: str) -> tuple[int, int, int]:
    allowed, window = _limits(name)
    key, remaining = window_key(name, identity, window)
    cache.add(key, 0, remaining + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, remaining + 5)
        count = 1
    return count, allowed, remaining


def identities(request) -> list[tuple[str, str]]:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return [("NOMINATIONS", f"user:{user.pk}")]
    if not request.session.session_key:
        request.session.save()
    found = [("NOMINATIONS", f"session:{request.session.session_key}")]
    address = client_ip(request)
    if address:
        found.append(("NOMINATIONS_PER_ADDRESS", f"address:{address}"))
    return found


def check_nomination(request) -> None:
    """Count one challenge; raise RateLimited once a limit of the window is used up."""
    for name, identity in identities(request):
        count, allowed, remaining = _count(name, identity)
        if count > allowed:
            raise RateLimited(remaining)
