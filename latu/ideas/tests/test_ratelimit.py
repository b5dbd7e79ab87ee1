"""The fixed-window counters behind the rate limits, on the local cache and on Redis."""

import os

import pytest

from latu.ideas import ratelimit


def redis_cache() -> dict:
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception:  # noqa: BLE001 - no Redis here: the local cache case still runs
        pytest.skip("Redis is not running")
    return {"BACKEND": "latu.core.cache.RedisCache", "LOCATION": url,
            "KEY_PREFIX": "latu-test-ratelimit"}


@pytest.fixture(params=["local", "redis"])
def cache_backend(request, settings):
    from django.core.cache import caches

    if request.param == "redis":
        settings.CACHES = {"default": redis_cache()}
    caches["default"].clear()
    yield request.param
    caches["default"].clear()


def test_the_limit_counts_each_action_and_then_refuses(cache_backend, settings):
    settings.LATU_RATE_IDEAS = (3, 3600)
    for _ in range(3):
        assert ratelimit.peek("IDEAS", "user:1")
        ratelimit.check("IDEAS", "user:1")
    assert not ratelimit.peek("IDEAS", "user:1")
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.check("IDEAS", "user:1")
    assert 0 < refused.value.retry_after <= 3600
    ratelimit.check("IDEAS", "user:2")  # another person has a counter of their own
    assert ratelimit.peek("IDEAS", "user:2")
