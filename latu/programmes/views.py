"""Pages of programme services. Programmes, services and the expert pool are public;
applying needs membership of an organisation; the queue is the programme office's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from latu import access
from latu.access.programmes import applying_organisations, can_apply
from latu.core.pdf import pdf_response, render_pdf
from latu.programmes import actions, queries
from latu.programmes.forms import ApplicationForm, DecisionForm, ParticipantsForm
from latu.programmes.models import PROFILE_LABELS, PROFILE_VOCABULARIES, Application, Expert


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/index.html", {"programmes": queries.programmes(),
                                                     "can_apply": can_apply(request.user)})


def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = queries.service(slug)
    if service is None:
        raise Http404
    return render(request, "programmes/service_detail.html", {"service": service, "can_apply": can_apply(request.user)})


def expert_list(request: HttpRequest) -> HttpResponse:
    filters = queries.ExpertFilters.from_params(request.GET)
    vocabularies = [(field, PROFILE_LABELS[field], vocabulary.choices, filters.values.get(field, ""))
                    for field, vocabulary in PROFILE_VOCABULARIES.items()]
    return render(request, "programmes/expert_list.html", {
        "experts": queries.experts(request.user, filters),
        "vocabularies": vocabularies,
        "deliveries": Expert.Delivery.choices,
        "delivery": filters.values.get("delivery", ""),
        "max_compared": queries.MAX_COMPARED,
    })


def expert_compare(request: HttpRequest) -> HttpResponse:
    experts = queries.compared_experts(request.user, request.GET.getlist("e"))
    return render(request, "programmes/expert_compare.html", {"experts": experts, "fields": PROFILE_VOCABULARIES})


def expert_detail(request: HttpRequest, slug: str) -> HttpResponse:
    expert = queries.expert(request.user, slug)
    if expert is None:
        raise Http404
    return render(request, "programmes/expert_detail.html", {"expert": expert})


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/my_applications.html", {
        "applications": queries.my_applications(request.user), "can_apply": can_apply(request.user)})


def _application_page(request: HttpRequest, application: Application | None) -> HttpResponse:
    """The application form: "Save draft" keeps what is there, "Submit" checks
    everything (the co-operation requirement too) and writes nothing unless it passes."""
    organisation_ids = applying_organisations(request.user)
    if application is None and not organisation_ids:
        raise PermissionDenied
    if application is not None:
        organisation_ids = organisation_ids | {application.organisation_id}
    submitting = request.method == "POST" and "submit" in request.POST
    initial = {}
    if application is None:
        if request.GET.get("service", "").isdigit():
            initial["service"] = int(request.GET["service"])
        if request.GET.get("expert", "").isdigit():
            initial["preferred_expert"] = int(request.GET["expert"])
        if len(organisation_ids) == 1:
            initial["organisation"] = next(iter(organisation_ids))
    rows = [(p.name, p.role_group) for p in application.participants.all()] if application else []
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, instance=application, initial=initial, organisation_ids=organisation_ids,
                           submitting=submitting)
    participants = ParticipantsForm(data, initial_rows=rows)
    status = 200
    if data is not None:
        if form.is_valid() and participants.is_valid():
            try:
                saved = actions.save_application(form.instance, actor=request.user, participants=participants.rows(),
                                                 submit=submitting)
            except actions.CooperationMissing as problem:
                for message in problem.args[0]:
                    participants.add_error(None, message)
            else:
                if submitting:
                    messages.success(request, _("The application was submitted. You will be told of the decision."))
                    return redirect("programmes:application", pk=saved.pk)
                messages.success(request, _("The draft was saved. You can finish it later."))
                return redirect("programmes:application_edit", pk=saved.pk)
        status = 400
    return render(request, "programmes/application_form.html", {
        "form": form, "participants": participants, "application": application}, status=status)


@login_required
def application_create(request: HttpRequest) -> HttpResponse:
    return _application_page(request, None)


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = queries.application(request.user, pk)
    access.require(request.user, "edit", application)
    return _application_page(request, application)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = queries.application(request.user, pk)
    return render(request, "programmes/application_detail.html", {
        "application": application,
        "can_edit": access.can(request.user, "edit", application),
        "can_decide": access.can(request.user, "decide", application),
    })


@login_required
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    application = queries.application(request.user, pk)
    if not application.is_decided:
        raise Http404
    with translation.override(application.language):
        content = render_pdf("programmes/decision_document.html", {"application": application}, request=request)
        filename = _("decision") + f"-{application.pk}"
    return pdf_response(content, filename)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not access.is_programme_office(request.user):
        raise PermissionDenied
    return render(request, "programmes/queue.html", {"queue": queries.queue(request.user)})


@login_required
def process(request: HttpRequest, pk: int) -> HttpResponse:
    """The eligibility checklist and the decision on one submitted application."""
    application = queries.application(request.user, pk)
    access.require(request.user, "decide", application)
    initial = {name: getattr(application, name) for name in DecisionForm.CHECKS}
    initial["granted_days"] = application.requested_days
    deciding = request.method == "POST" and "decide" in request.POST
    form = DecisionForm(request.POST if request.method == "POST" else None, initial=initial, deciding=deciding)
    if request.method == "POST":
        if form.is_valid():
            if deciding:
                granted = form.cleaned_data["outcome"] == DecisionForm.GRANT
                actions.decide(application, actor=request.user, granted=granted,
                               days=form.cleaned_data.get("granted_days"), reasons=form.cleaned_data.get("reasons", ""),
                               checks=form.checks())
                messages.success(request, _("The decision was made and the applicant was told."))
                return redirect("programmes:queue")
            actions.save_checklist(application, actor=request.user, checks=form.checks())
            messages.success(request, _("The checklist was saved."))
            return redirect("programmes:process", pk=application.pk)
        return render(request, "programmes/process.html", {"application": application, "form": form}, status=400)
    return render(request, "programmes/process.html", {"application": application, "form": form})


