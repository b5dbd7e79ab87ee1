"""`latu worker`: the task worker of production — ``db_worker`` of django-tasks-db
(same options) that outlives the database.

``db_worker`` exits on the first database error it does not expect: a restart of
PostgreSQL stops the background work until someone starts it again, and a task cut
off in the middle stays "running" for ever. This worker instead waits for the
database (1, 2, 4 … 30 s), puts back the tasks it had claimed when the database went
away, and goes on.

Every ``LATU_WORKER_SWEEP_SECONDS`` (and after an outage) it also runs the sweeps of
``LATU_WORKER_SWEEPS``: functions that finish work whose task was lost, such as ideas
stored just before the database or their app server went away and never announced.
"""

import logging
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django.utils.module_loading import import_string
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult, TaskResultStatus

logger = logging.getLogger("latu.worker")
MAX_WAIT = 30.0  # seconds between tries to reach the database


class _QuietBatchEnd(logging.Filter):
    """Each round below ends like a ``--batch`` run: not worth a log line each time."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("No more tasks to run")


class Worker(db_worker.Worker):
    def __init__(self, *, batch: bool, **kwargs) -> None:
        super().__init__(batch=True, **kwargs)
        self.once = batch
        self.next_sweep = 0.0

    def run(self) -> None:
        logging.getLogger("django_tasks_db").addFilter(_QuietBatchEnd())
        wait = 1.0
        while self.running:
            try:
                if time.monotonic() >= self.next_sweep:
                    self.sweep()
                super().run()  # the ready tasks, until none is left
                self.startup_delay = False
                wait = 1.0
            except DatabaseError as error:
                if not self.running:
                    return
                logger.warning("The database is not answering (%s); trying again in %.0f s.", error, wait)
                self._forget_connections()
                time.sleep(wait)
                wait = min(wait * 2, MAX_WAIT)
                self.next_sweep = 0.0  # once the database answers again
                self._put_back_claimed()
                continue
            if self.once or (self.max_tasks is not None and self._run_tasks >= self.max_tasks):
                return
            if self.running:
                time.sleep(self.interval)

    def sweep(self) -> None:
        self.next_sweep = time.monotonic() + settings.LATU_WORKER_SWEEP_SECONDS
        for path in settings.LATU_WORKER_SWEEPS:
            done = import_string(path)()
            if done:
                logger.info("Sweep %s finished %s items of lost work.", path, done)

    def _put_back_claimed(self) -> None:
        """Tasks this worker had claimed when the database went away run again (at
        least once: the tasks of Latu can run twice without harm)."""
        try:
            running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list("pk", "worker_ids")
            mine = [pk for pk, worker_ids in running if self.worker_id in worker_ids]
            count = DBTaskResult.objects.filter(pk__in=mine, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None)
        except DatabaseError:
            self._forget_connections()
            return  # the database is still away: the next round tries again
        if count:
            logger.warning("Put back %d tasks cut off by the database outage.", count)

    @staticmethod
    def _forget_connections() -> None:
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except DatabaseError:
                connection.connection = None


class Command(db_worker.Command):
    help = ("Run the tasks of the database queue, surviving database outages, and finish lost work "
            "(the options of db_worker).")

    def handle(self, *, verbosity: int, queue_name: str, interval: float, batch: bool, backend_name: str,
               startup_delay: bool, reload: bool, max_tasks: int | None, worker_id: str, exclude_queues: str,
               **options) -> None:
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
                        startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
                        excluded_queue_names=excluded)
        worker.configure_signals()
        worker.run()
