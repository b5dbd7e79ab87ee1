"""Background work that belongs to no domain area."""

from django_tasks import task

from latu.core import exportjobs


@task()
def run_export_job(job_id: str) -> None:
    """Prepare one download (``latu.core.exportjobs``)."""
    exportjobs.run(job_id)
