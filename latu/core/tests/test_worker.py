"""`latu worker` outlives the database: a database error does not end it; it waits,
puts back the tasks it had claimed and runs the sweeps that finish lost work."""

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from latu.core.management.commands import worker as latu_worker

SWEEPS: list[int] = []


def sweep_for_the_test() -> int:
    SWEEPS.append(1)
    return 0


def _worker() -> latu_worker.Worker:
    return latu_worker.Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                              startup_delay=False, max_tasks=None, worker_id="worker-1", excluded_queue_names=[])


@pytest.mark.django_db(transaction=True)
def test_a_database_outage_does_not_end_the_worker(settings, monkeypatch):
    settings.LATU_WORKER_SWEEPS = ["latu.core.tests.test_worker.sweep_for_the_test"]
    SWEEPS.clear()
    cut_off = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, worker_ids=["worker-1"], args_kwargs={"args": [], "kwargs": {}},
        task_path="latu.ideas.tasks.announce_ideas", backend_name="default", run_after=timezone.now())
    elsewhere = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING, worker_ids=["worker-2"], args_kwargs={"args": [], "kwargs": {}},
        task_path="latu.ideas.tasks.announce_ideas", backend_name="default", run_after=timezone.now())
    rounds = []

    def base_run(self):
        rounds.append(1)
        if len(rounds) == 1:
            raise OperationalError("the database system is shutting down")

    waits = []
    monkeypatch.setattr(db_worker.Worker, "run", base_run)
    monkeypatch.setattr(latu_worker.time, "sleep", waits.append)
    _worker().run()
    assert len(rounds) == 2  # went on after the error
    assert waits == [1.0]
    assert len(SWEEPS) == 2  # at the start and after the outage
    cut_off.refresh_from_db()
    elsewhere.refresh_from_db()
    assert cut_off.status == TaskResultStatus.READY  # runs again
    assert elsewhere.status == TaskResultStatus.RUNNING  # another worker's: left alone


def test_the_wait_grows_while_the_database_stays_away(settings, monkeypatch):
    settings.LATU_WORKER_SWEEPS = []
    calls = []

    def base_run(self):
        calls.append(1)
        if len(calls) < 7:
            raise OperationalError("connection refused")

    waits = []
    monkeypatch.setattr(db_worker.Worker, "run", base_run)
    monkeypatch.setattr(latu_worker.time, "sleep", waits.append)
    monkeypatch.setattr(latu_worker.Worker, "_put_back_claimed", lambda self: None)
    _worker().run()
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0, 30.0]
