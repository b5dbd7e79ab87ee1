"""Pages of Tekojen tori. The marketplace, deed pages, statistics, spread views and
open data are public; telling, adopting and commenting need signing in."""

import logging

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from latu import access
from latu.access.tori import adopting_organisations, can_tell_deeds, deed_organisations
from latu.core import charts
from latu.core.images import serve_image
from latu.organisations.models import Organisation
from latu.tori import actions, stats
from latu.tori.forms import (
    AdoptionForm,
    CommentForm,
    DeedForm,
    HideCommentForm,
    ImageFormSet,
    LinkFormSet,
    ModerationForm,
    RemoveAttachmentsForm,
    ReportCommentForm,
)
from latu.tori.models import LICENCE_NAME, LICENCE_URL, Adoption, Comment, Deed, DeedImage, Sector
from latu.tori.search import SORTS, SearchFilters, filter_chips, kept_key, search, similar_deeds, similar_to_text

PAGE_SIZE = 20
logger = logging.getLogger(__name__)


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10000))
    except (TypeError, ValueError):
        return 1


def index(request: HttpRequest) -> HttpResponse:
    """The marketplace: search, facets and the listing, in one plain GET form. The
    results part is the same for everyone, so it is kept until the deeds change."""
    query = request.GET.get("q", "")
    if not isinstance(query, str):
        query = ""
    query = query[:2000]
    filters = SearchFilters.from_params(request.GET)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else None
    page = _page_number(request)
    key = kept_key("html", sorted(request.GET.lists()))  # everything the results depend on
    results_html = cache.get(key) if key else None
    if results_html is None:
        result = search(query, filters, sort, request.user, page=page, page_size=PAGE_SIZE)
        chips = filter_chips(result.facets, request.GET, reverse("tori:index"))
        results_html = render_to_string("tori/_results.html", {"result": result, "chips": chips}, request)
        if key:
            cache.set(key, results_html, settings.TORI_SEARCH_CACHE_SECONDS)
    if request.htmx and request.htmx.target == "tori-results":
        return HttpResponse(results_html)
    shown_sort = sort or ("relevance" if query.strip() else "newest")
    if shown_sort == "relevance" and not query.strip():
        shown_sort = "newest"
    return render(request, "tori/index.html", {
        "results_html": results_html,
        "query": query,
        "filters": filters,
        "sort": shown_sort,
        "sorts": [("relevance", _("Relevance")), ("newest", _("Newest")), ("adopted", _("Most adopted"))],
        "can_tell": can_tell_deeds(request.user),
    })


def deed_image(request: HttpRequest, pk: int) -> HttpResponse:
    """A deed's image, to those who may see the deed (a draft's images stay private)."""
    deeds = access.scope(request.user, Deed)
    image = get_object_or_404(DeedImage.objects.select_related("deed"), pk=pk, deed__in=deeds)
    return serve_image(image.image, public=image.deed.status == Deed.Status.PUBLISHED)


def deed_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deed = access.get_or_404(
        request.user,
        Deed.objects.select_related("organisation", "region", "author", "source_experiment").prefetch_related(
            "themes", "co_organisations", "contacts", "images", "links"
        ),
        pk=pk,
    )
    user = request.user
    adoptions = list(deed.adoptions.select_related("organisation__region", "learned_from", "adopted_by"))
    comments = list(
        access.scope(user, Comment).filter(deed=deed).select_related("author").order_by("created_at", "pk")
    )
    for comment in comments:
        comment.deed = deed  # already loaded; the policy looks at the deed's status
    signed_in = user.is_authenticated
    can_adopt = access.can(user, "adopt", deed)
    adopted_orgs = {adoption.organisation_id for adoption in adoptions}
    context = {
        "deed": deed,
        "adoptions": adoptions,
        "comments": comments,
        "similar": similar_deeds(deed, 5, user),
        "can_change": access.can(user, "change", deed),
        "can_submit": access.can(user, "submit", deed),
        "can_delete": access.can(user, "delete", deed),
        "can_moderate": access.can(user, "moderate", deed),
        "can_adopt": can_adopt and adopting_organisations(user, deed).exclude(pk__in=adopted_orgs).exists(),
        "can_comment": access.can(user, "comment", deed),
        "comment_form": CommentForm(),
        "moderation_form": ModerationForm(),
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "show_email": user.is_authenticated,
        "is_office": access.is_programme_office(user),
        "removable_adoptions": {a.pk for a in adoptions if signed_in and access.can(user, "delete", a)},
        "reportable_comments": {c.pk for c in comments if signed_in and access.can(user, "report", c)},
        "deletable_comments": {c.pk for c in comments if signed_in and access.can(user, "delete", c)},
    }
    return render(request, "tori/deed_detail.html", context)


