"""Organisation administration for the organisation's admins and the programme office:
settings, units, people and roles (with a CSV import), strategy goals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from latu import access
from latu.accounts.models import User
from latu.audit.log import record
from latu.audit.models import AuditEvent
from latu.core.exports import csv_response, xlsx_response
from latu.core.images import serve_image
from latu.organisations import actions, imports, privacy, queries
from latu.organisations.forms import (
    ImportConfirmForm,
    ImportUploadForm,
    OrganisationSettingsForm,
    PeopleFilterForm,
    PersonForm,
    RegisterDescriptionForm,
    RoleGrantForm,
    StrategyGoalForm,
    UnitForm,
    unit_label,
)
from latu.organisations.models import (
    Membership,
    Organisation,
    RegisterDescription,
    Role,
    RoleInvitation,
    StrategyGoal,
    Unit,
)

PEOPLE_PER_PAGE = 50
IMPORT_SESSION_KEY = "latu_people_import"


def logo(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The organisation's logo (public, like its name), served by a view: uploads have no
    public URL of their own."""
    org = get_object_or_404(Organisation, slug=org_slug)
    if not org.logo:
        raise Http404
    return serve_image(org.logo, public=True)


def manageable_organisation(request: HttpRequest, slug: str) -> Organisation:
    """The organisation if the person may administer it: 404 for people outside it
    (its internal pages do not exist for them), 403 for its members without the admin role."""
    return access.get_or_404(
        request.user, access.scope(request.user, Organisation, "internal"), "manage", slug=slug
    )


ADMIN_SECTIONS = [
    ("overview", "organisations:manage", _lazy("Overview")),
    ("settings", "organisations:settings", _lazy("Settings")),
    ("units", "organisations:units", _lazy("Units")),
    ("people", "organisations:people", _lazy("People")),
    ("goals", "organisations:goals", _lazy("Strategy goals")),
    ("audit", "organisations:audit", _lazy("Audit log")),
]


def render_admin(request: HttpRequest, template: str, org: Organisation, section: str,
                 context: dict | None = None, status: int = 200) -> HttpResponse:
    """Render an administration page with its section tabs."""
    tabs = []
    for key, route, label in ADMIN_SECTIONS:
        url = reverse(route, args=[org.slug])
        current = "page" if request.path == url else ("true" if key == section else "")
        tabs.append({"url": url, "label": label, "current": current})
    return render(request, template, {"organisation": org, "section": section, "tabs": tabs, **(context or {})},
                  status=status)




def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _members(request: HttpRequest, org: Organisation):
    return access.scope(request.user, Membership, "manage").filter(organisation=org)


# --- Overview and settings ------------------------------------------------------------


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    org = manageable_organisation(request, slug)
    members = _members(request, org)
    roles = dict(members.values_list("role").annotate(people=Count("user_id", distinct=True)).order_by())
    counts = {
        "people": members.values("user_id").distinct().count(),
        "units": access.scope(request.user, Unit, "manage").filter(organisation=org, is_active=True).count(),
        "goals": access.scope(request.user, StrategyGoal, "manage").filter(organisation=org, is_active=True).count(),
    }
    recent = access.scope(request.user, AuditEvent).filter(organisation=org).select_related("actor")[:5]
    return render_admin(request, "organisations/manage.html", org, "overview", {
        "counts": counts,
        "roles": [(label, roles.get(value, 0)) for value, label in Role.choices],
        "recent": recent,
    })


@login_required
def settings_view(request: HttpRequest, slug: str) -> HttpResponse:
    org = manageable_organisation(request, slug)
    # The form works on its own copy, so the page keeps showing the saved names.
    form = OrganisationSettingsForm(
        request.POST or None, request.FILES or None, instance=Organisation.objects.get(pk=org.pk)
    )
    if request.method == "POST" and form.is_valid():
        if form.changed_data:
            try:
                actions.update_organisation(form.instance, actor=request.user, changed=form.changed_data)
            except ValidationError as error:
                _form_errors(form, error)
        if not form.errors:
            messages.success(request, _("The settings were saved."))
            return redirect("organisations:settings", org.slug)
    return render_admin(request, "organisations/settings.html", org, "settings", {"form": form})


# --- Units ----------------------------------------------------------------------------------


