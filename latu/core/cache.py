"""Django's Redis cache, with one Redis client per connection pool.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` object for every cache
operation. That object is cheap to use but not to build: redis-py fills a table of some
two hundred response callbacks each time, which cost about 0.15 ms per operation here,
and a request makes several. A ``redis.Redis`` object on a connection pool is safe to
share between threads, so one per pool is kept and reused.

``set_many`` sends one ``SET … EX`` per key in a plain pipeline. Django's sends MSET and
an EXPIRE per key inside MULTI/EXEC, twice the commands for the same effect (each SET
with its expiry is atomic on its own).

Redis that does not answer (down, restarting, paused, slower than its socket timeout)
is taken as an empty cache instead of failing the request: reads miss, writes are
skipped, ``add`` says the key was added (a caller that queues work only when it is the
first then does queue it) and ``incr`` returns ``delta``; rate limits are then not
enforced (they fail open). Invalidations (``delete``, ``delete_many``, ``incr`` of a
version key) that could not be made are kept and made as soon as Redis answers again,
so that nothing stale (a signed-out session, an old page of results) outlives the
outage. For ``OUTAGE_PAUSE`` seconds after a failure the process does not ask Redis at
all, so requests do not each wait out the timeout.
"""

import logging
import time

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import transaction

logger = logging.getLogger("latu.cache")
OUTAGE_PAUSE = 5.0  # seconds without asking Redis after it failed to answer
MAX_KEPT = 10_000  # invalidations kept during one outage, per process


def outage_errors() -> tuple[type[Exception], ...]:
    """What redis-py raises when Redis does not answer (imported when first needed, as
    Django imports redis-py: a process that never uses the cache does not load it)."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return RedisConnectionError, RedisTimeoutError


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client

    def set_many(self, data, timeout):
        if timeout is not None and timeout <= 0:  # "expire at once", as Django's own does
            self.delete_many(list(data))
            return
        pipeline = self.get_client(None, write=True).pipeline(transaction=False)
        for key, value in data.items():
            pipeline.set(key, self._serializer.dumps(value), ex=timeout)
        pipeline.execute()


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._down_until = 0.0  # time.monotonic() until which Redis is not asked
        self._kept: list[tuple[str, tuple]] = []  # invalidations to make when Redis answers

    def prepare(self) -> None:
        """Build the client now (importing redis-py), without connecting."""
        self._cache  # noqa: B018

    # --- Redis that does not answer ---------------------------------------------------

    def answering(self) -> bool:
        """False while Redis failed to answer in the last ``OUTAGE_PAUSE`` seconds;
        when it may answer again, the kept invalidations are made first."""
        if time.monotonic() < self._down_until:
            return False
        if self._kept:
            kept, self._kept = self._kept, []
            try:
                for name, args in kept:
                    getattr(super(), name)(*args)
            except outage_errors() as error:
                self._kept = kept + self._kept
                self.failed(error)
                return False
            logger.warning("Redis answers again: %d kept cache invalidations made.", len(kept))
        return True

    def failed(self, error: Exception) -> None:
        if time.monotonic() >= self._down_until:
            logger.warning("Redis does not answer (%s): the cache is skipped for %.0f s.", error, OUTAGE_PAUSE)
        self._down_until = time.monotonic() + OUTAGE_PAUSE

    def _try(self, name: str, args: tuple, otherwise, keep: bool = False):
        if self.answering():
            try:
                return getattr(super(), name)(*args)
            except outage_errors() as error:
                self.failed(error)
        if keep and len(self._kept) < MAX_KEPT:
            self._kept.append((name, args))
        return otherwise

    def get(self, key, default=None, version=None):
        return self._try("get", (key, default, version), default)

    def get_many(self, keys, version=None):
        return self._try("get_many", (keys, version), {})

    def has_key(self, key, version=None):
        return self._try("has_key", (key, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("set", (key, value, timeout, version), None)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("set_many", (data, timeout, version), list(data))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("add", (key, value, timeout, version), True)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("touch", (key, timeout, version), False)

    def delete(self, key, version=None):
        return self._try("delete", (key, version), False, keep=True)

    def delete_many(self, keys, version=None):
        return self._try("delete_many", (list(keys), version), None, keep=True)

    def incr(self, key, delta=1, version=None):
        return self._try("incr", (key, delta, version), delta, keep=True)


def now_and_after_commit(forget) -> None:
    """Drop a kept entry at once, and again after the commit: a request that read the old
    rows in between cannot leave them in the cache."""
    forget()
    transaction.on_commit(forget)
