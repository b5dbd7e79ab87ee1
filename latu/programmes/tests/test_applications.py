"""Items 3 and 4: the electronic application, the queue, decisions and their PDF."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from latu.notifications.models import Notification
from latu.programmes.factories import ApplicationFactory
from latu.programmes.models import Application

pytestmark = pytest.mark.django_db


def _form(org, service, expert=None, rows=(), **extra):
    data = {
        "organisation": org.pk, "service": service.pk, "theme": "wellbeing",
        "justification_results": "Odotusajat lyhenevät.", "justification_wellbeing": "Kiire vähenee.",
        "goals": "Uusi aamun malli.", "requested_days": "2", "preferred_expert": expert.pk if expert else "",
    }
    for i, (name, group) in enumerate(rows):
        data[f"name_{i}"] = name
        data[f"group_{i}"] = group
    data.update(extra)
    return data


TOGETHER = [("Maija Johtaja", "management"), ("Lauri Luottamusmies", "staff_rep"), ("Eeva", "staff")]


def test_draft_is_saved_and_finished_later(client_for, employee, org, sparring, expert):
    client = client_for(employee)
    assert client.get(f"/programmes/applications/new/?service={sparring.pk}").status_code == 200
    response = client.post("/programmes/applications/new/",
                           _form(org, sparring, expert, rows=[("Eeva", "staff")], goals="", draft="1"))
    application = Application.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{application.pk}/edit/")
    assert application.status == "draft" and application.applicant == employee
    assert list(application.participants.values_list("name", flat=True)) == ["Eeva"]
    page = client.get(f"/programmes/applications/{application.pk}/edit/").content.decode()
    assert 'value="Eeva"' in page and 'name="submit"' in page
    response = client.post(f"/programmes/applications/{application.pk}/edit/",
                           _form(org, sparring, expert, rows=TOGETHER, submit="1"))
    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == "submitted" and application.submitted_at is not None
    assert application.participants.count() == 3
    # A submitted application can no longer be edited.
    assert client.get(f"/programmes/applications/{application.pk}/edit/").status_code == 409


def test_submit_without_staff_representative_fails_and_saves_nothing(client_for, employee, org, sparring):
    client = client_for(employee)
    response = client.post("/programmes/applications/new/",
                           _form(org, sparring, rows=[("Maija", "management"), ("Eeva", "staff")], submit="1"))
    assert response.status_code == 400
    assert "Lisää ainakin yksi henkilöstön edustaja" in response.content.decode()
    assert "johdosta" not in response.content.decode()
    assert not Application.objects.exists()


def test_cooperation_error_is_in_finnish(client_for, employee, org, sparring):
    client = client_for(employee)
    response = client.post("/programmes/applications/new/", _form(org, sparring, rows=[("Eeva", "staff")], submit="1"),
                           HTTP_ACCEPT_LANGUAGE="fi")
    body = response.content.decode()
    assert response.status_code == 400
    assert "henkilöstön edustaja" in body.lower() and "johdosta" in body.lower()
    assert not Application.objects.exists()


def test_failed_submit_of_a_draft_keeps_the_draft_as_it_was(client_for, employee, org, sparring):
    client = client_for(employee)
    client.post("/programmes/applications/new/", _form(org, sparring, rows=[("Eeva", "staff")], draft="1"))
    application = Application.objects.get()
    client.post(f"/programmes/applications/{application.pk}/edit/",
                _form(org, sparring, rows=[("Maija", "management")], goals="Muutettu", submit="1"))
    application.refresh_from_db()
    assert application.status == "draft" and application.goals == "Uusi aamun malli."
    assert list(application.participants.values_list("name", flat=True)) == ["Eeva"]


def test_submit_checks_days_of_the_service(client_for, employee, org, training):
    response = client_for(employee).post("/programmes/applications/new/",
                                         _form(org, training, rows=TOGETHER, submit="1"))
    assert response.status_code == 400 and not Application.objects.exists()


def test_cannot_apply_for_another_organisation(client_for, employee, other_org, sparring):
    response = client_for(employee).post("/programmes/applications/new/",
                                         _form(other_org, sparring, rows=TOGETHER, submit="1"))
    assert response.status_code == 400 and not Application.objects.exists()


def test_citizen_cannot_apply(client_for, citizen, sparring):
    assert client_for(citizen).get("/programmes/applications/new/").status_code == 403


def test_the_form_works_on_a_phone_without_javascript(client_for, employee, sparring):
    body = client_for(employee).get("/programmes/applications/new/").content.decode()
    assert "<script" not in body.split("<main", 1)[-1].split("</main>", 1)[0]
    assert 'type="submit" name="draft"' in body and 'name="group_0"' in body


def _submitted(org, employee, service, expert, **extra):
    application = ApplicationFactory(service=service, organisation=org, applicant=employee, preferred_expert=expert,
                                     status="submitted", submitted_at=timezone.now() - timedelta(hours=2), **extra)
    application.participants.create(name="Maija", role_group="management")
    application.participants.create(name="Lauri", role_group="staff_rep")
    return application


CHECKS = {"check_results_and_wellbeing": "on", "check_cooperation": "on", "check_budget": "on", "check_expert": "on"}


def test_grant_produces_pdf_and_notifies_applicant_and_expert(client_for, office, employee, org, sparring, expert):
    application = _submitted(org, employee, sparring, expert)
    client = client_for(office)
    assert "Maija" in client.get(f"/programmes/office/{application.pk}/").content.decode()
    response = client.post(f"/programmes/office/{application.pk}/",
                           {**CHECKS, "outcome": "grant", "granted_days": "2", "decide": "1"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "granted" and application.granted_days == 2 and application.decided_by == office
    assert Notification.objects.filter(recipient=employee, kind="application.decided").exists()
    assert Notification.objects.filter(recipient=expert.user, kind="application.expert_chosen").exists()
    pdf = client.get(f"/programmes/applications/{application.pk}/decision.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # Sent once only.
    again = client.post(f"/programmes/office/{application.pk}/",
                        {**CHECKS, "outcome": "decline", "reasons": "x", "decide": "1"})
    assert again.status_code == 409
    application.refresh_from_db()
    assert application.status == "granted"
    # The expert now sees the application; the applicant downloads the decision.
    assert client_for(expert.user).get(f"/programmes/applications/{application.pk}/").status_code == 200
    assert client_for(employee).get(f"/programmes/applications/{application.pk}/decision.pdf").status_code == 200


def test_granting_needs_the_whole_checklist(client_for, office, employee, org, sparring, expert):
    application = _submitted(org, employee, sparring, expert)
    response = client_for(office).post(f"/programmes/office/{application.pk}/",
                                       {"check_cooperation": "on", "outcome": "grant", "granted_days": "2",
                                        "decide": "1"})
    assert response.status_code == 400
    application.refresh_from_db()
    assert application.status == "submitted"


def test_decline_needs_reasons_and_is_written_in_swedish(client_for, office, outsider, other_org, sparring, expert):
    application = _submitted(other_org, outsider, sparring, expert, language="sv")
    client = client_for(office)
    response = client.post(f"/programmes/office/{application.pk}/", {"outcome": "decline", "decide": "1"})
    assert response.status_code == 400
    client.post(f"/programmes/office/{application.pk}/",
                {"outcome": "decline", "reasons": "Arbetet gäller bara resultat.", "decide": "1"})
    application.refresh_from_db()
    assert application.status == "declined" and application.granted_days is None
    assert not Notification.objects.filter(kind="application.expert_chosen").exists()
    with translation.override("sv"):
        html = render_to_string("programmes/decision_document.html", {"application": application})
    assert "Arbetet gäller bara resultat." in html and 'lang="sv"' in html


def test_checklist_is_saved_without_deciding(client_for, office, employee, org, sparring, expert):
    application = _submitted(org, employee, sparring, expert)
    client_for(office).post(f"/programmes/office/{application.pk}/", {"check_budget": "on", "checklist": "1"})
    application.refresh_from_db()
    assert application.check_budget and not application.check_cooperation and application.status == "submitted"


def test_queue_shows_median_and_fastest(client_for, office, employee, org, sparring, expert,
                                        django_assert_max_num_queries):
    now = timezone.now()
    for hours in (2, 4, 30):
        ApplicationFactory(service=sparring, organisation=org, applicant=employee, status="granted", granted_days=1,
                           submitted_at=now - timedelta(hours=hours), decided_at=now)
    _submitted(org, employee, sparring, expert)
    client = client_for(office)
    client.get("/programmes/office/")
    with django_assert_max_num_queries(12) as few:
        body = client.get("/programmes/office/").content.decode()
    assert "4 h 0 min" in body  # the median
    assert "2 h 0 min" in body  # the fastest
    for _ in range(10):
        _submitted(org, employee, sparring, expert)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/programmes/office/").content.decode()
    assert body.count("/programmes/office/") >= 11


def test_queue_is_for_the_programme_office_only(client_for, employee, org_admin):
    assert client_for(employee).get("/programmes/office/").status_code == 403
    assert client_for(org_admin).get("/programmes/office/").status_code == 403