def _experiment_initial(request, experiment_id: str) -> dict:
    from latu.experiments.models import Experiment

    experiment = access.get_or_404(request.user, Experiment, pk=experiment_id)
    return actions.prefill_from_experiment(experiment)


def _form_errors(form, images, links, remove) -> list[dict]:
    """Every error of the deed form and its images, links and removals, for the error summary:
    a message and, for a field, the id of the field it links to."""
    errors: list[dict] = []
    for part in (form, remove):
        if part is None or not part.is_bound:
            continue
        errors += [{"message": error} for error in part.non_field_errors()]
        errors += [
            {"id": field.auto_id, "label": field.label, "message": error} for field in part for error in field.errors
        ]
    for formset in (images, links):
        if not formset.is_bound:
            continue
        errors += [{"message": error} for error in formset.non_form_errors()]
        for subform in formset:
            errors += [{"message": error} for error in subform.non_field_errors()]
            errors += [
                {"id": field.auto_id, "label": field.label, "message": error}
                for field in subform for error in field.errors
            ]
    return errors


def _deed_form_context(request, form, images, links, deed=None, remove=None) -> dict:
    return {
        "form": form,
        "images": images,
        "links": links,
        "deed": deed,
        "remove_form": remove,
        "errors": _form_errors(form, images, links, remove) if form.is_bound else [],
        "open_details": form.is_bound and (form.has_detail_errors() or not images.is_valid() or not links.is_valid()
                                           or (remove is not None and not remove.is_valid())),
    }


def _attachments(images, links) -> tuple[list[dict], list[dict]]:
    return (
        [form.cleaned_data for form in images if form.cleaned_data.get("image")],
        [form.cleaned_data for form in links if form.cleaned_data.get("url")],
    )


def _campaign_params(request) -> dict[str, str]:
    """``?campaign=…&nomination=…`` from a campaign page or a "haasta kollega" invitation."""
    source = request.POST if request.method == "POST" else request.GET
    return {name: str(source.get(name, ""))[:100] for name in ("campaign", "nomination") if source.get(name)}


def _campaign_initial(params: dict[str, str]) -> dict:
    if not params or not django_apps.is_installed("latu.campaigns"):
        return {}
    from latu.campaigns import hooks

    return hooks.deed_form_initial(params)


def _invitation(params: dict[str, str]):
    """The open "haasta kollega" invitation named in the parameters (a nomination), if any."""
    if not params.get("nomination") or not django_apps.is_installed("latu.campaigns"):
        return None
    from latu.campaigns import hooks

    return hooks.open_invitation(params)


def _record_campaign(deed: Deed, params: dict[str, str], user) -> None:
    """Join the campaign the deed was told for; a campaign never stops a deed being told."""
    if not params or not django_apps.is_installed("latu.campaigns"):
        return
    from latu.campaigns import hooks

    try:
        hooks.record_deed(deed, campaign=params.get("campaign", ""), nomination=params.get("nomination", ""),
                          actor=user)
    except Exception:
        logger.exception("Recording deed %s in its campaign failed", deed.pk)


