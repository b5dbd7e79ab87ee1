from django.apps import apps as django_apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from latu import access
from latu.access import experiments as policy
from latu.experiments import actions
from latu.experiments.forms import (
    ChallengeForm,
    ChecklistItemForm,
    DecisionForm,
    ExperimentFilterForm,
    ExperimentForm,
    MeasureForm,
    PhaseNotesForm,
    ResultForm,
    ResultImportForm,
)
from latu.experiments.imports import ImportFailed
from latu.experiments.models import PHASES, Challenge, ChecklistItem, Experiment, HistoryEntry, Measure, Phase, Result
from latu.experiments.queries import idea_prefill, measure_chart, open_checklist_items, visible_idea
from latu.organisations.models import Organisation


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    # Another organisation's internal pages do not exist for the person (404, not 403).
    return get_object_or_404(access.scope(request.user, Organisation, "member"), slug=slug)


def _experiment(request: HttpRequest, pk: int, action: str = "view") -> Experiment:
    qs = Experiment.objects.select_related("organisation", "unit", "owner", "strategy_goal", "challenge")
    return access.get_or_404(request.user, qs, action, pk=pk)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def index(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    filters = ExperimentFilterForm(request.GET or None, organisation=organisation)
    qs = (
        access.scope(request.user, Experiment)
        .filter(organisation=organisation)
        .select_related("unit", "owner")
        .annotate(measure_count=Count("measures", distinct=True))
        .order_by("-created_at", "-pk")
    )
    if filters.is_valid():
        data = filters.cleaned_data
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("phase"):
            qs = qs.filter(phase=data["phase"])
        if data.get("unit"):
            qs = qs.filter(unit_id__in=data["unit"].descendant_ids())
        if data.get("mine"):
            qs = qs.filter(Q(owner=request.user) | Q(pk__in=Experiment.team.through.objects.filter(
                user_id=request.user.pk).values("experiment_id")))
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "experiments/index.html",
        {
            "organisation": organisation,
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "can_create": policy.can_create(request.user, organisation),
            "can_create_challenge": policy.can_create_challenge(request.user, organisation),
            "phases": PHASES,
        },
    )


def _with_people_found(request: HttpRequest, organisation, instance=None) -> ExperimentForm:
    """"Find people" (without JavaScript too): the form again as it was written, with
    the people found added to the choices of owner and team. Nothing is saved."""
    written = {name: request.POST.getlist(name) if name == "team" else request.POST.get(name)
               for name in ExperimentForm.base_fields if name in request.POST}
    return ExperimentForm(initial=written, instance=instance, organisation=organisation, user=request.user,
                          find_people=request.POST.get("find_people", ""))


