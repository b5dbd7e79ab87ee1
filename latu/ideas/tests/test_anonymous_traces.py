"""Nothing kept for an anonymous idea leads back to its author: its rate-limit counter's
key is keyed with the secret and a salt of its window (gone when the window ends), the
counter expires with the window (its lifetime does not date the submission), and the
idea's times are kept to the hour, on the page and in the API."""

import hashlib
import json
import re
from datetime import datetime

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone

from latu.core import pseudonyms
from latu.ideas.models import Idea

pytestmark = pytest.mark.django_db
JSON = "application/json"
WINDOW = 3600


def _rate_keys() -> dict[str, float]:
    """The rate counters in the cache, with when they expire."""
    backend = caches["default"]
    if not isinstance(backend, LocMemCache):
        pytest.skip("reads the in-memory cache")
    return {key: backend._expire_info[key] for key in backend._cache if ":latu:rate:" in key}


def _send_anonymous(client, org, title: str = "Nimetön ehdotus"):
    payload = {"organisation": org.slug, "title": title, "description": "Kuvaus", "is_anonymous": True}
    response = client.post("/api/v1/ideas/", json.dumps(payload), content_type=JSON)
    assert response.status_code == 201
    return response


def test_the_counter_key_of_an_anonymous_idea_names_nobody(client_for, employee, org):
    client = client_for(employee)
    _send_anonymous(client, org)
    keys = _rate_keys()
    counters = [key for key in keys if ":ANONYMOUS_IDEAS:" in key]
    assert len(counters) == 1
    identity = f"session:{client.session.session_key}"  # what anonymous ideas are counted by
    # Not a plain hash of the person (anybody could test every account against it) ...
    plain = hashlib.sha256(f"ANONYMOUS_IDEAS:{identity}".encode()).hexdigest()[:40]
    assert plain not in counters[0]
    # ... nor one under the secret alone: the window's salt is part of it.
    keyed = pseudonyms.keyed_digest("ANONYMOUS_IDEAS", identity)[:40]
    assert keyed not in counters[0]


def test_once_the_windows_salt_is_gone_the_key_cannot_be_recomputed(settings):
    now = 1_800_000_000
    first, _ = pseudonyms.window_key("ANONYMOUS_IDEAS", "user:7", WINDOW, now=now)
    assert pseudonyms.window_key("ANONYMOUS_IDEAS", "user:7", WINDOW, now=now + 10)[0] == first
    cache.clear()  # the salt expires with its window
    assert pseudonyms.window_key("ANONYMOUS_IDEAS", "user:7", WINDOW, now=now + 10)[0] != first
    # The next window has a salt of its own: its keys cannot be linked to this window's.
    later, _ = pseudonyms.window_key("ANONYMOUS_IDEAS", "user:7", WINDOW, now=now + WINDOW)
    assert later.rsplit(":", 2)[-2] != first.rsplit(":", 2)[-2]


@pytest.mark.parametrize("into_window", [5, 1800, 3590])
def test_the_counter_expires_with_its_window_whenever_the_idea_came(client_for, employee, org, monkeypatch,
                                                                    into_window):
    start = (int(timezone.now().timestamp()) // WINDOW) * WINDOW
    monkeypatch.setattr(pseudonyms.time, "time", lambda: start + into_window)  # the clock of the cache too
    _send_anonymous(client_for(employee), org)
    expiries = {key: when for key, when in _rate_keys().items() if ":ANONYMOUS_IDEAS:" in key}
    assert len(expiries) == 1
    # The same expiry (the window's end, plus a small margin) however far into the window.
    assert list(expiries.values()) == [start + WINDOW + 5]


def test_an_anonymous_ideas_times_are_kept_to_the_hour(client_for, employee, org):
    response = _send_anonymous(client_for(employee), org)
    idea = Idea.objects.get(pk=response.json()["id"])
    for moment in (idea.created_at, idea.updated_at):
        assert (moment.minute, moment.second, moment.microsecond) == (0, 0, 0)
    assert timezone.now() - idea.created_at < pseudonyms.ANONYMOUS_TIME_PRECISION
    shown = datetime.fromisoformat(response.json()["created_at"].replace("Z", "+00:00"))
    assert (shown.minute, shown.second, shown.microsecond) == (0, 0, 0)
    page = client_for(employee).get(idea.get_absolute_url()).content.decode()
    stamps = re.findall(r'<time datetime="([^"]+)"', page)
    assert stamps and all(datetime.fromisoformat(s).minute == 0 and "." not in s for s in stamps)


def test_a_named_ideas_time_is_exact(client_for, employee, org, monkeypatch):
    moment = timezone.now().replace(minute=17, second=3, microsecond=120)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    payload = {"organisation": org.slug, "title": "Nimellä", "description": "Kuvaus"}
    response = client_for(employee).post("/api/v1/ideas/", json.dumps(payload), content_type=JSON)
    assert Idea.objects.get(pk=response.json()["id"]).created_at == moment
