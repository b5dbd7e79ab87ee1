"""Personal-data export (GDPR): the profile page's download and /api/v1/me/personal-data/."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from latu.accounts.privacy import personal_data
from latu.accounts.tests.privacy_data import contribute

pytestmark = pytest.mark.django_db


def _texts(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)


def test_the_export_holds_the_persons_data(org, employee, innovator):
    made = contribute(org, employee, innovator)
    data = personal_data(employee)
    assert data["profile"]["email"] == employee.email
    assert data["profile"]["name"] == employee.name
    assert [m["organisation"] for m in data["memberships"]] == [org.slug]
    assert [i["title"] for i in data["ideas"]] == ["Eevan idea"]
    assert [c["body"] for c in data["comments"]] == ["Eevan kommentti"]
    assert [s["idea"] for s in data["supports"]] == [made.others_idea.pk]
    assert [e["title"] for e in data["experiments"]] == ["Eevan kokeilu"]
    assert [d["title"] for d in data["deeds"]] == ["Eevan teko"]
    assert [c["body"] for c in data["deed_comments"]] == ["Eevan tekokommentti"]
    assert [n["title"] for n in data["notifications"]] == ["Eevan idea"]
    assert "login" in [a["action"] for a in data["audit_events"]]
    assert len(data["api_tokens"]) == 1 and set(data["api_tokens"][0]) == {"created"}


def test_the_export_holds_nothing_of_another_person(org, employee, innovator):
    contribute(org, employee, innovator)
    text = _texts(personal_data(employee))
    for foreign in ("Inton idea", "Inton kommentti", "Inton kokeilu", "Inton teko", innovator.email):
        assert foreign not in text


def test_an_anonymous_idea_is_not_in_the_export(org, employee, innovator):
    made = contribute(org, employee, innovator)
    data = personal_data(employee)
    assert "Salainen idea" not in _texts(data)
    assert made.anonymous_idea.pk not in [i["id"] for i in data["ideas"]]


def test_no_token_secret_is_in_the_export(org, employee, innovator):
    contribute(org, employee, innovator)
    text = _texts(personal_data(employee))
    assert employee.auth_token.key not in text


def test_the_query_count_does_not_grow_with_the_data(org, employee, innovator):
    contribute(org, employee, innovator)
    with CaptureQueriesContext(connection) as few:
        personal_data(employee)
    contribute(org, employee, innovator)
    contribute(org, employee, innovator)
    with CaptureQueriesContext(connection) as more:
        data = personal_data(employee)
    assert len(data["ideas"]) == 3
    assert len(more) == len(few) <= 12


def test_the_profile_page_links_the_download(client_for, employee):
    response = client_for(employee).get("/accounts/profile/")
    assert b'href="/accounts/profile/personal-data/"' in response.content


def test_the_download_is_a_json_file_of_ones_own_data(client_for, org, employee, innovator):
    contribute(org, employee, innovator)
    response = client_for(employee).get("/accounts/profile/personal-data/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == employee.email
    assert "Inton idea" not in response.content.decode()


def test_the_download_needs_sign_in(client):
    response = client.get("/accounts/profile/personal-data/")
    assert response.status_code == 302


def test_the_api_gives_ones_own_data(client_for, org, employee, innovator):
    contribute(org, employee, innovator)
    response = client_for(employee).get("/api/v1/me/personal-data/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["profile"]["id"] == employee.pk
    assert [i["title"] for i in data["ideas"]] == ["Eevan idea"]
    assert "Salainen idea" not in response.content.decode()


def test_the_api_refuses_anonymous_visitors(client):
    assert client.get("/api/v1/me/personal-data/").status_code in (401, 403)


def test_the_endpoint_is_in_the_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/me/personal-data/" in schema["paths"]
