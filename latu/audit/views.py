"""The audit log of one organisation, for its admins and the programme office."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse

from latu import access
from latu.audit.models import AuditEvent
from latu.organisations.forms import AuditFilterForm
from latu.organisations.views import manageable_organisation, render_admin

EVENTS_PER_PAGE = 50


@login_required
def organisation_log(request: HttpRequest, slug: str) -> HttpResponse:
    org = manageable_organisation(request, slug)
    filters = AuditFilterForm(request.GET or None)
    events = access.scope(request.user, AuditEvent).filter(organisation=org).select_related("actor")
    if filters.is_valid() and filters.cleaned_data.get("event"):
        events = events.filter(action=filters.cleaned_data["event"])
    page = Paginator(events.order_by("-at", "-pk"), EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_admin(request, "audit/organisation_log.html", org, "audit", {
        "filters": filters, "page": page, "query": query.urlencode(),
    })
