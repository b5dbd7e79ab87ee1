"""Indicator pages of an organisation: the list, one indicator on the timeline with the
development activity, value entry and CSV import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from latu import access
from latu.access.indicators import can_manage_in, can_view_in
from latu.core.text import parse_pk
from latu.organisations.models import Organisation, Unit

from . import actions, queries
from .forms import ImportForm, IndicatorForm, ValueForm
from .models import Indicator, IndicatorValue


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(access.scope(request.user, Organisation, "member"), slug=slug) \
        if not access.is_programme_office(request.user) else get_object_or_404(Organisation, slug=slug)
    if not can_view_in(request.user, organisation):
        raise PermissionDenied
    return organisation


@login_required
def indicator_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    can_manage = can_manage_in(request.user, organisation)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                indicator = actions.create_indicator(organisation, form, actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The indicator was added."))
                return redirect("indicators:detail", organisation.slug, indicator.pk)
    context = queries.indicator_list(request.user, organisation)
    context.update({"form": form, "can_manage": can_manage, "import_form": ImportForm()})
    return render(request, "indicators/list.html", context)


@login_required
def indicator_detail(request: HttpRequest, org_slug: str, pk: int) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    indicator = access.get_or_404(request.user, Indicator.objects.select_related("organisation"), pk=pk,
                                  organisation=organisation)
    unit = None
    if unit_pk := parse_pk(request.GET.get("unit")):
        unit = Unit.objects.filter(organisation=organisation, pk=unit_pk).first()
    form = ValueForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        if not access.can(request.user, "manage", indicator):
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.record_values(indicator, [actions.Point(data["month"], data["value"], data["unit"])],
                                      actor=request.user, source=IndicatorValue.Source.MANUAL)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The value was saved."))
                return redirect(request.get_full_path())
    context = queries.indicator_page(request.user, indicator, unit, timezone.localdate())
    context["form"] = form
    return render(request, "indicators/detail.html", context)


@login_required
@require_POST
def indicator_import(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    if not can_manage_in(request.user, organisation):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            count = actions.import_csv(organisation, form.cleaned_data["file"].read(), actor=request.user)
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("%(count)s values were imported.") % {"count": count})
            return redirect("indicators:list", organisation.slug)
    context = queries.indicator_list(request.user, organisation)
    context.update({"form": IndicatorForm(), "can_manage": True, "import_form": form})
    return render(request, "indicators/list.html", context, status=400)
