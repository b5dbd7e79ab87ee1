"""The survey results as a download (CSV, XLSX or the printable PDF report), prepared in
the background by :mod:`latu.core.exportjobs` under the same anonymity rules as the page."""

from __future__ import annotations

from django.http import QueryDict
from django.utils.text import slugify
from django.utils.translation import gettext as _

from latu import access
from latu.core import exportjobs, pdf
from latu.core.models import ExportJob
from latu.core.text import parse_pk

from . import queries
from .models import Survey

FORMATS = ("csv", "xlsx", "pdf")


def build_results(job: ExportJob, progress: exportjobs.Progress) -> exportjobs.Output:
    survey = access.get_or_404(job.owner, Survey.objects.select_related("organisation"), "results",
                               pk=job.params["survey"])
    get = QueryDict(job.params.get("query", ""))
    context = queries.results_page(job.owner, survey, queries.results_filters(get, survey),
                                   parse_pk(get.get("compare", "")))
    if context["results"].hidden:
        raise exportjobs.Refused
    progress(50)
    name = f"latu-{slugify(survey.title)}-{survey.pk}"
    if job.format == "pdf":
        return exportjobs.Output(name, content=pdf.render_pdf("surveys/report.html", context))
    header = [_("Question"), _("Item"), _("Option"), _("Answers"), _("Share (%)")]
    return exportjobs.Output(name, header, queries.export_rows(context["results"]))


def register() -> None:
    exportjobs.register("survey-results", build_results, formats=FORMATS)
