"""Downloads prepared in the background: a job per person, its progress, the file, and
what happens when the builder refuses, fails or its task is lost."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from latu.core import exportjobs
from latu.core.models import ExportJob


@pytest.fixture
def kind():
    seen = []

    def build(job, progress):
        if job.params.get("refuse"):
            raise exportjobs.Refused
        if job.params.get("crash"):
            raise RuntimeError("builder broke")
        for percent in (10, 12, 40, 80):
            progress(percent)
            seen.append(ExportJob.objects.get(pk=job.pk).progress)
        return exportjobs.Output("Testi ä", ["Sarake"], [["=1+1"], ["arvo"]])

    exportjobs.register("test-kind", build, formats=("csv", "xlsx"))
    yield seen
    exportjobs._REGISTRY.pop("test-kind")


def test_a_job_runs_after_commit_reports_progress_and_serves_the_file_to_its_owner(
        kind, employee, outsider, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), translation.override("fi"):
        job = exportjobs.start("test-kind", actor=employee, format="csv", params={})
        assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.QUEUED
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.progress == 100
    # progress is written in steps of at least PROGRESS_STEP points: 12 is not written after 10
    assert kind == [10, 10, 40, 80]
    assert job.filename == "testi-a.csv" and job.language == "fi"

    page = client_for(employee).get(reverse("core:export_job", args=[job.pk]))
    assert page.status_code == 200 and "Lataus on valmis" in page.content.decode()
    assert "hx-trigger" not in page.content.decode()  # a finished job is not refreshed
    file = client_for(employee).get(reverse("core:export_download", args=[job.pk]))
    assert file["Content-Disposition"] == 'attachment; filename="testi-a.csv"'
    assert file["Cache-Control"] == "private, no-store"
    assert "'=1+1" in file.content.decode("utf-8-sig")  # formulas neutralised as in every export

    for url in (reverse("core:export_job", args=[job.pk]), reverse("core:export_download", args=[job.pk])):
        assert client_for(outsider).get(url).status_code == 404
        assert Client().get(url).status_code == 302  # to sign-in


def test_a_waiting_job_page_refreshes_itself_and_offers_a_link_without_javascript(kind, employee, client_for):
    job = exportjobs.start("test-kind", actor=employee, format="xlsx", params={})  # not committed: stays queued
    body = client_for(employee).get(reverse("core:export_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in body and "Päivitä tilanne" in body
    assert client_for(employee).get(reverse("core:export_download", args=[job.pk])).status_code == 404


def test_a_refused_job_fails_with_a_message_and_a_crashing_one_is_marked_failed(kind, employee):
    with translation.override("fi"):
        refused = exportjobs.start("test-kind", actor=employee, format="csv", params={"refuse": True})
    exportjobs.run(str(refused.pk))
    refused.refresh_from_db()
    assert refused.status == ExportJob.Status.FAILED and refused.content is None
    assert refused.error == "Tämä lataus ei ole käytettävissäsi."

    crashing = exportjobs.start("test-kind", actor=employee, format="csv", params={"crash": True})
    with pytest.raises(RuntimeError):
        exportjobs.run(str(crashing.pk))
    crashing.refresh_from_db()
    assert crashing.status == ExportJob.Status.FAILED and crashing.finished_at is not None


def test_a_job_runs_once_and_an_unknown_format_is_refused(kind, employee):
    job = exportjobs.start("test-kind", actor=employee, format="csv", params={})
    assert exportjobs.run(str(job.pk)) is not None
    assert exportjobs.run(str(job.pk)) is None  # already taken
    with pytest.raises(ValueError):
        exportjobs.start("test-kind", actor=employee, format="pdf", params={})


def test_the_sweep_runs_lost_jobs_and_drops_old_files(kind, employee, settings):
    lost = exportjobs.start("test-kind", actor=employee, format="csv", params={})
    fresh = exportjobs.start("test-kind", actor=employee, format="csv", params={})
    old = exportjobs.start("test-kind", actor=employee, format="csv", params={})
    now = timezone.now()
    ExportJob.objects.filter(pk=lost.pk).update(created_at=now - exportjobs.LOST_AFTER - timedelta(seconds=1))
    ExportJob.objects.filter(pk=old.pk).update(created_at=now - timedelta(hours=settings.EXPORT_KEEP_HOURS, seconds=1),
                                               status=ExportJob.Status.DONE)
    exportjobs.sweep()
    assert ExportJob.objects.get(pk=lost.pk).status == ExportJob.Status.DONE
    assert ExportJob.objects.get(pk=fresh.pk).status == ExportJob.Status.QUEUED  # its task may still come
    assert not ExportJob.objects.filter(pk=old.pk).exists()
    assert "latu.core.exportjobs.sweep" in settings.LATU_WORKER_SWEEPS