def deed_create(request: HttpRequest) -> HttpResponse:
    campaign_params = _campaign_params(request)
    invitation = _invitation(campaign_params)
    if not request.user.is_authenticated:
        if invitation is not None:  # a nominee, perhaps without an account yet
            from latu.campaigns import hooks

            return redirect(hooks.invitation_path(invitation))
        return redirect_to_login(request.get_full_path())
    if not can_tell_deeds(request.user, invitation):
        raise PermissionDenied
    organisations = deed_organisations(request.user, invitation)
    initial: dict = {}
    experiment_id = request.GET.get("experiment") or request.POST.get("source_experiment")
    if experiment_id:
        initial = _experiment_initial(request, experiment_id)
        told = actions.deed_of_experiment(initial["source_experiment"])
        if told is not None and request.method == "GET":
            if not access.can(request.user, "view", told):
                raise PermissionDenied
            messages.info(request, _("This experiment has already been told as a deed."))
            return redirect(told)
    campaign_initial = _campaign_initial(campaign_params)
    initial = {**campaign_initial, **initial}
    if request.method == "POST":
        form = DeedForm(request.POST, organisations=organisations, user=request.user, initial=initial)
        images = ImageFormSet(request.POST, request.FILES, prefix="images")
        links = LinkFormSet(request.POST, prefix="links")
        if form.is_valid() and images.is_valid() and links.is_valid():
            image_data, link_data = _attachments(images, links)
            fields = form.deed_fields()
            if initial.get("source_experiment"):
                fields["source_experiment"] = _experiment_object(initial["source_experiment"])
            try:
                deed = actions.create_deed(
                    request.user, submit="submit" in request.POST, images=image_data, links=link_data,
                    invitation=invitation, **fields
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _record_campaign(deed, campaign_params, request.user)
                if deed.status == Deed.Status.REVIEW:
                    messages.success(request, _("Thank you! The programme office will publish your deed soon."))
                else:
                    messages.success(request, _("The deed was saved as a draft."))
                return redirect(deed)
    else:
        form = DeedForm(organisations=organisations, user=request.user, initial=initial)
        images = ImageFormSet(prefix="images")
        links = LinkFormSet(prefix="links")
    context = _deed_form_context(request, form, images, links)
    context["experiment_id"] = initial.get("source_experiment")
    context["campaign"] = {
        name: campaign_initial[name] for name in ("campaign", "nomination") if name in campaign_initial
    }
    return render(request, "tori/deed_form.html", context)


def _experiment_object(pk):
    from latu.experiments.models import Experiment

    return Experiment.objects.filter(pk=pk).first()


@login_required
def deed_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deed = access.get_or_404(request.user, Deed, "change", pk=pk)
    organisations = deed_organisations(request.user) | Organisation.objects.filter(pk=deed.organisation_id)
    if request.method == "POST":
        form = DeedForm(request.POST, instance=deed, organisations=organisations.distinct(), user=request.user)
        images = ImageFormSet(request.POST, request.FILES, prefix="images")
        links = LinkFormSet(request.POST, prefix="links")
        remove = RemoveAttachmentsForm(request.POST, deed=deed)
        if form.is_valid() and images.is_valid() and links.is_valid() and remove.is_valid():
            image_data, link_data = _attachments(images, links)
            try:
                actions.update_deed(
                    request.user, deed, images=image_data, links=link_data,
                    remove_images=[image.pk for image in remove.cleaned_data.get("remove_images", [])],
                    remove_links=[link.pk for link in remove.cleaned_data.get("remove_links", [])],
                    **form.deed_fields(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if "submit" in request.POST and access.can(request.user, "submit", deed):
                    actions.submit_deed(request.user, deed)
                    messages.success(request, _("Thank you! The programme office will publish your deed soon."))
                else:
                    messages.success(request, _("The deed was saved."))
                return redirect(deed)
    else:
        form = DeedForm(instance=deed, organisations=organisations.distinct(), user=request.user)
        images = ImageFormSet(prefix="images")
        links = LinkFormSet(prefix="links")
        remove = RemoveAttachmentsForm(deed=deed)
    return render(request, "tori/deed_form.html", _deed_form_context(request, form, images, links, deed, remove))


@login_required
@require_POST
def deed_submit(request: HttpRequest, pk: int) -> HttpResponse:
    deed = access.get_or_404(request.user, Deed, "submit", pk=pk)
    actions.submit_deed(request.user, deed)
    messages.success(request, _("Thank you! The programme office will publish your deed soon."))
    return redirect(deed)


@login_required
@require_POST
def deed_delete(request: HttpRequest, pk: int) -> HttpResponse:
    deed = access.get_or_404(request.user, Deed, "delete", pk=pk)
    actions.delete_deed(request.user, deed)
    messages.success(request, _("The draft was deleted."))
    return redirect("tori:mine")


@login_required
@require_POST
def deed_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    deed = access.get_or_404(request.user, Deed, "moderate", pk=pk)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(deed)
    action = form.cleaned_data["decision"]
    note = form.cleaned_data["note"]
    operation = {"publish": actions.publish_deed, "return": actions.return_deed, "archive": actions.archive_deed}
    try:
        operation[action](request.user, deed, note)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(deed)
    messages.success(request, {
        "publish": _("The deed is published."),
        "return": _("The deed was returned to its author."),
        "archive": _("The deed was archived."),
    }[action])
    return redirect("tori:review" if action != "publish" else deed.get_absolute_url())


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not access.is_programme_office(request.user):
        raise PermissionDenied
    in_review = (
        access.scope(request.user, Deed, "moderate")
        .filter(status=Deed.Status.REVIEW)
        .select_related("organisation")
        .order_by("submitted_at", "pk")
    )
    reported = (
        access.scope(request.user, Comment, "moderate")
        .filter(is_hidden=False, report_count__gt=0)
        .select_related("deed", "author")
        .prefetch_related("reports")
        .order_by("-report_count", "created_at")
    )
    return render(request, "tori/review_queue.html", {"in_review": in_review, "reported": reported,
                                                      "hide_form": HideCommentForm()})


@login_required
def my_deeds(request: HttpRequest) -> HttpResponse:
    deeds = (
        access.scope(request.user, Deed, "change")
        .exclude(status=Deed.Status.ARCHIVED)
        .select_related("organisation")
        .order_by("-updated_at")
    )
    return render(request, "tori/my_deeds.html", {"deeds": deeds, "can_tell": can_tell_deeds(request.user)})


# --- Adoptions ---------------------------------------------------------------------------


@login_required
def deed_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    deed = access.get_or_404(request.user, Deed.objects.select_related("organisation"), "adopt", pk=pk)
    already = deed.adoptions.values_list("organisation_id", flat=True)
    organisations = adopting_organisations(request.user, deed).exclude(pk__in=list(already))
    if not organisations.exists():
        messages.info(request, _("Your organisation has already recorded this adoption."))
        return redirect(deed)
    sources = actions.learning_sources(deed)
    form = AdoptionForm(request.POST or None, organisations=organisations, sources=sources,
                        initial={"learned_from": deed.organisation_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.adopt(
                request.user, deed, data["organisation"], adopted_on=data.get("adopted_on"), note=data["note"],
                outcome=data["outcome"], learned_from=data.get("learned_from"),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you! The adoption is now shown on the deed."))
            return redirect(deed)
    return render(request, "tori/adopt_form.html", {"deed": deed, "form": form})


@login_required
@require_POST
def adoption_remove(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = access.get_or_404(request.user, Adoption.objects.select_related("deed"), "delete", pk=pk)
    deed = adoption.deed
    actions.remove_adoption(request.user, adoption)
    messages.success(request, _("The adoption was removed."))
    return redirect(deed)


def deed_spread(request: HttpRequest, pk: int) -> HttpResponse:
    deed = access.get_or_404(request.user, Deed.objects.select_related("organisation__region"), pk=pk)
    spread = stats.deed_spread(deed)
    chart = None
    if spread["years"]:
        chart = charts.bar_chart(
            _("Adoptions per year"), [str(year) for year in spread["years"]],
            [(_("Adoptions"), spread["per_year"]), (_("Adopted in total"), spread["cumulative"])],
        )
    return render(request, "tori/deed_spread.html", {"deed": deed, "spread": spread, "chart": chart})


def spread(request: HttpRequest) -> HttpResponse:
    sector = request.GET.get("sector")
    sector = sector if sector in Sector.values else None
    data = stats.marketplace_spread(sector)
    chart = None
    if data["years"]:
        chart = charts.bar_chart(
            _("New deeds and adoptions per year"), [str(year) for year in data["years"]],
            [(_("New deeds"), data["new_deeds"]), (_("Adoptions"), data["per_year"])],
        )
    flows_chart = None
    if data["top_flows"]:
        flows_chart = charts.hbar_chart(
            _("Adoptions between regions"),
            [f"{flow['from']} → {flow['to']}" for flow in data["top_flows"]],
            [flow["count"] for flow in data["top_flows"]],
            series_name=_("Adoptions"),
        )
    return render(request, "tori/spread.html", {
        "data": data, "chart": chart, "flows_chart": flows_chart, "sector": sector, "sectors": Sector.choices,
    })


# --- Comments ----------------------------------------------------------------------------


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    deed = access.get_or_404(request.user, Deed, "comment", pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            actions.add_comment(request.user, deed, form.cleaned_data["body"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your comment was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(f"{deed.get_absolute_url()}#comments")


@login_required
@require_POST
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access.get_or_404(request.user, Comment.objects.select_related("deed"), "report", pk=pk)
    form = ReportCommentForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    actions.report_comment(request.user, comment, reason)
    messages.success(request, _("Thank you. The programme office will look at the comment."))
    return redirect(f"{comment.deed.get_absolute_url()}#comment-{comment.pk}")


@login_required
@require_POST
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access.get_or_404(request.user, Comment.objects.select_related("deed"), "moderate", pk=pk)
    form = HideCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for hiding the comment."))
    else:
        actions.hide_comment(request.user, comment, form.cleaned_data["reason"])
        messages.success(request, _("The comment is hidden."))
    return redirect(f"{comment.deed.get_absolute_url()}#comment-{comment.pk}")


@login_required
@require_POST
def comment_restore(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access.get_or_404(request.user, Comment.objects.select_related("deed"), "moderate", pk=pk)
    actions.restore_comment(request.user, comment)
    messages.success(request, _("The comment is visible again."))
    return redirect(f"{comment.deed.get_absolute_url()}#comment-{comment.pk}")


@login_required
@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = access.get_or_404(request.user, Comment.objects.select_related("deed"), "delete", pk=pk)
    deed = comment.deed
    actions.delete_comment(request.user, comment)
    messages.success(request, _("The comment was deleted."))
    return redirect(f"{deed.get_absolute_url()}#comments")


# --- Similar deeds for any text ------------------------------------------------------------


def similar(request: HttpRequest) -> HttpResponse:
    """Similar published deeds for a text (``?text=`` or ``?q=``), as a list fragment for
    htmx or a small page without JavaScript. The idea form uses it while the author types."""
    text = request.GET.get("text") or request.GET.get("q") or ""
    if len(text) > 20000:
        return HttpResponseBadRequest()
    deeds = similar_to_text(text, 5, request.user) if len(text.strip()) >= 3 else []
    template = "tori/_similar.html" if request.htmx else "tori/similar.html"
    return render(request, template, {"deeds": deeds, "text": text})


# --- Statistics ------------------------------------------------------------------------------


def statistics(request: HttpRequest) -> HttpResponse:
    data = stats.statistics()
    years = data["years"]
    context = {"data": data}
    if years:
        context["years_chart"] = charts.bar_chart(
            _("New deeds per year"), [str(row.year) for row in years], [(_("New deeds"), [row.new for row in years])]
        )
        context["total_chart"] = charts.line_chart(
            _("Deeds in total"), [str(row.year) for row in years], [(_("Deeds in total"), [row.total for row in years])]
        )
        context["adoptions_chart"] = charts.bar_chart(
            _("Adoptions per year"), [str(row.year) for row in years],
            [(_("Adoptions"), [row.adoptions for row in years])],
        )
    context["months_chart"] = charts.bar_chart(
        _("New deeds per month, last 24 months"), [label for label, _n in data["months"]],
        [(_("New deeds"), [n for _label, n in data["months"]])],
    )
    context["sector_chart"] = charts.hbar_chart(
        _("Deeds by sector"), [row["name"] for row in data["sectors"]], [row["share"] for row in data["sectors"]],
        unit="%", series_name=_("Share (%)"),
    )
    if data["most_active"]:
        context["active_chart"] = charts.hbar_chart(
            _("Most active organisations"), [row["organisation"].name for row in data["most_active"]],
            [row["count"] for row in data["most_active"]], series_name=_("Deeds"),
        )
    return render(request, "tori/statistics.html", context)
