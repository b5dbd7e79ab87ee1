"""Cache-based rate limits (fixed windows). Identities become cache keys only through
:func:`latu.core.pseudonyms.window_key` (keyed and salted per window, so that a key cannot
be traced back to the person, and expiring with the window, so that its lifetime does
not date the action); anonymous submissions are counted per session, never per IP address.
Receipt code lookups are counted per session and per client address (a script that
drops its cookies gets a new session for every guess)."""

import contextlib

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from latu.core.cache import outage_errors
from latu.core.clientip import client_ip
from latu.core.pseudonyms import window_key

# (events allowed, window in seconds); override in settings as LATU_RATE_<NAME>.
DEFAULTS = {
    "IDEAS": (10, 3600),
    "ANONYMOUS_IDEAS": (5, 3600),
    "COMMENTS": (20, 600),
    "REPORTS": (20, 3600),
    "RECEIPT_LOOKUPS": (20, 600),
    # Failed receipt lookups from one client address, whatever the session (several
    # people of one office may share an address, so it is higher).
    "RECEIPT_LOOKUPS_PER_ADDRESS": (60, 600),
}


class RateLimited(Exception):
    """Too many actions of one kind in a short time."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def limits(name: str) -> tuple[int, int]:
    return getattr(settings, f"LATU_RATE_{name}", DEFAULTS[name])


def _key(name: str, identity: str, window: int) -> tuple[str, int]:
    return window_key(name, identity, window)


def check(name: str, identity: str) -> None:
    """Count one action; raise RateLimited once the limit of the window is used up."""
    allowed, window = limits(name)
    key, remaining = _key(name, identity, window)
    if _count(key, remaining + 5) > allowed:
        raise RateLimited(remaining)


def refund(name: str, identity: str) -> None:
    """Give back the action counted by :func:`check` when it could not be done (the
    database failed): sending it again is not one more action. Best effort."""
    _, window = limits(name)
    key, _ = _key(name, identity, window)
    try:
        cache.decr(key)
    except (ValueError, *outage_errors()):  # expired meanwhile, or Redis is away
        pass


def _count(key: str, timeout: int) -> int:
    """Add one to a window's counter and return the count. While Redis does not answer
    the count is 0: the limit fails open rather than failing the request."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        if hasattr(backend, "answering") and not backend.answering():
            return 0
        # One round trip (SET NX + INCR) instead of Django's three (add, exists, incr);
        # Django reads the counter back as a plain integer.
        full_key = backend.make_and_validate_key(key)
        pipeline = backend._cache.get_client(full_key, write=True).pipeline(transaction=False)
        pipeline.set(full_key, 0, ex=timeout, nx=True)
        pipeline.incr(full_key)
        try:
            return pipeline.execute()[1]
        except outage_errors() as error:
            backend.failed(error)
            return 0
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def peek(name: str, identity: str) -> bool:
    """Would one more action still be allowed?"""
    allowed, window = limits(name)
    key, _ = _key(name, identity, window)
    return (cache.get(key) or 0) < allowed


def user_identity(user) -> str:
    return f"user:{user.pk}"


def session_identity(request) -> str:
    """A per-session identity for actions that must not be tied to the person."""
    if not request.session.session_key:
        request.session.save()
    return f"session:{request.session.session_key}"


def address_identity(request) -> str:
    """A per-address identity (the client address behind our trusted proxies). It becomes
    a cache key only through ``window_key``, keyed with the secret, so that the small
    IPv4 space cannot be hashed through to find it."""
    return f"address:{client_ip(request)}"


def receipt_identities(request) -> list[tuple[str, str]]:
    """The limits a receipt code lookup counts against: its session and its address."""
    return [("RECEIPT_LOOKUPS", session_identity(request)),
            ("RECEIPT_LOOKUPS_PER_ADDRESS", address_identity(request))]


def receipt_lookup_allowed(request) -> bool:
    """May this client try one more receipt code?"""
    return all(peek(name, identity) for name, identity in receipt_identities(request))


def count_failed_receipt_lookup(request) -> None:
    """Count one wrong receipt code against the client's session and address."""
    for name, identity in receipt_identities(request):
        with contextlib.suppress(RateLimited):
            check(name, identity)
