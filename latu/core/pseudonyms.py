"""Keys that cannot be traced back to a person: for rate limits and one-time keys of
anonymous contributions, and coarse times for anonymous content.

A rate limit must count one person's actions, but nothing kept for it may tell later who
acted or when: the counter's key is an HMAC of the identity under the SECRET_KEY and a
random salt of its time window, which lives in the cache no longer than the window; the
counter expires at the window's end (not a fixed time after the first action, which would
date it). Once a window is over, no key of it can be recomputed, even with the secret.
"""

import hashlib
import hmac
import secrets
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache

# Anonymous content keeps its times to the hour: precise ones can be matched against
# sign-ins, audit rows and server logs.
ANONYMOUS_TIME_PRECISION = timedelta(hours=1)


def keyed_digest(purpose: str, value: str) -> str:
    """An HMAC-SHA-256 of ``value`` under the SECRET_KEY, separated by ``purpose``."""
    return hmac.new(settings.SECRET_KEY.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def _window_salt(name: str, window: int, bucket: int, remaining: int) -> str:
    key = f"latu:rate-salt:{name}:{window}:{bucket}"
    salt = cache.get(key)
    if salt is None:
        cache.add(key, secrets.token_hex(16), remaining + 5)  # the first server's salt wins
        salt = cache.get(key) or ""
    return salt


def window_key(name: str, identity: str, window: int, *, now: float | None = None) -> tuple[str, int]:
    """The cache key of ``identity``'s counter for limit ``name`` in the current fixed
    window of ``window`` seconds, and the seconds left in that window."""
    now = int(time.time() if now is None else now)
    bucket, remaining = now // window, window - now % window
    salt = _window_salt(name, window, bucket, remaining)
    digest = hmac.new(f"{settings.SECRET_KEY}:{salt}".encode(), f"{name}:{identity}".encode(),
                      hashlib.sha256).hexdigest()[:40]
    return f"latu:rate:{name}:{digest}:{bucket}", remaining


def coarse_time(moment: datetime) -> datetime:
    """``moment`` rounded down to ANONYMOUS_TIME_PRECISION (whole hours)."""
    step = int(ANONYMOUS_TIME_PRECISION.total_seconds())
    seconds = int(moment.timestamp())
    return datetime.fromtimestamp(seconds - seconds % step, tz=moment.tzinfo)