@login_required
def create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    if not policy.can_create(request.user, organisation):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    idea = challenge = None
    initial = {"owner": request.user.pk}
    if source.get("idea"):
        idea = visible_idea(request.user, organisation, source.get("idea"))
        if not policy.can_start_from_idea(request.user, idea):
            raise PermissionDenied
        initial.update(idea_prefill(idea))
    elif source.get("challenge"):
        challenge = get_object_or_404(
            access.scope(request.user, Challenge).filter(organisation=organisation), pk=source.get("challenge")
        )
        initial.update({"title": challenge.title, "unit": challenge.unit_id, "description": challenge.description})
    if "find" in request.POST:
        form = _with_people_found(request, organisation)
    else:
        form = ExperimentForm(request.POST or None, organisation=organisation, initial=initial, user=request.user)
    if request.method == "POST" and "find" not in request.POST and form.is_valid():
        try:
            experiment = actions.create_experiment(
                actor=request.user, organisation=organisation, data=form.experiment_data(),
                team=form.cleaned_data["team"], idea=idea, challenge=challenge,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The experiment has started. Good luck!"))
            return redirect(experiment)
    return render(
        request,
        "experiments/form.html",
        {"organisation": organisation, "form": form, "idea": idea, "challenge": challenge, "experiment": None},
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    experiment = _experiment(request, pk, "change")
    if "find" in request.POST:
        form = _with_people_found(request, experiment.organisation, instance=experiment)
    else:
        form = ExperimentForm(request.POST or None, instance=experiment, organisation=experiment.organisation,
                              user=request.user)
    if request.method == "POST" and "find" not in request.POST and form.is_valid():
        try:
            actions.update_experiment(experiment, actor=request.user, data=form.experiment_data(),
                                      team=form.cleaned_data["team"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(experiment)
    return render(
        request,
        "experiments/form.html",
        {"organisation": experiment.organisation, "form": form, "experiment": experiment},
    )


def _deed_url(experiment: Experiment) -> str | None:
    try:
        return reverse("tori:deed_create") + f"?experiment={experiment.pk}"
    except NoReverseMatch:
        return None


def _told_deed(experiment: Experiment):
    """The deed told of the experiment on Tekojen tori, if there is one."""
    if not django_apps.is_installed("latu.tori"):
        return None
    from latu.tori.actions import deed_of_experiment

    return deed_of_experiment(experiment)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    experiment = _experiment(request, pk)
    experiment = (
        Experiment.objects.select_related("organisation", "unit", "owner", "strategy_goal", "challenge",
                                          "previous_round", "decided_by")
        .prefetch_related(
            "team",
            "phases",
            "checklist",
            Prefetch("measures", queryset=Measure.objects.prefetch_related("results")),
            Prefetch("history", queryset=HistoryEntry.objects.select_related("actor")),
        )
        .get(pk=experiment.pk)
    )
    user = request.user
    can_change = access.can(user, "change", experiment)
    can_decide = access.can(user, "decide", experiment)
    checklist = {number: [] for number, _label in PHASES}
    for item in experiment.checklist.all():
        checklist[item.phase].append(item)
    phases = [
        {"phase": phase, "items": checklist[phase.number], "done": phase.number < experiment.phase,
         "current": phase.number == experiment.phase,
         "notes_form": PhaseNotesForm(initial={"notes": phase.notes}, prefix=f"phase{phase.number}")}
        for phase in experiment.phases.all()
    ]
    measures = [{"measure": m, "latest": m.latest_result(), "chart": measure_chart(m)}
                for m in experiment.measures.all()]
    next_round = Experiment.objects.filter(previous_round=experiment).only("pk", "round", "title").first()
    told = _told_deed(experiment) if experiment.status == Experiment.Status.ADOPTED else None
    return render(
        request,
        "experiments/detail.html",
        {
            "experiment": experiment,
            "organisation": experiment.organisation,
            "phases": phases,
            "measures": measures,
            "can_change": can_change,
            "can_decide": can_decide,
            "next_round": next_round,
            "deed_url": _deed_url(experiment) if experiment.status == Experiment.Status.ADOPTED and can_change
            and told is None else None,
            "told_deed": told if told is not None and access.can(user, "view", told) else None,
            "idea": getattr(experiment, "idea", None),
            "checklist_form": ChecklistItemForm(),
        },
    )


@login_required
@require_POST
def move_phase(request: HttpRequest, pk: int) -> HttpResponse:
    experiment = _experiment(request, pk, "change")
    try:
        to_phase = int(request.POST.get("to_phase", ""))
        from_phase = int(request.POST["from_phase"]) if request.POST.get("from_phase") else None
    except ValueError:
        to_phase, from_phase = 0, None
    try:
        actions.move_phase(experiment, actor=request.user, to_phase=to_phase, from_phase=from_phase)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The phase was changed."))
    return redirect(experiment)


@login_required
@require_POST
def phase_notes(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    experiment = _experiment(request, pk, "change")
    phase = get_object_or_404(Phase, experiment=experiment, number=number)
    form = PhaseNotesForm(request.POST, prefix=f"phase{number}")
    if form.is_valid():
        actions.update_phase_notes(phase, actor=request.user, notes=form.cleaned_data["notes"])
        messages.success(request, _("Notes saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(reverse("experiments:detail", args=[experiment.pk]) + f"#phase-{number}")


@login_required
@require_POST
def checklist_toggle(request: HttpRequest, pk: int, item_id: int) -> HttpResponse:
    experiment = _experiment(request, pk, "change")
    item = get_object_or_404(ChecklistItem, experiment=experiment, pk=item_id)
    actions.set_checklist_item(item, actor=request.user, done=request.POST.get("done") == "1")
    return redirect(reverse("experiments:detail", args=[experiment.pk]) + f"#phase-{item.phase}")


@login_required
@require_POST
def checklist_add(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    experiment = _experiment(request, pk, "change")
    form = ChecklistItemForm(request.POST)
    if form.is_valid():
        try:
            actions.add_checklist_item(experiment, actor=request.user, phase=number, text=form.cleaned_data["text"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
    else:
        messages.error(request, _("Write the checklist item."))
    return redirect(reverse("experiments:detail", args=[experiment.pk]) + f"#phase-{number}")


@login_required
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    experiment = _experiment(request, pk, "change")
    form = MeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measure = actions.create_measure(experiment, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The measure was added."))
            return redirect(measure)
    return render(request, "experiments/measure_form.html",
                  {"experiment": experiment, "form": form, "measure": None})


def _measure(request: HttpRequest, pk: int, measure_id: int, action: str = "view") -> Measure:
    experiment = _experiment(request, pk, action)
    measure = get_object_or_404(Measure.objects.prefetch_related("results"), experiment=experiment, pk=measure_id)
    measure.experiment = experiment
    return measure


@login_required
def measure_edit(request: HttpRequest, pk: int, measure_id: int) -> HttpResponse:
    measure = _measure(request, pk, measure_id, "change")
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_measure(measure, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(measure)
    return render(request, "experiments/measure_form.html",
                  {"experiment": measure.experiment, "form": form, "measure": measure})


def _render_measure(request, measure, result_form=None, import_form=None, import_errors=None, status=200):
    can_change = access.can(request.user, "change", measure.experiment)
    results = sorted(measure.results.all(), key=lambda r: r.date, reverse=True)
    return render(
        request,
        "experiments/measure.html",
        {
            "experiment": measure.experiment,
            "measure": measure,
            "results": results,
            "latest": measure.latest_result(),
            "chart": measure_chart(measure),
            "can_change": can_change,
            "result_form": result_form or ResultForm(prefix="result"),
            "import_form": import_form or ResultImportForm(prefix="import"),
            "import_errors": import_errors or [],
        },
        status=status,
    )


@login_required
def measure(request: HttpRequest, pk: int, measure_id: int) -> HttpResponse:
    return _render_measure(request, _measure(request, pk, measure_id))


@login_required
def result_create(request: HttpRequest, pk: int, measure_id: int) -> HttpResponse:
    measure = _measure(request, pk, measure_id, "change")
    form = ResultForm(request.POST or None, prefix="result")
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_result(measure, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The result was saved."))
            return redirect(measure)
    return _render_measure(request, measure, result_form=form, status=400 if form.errors else 200)


@login_required
def result_import(request: HttpRequest, pk: int, measure_id: int) -> HttpResponse:
    measure = _measure(request, pk, measure_id, "change")
    form = ResultImportForm(request.POST or None, request.FILES or None, prefix="import")
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            summary = actions.import_results(measure, actor=request.user, data=form.cleaned_data["file"].read())
        except ImportFailed as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Imported: %(created)d new results, %(updated)d updated.")
                % {"created": summary.created, "updated": summary.updated},
            )
            return redirect(measure)
    failed = bool(errors or form.errors)
    return _render_measure(request, measure, import_form=form, import_errors=errors, status=400 if failed else 200)


@login_required
def result_edit(request: HttpRequest, pk: int, result_id: int) -> HttpResponse:
    experiment = _experiment(request, pk, "change")
    result = get_object_or_404(Result.objects.select_related("measure"), measure__experiment=experiment,
                               pk=result_id)
    form = ResultForm(request.POST or None, instance=result)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_result(result, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(result.measure)
    return render(request, "experiments/result_form.html",
                  {"experiment": experiment, "measure": result.measure, "form": form, "result": result})


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    experiment = _experiment(request, pk, "decide")
    if experiment.is_closed:
        messages.info(request, _("The end decision on this experiment has already been made."))
        return redirect(experiment)
    form = DecisionForm(request.POST or None, experiment=experiment)
    open_items = open_checklist_items(experiment)
    if request.method == "POST" and form.is_valid():
        try:
            result = actions.decide(experiment, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if result.pk != experiment.pk:
                messages.success(request, _("Round %(round)d has started with the measures of the previous round.")
                                 % {"round": result.round})
            else:
                messages.success(request, _("The decision was recorded."))
            if open_items and form.cleaned_data["decision"] == Experiment.Decision.ADOPT:
                messages.warning(request, ngettext(
                    "Adopted with %(n)d checklist item still open.",
                    "Adopted with %(n)d checklist items still open.", len(open_items)) % {"n": len(open_items)})
            return redirect(result)
    return render(request, "experiments/decide.html",
                  {"experiment": experiment, "form": form, "open_items": open_items})


@login_required
def challenges(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    qs = (
        access.scope(request.user, Challenge)
        .filter(organisation=organisation)
        .select_related("unit")
        .annotate(experiment_count=Count("experiments"))
        .order_by("-created_at", "-pk")
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "experiments/challenges.html",
        {"organisation": organisation, "page": page,
         "can_create": policy.can_create_challenge(request.user, organisation)},
    )


@login_required
def challenge_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = _organisation(request, org_slug)
    if not policy.can_create_challenge(request.user, organisation):
        raise PermissionDenied
    form = ChallengeForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        challenge = actions.create_challenge(actor=request.user, organisation=organisation, data=form.cleaned_data)
        messages.success(request, _("The challenge was saved."))
        return redirect(challenge)
    return render(request, "experiments/challenge_form.html",
                  {"organisation": organisation, "form": form, "challenge": None})


@login_required
def challenge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = access.get_or_404(request.user, Challenge.objects.select_related("organisation"), "change", pk=pk)
    form = ChallengeForm(request.POST or None, instance=challenge, organisation=challenge.organisation)
    if request.method == "POST" and form.is_valid():
        actions.update_challenge(challenge, actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect(challenge)
    return render(request, "experiments/challenge_form.html",
                  {"organisation": challenge.organisation, "form": form, "challenge": challenge})


@login_required
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = access.get_or_404(request.user, Challenge.objects.select_related("organisation", "unit"), pk=pk)
    experiments = (
        access.scope(request.user, Experiment).filter(challenge=challenge).select_related("owner", "unit")
        .order_by("-created_at")
    )
    return render(
        request,
        "experiments/challenge_detail.html",
        {
            "challenge": challenge,
            "organisation": challenge.organisation,
            "experiments": experiments,
            "can_change": access.can(request.user, "change", challenge),
            "can_create": policy.can_create(request.user, challenge.organisation),
        },
    )
