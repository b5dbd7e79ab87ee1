"""Importing people from a CSV file: upload, report, confirm."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from latu.accounts.models import User
from latu.audit.models import AuditEvent
from latu.organisations import imports
from latu.organisations.factories import UnitFactory
from latu.organisations.models import Membership, Role, RoleInvitation
from latu.organisations.views import IMPORT_SESSION_KEY

GOOD = (
    "email;name;role;unit;title\n"
    "uusi1@hollola.example.fi;Uusi Yksi;työntekijä;Kotihoito;lähihoitaja\n"
    "uusi2@hollola.example.fi;Uusi Kaksi;uudistaja;Kotihoito;\n"
    "uusi2@hollola.example.fi;Uusi Kaksi;employee;Kotihoito;\n"
    "olli@porvoo.example.fi;Olli U;esihenkilö;Kotihoito;\n"
    "eeva@hollola.example.fi;Eeva;työntekijä;;\n"
)
BAD_ROWS = (
    "ei-osoite;Nimetön;;;\n"
    "kolmas@hollola.example.fi;Kolmas;kuningas;;\n"
)


@pytest.fixture
def admin_client(client_for, org_admin):
    return client_for(org_admin)


def url(name, org):
    return reverse(f"organisations:{name}", args=[org.slug])


def upload(client, org, text, name="ihmiset.csv", encoding="utf-8"):
    file = SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
    return client.post(url("people_import", org), {"file": file})


def _state():
    return (User.objects.count(), Membership.objects.count(), len(mail.outbox))


def test_upload_shows_a_report_and_saves_nothing(admin_client, org, unit, employee, outsider):
    before = _state()
    response = upload(admin_client, org, GOOD + BAD_ROWS)
    assert response.status_code == 302
    assert response.url == url("people_import_review", org)
    report = admin_client.get(response.url)
    assert report.status_code == 200
    page = report.content.decode()
    assert 'data-row="7" data-field="email" data-code="invalid_email"' in page
    assert 'data-row="8" data-field="role" data-code="unknown_role"' in page
    # Whether an address has an account elsewhere is not shown: Olli (of Porvoo) is "invited" too.
    for row, status in [(2, "invited"), (3, "invited"), (4, "invited"), (5, "invited"), (6, "has_role")]:
        assert f'data-row="{row}" data-status="{status}"' in page
    assert _state() == before


def test_confirm_imports_valid_rows_in_one_go(admin_client, org, org_admin, unit, employee, outsider, events,
                                              django_capture_on_commit_callbacks):
    upload(admin_client, org, GOOD + BAD_ROWS)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("people_import_review", org), {"mode": "valid"})
    assert response.status_code == 302
    assert response.url == url("people", org)

    uusi1 = User.objects.get(email="uusi1@hollola.example.fi")
    uusi2 = User.objects.get(email="uusi2@hollola.example.fi")
    assert not uusi1.has_usable_password() and uusi1.title == "lähihoitaja"
    assert set(Membership.objects.filter(user=uusi2).values_list("role", "unit")) == {
        ("innovator", unit.pk), ("employee", unit.pk)
    }
    # Olli's account existed: he is offered the role, not given it.
    assert not Membership.objects.filter(user=outsider, organisation=org).exists()
    assert RoleInvitation.objects.filter(user=outsider, organisation=org, role=Role.SUPERVISOR, unit=unit).exists()
    assert Membership.objects.filter(user=employee).count() == 1  # already had the role
    assert not User.objects.filter(email="kolmas@hollola.example.fi").exists()

    assert sorted(m.to[0] for m in mail.outbox) == [
        "olli@porvoo.example.fi", "uusi1@hollola.example.fi", "uusi2@hollola.example.fi"]
    summary = AuditEvent.objects.get(action=AuditEvent.Action.PEOPLE_IMPORTED)
    assert summary.actor == org_admin and summary.organisation == org and summary.target == "ihmiset.csv"
    assert summary.data == {"rows": 5, "accounts_created": 2, "roles_added": 3, "roles_offered": 1,
                            "admin_not_offered": 0, "unchanged": 1, "rows_skipped": 2}
    grants = AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_GRANTED, organisation=org)
    assert grants.count() == 3
    assert {g.data["source"] for g in grants} == {"import"}
    assert [e.kind for e in events] == ["people.imported"]
    assert IMPORT_SESSION_KEY not in admin_client.session


def test_only_if_all_valid_imports_nothing_when_a_row_is_bad(admin_client, org, unit, employee, outsider):
    upload(admin_client, org, GOOD + BAD_ROWS)
    before = _state()
    audit = AuditEvent.objects.count()
    response = admin_client.post(url("people_import_review", org), {"mode": "all"})
    assert response.status_code == 200
    assert _state() == before
    assert AuditEvent.objects.count() == audit
    assert IMPORT_SESSION_KEY in admin_client.session  # the admin may still choose the valid rows


def test_only_if_all_valid_imports_a_clean_file(admin_client, org, unit, employee, outsider,
                                                django_capture_on_commit_callbacks):
    upload(admin_client, org, GOOD)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url("people_import_review", org), {"mode": "all"})
    assert response.status_code == 302
    assert User.objects.filter(email__startswith="uusi").count() == 2


def test_a_failure_in_the_middle_saves_nothing(admin_client, org, unit, monkeypatch):
    upload(admin_client, org, GOOD.replace("olli@porvoo.example.fi;Olli U", "olli@hollola.example.fi;Olli"))
    before = _state()

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(AuditEvent.objects, "bulk_create", broken)
    admin_client.raise_request_exception = False
    response = admin_client.post(url("people_import_review", org), {"mode": "valid"})
    assert response.status_code == 500
    assert _state() == before
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PEOPLE_IMPORTED).exists()


def test_a_unit_deactivated_between_upload_and_confirm_is_checked_again(admin_client, org, unit):
    upload(admin_client, org, "email,name,unit\nuusi@hollola.example.fi,Uusi,Kotihoito\n")
    unit.is_active = False
    unit.save()
    response = admin_client.post(url("people_import_review", org), {"mode": "valid"})
    assert response.status_code == 200
    assert 'data-code="inactive_unit"' in response.content.decode()
    assert not User.objects.filter(email="uusi@hollola.example.fi").exists()


def test_units_by_id_and_only_this_organisations_units(admin_client, org, other_org, unit):
    theirs = UnitFactory(organisation=other_org, name_fi="Porvoon yksikkö")
    text = f"email,name,unit\na@hollola.example.fi,A,{unit.pk}\nb@hollola.example.fi,B,{theirs.pk}\n" \
           "c@hollola.example.fi,C,Porvoon yksikkö\n"
    upload(admin_client, org, text)
    page = admin_client.get(url("people_import_review", org)).content.decode()
    assert 'data-row="2" data-status="invited"' in page
    assert 'data-row="3" data-field="unit" data-code="unknown_unit"' in page
    assert 'data-row="4" data-field="unit" data-code="unknown_unit"' in page


@pytest.mark.parametrize(("text", "encoding"), [
    ("email,name\nä@x,Ä\n", "latin-1"),
    ("name,title\nA,B\n", "utf-8"),
    ("", "utf-8"),
])
def test_unreadable_files_are_refused_at_upload(admin_client, org, text, encoding):
    response = upload(admin_client, org, text, encoding=encoding)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert IMPORT_SESSION_KEY not in admin_client.session


def test_files_over_one_megabyte_are_refused(admin_client, org):
    text = "email,name,title\n" + ("a@hollola.example.fi,A," + "x" * 100 + "\n") * 10_000
    assert len(text.encode()) > imports.MAX_BYTES
    response = upload(admin_client, org, text)
    assert response.status_code == 200
    assert IMPORT_SESSION_KEY not in admin_client.session


def test_cancel_forgets_the_file(admin_client, org, unit):
    upload(admin_client, org, GOOD)
    response = admin_client.post(url("people_import_cancel", org))
    assert response.status_code == 302
    assert IMPORT_SESSION_KEY not in admin_client.session
    assert admin_client.get(url("people_import_review", org)).status_code == 302


def test_a_file_uploaded_for_one_organisation_is_not_imported_into_another(client_for, office, org, other_org, unit):
    client = client_for(office)
    upload(client, org, "email,name\nuusi@hollola.example.fi,Uusi\n")
    response = client.post(url("people_import_review", other_org), {"mode": "valid"})
    assert response.status_code == 302
    assert response.url == url("people_import", other_org)
    assert not Membership.objects.filter(organisation=other_org, user__email="uusi@hollola.example.fi").exists()


# --- existing accounts are invited, never added ----------------------------------------------


def test_an_existing_account_is_invited_and_joins_only_when_accepting(
        admin_client, client_for, org, unit, outsider, django_capture_on_commit_callbacks):
    upload(admin_client, org, "email;name;role;unit\nolli@porvoo.example.fi;Olli;uudistaja;Kotihoito\n")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url("people_import_review", org), {"mode": "all"})
    assert not Membership.objects.filter(user=outsider, organisation=org).exists()
    [message] = mail.outbox
    assert message.to == ["olli@porvoo.example.fi"]
    assert reverse("organisations:invitations") in message.body
    # Someone else (the admin who invited) cannot answer it; the invited person sees it.
    invitation = RoleInvitation.objects.get(user=outsider)
    respond = reverse("organisations:invitation_respond", args=[invitation.pk])
    assert admin_client.post(respond, {"answer": "accept"}).status_code == 403
    assert 'data-invitation="' not in admin_client.get(reverse("organisations:invitations")).content.decode()
    assert not Membership.objects.filter(user=outsider, organisation=org).exists()
    olli = client_for(outsider)  # the same test client, now signed in as Olli
    page = olli.get(reverse("organisations:invitations"))
    assert f'data-invitation="{invitation.pk}"' in page.content.decode()
    assert olli.post(respond, {"answer": "accept"}).status_code == 302
    assert Membership.objects.filter(user=outsider, organisation=org, role=Role.INNOVATOR, unit=unit).exists()
    assert not RoleInvitation.objects.exists()


def test_a_declined_invitation_leaves_no_role(admin_client, client_for, org, outsider):
    upload(admin_client, org, "email;name;role\nolli@porvoo.example.fi;Olli;työntekijä\n")
    admin_client.post(url("people_import_review", org), {"mode": "all"})
    invitation = RoleInvitation.objects.get(user=outsider)
    client_for(outsider).post(reverse("organisations:invitation_respond", args=[invitation.pk]),
                              {"answer": "decline"})
    assert not Membership.objects.filter(user=outsider, organisation=org).exists()
    assert not RoleInvitation.objects.exists()


def test_an_import_never_makes_an_existing_account_an_admin(admin_client, org, office, outsider, employee):
    """Not the programme office, not an account of another organisation, not a member."""
    rows = "".join(f"{person.email};X;pääkäyttäjä\n" for person in (office, outsider, employee))
    upload(admin_client, org, "email;name;role\n" + rows + "uusi.admin@hollola.example.fi;Uusi;admin\n")
    response = admin_client.post(url("people_import_review", org), {"mode": "all"}, follow=True)
    page = response.content.decode()
    assert "3 pääkäyttäjän roolia jäi antamatta" in page
    admins = set(Membership.objects.filter(organisation=org, role=Role.ADMIN).values_list("user__email", flat=True))
    assert office.email not in admins and outsider.email not in admins and employee.email not in admins
    assert "uusi.admin@hollola.example.fi" in admins  # a new account made by the import
    assert not RoleInvitation.objects.filter(role=Role.ADMIN).exists()


def test_the_preview_tells_members_apart_but_not_accounts_elsewhere(admin_client, org, outsider, employee):
    upload(admin_client, org, f"email;name;role\n{outsider.email};O;uudistaja\n{employee.email};E;uudistaja\n"
                              f"{employee.email};E;pääkäyttäjä\nei.tilia@hollola.example.fi;N;uudistaja\n")
    page = admin_client.get(url("people_import_review", org)).content.decode()
    for row, status in [(2, "invited"), (3, "gets_role"), (4, "no_admin"), (5, "invited")]:
        assert f'data-row="{row}" data-status="{status}"' in page
