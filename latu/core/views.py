from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from latu import access
from latu.core.current import current_organisation, set_current_organisation
from latu.core.errors import StateConflict
from latu.core.models import ExportJob
from latu.organisations.models import Organisation

# Domain apps may contribute a panel to the signed-in home page.
HOME_PANELS = ["campaigns/_office_home_panel.html", "ideas/_home_panel.html", "experiments/_home_panel.html",
               "notifications/_home_panel.html", "tori/_home_panel.html"]


def _existing_templates(names: list[str]) -> list[str]:
    found = []
    for name in names:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            continue
        found.append(name)
    return found


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    org = current_organisation(request)
    organisations = Organisation.objects.filter(pk__in=access.member_organisation_ids(request.user))
    roles = access.org_roles(request.user, org) if org else set()
    return render(
        request,
        "core/home.html",
        {"organisations": organisations, "roles": roles, "panels": _existing_templates(HOME_PANELS)},
    )


@login_required
@require_POST
def switch_organisation(request: HttpRequest) -> HttpResponse:
    org = access.get_or_404(request.user, Organisation, "member", pk=request.POST.get("organisation"))
    if not access.is_member(request.user, org):
        return redirect("core:home")
    set_current_organisation(request, org)
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


def livez(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers; also the benchmarks' bare-view baseline (readiness: /healthz/)."""
    return HttpResponse("ok", content_type="text/plain")


@cache_control(public=True, max_age=31536000, immutable=True)
def theme_css(request: HttpRequest, colour: str) -> HttpResponse:
    """The organisation's accent colour as a stylesheet (one per colour, cached for a
    year): a style attribute or inline <style> would need 'unsafe-inline' in the CSP.
    The URL accepts six hex digits only, so nothing else reaches the CSS."""
    return HttpResponse(f"body {{ --org-accent: #{colour}; }}\n", content_type="text/css; charset=utf-8")


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "core/about.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def styleguide(request: HttpRequest) -> HttpResponse:
    return render(request, "core/styleguide.html")


def error_403(request, exception=None):
    """A refusal because of the object's state (``StateConflict``) is a 409 that explains
    the state; any other refusal is a 403 that says whom to ask."""
    if isinstance(exception, StateConflict):
        return render(request, "409.html", {"message": exception.message, "title": exception.title}, status=409)
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # Rendered without context processors: the request may be what failed.
    return HttpResponse(get_template("500.html").render({"request": None}), status=500)


@login_required
def export_job(request: HttpRequest, pk: str) -> HttpResponse:
    """A download being prepared: its progress, then the link (htmx refreshes the status)."""
    job = access.get_or_404(request.user, ExportJob.objects.defer("content"), "view", pk=pk)
    back = job.params.get("back", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return render(request, "core/export_job.html",
                  {"job": job, "back": back, "keep_hours": settings.EXPORT_KEEP_HOURS})


@login_required
def export_download(request: HttpRequest, pk: str) -> HttpResponse:
    job = access.get_or_404(request.user, ExportJob, "view", pk=pk, status=ExportJob.Status.DONE)
    response = HttpResponse(bytes(job.content), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
