"""Pages of TOP lists, campaigns (with haasta kollega) and awards. Published content is
public; the programme office manages everything; juries decide their own events."""

from urllib.parse import urlencode

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from latu import access
from latu.access.campaigns import can_judge, can_manage
from latu.campaigns import actions, queries, ratelimit
from latu.campaigns.forms import (
    HONEYPOT_FIELD,
    AddDeedForm,
    ArrangeForm,
    AwardCategoryForm,
    AwardEventForm,
    AwardNominationForm,
    CampaignForm,
    DecisionForm,
    NominationForm,
    TopListForm,
)
from latu.campaigns.models import (
    AwardCategory,
    AwardEvent,
    AwardNomination,
    Campaign,
    Nomination,
    NominationReason,
    TopList,
    TopListItem,
)
from latu.core.exports import csv_response
from latu.tori.models import Deed

PAGE_SIZE = 20
SEARCH_RESULTS = 20


def _require_office(request: HttpRequest) -> None:
    if not can_manage(request.user):
        raise PermissionDenied


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def deed_form_path(**params) -> str:
    """The tori's deed form with parameters, or "" while it does not exist."""
    try:
        path = reverse("tori:deed_create")
    except NoReverseMatch:
        return ""
    return f"{path}?{urlencode(params)}" if params else path


# --- TOP lists ---------------------------------------------------------------------------


def list_index(request: HttpRequest) -> HttpResponse:
    lists = (
        access.scope(request.user, TopList)
        .annotate(deed_count=Count("items", filter=Q(items__deed__status=Deed.Status.PUBLISHED)))
        .order_by("-is_published", "-created_at", "-pk")
    )
    page = Paginator(lists, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "campaigns/lists/index.html", {"page": page, "can_manage": can_manage(request.user)})


def list_detail(request: HttpRequest, slug: str) -> HttpResponse:
    top_list = access.get_or_404(request.user, TopList, slug=slug)
    items = list(
        access.scope(request.user, TopListItem)
        .filter(top_list=top_list)
        .select_related("deed__organisation")
        .order_by("position", "pk")
    )
    queries.attach_awards(item.deed for item in items)
    return render(request, "campaigns/lists/detail.html", {
        "top_list": top_list, "items": items, "can_manage": access.can(request.user, "manage", top_list),
    })


