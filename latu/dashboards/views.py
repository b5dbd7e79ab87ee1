from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from latu import access
from latu.access import dashboards as policy
from latu.audit.log import record
from latu.audit.models import AuditEvent
from latu.core import charts, exports
from latu.dashboards import queries
from latu.organisations.models import Organisation, StrategyGoal, Unit

EXPORT_FORMATS = ("csv", "xlsx")


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    # Another organisation's internal pages do not exist for the person (404, not 403).
    return get_object_or_404(access.scope(request.user, Organisation, "member"), slug=slug)


def _charts(dashboard: queries.Dashboard) -> dict:
    return {
        "timeline": charts.bar_chart(
            _("Ideas sent and decided"), [label for label, _c, _d in dashboard.timeline],
            [(_("Sent"), [c for _l, c, _d in dashboard.timeline]),
             (_("Decided"), [d for _l, _c, d in dashboard.timeline])],
        ),
        "statuses": charts.hbar_chart(
            _("Ideas by status"), [str(label) for _v, label, _n in dashboard.statuses],
            [n for _v, _l, n in dashboard.statuses], series_name=_("Ideas"),
        ),
        "participation": charts.hbar_chart(
            _("Share of staff who took part"),
            [_("Took part"), _("Submitted a named idea"), _("Supported"), _("Commented")],
            [dashboard.participation or 0] + [dashboard.participation_of(k) or 0
                                              for k in ("submitted", "supported", "commented")],
            unit="%", series_name=_("Share of staff (%)"),
        ),
        "experiments": charts.hbar_chart(
            _("Experiments by status"), [str(label) for _v, label, _n in dashboard.experiment_statuses],
            [n for _v, _l, n in dashboard.experiment_statuses], series_name=_("Experiments"),
        ),
    }


def _render(request: HttpRequest, scope: queries.Scope, slug: str) -> HttpResponse:
    period = queries.period_for(request.GET.get("period"))
    dashboard = queries.cached_build(scope, period)
    export = request.GET.get("export")
    if export in EXPORT_FORMATS:
        record(AuditEvent.Action.EXPORT, actor=request.user, organisation=scope.organisation,
               target=f"dashboard:{slug}", format=export, period=period.key,
               start=period.start.isoformat(), end=period.end.isoformat())
        filename = f"latu-{slugify(slug)}-{period.start.isoformat()}-{period.end.isoformat()}"
        respond = exports.csv_response if export == "csv" else exports.xlsx_response
        return respond(filename, [str(h) for h in queries.EXPORT_HEADER], queries.export_rows(dashboard))
    organisation = scope.organisation
    visible = policy.visible_unit_ids(request.user, organisation)
    if scope.unit is not None:
        units = Unit.objects.filter(parent=scope.unit, is_active=True)
    else:
        units = Unit.objects.filter(organisation=organisation, is_active=True, parent__isnull=True)
    if visible is not None:
        units = Unit.objects.filter(organisation=organisation, pk__in=sorted(visible), is_active=True)
        if scope.unit is not None:
            units = units.filter(parent=scope.unit)
    goals = StrategyGoal.objects.filter(organisation=organisation, is_active=True)
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "organisation": organisation,
            "scope": scope,
            "dashboard": dashboard,
            "period": period,
            "periods": queries.PERIODS.items(),
            "charts": _charts(dashboard),
            "first_response": dashboard.medians["first_response"],
            "decision": dashboard.medians["decision"],
            "units": units.order_by("name_fi"),
            "goals": goals,
        },
    )


@login_required
def organisation(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _organisation(request, org_slug)
    return _render(request, queries.Scope(org), org.slug)


@login_required
def unit(request: HttpRequest, org_slug: str, unit_id: int) -> HttpResponse:
    org = _organisation(request, org_slug)
    the_unit = get_object_or_404(Unit.objects.select_related("organisation"), organisation=org, pk=unit_id)
    if not policy.can_view_unit(request.user, the_unit):
        raise PermissionDenied
    return _render(request, queries.Scope.for_unit(the_unit), f"{org.slug}-unit-{the_unit.pk}")


@login_required
def goal(request: HttpRequest, org_slug: str, goal_id: int) -> HttpResponse:
    org = _organisation(request, org_slug)
    the_goal = access.get_or_404(request.user, StrategyGoal.objects.filter(organisation=org), pk=goal_id)
    return _render(request, queries.Scope(org, goal=the_goal), f"{org.slug}-goal-{the_goal.pk}")
