"""Django's Redis cache, with one Redis client per connection pool.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` object for every cache
operation. That object is cheap to use but not to build: redis-py fills a table of some
two hundred response callbacks each time, which cost about 0.15 ms per operation here,
and a request makes several. A ``redis.Redis`` object on a connection pool is safe to
share between threads, so one per pool is kept and reused.

``set_many`` sends one ``SET … EX`` per key in a plain pipeline. Django's sends MSET and
an EXPIRE per key inside MULTI/EXEC, twice the commands for the same effect (each SET
with its expiry is atomic on its own).
"""

from django.core.cache.backends import redis as django_redis
from django.db import transaction


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

    def prepare(self) -> None:
        """Build the client now (importing redis-py), without connecting."""
        self._cache  # noqa: B018


def now_and_after_commit(forget) -> None:
    """Drop a kept entry at once, and again after the commit: a request that read the old
    rows in between cannot leave them in the cache."""
    forget()
    transaction.on_commit(forget)