@login_required
def list_create(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    form = TopListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            top_list = actions.save_top_list(request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The TOP list was created. Now add deeds to it."))
            return redirect("campaigns:list_deeds", top_list.slug)
    return render(request, "campaigns/lists/form.html", {"form": form, "top_list": None})


@login_required
def list_edit(request: HttpRequest, slug: str) -> HttpResponse:
    top_list = access.get_or_404(request.user, TopList, "manage", slug=slug)
    form = TopListForm(request.POST or None, instance=top_list)
    if request.method == "POST" and form.is_valid():
        try:
            top_list = actions.save_top_list(request.user, top_list, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The TOP list was saved."))
            return redirect(top_list)
    return render(request, "campaigns/lists/form.html", {"form": form, "top_list": top_list})


@login_required
def list_deeds(request: HttpRequest, slug: str) -> HttpResponse:
    """Add, order (by numbers) and remove the deeds of a TOP list."""
    top_list = access.get_or_404(request.user, TopList, "manage", slug=slug)
    items = list(top_list.items.select_related("deed__organisation").order_by("position", "pk"))
    add_form = AddDeedForm(prefix="add")
    arrange_form = ArrangeForm(items=items, prefix="arrange")
    if request.method == "POST":
        if "add" in request.POST:
            add_form = AddDeedForm(request.POST, prefix="add")
            if add_form.is_valid():
                try:
                    actions.add_to_top_list(request.user, top_list, add_form.cleaned_data["deed"],
                                            add_form.cleaned_data["note"])
                except ValidationError as error:
                    _apply_errors(add_form, error)
                else:
                    messages.success(request, _("The deed was added to the end of the list."))
                    return redirect("campaigns:list_deeds", top_list.slug)
        else:
            arrange_form = ArrangeForm(request.POST, items=items, prefix="arrange")
            if arrange_form.is_valid():
                try:
                    actions.arrange_top_list(request.user, top_list, arrange_form.positions(),
                                             remove=arrange_form.removed(), notes=arrange_form.notes())
                except ValidationError as error:
                    _apply_errors(arrange_form, error)
                else:
                    messages.success(request, _("The order of the list was saved."))
                    return redirect("campaigns:list_deeds", top_list.slug)
    query = request.GET.get("q", "")
    query = query.strip()[:200] if isinstance(query, str) else ""
    results = []
    if query:
        on_list = [item.deed_id for item in items]
        results = list(
            Deed.objects.filter(status=Deed.Status.PUBLISHED)
            .filter(Q(title__icontains=query) | Q(lead__icontains=query) | Q(keywords__icontains=query))
            .exclude(pk__in=on_list)
            .select_related("organisation")
            .order_by("-published_at", "-pk")[:SEARCH_RESULTS]
        )
    return render(request, "campaigns/lists/deeds.html", {
        "top_list": top_list, "add_form": add_form, "arrange_form": arrange_form, "query": query,
        "results": results,
    })


@login_required
def list_delete(request: HttpRequest, slug: str) -> HttpResponse:
    top_list = access.get_or_404(request.user, TopList, "manage", slug=slug)
    if request.method == "POST":
        actions.delete_top_list(request.user, top_list)
        messages.success(request, _("The TOP list was deleted."))
        return redirect("campaigns:lists")
    return render(request, "campaigns/lists/delete.html", {"top_list": top_list})


# --- Campaigns ---------------------------------------------------------------------------


def campaign_index(request: HttpRequest) -> HttpResponse:
    campaigns = list(
        access.scope(request.user, Campaign)
        .annotate(deed_count=Count("campaign_deeds", filter=Q(campaign_deeds__deed__status=Deed.Status.PUBLISHED)))
        .order_by("-starts", "-pk")[:200]
    )
    groups = {state: [c for c in campaigns if c.state == state] for state in Campaign.State.values}
    return render(request, "campaigns/campaigns/index.html", {
        "active": groups[Campaign.State.ACTIVE], "upcoming": groups[Campaign.State.UPCOMING],
        "ended": groups[Campaign.State.ENDED], "can_manage": can_manage(request.user),
    })


def _campaign(request: HttpRequest, slug: str, action: str = "view") -> Campaign:
    return access.get_or_404(request.user, Campaign, action, slug=slug)


def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign(request, slug)
    page = Paginator(queries.campaign_deeds(request.user, campaign), PAGE_SIZE).get_page(request.GET.get("page"))
    queries.attach_awards(link.deed for link in page.object_list)
    counts = campaign.nominations.aggregate(
        sent=Count("pk"), told=Count("pk", filter=Q(status=Nomination.Status.TOLD))
    )
    return render(request, "campaigns/campaigns/detail.html", {
        "campaign": campaign, "page": page, "counts": counts,
        # Anonymous visitors see the button too: it takes them to sign in first.
        "can_nominate": access.can(request.user, "nominate", campaign)
        or (not request.user.is_authenticated and campaign.accepts_nominations),
        "can_manage": access.can(request.user, "manage", campaign),
        "tell_url": deed_form_path(campaign=campaign.slug) if campaign.is_active else "",
    })


def _honeypot_filled(request: HttpRequest) -> bool:
    return bool((request.POST.get(HONEYPOT_FIELD) or "").strip())


@require_http_methods(["GET", "POST"])
@login_required
def campaign_challenge(request: HttpRequest, slug: str) -> HttpResponse:
    """Haasta kollega: anyone signed in challenges a person or a unit to tell their deed."""
    campaign = _campaign(request, slug)
    if not access.can(request.user, "nominate", campaign):
        return render(request, "campaigns/campaigns/challenge_closed.html", {"campaign": campaign}, status=403)
    form = NominationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _honeypot_filled(request):
            # Scripts fill every field; they get the same thank-you page and nothing is saved.
            return redirect("campaigns:challenge_thanks", campaign.slug)
        try:
            ratelimit.check_nomination(request)
        except ratelimit.RateLimited:
            form.add_error(None, _("You have sent many challenges in a short time. Please try again later."))
            status = 429
        else:
            if form.is_valid():
                data = form.cleaned_data
                try:
                    actions.nominate(
                        campaign, kind=data["kind"], name=data["name"], email=data["email"],
                        organisation=data.get("organisation"), organisation_name=data.get("organisation_name", ""),
                        reason=data["reason"], nominator=request.user, nominator_name=data.get("nominator_name", ""),
                    )
                except ValidationError as error:
                    _apply_errors(form, error)
                else:
                    return redirect("campaigns:challenge_thanks", campaign.slug)
    return render(request, "campaigns/campaigns/challenge.html", {
        "campaign": campaign, "form": form, "honeypot": HONEYPOT_FIELD,
    }, status=status)


def campaign_challenge_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign(request, slug)
    return render(request, "campaigns/campaigns/challenge_thanks.html", {
        "campaign": campaign, "can_nominate": access.can(request.user, "nominate", campaign),
    })


def campaign_results(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign(request, slug)
    actions.expire_nominations()
    results = queries.campaign_results(campaign)
    return render(request, "campaigns/campaigns/results.html", {
        "campaign": campaign, "results": results, "chart": results.chart(),
        "can_manage": access.can(request.user, "manage", campaign),
    })


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.save_campaign(request.user, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The campaign was created."))
            return redirect(campaign)
    return render(request, "campaigns/campaigns/form.html", {"form": form, "campaign": None})


@login_required
def campaign_edit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign(request, slug, "manage")
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.save_campaign(request.user, campaign, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The campaign was saved."))
            return redirect(campaign)
    return render(request, "campaigns/campaigns/form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_nominations(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme office's view of the challenges: nominees, addresses, reasons, status."""
    campaign = _campaign(request, slug, "manage")
    actions.expire_nominations()
    nominations = (
        access.scope(request.user, Nomination)
        .filter(campaign=campaign)
        .select_related("organisation", "deed")
        .prefetch_related(Prefetch("reasons", queryset=NominationReason.objects.select_related("nominator")))
        .order_by("-created_at", "-pk")
    )
    status = request.GET.get("status")
    if status in Nomination.Status.values:
        nominations = nominations.filter(status=status)
    if request.GET.get("format") == "csv":
        rows = (
            [n.created_at.date().isoformat(), n.get_kind_display(), n.name, n.email, n.organisation_label,
             n.get_status_display(), n.times_nominated, " | ".join(r.reason for r in n.reasons.all()),
             n.deed_id or ""]
            for n in nominations
        )
        return csv_response(
            f"haasta-kollega-{campaign.slug}",
            [_("Challenged"), _("Kind"), _("Name"), _("Email"), _("Organisation"), _("Status"),
             _("Times challenged"), _("Reasons"), _("Deed")],
            rows,
        )
    page = Paginator(nominations, 50).get_page(request.GET.get("page"))
    return render(request, "campaigns/campaigns/nominations.html", {
        "campaign": campaign, "page": page, "status": status if status in Nomination.Status.values else "",
        "statuses": Nomination.Status.choices,
        "query": urlencode({"status": status}) if status in Nomination.Status.values else "",
    })


def _nomination_for_token(token: str) -> Nomination:
    from django.http import Http404

    nomination = actions.nomination_by_token(token)
    if nomination is None or not nomination.campaign.is_published:
        raise Http404
    return nomination


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The nominee's page: the campaign, a link to tell their deed, and declining.

    A nominee need not have an account. One who is not signed in is offered to create
    one, with the invited address filled in, or to sign in, and then comes back to the
    deed form. The invitation came to that address, so an account made with it now
    needs no confirmation email (allauth's verified address of an invitation)."""
    actions.expire_nominations()
    nomination = _nomination_for_token(token)
    tell_url = signup_url = login_url = ""
    if nomination.is_open:
        tell_url = deed_form_path(campaign=nomination.campaign.slug, nomination=nomination.token)
    if tell_url and not request.user.is_authenticated:
        adapter = get_account_adapter(request)
        login_url = f"{reverse('account_login')}?{urlencode({'next': tell_url})}"
        if adapter.is_open_for_signup(request):
            adapter.stash_verified_email(request, nomination.email)
            signup_url = f"{reverse('account_signup')}?{urlencode({'next': tell_url, 'email': nomination.email})}"
    return render(request, "campaigns/campaigns/invitation.html", {
        "nomination": nomination, "campaign": nomination.campaign, "tell_url": tell_url,
        "signup_url": signup_url, "login_url": login_url,
    })


@require_http_methods(["GET", "POST"])
def invitation_decline(request: HttpRequest, token: str) -> HttpResponse:
    """Declining asks for a confirmation: links in emails get opened by scanners."""
    nomination = _nomination_for_token(token)
    if request.method == "POST":
        try:
            actions.decline_nomination(nomination)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You declined the challenge. Thank you for letting us know."))
        return redirect("campaigns:invitation", nomination.token)
    return render(request, "campaigns/campaigns/decline.html", {
        "nomination": nomination, "campaign": nomination.campaign,
    })


@login_required
def my_nominations(request: HttpRequest) -> HttpResponse:
    """What I have challenged and proposed, and what came of it."""
    reasons = (
        access.scope(request.user, NominationReason)
        .select_related("nomination__campaign", "nomination__deed")
        .order_by("-created_at", "-pk")[:200]
    )
    proposals = list(
        access.scope(request.user, AwardNomination)
        .filter(nominated_by=request.user)
        .select_related("event", "category", "deed", "organisation")
        .order_by("-created_at", "-pk")[:200]
    )
    return render(request, "campaigns/mine.html", {"reasons": reasons, "proposals": proposals})


# --- Awards ------------------------------------------------------------------------------


def award_index(request: HttpRequest) -> HttpResponse:
    events = (
        access.scope(request.user, AwardEvent)
        .annotate(award_count=Count("nominations", filter=Q(nominations__decision__in=AwardNomination.AWARDED)))
        .prefetch_related("categories")
        .order_by("-date", "-pk")
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "campaigns/awards/index.html", {"page": page, "can_manage": can_manage(request.user)})


def _event(request: HttpRequest, slug: str, action: str = "view") -> AwardEvent:
    return access.get_or_404(request.user, AwardEvent, action, slug=slug)


def award_event(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    judge = can_judge(request.user, event)
    results = queries.event_results(request.user, event) if (event.results_published or judge) else []
    deeds = [row.deed for group in results for row in (*group.winners, *group.mentions) if row.deed_id]
    queries.attach_awards(deeds)
    return render(request, "campaigns/awards/event.html", {
        "event": event, "results": results, "categories": event.categories.order_by("order", "name_fi"),
        "can_nominate": access.can(request.user, "nominate", event), "can_judge": judge,
        "can_manage": can_manage(request.user),
    })


def _save_event(request: HttpRequest, event: AwardEvent | None) -> HttpResponse:
    form = AwardEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            event = actions.save_award_event(
                request.user, event, categories=form.cleaned_data["categories"],
                jury=form.cleaned_data["jury_emails"], **form.event_fields(),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The award event was saved."))
            return redirect(event)
    return render(request, "campaigns/awards/form.html", {"form": form, "event": event})


@login_required
def award_event_create(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    return _save_event(request, None)


@login_required
def award_event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _require_office(request)
    return _save_event(request, _event(request, slug))


@login_required
def award_nominate(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    if not access.can(request.user, "nominate", event):
        raise PermissionDenied
    initial = {}
    deed_param = request.GET.get("deed", "")
    if isinstance(deed_param, str) and deed_param.isdigit():
        initial["deed"] = int(deed_param)
        deed_category = event.categories.filter(kind=AwardCategory.Kind.DEED, is_active=True, is_theme=False).first()
        if deed_category is not None:
            initial["category"] = deed_category.pk
    form = AwardNominationForm(request.POST or None, event=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.nominate_for_award(request.user, event, form.cleaned_data["category"],
                                       **form.nomination_fields())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Thank you! The jury will consider your proposal."))
            return redirect(event)
    return render(request, "campaigns/awards/nominate.html", {"event": event, "form": form})


@login_required
def award_jury(request: HttpRequest, slug: str) -> HttpResponse:
    """All proposals of the event for its jury, by category."""
    event = _event(request, slug, "decide")
    nominations = list(
        access.scope(request.user, AwardNomination)
        .filter(event=event)
        .select_related("category", "deed__organisation", "organisation", "person_organisation", "nominated_by")
        .order_by("category__order", "category__name_fi", "created_at", "pk")
    )
    groups: dict[int, tuple[AwardCategory, list[AwardNomination]]] = {}
    for nomination in nominations:
        groups.setdefault(nomination.category_id, (nomination.category, []))[1].append(nomination)
    return render(request, "campaigns/awards/jury.html", {
        "event": event, "groups": list(groups.values()), "total": len(nominations),
        "jury": event.jury.order_by("name", "email"),
    })


@login_required
def award_decide(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = access.get_or_404(
        request.user,
        AwardNomination.objects.select_related("event", "category", "deed__organisation", "organisation",
                                               "person_organisation", "nominated_by"),
        "decide", pk=pk,
    )
    initial = {"decision": nomination.decision, "citation": nomination.citation}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.decide_award(request.user, nomination, form.cleaned_data["decision"],
                                 form.cleaned_data["citation"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("campaigns:award_jury", nomination.event.slug)
    return render(request, "campaigns/awards/decide.html", {"nomination": nomination, "form": form})


@login_required
def award_categories(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    categories = access.scope(request.user, AwardCategory).annotate(event_count=Count("events"))
    return render(request, "campaigns/awards/categories.html", {"categories": categories})


@login_required
def award_category_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_office(request)
    category = access.get_or_404(request.user, AwardCategory, pk=pk) if pk else None
    form = AwardCategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_category(request.user, category, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The category was saved."))
            return redirect("campaigns:award_categories")
    return render(request, "campaigns/awards/category_form.html", {"form": form, "category": category})
