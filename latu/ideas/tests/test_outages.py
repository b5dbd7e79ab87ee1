"""The idea pipeline through outages: rate limits fail open while Redis is away, a
submission the database did not store does not count against the limit, and ideas
whose announcing task was lost are announced by the worker's sweep."""

from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from latu.core.tests.test_cache_outage import away_settings
from latu.ideas import actions, ratelimit
from latu.ideas.models import Activity, Idea, IdeaTerm


def test_rate_limits_fail_open_while_redis_is_away(settings):
    settings.CACHES = {"default": away_settings()}
    settings.LATU_RATE_IDEAS = (2, 3600)
    for _ in range(5):
        ratelimit.check("IDEAS", "user:1")  # never RateLimited: nothing can be counted


@pytest.mark.django_db
def test_a_submission_the_database_did_not_store_is_not_counted(settings, monkeypatch, org, employee):
    settings.LATU_RATE_IDEAS = (2, 3600)

    def database_away(idea):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as outage:
        outage.setattr(actions, "insert_one", database_away)
        for _ in range(3):  # the person presses "send" again while the database restarts
            with pytest.raises(OperationalError):
                actions.submit_idea(employee, org, title="Vuorolistat", description="Sähköisesti.", token="t1")
    first = actions.submit_idea(employee, org, title="Vuorolistat", description="Sähköisesti.", token="t1")
    second = actions.submit_idea(employee, org, title="Kahvinkeitin", description="Uusi.", token="t2")
    assert first.created and second.created
    with pytest.raises(ratelimit.RateLimited):
        actions.submit_idea(employee, org, title="Kolmas", description="Jo liikaa.", token="t3")


@pytest.mark.django_db
def test_ideas_whose_task_was_lost_are_announced_by_the_sweep(org, employee):
    lost = Idea.objects.create(organisation=org, author=employee, title="Kotihoidon reitit",
                               description="Reitit kartalle.", announced=False,
                               created_at=timezone.now() - timedelta(minutes=5))
    just_sent = Idea.objects.create(organisation=org, author=employee, title="Uusi idea",
                                    description="Juuri lähetetty.", announced=False)
    assert actions.announce_waiting() == 2  # the organisation's new ideas are announced together
    lost.refresh_from_db()
    assert lost.announced
    assert IdeaTerm.objects.filter(idea=lost).exists()
    assert Activity.objects.filter(idea=lost, kind=Activity.Kind.SUBMITTED).exists()
    just_sent.refresh_from_db()
    assert just_sent.announced
    assert actions.announce_waiting() == 0


@pytest.mark.django_db
def test_the_sweep_leaves_organisations_whose_new_ideas_are_on_their_way(org, employee):
    Idea.objects.create(organisation=org, author=employee, title="Uusi idea", description="Juuri lähetetty.",
                        announced=False)
    assert actions.announce_waiting() == 0
