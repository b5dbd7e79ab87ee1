"""Downloads prepared in the background, with progress.

A domain app registers a builder for each kind of download it offers::

    exportjobs.register("survey-results", build_results, formats=("csv", "xlsx", "pdf"))

``start`` records an :class:`~latu.core.models.ExportJob` and hands it to the task queue
once the transaction commits; the person is sent to the job's page, which shows its
progress and then the download link. The builder runs in the task, in the language of the
request that asked, as the person who asked: it checks their access again (the download
is refused if they have lost it meanwhile) and returns either a table or finished bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from latu.core import exports
from latu.core.models import ExportJob

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
# How often a running job writes its progress (percentage points between two writes).
PROGRESS_STEP = 5
# A queued job whose task has not started for this long is run by the worker's sweep.
LOST_AFTER = timedelta(minutes=5)


class Refused(Exception):
    """The builder may not or cannot build this download (shown to the person as such)."""


@dataclass
class Output:
    """What a builder returns: a table (written as CSV or XLSX here) or finished bytes."""

    name: str
    header: Sequence[str] = ()
    rows: Iterable[Sequence] = ()
    content: bytes | None = None


Progress = Callable[[int], None]
Builder = Callable[[ExportJob, Progress], Output]


@dataclass(frozen=True)
class Exporter:
    kind: str
    build: Builder
    formats: tuple[str, ...] = field(default=("csv", "xlsx"))


_REGISTRY: dict[str, Exporter] = {}


def register(kind: str, build: Builder, *, formats: tuple[str, ...] = ("csv", "xlsx")) -> None:
    unknown = set(formats) - set(CONTENT_TYPES)
    if unknown:
        raise ValueError(f"unknown export formats {sorted(unknown)}")
    _REGISTRY[kind] = Exporter(kind, build, formats)


def exporter(kind: str) -> Exporter:
    return _REGISTRY[kind]


def start(kind: str, *, actor, format: str, params: dict, title: str = "") -> ExportJob:  # noqa: A002
    """Record a download for ``actor`` and queue it; raises ``ValueError`` for a format the
    kind does not offer."""
    if format not in exporter(kind).formats:
        raise ValueError(f"{kind} offers no {format} download")
    job = ExportJob.objects.create(owner=actor, kind=kind, format=format, params=params, title=title[:300],
                                   language=translation.get_language() or settings.LANGUAGE_CODE)
    from latu.core.tasks import run_export_job

    transaction.on_commit(partial(run_export_job.enqueue, str(job.pk)), robust=True)
    return job


def _progress(job: ExportJob) -> Progress:
    last = [job.progress]

    def report(percent: int) -> None:
        percent = max(0, min(99, int(percent)))
        if percent - last[0] >= PROGRESS_STEP:
            last[0] = percent
            ExportJob.objects.filter(pk=job.pk).update(progress=percent)

    return report


def _content(job: ExportJob, output: Output) -> bytes:
    if output.content is not None:
        return output.content
    respond = exports.csv_response if job.format == "csv" else exports.xlsx_response
    return respond(output.name, output.header, output.rows).content


def run(job_id: str) -> ExportJob | None:
    """Build one queued job (the task; also the sweep for lost ones). A job that another
    process has already taken is left alone."""
    taken = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING, progress=1)
    if not taken:
        return None
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    with translation.override(job.language):
        try:
            output = exporter(job.kind).build(job, _progress(job))
            content = _content(job, output)
        except (Refused, PermissionDenied, Http404, KeyError):
            job.status, job.error = ExportJob.Status.FAILED, _("This download is not available to you.")
        except Exception:
            ExportJob.objects.filter(pk=job.pk).update(
                status=ExportJob.Status.FAILED, error=_("Preparing the download failed. Please try again."),
                finished_at=timezone.now())
            raise
        else:
            job.status, job.content = ExportJob.Status.DONE, content
            job.filename = f"{slugify(output.name) or 'latu'}.{job.format}"
            job.content_type = CONTENT_TYPES[job.format]
            job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "content", "filename", "content_type", "progress", "finished_at"])
    return job


def sweep() -> None:
    """The worker's periodic sweep: run queued jobs whose task was lost and drop finished
    downloads older than ``EXPORT_KEEP_HOURS``."""
    now = timezone.now()
    for job_id in ExportJob.objects.filter(status=ExportJob.Status.QUEUED,
                                           created_at__lt=now - LOST_AFTER).values_list("pk", flat=True)[:20]:
        run(str(job_id))
    ExportJob.objects.filter(created_at__lt=now - timedelta(hours=settings.EXPORT_KEEP_HOURS)).delete()
