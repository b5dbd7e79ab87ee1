"""The PostgreSQL backend checks a kept connection only when it has not answered for
``LATU_DB_HEALTH_CHECK_SECONDS``, and still replaces one that fails the check."""

import pytest
from django.db import connection

from latu.core.postgresql import base as backend

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend"),
    pytest.mark.django_db(transaction=True),  # a failed check closes the connection
]


@pytest.fixture
def clock(monkeypatch, settings):
    settings.LATU_DB_HEALTH_CHECK_SECONDS = 5
    now = [1000.0]
    monkeypatch.setattr(backend.time, "monotonic", lambda: now[0])
    return now


@pytest.fixture
def checks(monkeypatch):
    done, results = [], []
    real = connection.is_usable

    def is_usable():
        done.append(results.pop(0) if results else real())
        return done[-1]

    monkeypatch.setattr(connection, "is_usable", is_usable)
    return done, results


def new_request(seconds_later: float, clock) -> None:
    clock[0] += seconds_later
    connection.health_check_done = False  # as at the start of every request
    connection.close_if_health_check_failed()


def test_a_connection_that_answered_lately_is_not_checked(clock, checks):
    assert connection.settings_dict["ENGINE"] == "latu.core.postgresql"
    connection.close()
    connection.ensure_connection()  # connected at 1000 s
    done, _ = checks

    new_request(4, clock)
    assert done == []
    new_request(2, clock)  # 6 s after connecting
    assert done == [True]
    new_request(4.5, clock)  # 4.5 s after the check it passed
    assert done == [True]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_a_connection_that_fails_the_check_is_replaced(clock, checks, settings):
    connection.ensure_connection()
    done, results = checks
    results.append(False)  # the server went away meanwhile

    new_request(60, clock)

    assert done == [False] and connection.connection is None
    with connection.cursor() as cursor:  # connects again
        cursor.execute("SELECT 2")
        assert cursor.fetchone() == (2,)
    new_request(1, clock)
    assert done == [False]  # the new connection has just answered

    settings.LATU_DB_HEALTH_CHECK_SECONDS = 0  # Django's own behaviour: before every request
    new_request(0.1, clock)
    new_request(0.1, clock)
    assert done == [False, True, True]
