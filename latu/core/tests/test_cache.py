"""The Redis cache backend keeps one Redis client per connection pool."""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from latu.core.cache import RedisCache


@pytest.fixture
def redis_cache():
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception:  # noqa: BLE001 - no Redis here
        pytest.skip("Redis is not running")
    cache = RedisCache(url, {"KEY_PREFIX": "latu-test-cache"})
    yield cache
    cache.delete_many([f"k{i}" for i in range(50)] + ["counter"])


def test_one_client_serves_every_operation(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    assert redis_cache._cache.get_client("any key") is client
    assert isinstance(redis_cache, DjangoRedisCache)  # what the rate limits look for


def test_the_shared_client_reads_and_writes_like_django_s(redis_cache):
    assert redis_cache.add("k1", {"a": [1, 2]}, 30)
    assert not redis_cache.add("k1", "other", 30)
    assert redis_cache.get("k1") == {"a": [1, 2]}
    redis_cache.set_many({"k2": 2, "k3": "kolme"}, 30)
    assert redis_cache.get_many(["k1", "k2", "k3", "k4"]) == {"k1": {"a": [1, 2]}, "k2": 2, "k3": "kolme"}
    redis_cache.set("counter", 0, 30)
    assert redis_cache.incr("counter") == 1
    redis_cache.delete("k1")
    assert redis_cache.get("k1") is None


def test_the_shared_client_is_safe_across_threads(redis_cache):
    def one(i: int) -> int:
        redis_cache.set(f"k{i}", i, 30)
        redis_cache.incr("counter")
        return redis_cache.get(f"k{i}")

    redis_cache.set("counter", 0, 30)
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(one, range(50))) == list(range(50))
    assert redis_cache.get("counter") == 50


def test_set_many_keeps_each_key_for_its_timeout_or_forever_or_drops_it(redis_cache):
    client = redis_cache._cache.get_client(write=True)
    redis_cache.set_many({"k5": 5, "k6": [6]}, 30)
    assert redis_cache.get_many(["k5", "k6"]) == {"k5": 5, "k6": [6]}
    assert 25 < client.ttl(redis_cache.make_key("k5")) <= 30
    redis_cache.set_many({"k7": 7}, None)
    assert redis_cache.get("k7") == 7 and client.ttl(redis_cache.make_key("k7")) == -1  # no expiry
    redis_cache.set_many({"k5": 55, "k7": 77}, 0)
    assert redis_cache.get_many(["k5", "k6", "k7"]) == {"k6": [6]}
