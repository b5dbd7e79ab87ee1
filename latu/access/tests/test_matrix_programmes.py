"""Who sees a programme application: every role × own and other organisation, before
and after the decision."""

from datetime import timedelta

import pytest
from django.utils import timezone

from latu.programmes.factories import ApplicationFactory, ExpertFactory, ServiceFactory

pytestmark = pytest.mark.django_db

ROLES = ["employee", "innovator", "supervisor", "manager", "org_admin", "outsider", "other_admin", "office", "citizen"]
# role → may see Hollola's submitted application (made by Eeva the employee)
SEES_SUBMITTED = {"employee": True, "manager": True, "org_admin": True, "office": True}


@pytest.fixture
def people(request):
    return {role: request.getfixturevalue(role) for role in ROLES}


@pytest.fixture
def application(org, employee, people):
    return ApplicationFactory(service=ServiceFactory(), organisation=org, applicant=employee,
                              preferred_expert=ExpertFactory(), status="submitted",
                              submitted_at=timezone.now() - timedelta(hours=1))


@pytest.mark.parametrize("role", ROLES)
def test_application_detail(client_for, people, application, role):
    status = client_for(people[role]).get(f"/programmes/applications/{application.pk}/").status_code
    assert status == (200 if SEES_SUBMITTED.get(role) else 404), role


@pytest.mark.parametrize("role", ROLES)
def test_only_the_office_processes(client_for, people, application, role):
    status = client_for(people[role]).get(f"/programmes/office/{application.pk}/").status_code
    expected = 200 if role == "office" else (403 if SEES_SUBMITTED.get(role) else 404)
    assert status == expected, role


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_is_the_applicants_own(client_for, people, application, role):
    application.status = "draft"
    application.save()
    status = client_for(people[role]).get(f"/programmes/applications/{application.pk}/").status_code
    assert status == (200 if role in ("employee", "office") else 404), role


def test_anonymous_is_sent_to_sign_in(client, application):
    response = client.get(f"/programmes/applications/{application.pk}/")
    assert response.status_code == 302 and "login" in response["Location"]
