"""Survey pages: the list and management of an organisation's (or the programme office's)
surveys, answering through a link or a personal invitation, and the results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from latu import access
from latu.audit.log import record
from latu.audit.models import AuditEvent
from latu.core import exportjobs
from latu.core.current import current_organisation
from latu.core.text import parse_pk

from . import actions, forms, queries
from .exports import FORMATS as EXPORT_FORMATS
from .models import Question, Survey


def _survey(request: HttpRequest, pk: int, action: str = "view") -> Survey:
    return access.get_or_404(request.user, Survey.objects.select_related("organisation"), action, pk=pk)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    context = queries.survey_list(request.user)
    owner = None if access.is_programme_office(request.user) else organisation
    probe = Survey(organisation=owner)
    context.update({
        "templates": queries.template_choices(),
        "can_create": access.can(request.user, "manage", probe),
        "owner": owner,
    })
    return render(request, "surveys/list.html", context)


@login_required
@require_POST
def survey_create(request: HttpRequest) -> HttpResponse:
    owner = None if access.is_programme_office(request.user) else current_organisation(request)
    try:
        survey = actions.create_from_template(request.POST.get("template", ""), actor=request.user, organisation=owner)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("surveys:list")
    messages.success(request, _("The survey was made as a draft. Check it, then open it for answers."))
    return redirect("surveys:detail", survey.pk)


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    context = queries.manage_page(request.user, survey)
    context["link"] = request.build_absolute_uri(reverse("surveys:answer", args=[survey.link_token]))
    return render(request, "surveys/detail.html", context)


@login_required
@require_POST
def survey_status(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "manage")
    change = request.POST.get("change")
    try:
        if change == "open":
            actions.open_survey(survey, actor=request.user)
            messages.success(request, _("The survey is open for answers."))
        elif change == "close":
            actions.close_survey(survey, actor=request.user)
            messages.success(request, _("The survey is closed."))
        elif change == "remind":
            count = actions.remind(survey, actor=request.user)
            messages.success(request, _("Reminders are being sent to %(count)s people.") % {"count": count})
        elif change == "new-version":
            copy = actions.new_version(survey, actor=request.user)
            messages.success(request, _("A new version was made as a draft."))
            return redirect("surveys:detail", copy.pk)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("surveys:detail", survey.pk)


@login_required
@require_POST
def survey_invite(request: HttpRequest, pk: int) -> HttpResponse:
    from django.core.validators import validate_email

    survey = _survey(request, pk, "manage")
    raw = [part.strip().lower() for part in request.POST.get("emails", "").replace(",", "\n").splitlines()]
    emails, bad = [], []
    for email in filter(None, raw):
        try:
            validate_email(email)
            emails.append(email)
        except ValidationError:
            bad.append(email)
    if bad or not emails:
        messages.error(request, _("Check the addresses: %(bad)s") % {"bad": ", ".join(bad[:10])} if bad
                       else _("Write at least one email address."))
        return redirect("surveys:detail", survey.pk)
    made = actions.invite(survey, emails, actor=request.user)
    messages.success(request, _("%(count)s invitations were made.") % {"count": len(made)})
    return redirect("surveys:detail", survey.pk)


@login_required
def survey_preview(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return render(request, "surveys/preview.html", {"survey": survey, "pages": queries.preview_pages(survey)})


@login_required
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "results")
    filters = queries.results_filters(request.GET, survey)
    context = queries.results_page(request.user, survey, filters, parse_pk(request.GET.get("compare", "")))
    return render(request, "surveys/results.html", context)


@login_required
@require_POST
def survey_results_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Start preparing the results, as filtered on the page, as a CSV, XLSX or PDF file
    (``latu.surveys.exports``); the person follows it on the download's page."""
    survey = _survey(request, pk, "results")
    export = request.POST.get("format", "")
    query = request.POST.get("query", "")[:500]
    if export not in EXPORT_FORMATS:
        raise Http404
    if queries.results(survey, queries.results_filters(QueryDict(query), survey)).hidden:
        raise Http404
    record(AuditEvent.Action.EXPORT, actor=request.user, organisation=survey.organisation,
           target=f"survey:{survey.pk}", format=export)
    back = reverse("surveys:results", args=[survey.pk]) + (f"?{query}" if query else "")
    job = exportjobs.start("survey-results", actor=request.user, format=export, title=survey.title,
                           params={"survey": survey.pk, "query": query, "back": back})
    return redirect("core:export_job", job.pk)


# --- answering --------------------------------------------------------------------------------


def _open_survey(token: str) -> Survey:
    return get_object_or_404(Survey.objects.select_related("organisation"), link_token=token)


def answer_start(request: HttpRequest, token: str) -> HttpResponse:
    survey = _open_survey(token)
    if request.method == "POST":
        try:
            started = actions.start_response(survey)
        except ValidationError as error:
            return render(request, "surveys/closed.html", {"survey": survey, "message": _error_text(error)}, status=409)
        return redirect("surveys:page", token, started.key, 0)
    return render(request, "surveys/start.html", {"survey": survey})


