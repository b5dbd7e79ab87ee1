"""The few rows that belong to no domain area: downloads prepared in the background."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """A download (CSV, XLSX, PDF) prepared by a task for one person: the request that asks
    for it returns at once, the page of the job shows its progress, and the file is kept
    for ``EXPORT_KEEP_HOURS``. What to build is named by ``kind``, a builder registered in
    :mod:`latu.core.exportjobs` by the domain app that owns the data."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs",
                              db_index=False)
    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    format = models.CharField(max_length=8)
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "-created_at"], name="core_export_owner_created")]

    def __str__(self) -> str:
        return f"{self.kind} {self.format} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
