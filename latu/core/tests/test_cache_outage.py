"""Redis that does not answer is an empty cache, not a failed request: reads miss, writes
are skipped, rate limits fail open, a signed-in person stays signed in (sessions are in
the database too), and the invalidations that could not be made are made when Redis
answers again. (The rate limits' part: latu/ideas/tests/test_outages.py.)"""

import os
import socket
import time

import pytest
from django.core.cache.backends import redis as django_redis
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from latu.core import cache as latu_cache
from latu.core.cache import RedisCache


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


def away_settings() -> dict:
    return {"BACKEND": "latu.core.cache.RedisCache", "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}


@pytest.fixture
def away(settings):
    settings.CACHES = {"default": away_settings()}
    from django.core.cache import caches

    yield caches["default"]


def test_redis_that_does_not_answer_is_an_empty_cache(away):
    assert away.get("k", "default") == "default"
    assert away.get_many(["a", "b"]) == {}
    assert not away.has_key("k")
    away.set("k", 1, 30)
    away.set_many({"a": 1}, 30)
    assert away.add("k", 1, 30)  # "added": a caller that queues work only when first still queues it
    assert away.incr("version") == 1
    away.delete("k")
    assert [name for name, _ in away._kept] == ["incr", "delete"]


def test_after_one_failure_redis_is_not_asked_for_a_while(away, monkeypatch):
    tries = []
    original = django_redis.RedisCache.get

    def counting_get(self, *args, **kwargs):
        tries.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(django_redis.RedisCache, "get", counting_get)
    started = time.monotonic()
    for _ in range(20):
        assert away.get("k") is None
    assert len(tries) == 1
    assert time.monotonic() - started < latu_cache.OUTAGE_PAUSE


@pytest.mark.django_db
def test_a_signed_in_person_stays_signed_in_while_redis_is_away(settings, client, employee):
    # Signing in needs no cache either: the session is written to the database.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {"default": away_settings()}
    client.force_login(employee, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("ideas:mine"))
    assert response.status_code == 200
    assert response.wsgi_request.user == employee


@pytest.fixture
def redis_cache():
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception:  # noqa: BLE001 - no Redis here
        pytest.skip("Redis is not running")
    cache = RedisCache(url, {"KEY_PREFIX": "latu-test-outage"})
    yield cache
    cache.delete_many(["session", "version"])


def test_invalidations_are_made_when_redis_answers_again(redis_cache, monkeypatch):
    redis_cache.set("session", {"user": 1}, 60)
    redis_cache.set("version", 1, 60)

    def refused(self, *args, **kwargs):
        raise RedisConnectionError("refused")

    with monkeypatch.context() as outage:
        outage.setattr(django_redis.RedisCache, "delete", refused)
        outage.setattr(django_redis.RedisCache, "incr", refused)
        redis_cache.delete("session")  # signing out while Redis is away
        redis_cache.incr("version")
    assert not redis_cache.answering()  # still within the pause
    redis_cache._down_until = 0.0  # the pause is over
    assert redis_cache.get("session") is None
    assert redis_cache.get("version") == 2
    assert redis_cache._kept == []