def _unit_tree(units: list[Unit]) -> list[dict]:
    by_parent: dict[int | None, list[Unit]] = {}
    ids = {u.pk for u in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        by_parent.setdefault(parent, []).append(unit)

    def nodes(parent_id, depth):
        children = sorted(by_parent.get(parent_id, []), key=lambda u: u.name.casefold())
        return [{"unit": u, "depth": depth, "children": nodes(u.pk, depth + 1)} for u in children]

    return nodes(None, 1)


@login_required
def units(request: HttpRequest, slug: str) -> HttpResponse:
    org = manageable_organisation(request, slug)
    all_units = list(
        access.scope(request.user, Unit, "manage").filter(organisation=org)
        .annotate(people=Count("memberships__user", distinct=True))
    )
    return render_admin(request, "organisations/units.html", org, "units", {
        "tree": _unit_tree(all_units), "unit_count": len(all_units),
    })


def _unit_form(request: HttpRequest, org: Organisation, unit: Unit) -> HttpResponse:
    saved_name = unit.name if unit.pk else ""
    form = UnitForm(request.POST or None, instance=unit, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_unit(form.instance, actor=request.user, changed=form.changed_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The unit was saved."))
            return redirect("organisations:units", org.slug)
    return render_admin(request, "organisations/unit_form.html", org, "units", {
        "form": form, "unit": unit, "saved_name": saved_name,
    })


@login_required
def unit_create(request: HttpRequest, slug: str) -> HttpResponse:
    org = manageable_organisation(request, slug)
    unit = Unit(organisation=org, level=Unit.Level.SECTOR)
    parent_id = request.GET.get("parent", "")
    if request.method == "GET" and parent_id.isdigit():
        # "Add a unit under …": the parent and the next level down are filled in.
        parent = access.scope(request.user, Unit, "manage").filter(organisation=org, pk=parent_id).first()
        if parent is not None:
            unit.parent = parent
            unit.level = Unit.Level.SERVICE_AREA if parent.level == Unit.Level.SECTOR else Unit.Level.UNIT
    return _unit_form(request, org, unit)


@login_required
def unit_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = manageable_organisation(request, slug)
    unit = access.get_or_404(request.user, Unit.objects.filter(organisation=org), "manage", pk=pk)
    return _unit_form(request, org, unit)


@login_required
@require_POST
def unit_set_active(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = manageable_organisation(request, slug)
    unit = access.get_or_404(
        request.user, Unit.objects.filter(organisation=org).select_related("parent"), "manage", pk=pk
    )
    active = request.POST.get("active") == "1"
    try:
        ids = actions.set_unit_active(unit, active, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organisations:unit_edit", org.slug, unit.pk)
    if active:
        messages.success(request, _("The unit “%(name)s” is in use again.") % {"name": unit.name})
    else:
        below = len(ids) - 1
        if below:
            message = ngettext(
                "The unit “%(name)s” and %(count)s unit below it were deactivated.",
                "The unit “%(name)s” and %(count)s units below it were deactivated.",
                below,
            ) % {"name": unit.name, "count": below}
        else:
            message = _("The unit “%(name)s” was deactivated.") % {"name": unit.name}
        messages.success(request, message)
    return redirect("organisations:units", org.slug)


# --- People ------------------------------------------------------------------------------


def _people(request: HttpRequest, org: Organisation, filters: PeopleFilterForm):
    members = _members(request, org)
    people = User.objects.filter(pk__in=members.values("user_id"))
    if filters.is_valid():
        query = filters.cleaned_data.get("q", "").strip()
        if query:
            people = people.filter(Q(name__icontains=query) | Q(email__icontains=query))
        narrowed = members
        if filters.cleaned_data.get("role"):
            narrowed = narrowed.filter(role=filters.cleaned_data["role"])
        if filters.cleaned_data.get("unit"):
            narrowed = narrowed.filter(unit__in=filters.cleaned_data["unit"].descendant_ids())
        if narrowed is not members:
            people = people.filter(pk__in=narrowed.values("user_id"))
    roles = Prefetch(
        "memberships", queryset=members.select_related("unit").order_by("role", "unit__name_fi"), to_attr="org_roles"
    )
    return people.order_by("name", "email").prefetch_related(roles)


@login_required
def people(request: HttpRequest, slug: str) -> HttpResponse:
    org = manageable_organisation(request, slug)
    filters = PeopleFilterForm(request.GET or None, organisation=org)
    page = Paginator(_people(request, org, filters), PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_admin(request, "organisations/people.html", org, "people", {
        "filters": filters, "page": page, "query": query.urlencode(),
    })


@login_required
def people_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The people list (filtered like the page) in the import format: one row per role."""
    org = manageable_organisation(request, slug)
    filters = PeopleFilterForm(request.GET or None, organisation=org)
    rows = [
        [person.email, person.name, membership.role, membership.unit.name_fi if membership.unit else "",
         person.title]
        for person in _people(request, org, filters)
        for membership in person.org_roles
    ]
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    record(AuditEvent.Action.EXPORT, actor=request.user, organisation=org, target=f"{org.slug}-people.{fmt}",
           what="people", rows=len(rows), filters={k: v for k, v in request.GET.items() if k != "format"})
    respond = xlsx_response if fmt == "xlsx" else csv_response
    return respond(f"{org.slug}-people", list(imports.COLUMNS), rows)


@login_required
def person_add(request: HttpRequest, slug: str) -> HttpResponse:
    org = manageable_organisation(request, slug)
    form = PersonForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = actions.add_person(
                org, actor=request.user, email=data["email"], name=data["name"], role=data["role"],
                unit=data.get("unit"), title=data.get("title", ""),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if added.account_created:
                messages.success(request, _("%(name)s was added and invited by email to set a password.")
                                 % {"name": added.person.name})
            elif added.role_added:
                messages.success(request, _("%(name)s already had an account and was given the role.")
                                 % {"name": added.person.name})
            else:
                messages.info(request, _("%(name)s already has this role.") % {"name": added.person.name})
            return redirect("organisations:person", org.slug, added.person.pk)
    return render_admin(request, "organisations/person_add.html", org, "people", {"form": form})


def _person(request: HttpRequest, org: Organisation, user_id: int) -> User:
    return get_object_or_404(User.objects.filter(pk__in=_members(request, org).values("user_id")), pk=user_id)


def _person_page(request: HttpRequest, org: Organisation, person: User, grant_form: RoleGrantForm,
                 status: int = 200) -> HttpResponse:
    roles = _members(request, org).filter(user=person).select_related("unit").order_by("role", "unit__name_fi")
    unit_labels = {}
    if any(m.unit_id for m in roles):
        by_id = {u.pk: u for u in Unit.objects.filter(organisation=org)}
        unit_labels = {m.pk: unit_label(m.unit, by_id) for m in roles if m.unit_id}
    return render_admin(request, "organisations/person.html", org, "people", {
        "person": person,
        "roles": [(m, unit_labels.get(m.pk, "")) for m in roles],
        "grant_form": grant_form,
        "invitation_pending": actions.invitation_pending(person),
    }, status=status)


@login_required
def person(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    org = manageable_organisation(request, slug)
    person = _person(request, org, user_id)
    return _person_page(request, org, person, RoleGrantForm(organisation=org))


@login_required
@require_POST
def person_invite(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    org = manageable_organisation(request, slug)
    person = _person(request, org, user_id)
    if actions.resend_invitation(org, person, actor=request.user):
        messages.success(request, _("The invitation was sent again to %(email)s.") % {"email": person.email})
    else:
        messages.info(request, _("%(name)s has already started using Latu.") % {"name": person.name})
    return redirect("organisations:person", org.slug, person.pk)


@login_required
@require_POST
def role_grant(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    org = manageable_organisation(request, slug)
    person = _person(request, org, user_id)
    form = RoleGrantForm(request.POST, organisation=org)
    if form.is_valid():
        try:
            _membership, created = actions.grant_role(
                org, person, form.cleaned_data["role"], form.cleaned_data.get("unit"), actor=request.user
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if created:
                messages.success(request, _("The role was granted."))
            else:
                messages.info(request, _("%(name)s already has this role.") % {"name": person.name})
            return redirect("organisations:person", org.slug, person.pk)
    return _person_page(request, org, person, form, status=400)


@login_required
@require_POST
def role_revoke(request: HttpRequest, slug: str, user_id: int, membership_id: int) -> HttpResponse:
    org = manageable_organisation(request, slug)
    membership = access.get_or_404(
        request.user, _members(request, org).filter(user_id=user_id).select_related("user", "organisation"),
        "manage", pk=membership_id,
    )
    try:
        actions.revoke_role(membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role was revoked."))
        if not _members(request, org).filter(user_id=user_id).exists():
            return redirect("organisations:people", org.slug)
    return redirect("organisations:person", org.slug, user_id)


@login_required
def person_remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    org = manageable_organisation(request, slug)
    person = _person(request, org, user_id)
    if request.method == "POST":
        try:
            actions.remove_person(org, person, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("organisations:person", org.slug, person.pk)
        messages.success(request, _("%(name)s was removed from the organisation.") % {"name": person.name})
        return redirect("organisations:people", org.slug)
    return render_admin(request, "organisations/person_remove.html", org, "people", {"person": person})


# --- CSV import ------------------------------------------------------------------------------


def _unit_refs(request: HttpRequest, org: Organisation) -> list[imports.UnitRef]:
    return [
        imports.UnitRef(u.pk, u.name_fi, u.is_active)
        for u in access.scope(request.user, Unit, "manage").filter(organisation=org)
    ]


def _stored_import(request: HttpRequest, org: Organisation) -> dict | None:
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or stored.get("organisation") != org.pk:
        return None
    return stored


@login_required
def people_import(request: HttpRequest, slug: str) -> HttpResponse:
    org = manageable_organisation(request, slug)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        report = imports.check(form.text, _unit_refs(request, org))
        if report.file_problems:
            for problem in report.file_problems:
                form.add_error("file", problem.message)
        else:
            request.session[IMPORT_SESSION_KEY] = {
                "organisation": org.pk, "text": form.text, "filename": form.filename,
            }
            return redirect("organisations:people_import_review", org.slug)
    return render_admin(request, "organisations/import_upload.html", org, "people", {
        "form": form, "columns": imports.COLUMNS, "max_rows": imports.MAX_ROWS,
    })


@login_required
def people_import_review(request: HttpRequest, slug: str) -> HttpResponse:
    """The validation report; confirming imports (nothing is saved before)."""
    org = manageable_organisation(request, slug)
    stored = _stored_import(request, org)
    if stored is None:
        messages.info(request, _("Upload a file to import first."))
        return redirect("organisations:people_import", org.slug)
    report = imports.check(stored["text"], _unit_refs(request, org))
    form = ImportConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["mode"] == ImportConfirmForm.ALL_OR_NOTHING and not report.is_valid:
            messages.error(request, _("Nothing was imported: fix the rows with problems and upload the file again, "
                                      "or choose to import only the valid rows."))
        elif not report.rows:
            messages.error(request, _("Nothing was imported: the file has no valid rows."))
        else:
            try:
                result = actions.import_people(
                    org, report.rows, actor=request.user, rows_skipped=report.invalid_row_count,
                    filename=stored.get("filename", ""),
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                request.session.pop(IMPORT_SESSION_KEY, None)
                messages.success(request, _(
                    "Imported: %(accounts)s new accounts (invited by email), %(roles)s roles added, "
                    "%(offered)s roles offered to existing accounts (they join when they accept), "
                    "%(unchanged)s rows already up to date, %(skipped)s rows skipped."
                ) % {"accounts": result.accounts_created, "roles": result.roles_added,
                     "offered": result.roles_offered, "unchanged": result.unchanged,
                     "skipped": result.rows_skipped})
                if result.admin_not_offered:
                    messages.warning(request, _(
                        "%(count)s admin roles were not granted: an import gives the admin role only to "
                        "new accounts. Grant it on the person's page once they have joined."
                    ) % {"count": result.admin_not_offered})
                return redirect("organisations:people", org.slug)
    units = {u.pk: u for u in access.scope(request.user, Unit, "manage").filter(organisation=org)}
    statuses = actions.preview_import(org, report.rows)
    roles = dict(Role.choices)
    rows = [
        {"row": r, "role": roles[r.role], "unit": units[r.unit_id].name if r.unit_id else "",
         "status": statuses[r.row]}
        for r in report.rows
    ]
    summary = {status: sum(1 for r in rows if r["status"] == status) for status in
               (actions.RowStatus.INVITED, actions.RowStatus.HAS_ROLE)}
    return render_admin(request, "organisations/import_review.html", org, "people", {
        "report": report, "rows": rows, "summary": summary, "form": form, "filename": stored.get("filename", ""),
        "statuses": actions.RowStatus,
    }, status=200)


@login_required
@require_POST
def people_import_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    org = manageable_organisation(request, slug)
    request.session.pop(IMPORT_SESSION_KEY, None)
    messages.info(request, _("The import was cancelled. Nothing was saved."))
    return redirect("organisations:people", org.slug)


# --- Strategy goals ------------------------------------------------------------------------------


@login_required
def goals(request: HttpRequest, slug: str) -> HttpResponse:
    org = manageable_organisation(request, slug)
    goal_list = access.scope(request.user, StrategyGoal, "manage").filter(organisation=org).order_by(
        "-is_active", "order", "title_fi"
    )
    return render_admin(request, "organisations/goals.html", org, "goals", {"goals": goal_list})


def _goal_form(request: HttpRequest, org: Organisation, goal: StrategyGoal) -> HttpResponse:
    saved_title = goal.title if goal.pk else ""
    form = StrategyGoalForm(request.POST or None, instance=goal, organisation=org)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_goal(form.instance, actor=request.user, changed=form.changed_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The strategy goal was saved."))
            return redirect("organisations:goals", org.slug)
    return render_admin(request, "organisations/goal_form.html", org, "goals", {
        "form": form, "goal": goal, "saved_title": saved_title,
    })


@login_required
def goal_create(request: HttpRequest, slug: str) -> HttpResponse:
    org = manageable_organisation(request, slug)
    return _goal_form(request, org, StrategyGoal(organisation=org))


@login_required
def goal_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = manageable_organisation(request, slug)
    goal = access.get_or_404(request.user, StrategyGoal.objects.filter(organisation=org), "manage", pk=pk)
    return _goal_form(request, org, goal)


@login_required
@require_POST
def goal_set_active(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = manageable_organisation(request, slug)
    goal = access.get_or_404(request.user, StrategyGoal.objects.filter(organisation=org), "manage", pk=pk)
    active = request.POST.get("active") == "1"
    actions.set_goal_active(goal, active, actor=request.user)
    if active:
        messages.success(request, _("The strategy goal is in use again."))
    else:
        messages.success(request, _("The strategy goal was deactivated."))
    return redirect("organisations:goals", org.slug)


# --- role invitations (answered by the invited person) ------------------------------------


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    """The roles organisations offer the signed-in person, to accept or decline."""
    return render(request, "organisations/invitations.html", {"invitations": queries.my_invitations(request.user)})


@login_required
@require_POST
def invitation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = access.get_or_404(request.user, RoleInvitation.objects.select_related("organisation", "unit"),
                                   "respond", pk=pk)
    org_name = invitation.organisation.name
    try:
        if request.POST.get("answer") == "accept":
            actions.accept_role_invitation(invitation, actor=request.user)
            messages.success(request, _("You joined %(org)s.") % {"org": org_name})
        elif request.POST.get("answer") == "decline":
            actions.decline_role_invitation(invitation, actor=request.user)
            messages.info(request, _("You declined the invitation of %(org)s.") % {"org": org_name})
        else:
            messages.error(request, _("Choose whether to accept or decline."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("organisations:invitations")


# --- register descriptions (rekisteriseloste) ----------------------------------------------


def register_descriptions(request: HttpRequest) -> HttpResponse:
    """Every organisation's register description, linked."""
    return render(request, "organisations/register_descriptions.html",
                  {"organisations": queries.register_description_list()})


def register_description(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's register description: public, in the visitor's language."""
    org = access.get_or_404(request.user, Organisation, "view", slug=slug)
    return render(request, "organisations/register_description.html",
                  queries.register_description_page(request.user, org))


@login_required
def register_description_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's admins edit its register description, starting from the default."""
    org = access.get_or_404(request.user, Organisation, "view", slug=slug)
    saved, texts = privacy.saved_or_default(org)
    if not access.can(request.user, "manage", saved or RegisterDescription(organisation=org)):
        raise PermissionDenied
    initial = {f"body_{language}": text for language, text in texts.items()}
    form = RegisterDescriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        privacy.save_register_description(org, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The register description was saved."))
        return redirect("organisations:register_description", org.slug)
    return render_admin(request, "organisations/register_description_form.html", org, "settings",
                        {"form": form, "saved": saved}, status=400 if form.errors else 200)
