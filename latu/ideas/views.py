"""Pages of the idea pipeline. Thin: parse, check access, call an action or a query,
render. Core flows work without JavaScript; htmx only enhances."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from latu import access
from latu.access.base import HANDLERS
from latu.access.ideas import can_submit, handles_anything, role_filter, visible_ideas_of
from latu.core.current import current_organisation
from latu.organisations.models import Organisation
from latu.tori.search import similar_to_text

from . import actions, ratelimit
from .forms import (
    AttachmentForm,
    CommentForm,
    CriterionForm,
    DecisionForm,
    EditIdeaForm,
    EvaluationForm,
    FilterForm,
    ForumForm,
    MeetingDecisionForm,
    MeetingForm,
    PipelineSettingsForm,
    ReasonForm,
    ReceiptCommentForm,
    ReceiptForm,
    SubmitIdeaForm,
)
from .models import (
    AgendaItem,
    Attachment,
    Comment,
    CommentReport,
    Criterion,
    Evaluation,
    Forum,
    ForumMeeting,
    Idea,
    PipelineSettings,
    Support,
    targets_for,
)
from .queries import board as build_board
from .queries import card, evaluation_summary, kept_count, own_unit, timeline
from .queries import mentionable as queries_mentionable
from .search import rank_ideas, similar_ideas

PAGE_SIZE = 20
logger = logging.getLogger(__name__)


# --- helpers ------------------------------------------------------------------------


def _member_org(request: HttpRequest, slug: str) -> Organisation:
    """The organisation, if the person is a member of it; 404 otherwise."""
    org = access.scope(request.user, Organisation, "member").filter(slug=slug).first()
    if org is None:
        raise Http404
    return org


def _posted(request: HttpRequest):
    """The POST data for a bound form (also when it is empty), None on GET."""
    return request.POST if request.method == "POST" else None


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                    require_https=request.is_secure()):
        return target
    return default


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field_name, errors in error.error_dict.items():
            target = field_name if field_name in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _too_many(request, template: str, context: dict, retry_after: int) -> HttpResponse:
    context = {**context, "rate_limited": True}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _similar_deeds(text: str, user) -> list:
    """Published deeds of the marketplace about the same thing, so nobody re-invents
    what exists. A failure there must never stop anyone from writing an idea."""
    try:
        return list(similar_to_text(text, limit=3, user=user))
    except Exception:
        logger.exception("Similar deeds lookup failed")
        return []


# --- lists and the board ----------------------------------------------------------------


class KeptCountPaginator(Paginator):
    """Pages of one organisation's ideas, counted as the board counts them: the count is
    kept until something happens in the organisation (counting a city's 90 000 ideas took
    PostgreSQL 20 ms on every page of the list)."""

    def __init__(self, object_list, per_page, *, organisation_id: int):
        super().__init__(object_list, per_page)
        self.organisation_id = organisation_id

    @property
    def count(self) -> int:
        if not hasattr(self, "_kept_count"):
            self._kept_count = kept_count(self.object_list.order_by(), self.organisation_id)
        return self._kept_count


@login_required
def index(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _member_org(request, org_slug)
    form = FilterForm(request.GET or None, organisation=org)
    ideas = visible_ideas_of(request.user, org)
    ideas = form.filter(ideas) if form.is_bound else ideas
    valid = form.is_bound and form.is_valid()
    q = form.cleaned_data.get("q", "") if valid else ""
    sort = (form.cleaned_data.get("sort") if valid else "") or "new"
    ranked_ids = None
    if q.strip():
        ranked_ids = [pk for pk, _score in rank_ideas(q, ideas, organisation=org, limit=500)]
        page = Paginator(ranked_ids, PAGE_SIZE).get_page(request.GET.get("page"))
        by_id = ideas.select_related("unit", "strategy_goal").in_bulk(list(page.object_list))
        items = [by_id[pk] for pk in page.object_list if pk in by_id]
    else:
        order = {"new": ("-created_at", "-pk"), "old": ("created_at", "pk"),
                 "supported": ("-support_count", "-created_at")}[sort]
        page = KeptCountPaginator(ideas.select_related("unit", "strategy_goal").order_by(*order), PAGE_SIZE,
                                  organisation_id=org.pk).get_page(request.GET.get("page"))
        items = list(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ideas/index.html", {
        "organisation": org, "form": form, "page": page, "ideas": items, "q": q,
        "query_string": query.urlencode(), "can_submit": can_submit(request.user, org),
        "is_handler": handles_anything(request.user, org),
        "active_filters": sum(1 for name in form.fields if name != "q" and request.GET.get(name)),
    })


@login_required
def board(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _member_org(request, org_slug)
    if not handles_anything(request.user, org):
        raise PermissionDenied
    form = FilterForm(request.GET or None, organisation=org)
    ideas = visible_ideas_of(request.user, org)
    if form.is_bound:
        ideas = form.filter(ideas)
    else:
        # Handlers of one unit start from their own unit's ideas.
        units = access.unit_scope_ids(request.user, org, HANDLERS)
        if units:
            ideas = ideas.filter(role_filter(request.user, HANDLERS))
    first_target, decision_target = targets_for(org)
    columns, totals = build_board(ideas, org.pk, first_target, decision_target)
    return render(request, "ideas/board.html", {
        "organisation": org, "form": form, "columns": columns, "totals": totals,
        "first_target": first_target, "decision_target": decision_target,
        "can_manage": access.has_role(request.user, org, {"admin"}),
    })


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Ideas the person sent with their name, in any organisation."""
    ideas = access.scope(request.user, Idea).filter(author=request.user).select_related("organisation", "unit")
    page = Paginator(ideas.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ideas/mine.html", {"page": page})


@login_required
def channels(request: HttpRequest) -> HttpResponse:
    """Organisations a person can send an idea to: their own and those open to residents."""
    own = set(access.member_organisation_ids(request.user))
    orgs = [o for o in Organisation.objects.filter(is_active=True).order_by("name_fi")
            if o.pk in own or (request.user.is_citizen and o.public_channel)]
    return render(request, "ideas/channels.html", {"organisations": orgs})


# --- submitting -------------------------------------------------------------------------


def _submit_org(request, slug) -> Organisation:
    org = Organisation.objects.filter(slug=slug, is_active=True).first()
    if org is None or not can_submit(request.user, org):
        raise Http404
    return org


def _live(form, org):
    """While the author types the title or description, htmx posts them (only them:
    never the attachment) and shows similar ideas and deeds."""
    url = reverse("ideas:similar", args=[org.slug])
    for name in ("title", "description"):
        form.fields[name].widget.attrs.update({
            "hx-post": url, "hx-trigger": "keyup changed delay:500ms", "hx-target": "#similar-ideas",
            "hx-params": "title,description", "hx-sync": "closest form:replace",
        })
    return form


def _text_for_similarity(data) -> str:
    return f"{data.get('title', '')}\n{data.get('description', '')}".strip()


@never_cache
@sensitive_post_parameters()
@login_required
def submit(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _submit_org(request, org_slug)
    is_member = access.is_member(request.user, org)
    form_kwargs = {"organisation": org}
    context = {"organisation": org, "is_member": is_member}
    if request.method != "POST":
        initial = {"unit": request.GET.get("unit") or own_unit(request.user, org)}
        return render(request, "ideas/submit.html", {**context, "form": _live(SubmitIdeaForm(initial=initial,
                                                                                                **form_kwargs), org)})
    form = _live(SubmitIdeaForm(request.POST, request.FILES, **form_kwargs), org)
    if "check" in request.POST:
        # Without JavaScript: show similar ideas and deeds, keep what was written.
        text = _text_for_similarity(request.POST)
        return render(request, "ideas/submit.html", {
            **context, "form": _live(SubmitIdeaForm(initial=request.POST.dict(), **form_kwargs), org),
            "similar": similar_ideas(text, access.scope(request.user, Idea), organisation=org),
            "deeds": _similar_deeds(text, request.user), "checked": True,
        })
    if not form.is_valid():
        return render(request, "ideas/submit.html", {**context, "form": form}, status=400)
    data = form.cleaned_data
    anonymous = bool(data.get("anonymous"))
    rate_identity = ratelimit.session_identity(request) if anonymous else ratelimit.user_identity(request.user)
    try:
        result = actions.submit_idea(
            request.user, org, title=data["title"], description=data["description"], problem=data["problem"],
            proposal=data["proposal"], beneficiaries=data["beneficiaries"], unit=data["unit"],
            strategy_goal=data["strategy_goal"], anonymous=anonymous, token=data.get("token") or "",
            attachments=[data["attachment"]] if data.get("attachment") else [],
            alt_texts=[data.get("alt_text") or ""], rate_identity=rate_identity,
        )
    except ratelimit.RateLimited as limited:
        return _too_many(request, "ideas/submit.html", {**context, "form": form}, limited.retry_after)
    except ValidationError as error:
        _errors_to_form(form, error)
        return render(request, "ideas/submit.html", {**context, "form": form}, status=400)
    idea = result.idea
    if idea.is_anonymous:
        # The receipt is shown once, in this response; it is not put in the session,
        # a message or a URL, so nothing ties it to the person afterwards.
        return render(request, "ideas/receipt_issued.html", {
            "idea": idea, "code": result.receipt_code, "replayed": not result.created,
        })
    if result.created:
        messages.success(request, _("Thank you! Your idea has been sent."))
    return redirect(idea)


@require_POST
@login_required
def similar(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The live "similar ideas and deeds" list while an idea is being written (POST, so
    the text never appears in URLs or access logs)."""
    org = _submit_org(request, org_slug)
    text = _text_for_similarity(request.POST)
    exclude = request.POST.get("exclude")
    return render(request, "ideas/_similar.html", {
        "organisation": org,
        "similar": similar_ideas(text, access.scope(request.user, Idea), organisation=org,
                                 exclude=int(exclude) if exclude and exclude.isdigit() else None),
        "deeds": _similar_deeds(text, request.user) if len(text) >= 3 else [],
        "checked": len(text) >= 3,
    })


# --- one idea -----------------------------------------------------------------------------


def _idea(request, pk, action="view") -> Idea:
    # Not merged_into and escalated_to: few ideas have them, and two more joins (one of
    # them the million-row idea table again) took PostgreSQL 4 ms instead of 1 to plan.
    qs = Idea.objects.select_related("organisation", "unit", "strategy_goal", "author")
    return access.get_or_404(request.user, qs, action, pk=pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    user = request.user
    is_handler = access.can(user, "handle", idea)
    comments = (
        Comment.objects.filter(idea=idea, parent__isnull=True)
        .select_related("author", "hidden_by")
        .prefetch_related(Prefetch("replies", queryset=Comment.objects.select_related("author", "hidden_by")))
    )
    first_target, decision_target = targets_for(idea.organisation)
    context = {
        "idea": idea,
        "organisation": idea.organisation,
        "is_handler": is_handler,
        "card": card(idea, first_target, decision_target, timezone.now()),
        "attachments": list(idea.attachments.all()),
        "comments": comments,
        "comment_form": CommentForm(),
        "supported": Support.objects.filter(idea=idea, user=user).exists(),
        "can_support": access.can(user, "support", idea) and idea.author_id != user.pk,
        "can_comment": access.can(user, "comment", idea),
        "can_edit": access.can(user, "change", idea),
        "can_attach": access.can(user, "attach", idea),
        "can_evaluate": access.can(user, "evaluate", idea),
        "can_decide": access.can(user, "decide", idea),
        "can_mark_implemented": access.can(user, "mark_implemented", idea),
        "can_report": access.is_member(user, idea.organisation_id),
        "is_member": access.is_member(user, idea.organisation_id),
        "summary": evaluation_summary(idea),
        "decisions": list(idea.decisions.select_related("decided_by", "forum", "meeting__forum")),
        "timeline": timeline(idea),
        "merged_ideas": list(idea.merged_ideas.only("pk", "title")),
        "agenda": list(idea.agenda_items.select_related("meeting__forum").order_by("meeting__date")),
        "attachment_form": AttachmentForm(),
    }
    context.update(_experiments_of(user, idea))
    # The ideas that may be the same are looked up after the page (below), for handlers.
    context["look_for_same"] = is_handler and idea.is_open
    return render(request, "ideas/detail.html", context)


@login_required
def same_ideas(request: HttpRequest, pk: int) -> HttpResponse:
    """Ideas that may be the same as this one, for its handlers. The idea page loads them
    after itself with htmx (the search of a city's ideas took a third of the page's
    time); without JavaScript its link opens them as a page of their own."""
    idea = _idea(request, pk, "handle")
    similar = similar_ideas(f"{idea.title}\n{idea.description}", access.scope(request.user, Idea),
                            organisation=idea.organisation, exclude=idea.pk, limit=3) if idea.is_open else []
    template = "ideas/_same_ideas.html" if request.htmx else "ideas/same_ideas.html"
    return render(request, template, {"idea": idea, "similar": similar})


def _experiments_of(user, idea: Idea) -> dict:
    """The idea's experiments (the experiments app links them to the idea) and whether
    the person may start one from it."""
    from django.apps import apps

    if not apps.is_installed("latu.experiments"):
        return {}
    from latu.access.experiments import can_start_from_idea

    return {
        "experiments": list(access.scope(user, idea.experiments.all()).order_by("pk")[:20]),
        "can_start_experiment": idea.status in (Idea.Status.NEW, Idea.Status.IN_EVALUATION, Idea.Status.DECIDED,
                                                Idea.Status.IN_EXPERIMENT) and can_start_from_idea(user, idea),
    }


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk, "change")
    fields = ["title", "description", "problem", "proposal", "beneficiaries", "unit", "strategy_goal"]
    if request.method == "POST":
        form = EditIdeaForm(request.POST, organisation=idea.organisation)
        if form.is_valid():
            try:
                actions.edit_idea(idea, request.user, **{name: form.cleaned_data[name] for name in fields})
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("The idea has been updated."))
                return redirect(idea)
    else:
        form = EditIdeaForm(initial={name: getattr(idea, name) for name in fields}, organisation=idea.organisation)
    return render(request, "ideas/edit.html", {"idea": idea, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@require_POST
@login_required
def add_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk, "attach")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_attachment(idea, request.user, form.cleaned_data["file"], form.cleaned_data["alt_text"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The attachment has been added."))
            return redirect(idea)
    return render(request, "ideas/attachment_form.html", {"idea": idea, "form": form}, status=400)


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_or_404(request.user, Attachment.objects.select_related("idea"), pk=pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=item.content_type, as_attachment=item.kind != Attachment.Kind.IMAGE,
                            filename=item.name)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@login_required
def support(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    withdraw = request.POST.get("action") == "withdraw"
    try:
        if withdraw:
            actions.withdraw_support(idea, request.user)
        else:
            actions.support(idea, request.user)
    except ValidationError as error:
        if request.htmx:
            return HttpResponse(" ".join(error.messages), status=400)
        messages.error(request, " ".join(error.messages))
        return redirect(_next_url(request, idea.get_absolute_url()))
    if request.htmx:
        return render(request, "ideas/_support.html", {
            "idea": idea, "supported": not withdraw, "can_support": True,
        })
    if not withdraw:
        messages.success(request, _("You support this idea."))
    return redirect(_next_url(request, idea.get_absolute_url()))


@require_POST
@login_required
def add_comment(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(idea=idea, pk=form.cleaned_data["parent"]).first()
        try:
            new = actions.comment(idea, request.user, form.cleaned_data["body"], parent=parent)
        except ratelimit.RateLimited as limited:
            response = render(request, "ideas/comment_error.html", {"idea": idea, "form": form,
                                                                     "rate_limited": True}, status=429)
            response["Retry-After"] = str(limited.retry_after)
            return response
        except ValidationError as error:
            if any(e.code == "forbidden" for e in error.error_list if hasattr(error, "error_list")):
                raise PermissionDenied from None
            _errors_to_form(form, error)
        else:
            if new.unmatched_mentions:
                messages.warning(request, _(
                    "Nobody was notified of %(names)s: write the whole name of a colleague in this organisation."
                ) % {"names": ", ".join(new.unmatched_mentions)})
            if new.ambiguous_mentions:
                messages.warning(request, _(
                    "Several people are called %(names)s, so nobody was notified: write the whole name."
                ) % {"names": ", ".join(new.ambiguous_mentions)})
            return redirect(f"{idea.get_absolute_url()}#comment-{new.pk}")
    return render(request, "ideas/comment_error.html", {"idea": idea, "form": form}, status=400)


@login_required
def mentionable(request: HttpRequest, pk: int) -> JsonResponse:
    """JSON suggestions for the comment box's @-autocomplete: only for people who may
    comment on the idea, and only people of the idea's organisation."""
    idea = _idea(request, pk, "comment")
    return JsonResponse({"results": queries_mentionable(idea, request.GET.get("q", "")[:60])})


def _comment_obj(request, pk, action) -> Comment:
    return access.get_or_404(request.user, Comment.objects.select_related("idea__organisation", "idea__unit"),
                             action, pk=pk)


@login_required
def hide_comment(request: HttpRequest, pk: int) -> HttpResponse:
    item = _comment_obj(request, pk, "moderate")
    form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.hide_comment(item, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The comment has been hidden."))
            return redirect(_next_url(request, item.idea.get_absolute_url()))
    return render(request, "ideas/comment_moderate.html", {"comment": item, "form": form, "mode": "hide"},
                  status=400 if form.is_bound else 200)


@require_POST
@login_required
def restore_comment(request: HttpRequest, pk: int) -> HttpResponse:
    item = _comment_obj(request, pk, "moderate")
    actions.restore_comment(item, request.user)
    messages.success(request, _("The comment is visible again."))
    return redirect(item.idea)


@login_required
def report_comment(request: HttpRequest, pk: int) -> HttpResponse:
    item = _comment_obj(request, pk, "report")
    form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions.report_comment(item, request.user, form.cleaned_data["reason"])
        except ratelimit.RateLimited:
            form.add_error(None, _("You have sent many reports in a short time. Please try again later."))
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Thank you. The handlers of the idea will look at the comment."))
            return redirect(item.idea)
    return render(request, "ideas/comment_moderate.html", {"comment": item, "form": form, "mode": "report"},
                  status=400 if form.is_bound else 200)


@login_required
def reports(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _member_org(request, org_slug)
    if not handles_anything(request.user, org):
        raise PermissionDenied
    open_reports = (
        access.scope(request.user, CommentReport)
        .filter(comment__idea__organisation=org, resolved_at__isnull=True)
        .select_related("comment__idea", "comment__author", "reporter")
    )
    return render(request, "ideas/reports.html", {"organisation": org, "reports": open_reports[:200]})


@require_POST
@login_required
def dismiss_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_or_404(request.user, CommentReport.objects.select_related("comment__idea"), "resolve", pk=pk)
    actions.dismiss_report(report, request.user)
    messages.success(request, _("The report has been closed without hiding the comment."))
    return redirect("ideas:reports", report.comment.idea.organisation.slug)


# --- handling --------------------------------------------------------------------------


@require_POST
@login_required
def start_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk, "evaluate")
    try:
        actions.start_evaluation(idea, request.user, version=request.POST.get("version") or None)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(idea)


@require_POST
@login_required
def mark_implemented(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk, "mark_implemented")
    try:
        actions.mark_implemented(idea, request.user, request.POST.get("note", ""),
                                 version=request.POST.get("version") or None)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The idea has been marked implemented."))
    return redirect(idea)


@login_required
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk, "evaluate")
    criteria = Criterion.objects.filter(organisation=idea.organisation_id, is_active=True)
    mine_before = {e.criterion_id: e for e in Evaluation.objects.filter(idea=idea, evaluator=request.user)}
    form = EvaluationForm(_posted(request), criteria=criteria, existing=mine_before)
    if request.method == "POST" and form.is_valid():
        scores, notes = form.scores()
        try:
            actions.evaluate(idea, request.user, scores, notes)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Your evaluation has been saved."))
            return redirect(reverse("ideas:evaluate", args=[idea.pk]))
    others = (
        access.scope(request.user, Evaluation).filter(idea=idea).select_related("evaluator", "criterion")
        .order_by("evaluator__name", "criterion__order")
    )
    return render(request, "ideas/evaluate.html", {
        "idea": idea, "form": form, "summary": evaluation_summary(idea), "evaluations": others,
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    idea = _idea(request, pk)
    if not access.can(request.user, "decide", idea):
        if request.method == "POST" and access.can(request.user, "handle", idea) and not idea.is_open:
            # A decision on an idea that was decided meanwhile: a clear conflict, not a 403.
            form = DecisionForm(request.POST, idea=idea)
            form.is_valid()
            form.add_error(None, actions._stale())
            return render(request, "ideas/decide.html", {"idea": idea, "form": form}, status=409)
        access.require(request.user, "decide", idea)
    form = DecisionForm(_posted(request), idea=idea)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.decide(idea, request.user, data["kind"], data["reason"], version=data["version"],
                               forum=data.get("forum"), merge_into=data.get("merge_target"))
            except ValidationError as error:
                status = 409 if getattr(error, "code", None) == "stale" else 400
                _errors_to_form(form, error)
            else:
                messages.success(request, _("The decision has been recorded and the author and supporters told."))
                return redirect(idea)
    return render(request, "ideas/decide.html", {
        "idea": idea, "form": form,
        "similar": similar_ideas(f"{idea.title}\n{idea.description}", access.scope(request.user, Idea),
                                 organisation=idea.organisation, exclude=idea.pk, limit=5),
    }, status=status)


# --- anonymous receipt --------------------------------------------------------------------


def _receipt_context(idea: Idea, code: str) -> dict:
    return {
        "idea": idea,
        "code": code,
        "comments": Comment.objects.filter(idea=idea, parent__isnull=True).select_related("author").prefetch_related(
            Prefetch("replies", queryset=Comment.objects.select_related("author"))),
        "decisions": list(idea.decisions.select_related("forum", "merged_into")),
        "timeline": timeline(idea),
        "comment_form": ReceiptCommentForm(initial={"code": code}),
    }


@never_cache
@sensitive_post_parameters()
def receipt(request: HttpRequest) -> HttpResponse:
    """Follow an anonymous idea with its receipt code. The code is typed or posted,
    never put in a URL, so request logs cannot tie it to anyone."""
    form = ReceiptForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if not ratelimit.receipt_lookup_allowed(request):
            return _too_many_lookups(request, form)
        code = form.cleaned_data["code"]
        idea = _receipt_idea(code)
        if idea is not None:
            return render(request, "ideas/receipt_idea.html", _receipt_context(idea, code))
        ratelimit.count_failed_receipt_lookup(request)
        form.add_error("code", _("No idea was found with this code. Check the code and try again."))
    return render(request, "ideas/receipt.html", {"form": form}, status=400 if form.is_bound else 200)


def _too_many_lookups(request: HttpRequest, form: ReceiptForm) -> HttpResponse:
    form.is_valid()  # cleans the form (once) so that an error can be added
    form.add_error(None, _("Too many attempts. Please wait a while and try again."))
    return render(request, "ideas/receipt.html", {"form": form}, status=429)


def _receipt_idea(code: str) -> Idea | None:
    from .models import receipt_hash

    return (
        Idea.objects.select_related("organisation", "unit", "merged_into", "escalated_to")
        .filter(receipt_hash=receipt_hash(code), is_anonymous=True)
        .first()
    )


@never_cache
@sensitive_post_parameters()
@require_POST
def receipt_comment(request: HttpRequest) -> HttpResponse:
    form = ReceiptCommentForm(request.POST)
    code = request.POST.get("code", "")
    # Posting a comment is a lookup too: a wrong code answers 404, so it is limited alike.
    if not ratelimit.receipt_lookup_allowed(request):
        return _too_many_lookups(request, ReceiptForm({"code": code}))
    idea = _receipt_idea(code) if code else None
    if idea is None:
        ratelimit.count_failed_receipt_lookup(request)
        return render(request, "ideas/receipt.html", {"form": ReceiptForm()}, status=404)
    status = 200
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(idea=idea, pk=form.cleaned_data["parent"]).first()
        try:
            actions.comment_as_receipt_holder(idea, code, form.cleaned_data["body"], parent,
                                              rate_identity=ratelimit.session_identity(request))
        except ratelimit.RateLimited:
            status = 429
            form.add_error(None, _("You have written many comments in a short time. Please try again later."))
        except ValidationError as error:
            status = 400
            _errors_to_form(form, error)
        else:
            context = _receipt_context(idea, code)
            context["comment_saved"] = True
            return render(request, "ideas/receipt_idea.html", context)
    else:
        status = 400
    context = _receipt_context(idea, code)
    context["comment_form"] = form
    return render(request, "ideas/receipt_idea.html", context, status=status)


# --- forums -------------------------------------------------------------------------------


@login_required
def forums(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _member_org(request, org_slug)
    can_manage = access.has_role(request.user, org, {"admin"})
    form = ForumForm(_posted(request), organisation=org)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                forum = actions.create_forum(org, request.user, kind=form.cleaned_data["kind"],
                                             name=form.cleaned_data["name"], unit=form.cleaned_data["unit"])
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("The forum has been created."))
                return redirect("ideas:forum", forum.pk)
    items = access.scope(request.user, Forum).filter(organisation=org).select_related("unit")
    return render(request, "ideas/forums.html", {
        "organisation": org, "forums": items, "form": form if can_manage else None,
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
def forum(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_or_404(request.user, Forum.objects.select_related("organisation", "unit"), pk=pk)
    can_decide = access.can(request.user, "decide", item)
    form = MeetingForm(_posted(request))
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if form.is_valid():
            try:
                meeting = actions.create_meeting(item, request.user, date=form.cleaned_data["date"],
                                                 notes=form.cleaned_data["notes"])
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("The meeting has been added."))
                return redirect("ideas:meeting", meeting.pk)
    today = timezone.localdate()
    meetings = item.meetings.all()
    return render(request, "ideas/forum.html", {
        "forum": item, "organisation": item.organisation, "can_decide": can_decide,
        "form": form if can_decide else None,
        "pending": list(actions.pending_for_forum(item)[:100]),
        "upcoming": list(meetings.filter(date__gte=today).order_by("date")[:10]),
        "past": list(meetings.filter(date__lt=today).order_by("-date")[:20]),
    }, status=400 if form.is_bound and form.errors else 200)


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_or_404(request.user, ForumMeeting.objects.select_related("forum__organisation"), pk=pk)
    can_decide = access.can(request.user, "decide", item)
    status = 200
    failed_form = None
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        form = MeetingDecisionForm(request.POST)
        status = 400
        if form.is_valid():
            agenda_item = item.agenda.filter(idea=form.cleaned_data["idea"]).select_related("idea").first()
            if agenda_item is None:
                raise Http404
            try:
                actions.decide(agenda_item.idea, request.user, form.cleaned_data["kind"], form.cleaned_data["reason"],
                               version=form.cleaned_data["version"], meeting=item)
            except ValidationError as error:
                status = 409 if getattr(error, "code", None) == "stale" else 400
                _errors_to_form(form, error)
            else:
                messages.success(request, _("The decision has been recorded."))
                return redirect("ideas:meeting", item.pk)
        failed_form = form
    agenda = list(item.agenda.select_related("idea__unit", "decision__decided_by").order_by("created_at", "pk"))
    rows = []
    for entry in agenda:
        form = None
        if can_decide and entry.decision_id is None and entry.idea.is_open:
            if failed_form is not None and str(failed_form.data.get("idea")) == str(entry.idea_id):
                form = failed_form
            else:
                form = MeetingDecisionForm(initial={"idea": entry.idea_id, "version": entry.idea.version},
                                           prefix=None, auto_id=f"id_{entry.pk}_%s")
        rows.append((entry, form))
    return render(request, "ideas/meeting.html", {
        "meeting": item, "forum": item.forum, "organisation": item.forum.organisation, "rows": rows,
        "can_decide": can_decide,
    }, status=status)


# --- settings: criteria and targets ----------------------------------------------------------


@login_required
def settings_view(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = _member_org(request, org_slug)
    if not access.has_role(request.user, org, {"admin"}):
        raise PermissionDenied
    pipeline, _created = PipelineSettings.objects.get_or_create(organisation=org)
    targets_form = PipelineSettingsForm(request.POST if "targets" in request.POST else None, instance=pipeline,
                                        prefix="targets")
    criterion_form = CriterionForm(request.POST if "criterion" in request.POST else None, prefix="criterion")
    if request.method == "POST":
        if "targets" in request.POST and targets_form.is_valid():
            actions.save_pipeline_settings(targets_form, request.user)
            messages.success(request, _("The targets have been saved."))
            return redirect("ideas:settings", org.slug)
        if "criterion" in request.POST and criterion_form.is_valid():
            actions.save_criterion(criterion_form, org, request.user)
            messages.success(request, _("The criterion has been added."))
            return redirect("ideas:settings", org.slug)
    return render(request, "ideas/settings.html", {
        "organisation": org, "targets_form": targets_form, "criterion_form": criterion_form,
        "criteria": Criterion.objects.filter(organisation=org),
        "defaults": targets_for(org),
    }, status=400 if request.method == "POST" else 200)


@login_required
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_or_404(request.user, Criterion.objects.select_related("organisation"), "manage", pk=pk)
    form = CriterionForm(_posted(request), instance=item)
    if request.method == "POST" and form.is_valid():
        actions.save_criterion(form, item.organisation, request.user)
        messages.success(request, _("The criterion has been saved."))
        return redirect("ideas:settings", item.organisation.slug)
    return render(request, "ideas/criterion_edit.html", {"criterion": item, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


# --- home panel ------------------------------------------------------------------------------


def home_panel_context(request) -> dict:
    """Used by the home panel template tag."""
    user = request.user
    org = current_organisation(request)
    mine_qs = Idea.objects.filter(author=user).select_related("organisation").order_by("-created_at")[:5]
    context = {"my_ideas": list(mine_qs), "panel_org": org,
               "submit_url": reverse("ideas:submit", args=[org.slug]) if org else reverse("ideas:channels")}
    context["is_handler"] = org is not None and handles_anything(user, org)
    if context["is_handler"]:
        waiting = access.scope(user, Idea, "handle").filter(organisation=org, status__in=Idea.OPEN_STATUSES)
        context["waiting_count"] = kept_count(waiting, org.pk)
        context["waiting"] = list(waiting.select_related("unit").order_by("created_at")[:5])
        deciding = access.scope(user, Forum, "decide").filter(organisation=org)
        context["forum_waiting"] = list(
            AgendaItem.objects.filter(meeting__forum__in=deciding, decision__isnull=True,
                                      idea__status__in=Idea.OPEN_STATUSES)
            .select_related("idea", "meeting__forum").order_by("meeting__date")[:5]
        )
    return context

