"""People and roles through the administration pages."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from latu import access
from latu.accounts.models import User
from latu.audit.models import AuditEvent
from latu.organisations import actions
from latu.organisations.factories import UnitFactory, member
from latu.organisations.models import Membership, Role


@pytest.fixture
def admin_client(client_for, org_admin):
    return client_for(org_admin)


def url(name, org, *args):
    return reverse(f"organisations:{name}", args=[org.slug, *args])


# --- Adding people ----------------------------------------------------------------------


def test_adding_a_new_person_creates_an_account_and_sends_an_invitation(
    admin_client, org, org_admin, unit, events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("person_add", org), {
            "email": "Uusi.Ihminen@Hollola.example.fi", "name": "Uusi Ihminen", "title": "lähihoitaja",
            "role": "innovator", "unit": unit.pk,
        })
    person = User.objects.get(email="uusi.ihminen@hollola.example.fi")
    assert response.status_code == 302
    assert response.url == url("person", org, person.pk)
    assert not person.has_usable_password()
    assert person.name == "Uusi Ihminen" and person.title == "lähihoitaja"
    assert EmailAddress.objects.filter(user=person, email=person.email, primary=True).exists()
    assert list(Membership.objects.filter(user=person).values_list("organisation", "role", "unit")) == [
        (org.pk, "innovator", unit.pk)
    ]
    grant = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_GRANTED, target=person.email)
    assert grant.actor == org_admin and grant.organisation == org
    assert grant.data == {"user": person.pk, "role": "innovator", "unit": unit.pk}
    assert [(e.kind, e.recipients) for e in events] == [("role.granted", (person,))]

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert org.name_fi in message.subject + message.body
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body).group(0)
    assert link == actions.invitation_url(person)


def test_the_invitation_link_lets_the_person_set_a_password(
    client, admin_client, org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url("person_add", org),
                          {"email": "uusi@hollola.example.fi", "name": "Uusi", "role": "employee"})
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    response = client.get("/" + path)
    assert response.status_code == 302  # allauth moves the key into the session
    response = client.post(response.url, {"password1": "Vahva-salasana-2026", "password2": "Vahva-salasana-2026"})
    assert response.status_code == 302
    person = User.objects.get(email="uusi@hollola.example.fi")
    assert person.check_password("Vahva-salasana-2026")


def test_the_invitation_can_be_sent_again_until_the_person_starts(
    admin_client, org, employee, django_capture_on_commit_callbacks
):
    employee.set_unusable_password()
    employee.save()
    invite, page = url("person_invite", org, employee.pk), url("person", org, employee.pk)
    assert invite.encode() in admin_client.get(page).content
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(invite)
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [[employee.email]]
    employee.set_password("Vahva-salasana-2026")
    employee.save()
    assert invite.encode() not in admin_client.get(page).content
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(invite)
    assert len(mail.outbox) == 1


def test_someone_from_another_organisation_just_gets_the_role(
    admin_client, org, other_org, outsider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("person_add", org), {
            "email": "OLLI@porvoo.example.fi", "name": "Toinen Nimi", "role": "employee",
        })
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.name == "Olli Ulkopuolinen"  # their own name is kept
    assert set(Membership.objects.filter(user=outsider).values_list("organisation", flat=True)) == {
        org.pk, other_org.pk
    }
    assert User.objects.filter(email__iexact="olli@porvoo.example.fi").count() == 1
    assert mail.outbox == []
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_GRANTED, target=outsider.email).count() == 1


def test_adding_someone_who_already_has_the_role_changes_nothing(admin_client, org, employee):
    before = AuditEvent.objects.count()
    response = admin_client.post(url("person_add", org), {"email": employee.email, "name": "X", "role": "employee"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=employee).count() == 1
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("data", [
    {"email": "ei-osoite", "name": "Nimi", "role": "employee"},
    {"email": "a@example.fi", "name": "", "role": "employee"},
    {"email": "a@example.fi", "name": "Nimi", "role": "king"},
    {"email": "a@example.fi", "name": "Nimi", "role": "admin", "unit": "UNIT"},
    {"email": "a@example.fi", "name": "Nimi", "role": "employee", "unit": "OTHER_UNIT"},
])
def test_invalid_additions_save_nothing(admin_client, org, other_org, unit, data):
    other_unit = UnitFactory(organisation=other_org)
    data = {k: {"UNIT": unit.pk, "OTHER_UNIT": other_unit.pk}.get(v, v) for k, v in data.items()}
    users, memberships = User.objects.count(), Membership.objects.count()
    response = admin_client.post(url("person_add", org), data)
    assert response.status_code == 200
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
    assert mail.outbox == []


def test_inactive_units_are_not_offered_for_new_roles(admin_client, org, unit):
    closed = UnitFactory(organisation=org, name_fi="Suljettu yksikkö", is_active=False)
    page = admin_client.get(url("person_add", org)).content.decode()
    assert f'value="{unit.pk}"' in page
    assert f'value="{closed.pk}"' not in page
    response = admin_client.post(url("person_add", org), {"email": "a@example.fi", "name": "A", "role": "employee",
                                                           "unit": closed.pk})
    assert response.status_code == 200
    assert not User.objects.filter(email="a@example.fi").exists()


# --- Granting and revoking roles --------------------------------------------------------


def test_grant_a_role_for_a_unit(admin_client, org, org_admin, employee, unit, events,
                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("role_grant", org, employee.pk), {"role": "supervisor", "unit": unit.pk})
    assert response.status_code == 302
    assert Membership.objects.filter(user=employee, role=Role.SUPERVISOR, unit=unit, organisation=org).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_GRANTED)
    assert (event.actor, event.organisation, event.target) == (org_admin, org, employee.email)
    assert [e.kind for e in events] == ["role.granted"]
    # The same role again: nothing new.
    admin_client.post(url("role_grant", org, employee.pk), {"role": "supervisor", "unit": unit.pk})
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_GRANTED).count() == 1


def test_the_admin_role_is_only_for_the_whole_organisation(admin_client, org, employee, unit):
    response = admin_client.post(url("role_grant", org, employee.pk), {"role": "admin", "unit": unit.pk})
    assert response.status_code == 400
    assert not Membership.objects.filter(user=employee, role=Role.ADMIN).exists()


def test_revoke_a_role(admin_client, org, org_admin, supervisor, events, django_capture_on_commit_callbacks):
    membership = Membership.objects.get(user=supervisor)
    other_role = Membership.objects.create(user=supervisor, organisation=org, role=Role.EMPLOYEE)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("role_revoke", org, supervisor.pk, membership.pk))
    assert response.status_code == 302
    assert list(Membership.objects.filter(user=supervisor)) == [other_role]
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_REVOKED)
    assert (event.actor, event.organisation, event.target) == (org_admin, org, supervisor.email)
    assert event.data["role"] == "supervisor"
    assert [(e.kind, e.recipients) for e in events] == [("role.revoked", (supervisor,))]


def test_revoking_the_last_role_leaves_the_person_out_of_the_list(admin_client, org, employee):
    membership = Membership.objects.get(user=employee)
    response = admin_client.post(url("role_revoke", org, employee.pk, membership.pk))
    assert response.url == url("people", org)
    assert admin_client.get(url("person", org, employee.pk)).status_code == 404


def test_a_membership_of_another_person_cannot_be_revoked_through_someone_else(admin_client, org, employee, manager):
    membership = Membership.objects.get(user=manager)
    assert admin_client.post(url("role_revoke", org, employee.pk, membership.pk)).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


# --- The organisation keeps an admin --------------------------------------------------------


def test_the_last_admin_cannot_revoke_their_own_admin_role(admin_client, org, org_admin):
    membership = Membership.objects.get(user=org_admin, role=Role.ADMIN)
    response = admin_client.post(url("role_revoke", org, org_admin.pk, membership.pk))
    assert response.status_code == 302
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_REVOKED).exists()
    assert admin_client.get(url("manage", org)).status_code == 200


def test_the_last_admin_cannot_remove_themselves(admin_client, org, org_admin):
    response = admin_client.post(url("person_remove", org, org_admin.pk))
    assert response.status_code == 302
    assert Membership.objects.filter(user=org_admin, role=Role.ADMIN).exists()


def test_the_programme_office_cannot_remove_the_last_admin_either(client_for, office, org, org_admin):
    membership = Membership.objects.get(user=org_admin, role=Role.ADMIN)
    client_for(office).post(url("role_revoke", org, org_admin.pk, membership.pk))
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_admin_whose_account_is_closed_does_not_count(admin_client, org, org_admin):
    closed = member(org, Role.ADMIN, email="entinen@hollola.example.fi", is_active=False)
    membership = Membership.objects.get(user=org_admin, role=Role.ADMIN)
    admin_client.post(url("role_revoke", org, org_admin.pk, membership.pk))
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert Membership.objects.filter(user=closed).exists()


def test_with_another_admin_an_admin_may_step_down(admin_client, org, org_admin):
    member(org, Role.ADMIN, email="toinen@hollola.example.fi")
    membership = Membership.objects.get(user=org_admin, role=Role.ADMIN)
    admin_client.post(url("role_revoke", org, org_admin.pk, membership.pk))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    # The cached roles were dropped: the next request no longer lets them in.
    assert admin_client.get(url("manage", org)).status_code in (403, 404)


def test_actions_forget_cached_roles(org, employee, unit):
    assert access.org_roles(employee, org) == {Role.EMPLOYEE}
    actions.grant_role(org, employee, Role.SUPERVISOR, unit, actor=employee)
    assert access.org_roles(employee, org) == {Role.EMPLOYEE, Role.SUPERVISOR}


# --- Removing people ---------------------------------------------------------------------


def test_remove_a_person_from_the_organisation_only(admin_client, org, other_org, outsider, unit, events,
                                                    django_capture_on_commit_callbacks):
    Membership.objects.create(user=outsider, organisation=org, role=Role.EMPLOYEE)
    Membership.objects.create(user=outsider, organisation=org, role=Role.SUPERVISOR, unit=unit)
    assert admin_client.get(url("person_remove", org, outsider.pk)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("person_remove", org, outsider.pk))
    assert response.url == url("people", org)
    assert not Membership.objects.filter(user=outsider, organisation=org).exists()
    assert Membership.objects.filter(user=outsider, organisation=other_org).exists()
    assert User.objects.filter(pk=outsider.pk, is_active=True).exists()
    revoked = AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_REVOKED, organisation=org)
    assert sorted(revoked.values_list("data__role", flat=True)) == ["employee", "supervisor"]
    assert [e.kind for e in events] == ["member.removed"]


def test_people_outside_the_organisation_cannot_be_removed_through_it(admin_client, org, outsider):
    assert admin_client.post(url("person_remove", org, outsider.pk)).status_code == 404
    assert Membership.objects.filter(user=outsider).exists()


# --- The list -----------------------------------------------------------------------------


@pytest.fixture
def crowd(org, unit):
    sector = UnitFactory(organisation=org, name_fi="Sivistyspalvelut", level="sector")
    school = UnitFactory(organisation=org, name_fi="Kirkonkylän koulu", parent=sector)
    people = []
    for i in range(30):
        person = member(org, Role.EMPLOYEE, unit=school if i % 2 else unit, email=f"henkilo{i:02}@hollola.example.fi",
                        name=f"Henkilö {i:02}")
        if i % 5 == 0:
            Membership.objects.create(user=person, organisation=org, role=Role.INNOVATOR, unit=school)
        people.append(person)
    return {"people": people, "sector": sector, "school": school}


def _names(response):
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_people_list_query_count_does_not_grow_with_people(admin_client, org, crowd, django_assert_max_num_queries):
    admin_client.get(url("people", org))  # warm up the session
    with django_assert_max_num_queries(12):
        response = admin_client.get(url("people", org))
    assert response.status_code == 200
    assert len(_names(response)) == 31  # the crowd and the admin
    for i in range(30):
        member(org, Role.EMPLOYEE, email=f"lisaa{i}@hollola.example.fi", name=f"Lisää {i}")
    with django_assert_max_num_queries(12):
        response = admin_client.get(url("people", org) + "?page=2")
    assert response.status_code == 200


def test_people_list_pages(admin_client, org, crowd):
    for i in range(30):
        member(org, Role.EMPLOYEE, email=f"lisaa{i}@hollola.example.fi", name=f"Ö {i:02}")
    first = _names(admin_client.get(url("people", org)))
    second = _names(admin_client.get(url("people", org) + "?page=2"))
    assert len(first) == 50 and len(second) == 11
    assert not set(first) & set(second)


def test_people_list_search_and_filters(admin_client, org, crowd, outsider):
    names = _names(admin_client.get(url("people", org) + "?q=henkilö 1"))
    assert names == [f"Henkilö {i}" for i in range(10, 20)]
    assert _names(admin_client.get(url("people", org) + "?q=HENKILO07@")) == ["Henkilö 07"]
    assert _names(admin_client.get(url("people", org) + "?role=innovator")) == [
        f"Henkilö {i:02}" for i in range(0, 30, 5)
    ]
    assert _names(admin_client.get(url("people", org) + "?role=admin")) == ["Aino Ylläpitäjä"]
    school = _names(admin_client.get(url("people", org) + f"?unit={crowd['school'].pk}"))
    assert len(school) == 18  # 15 employees in the school and 3 innovators whose employee role is elsewhere
    # Filtering by a sector includes the units below it.
    assert _names(admin_client.get(url("people", org) + f"?unit={crowd['sector'].pk}")) == school
    both = _names(admin_client.get(url("people", org) + f"?role=innovator&unit={crowd['school'].pk}&q=henkilö 2"))
    assert both == ["Henkilö 20", "Henkilö 25"]
    # People of other organisations never show.
    assert _names(admin_client.get(url("people", org) + "?q=olli")) == []


def test_people_list_shows_all_roles_of_a_person(admin_client, org, crowd):
    page = admin_client.get(url("people", org) + "?q=henkilo05@").content.decode()
    assert "Kirkonkylän koulu" in page and "Kotihoito" in page


# --- Export ---------------------------------------------------------------------------------


def test_export_people_as_csv_in_the_import_format(admin_client, org, org_admin, unit, innovator):
    Membership.objects.create(user=innovator, organisation=org, role=Role.EMPLOYEE, unit=unit)
    danger = member(org, Role.EMPLOYEE, email="kaava@hollola.example.fi", name="=HYPERLINK(1)")
    response = admin_client.get(url("people_export", org))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0] == "email;name;role;unit;title"
    assert "into@hollola.example.fi;Into Uudistaja;employee;Kotihoito;" in lines
    assert "into@hollola.example.fi;Into Uudistaja;innovator;;" in lines
    assert f"{danger.email};'=HYPERLINK(1);employee;;" in lines
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert (event.actor, event.organisation, event.data["rows"]) == (org_admin, org, 4)


def test_an_export_can_be_imported_again_unchanged(admin_client, org, unit, innovator, employee):
    from latu.organisations import imports
    from latu.organisations.models import Unit

    text = admin_client.get(url("people_export", org)).content.decode("utf-8-sig")
    report = imports.check(text, [imports.UnitRef(u.pk, u.name_fi, u.is_active) for u in Unit.objects.all()])
    assert report.is_valid
    assert set(actions.preview_import(org, report.rows).values()) == {actions.RowStatus.HAS_ROLE}


def test_export_follows_the_filters_and_can_be_excel(admin_client, org, employee, innovator):
    response = admin_client.get(url("people_export", org) + "?role=innovator&format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.data["rows"] == 1
    assert event.data["filters"] == {"role": "innovator"}