def answer_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = queries.invitation_by_token(token)
    if invitation is None:
        raise Http404
    survey = invitation.survey
    try:
        started = actions.start_response(survey, invitation=invitation)
    except ValidationError as error:
        return render(request, "surveys/closed.html", {"survey": survey, "message": _error_text(error)}, status=409)
    return redirect("surveys:page", survey.link_token, started.key, started.response.page)


def answer_page(request: HttpRequest, token: str, key: str, index: int) -> HttpResponse:
    survey = _open_survey(token)
    response = actions.find_unfinished(survey, key)
    if response is None or not survey.is_open:
        return render(request, "surveys/closed.html", {"survey": survey, "message": _(
            "These answers have already been sent, or the survey is no longer open.")}, status=409)
    sections = queries.sections_of(survey)
    pages = len(sections) + (1 if queries.background_asked(survey) else 0)
    if index < 0 or index >= pages:
        raise Http404
    data = request.POST if request.method == "POST" else None
    page = queries.answer_page(survey, response, index, data)
    if request.method == "POST":
        form = page.background or page.form
        if form.is_valid():
            if page.background is not None:
                try:
                    actions.save_background(response, unit=form.cleaned_data.get("unit"),
                                            role=form.cleaned_data.get("role") or "",
                                            organisation=form.cleaned_data.get("organisation"))
                except ValidationError as error:
                    form.add_error(None, error)
            else:
                actions.save_page(response, page.section, form.answers(), index)
            if not form.errors:
                if request.POST.get("go") == "back" and index > 0:
                    return redirect("surveys:page", token, key, index - 1)
                if page.is_last:
                    return _submit(request, survey, response, key, sections)
                return redirect("surveys:page", token, key, index + 1)
    resume = request.build_absolute_uri(reverse("surveys:page", args=[token, key, index]))
    return render(request, "surveys/page.html", {"survey": survey, "page": page, "resume_link": resume,
                                                 "is_invitation": key.startswith("i-")})


def _submit(request: HttpRequest, survey: Survey, response, key: str, sections) -> HttpResponse:
    invitation = None
    if key.startswith("i-"):
        invitation = queries.invitation_by_token(key[2:])
    hidden = queries.hidden_question_ids(sections, queries.chosen_options(response))
    try:
        actions.submit(response, invitation=invitation, hidden_questions=hidden)
    except ValidationError as error:
        return render(request, "surveys/closed.html", {"survey": survey, "message": _error_text(error)}, status=409)
    return redirect("surveys:thanks", survey.link_token)


def answer_thanks(request: HttpRequest, token: str) -> HttpResponse:
    return render(request, "surveys/thanks.html", {"survey": _open_survey(token)})


# --- the builder ---------------------------------------------------------------------------------


def _editable(request: HttpRequest, survey: Survey) -> bool:
    """True when the survey's questions may still change; otherwise says why."""
    try:
        actions.ensure_editable(survey)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return False
    return True


@login_required
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk, "manage")
    form = forms.SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        actions.save_settings(survey, form, actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("surveys:detail", survey.pk)
    return render(request, "surveys/edit.html", {"survey": survey, "form": form})


@login_required
def section_edit(request: HttpRequest, pk: int, section_pk: int | None = None) -> HttpResponse:
    survey = _survey(request, pk, "manage")
    section = get_object_or_404(survey.sections, pk=section_pk) if section_pk else None
    if not _editable(request, survey):
        return redirect("surveys:detail", survey.pk)
    form = forms.SectionForm(request.POST or None, instance=section)
    if request.method == "POST":
        if request.POST.get("delete") and section is not None:
            actions.delete_section(section, actor=request.user)
            messages.success(request, _("The page was removed."))
            return redirect("surveys:detail", survey.pk)
        if form.is_valid():
            actions.save_section(survey, form, actor=request.user)
            return redirect("surveys:detail", survey.pk)
    return render(request, "surveys/section_form.html", {"survey": survey, "section": section, "form": form})


@login_required
def question_edit(request: HttpRequest, pk: int, section_pk: int, question_pk: int | None = None) -> HttpResponse:
    survey = _survey(request, pk, "manage")
    section = get_object_or_404(survey.sections, pk=section_pk)
    question = get_object_or_404(section.questions, pk=question_pk) if question_pk else None
    if not _editable(request, survey):
        return redirect("surveys:detail", survey.pk)
    data = request.POST or None
    form = forms.QuestionForm(data, instance=question, section=section)
    options = forms.OptionFormSet(data, instance=question or Question(), prefix="options")
    rows = forms.RowFormSet(data, instance=question or Question(), prefix="rows")
    if request.method == "POST":
        if request.POST.get("delete") and question is not None:
            actions.delete_question(question, actor=request.user)
            messages.success(request, _("The question was removed."))
            return redirect("surveys:detail", survey.pk)
        if request.POST.get("move") in ("up", "down") and question is not None:
            actions.move_question(question, -1 if request.POST["move"] == "up" else 1, actor=request.user)
            return redirect("surveys:detail", survey.pk)
        if form.is_valid() and options.is_valid() and rows.is_valid():
            try:
                actions.save_question(section, form, options, rows, actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The question was saved."))
                return redirect("surveys:detail", survey.pk)
    return render(request, "surveys/question_form.html", {
        "survey": survey, "section": section, "question": question, "form": form, "options": options, "rows": rows,
    })
