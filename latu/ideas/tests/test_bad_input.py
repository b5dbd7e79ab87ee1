"""Bad input gets a clear answer, never a server error, and nothing is half saved."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from latu.ideas import actions
from latu.ideas.models import Activity, Attachment, Idea, IdeaTerm
from latu.organisations.factories import UnitFactory


@pytest.fixture
def idea(make_idea, employee):
    return make_idea(title="Idea", author=employee)


@pytest.mark.parametrize("query", [
    {"unit": "abc", "page": "xyz"}, {"status": "nonsense"}, {"goal": "-1", "sort": "random"}, {"age": "9999"},
    {"q": "'; DROP TABLE ideas_idea; --"}, {"q": "x" * 500}, {"page": "99999"},
])
def test_odd_list_parameters_are_ignored(client_for, employee, innovator, org, idea, query):
    assert client_for(employee).get(reverse("ideas:index", args=[org.slug]), query).status_code == 200
    assert client_for(innovator).get(reverse("ideas:board", args=[org.slug]), query).status_code == 200


@pytest.mark.parametrize("data", [
    {"kind": "implement", "reason": "x", "version": "abc"},
    {"kind": "teleport", "reason": "x", "version": 1},
    {"kind": "merge", "reason": "x", "version": 1, "merge_into": "abc"},
    {"kind": "escalate", "reason": "x", "version": 1, "forum": "999"},
])
def test_bad_decisions_are_400(client_for, supervisor, idea, data):
    response = client_for(supervisor).post(reverse("ideas:decide", args=[idea.pk]), data)
    assert response.status_code == 400
    idea.refresh_from_db()
    assert idea.status == Idea.Status.NEW and not idea.decisions.exists()


def test_unknown_objects_are_404(client_for, employee):
    client = client_for(employee)
    for url in ("/ideas/999999/", "/ideas/999999/evaluate/", "/ideas/attachments/999999/", "/forums/999999/",
                "/forums/meetings/999999/", "/o/no-such-org/ideas/", "/o/no-such-org/ideas/new/"):
        assert client.get(url).status_code == 404, url


def test_api_bad_input(client_for, employee, org, idea):
    client = client_for(employee)
    assert client.get("/api/v1/ideas/?status=nonsense").status_code == 400
    assert client.post("/api/v1/ideas/", "not json", content_type="application/json").status_code == 400
    assert client.post("/api/v1/ideas/", {"organisation": org.slug, "title": "x", "description": "y"},
                       content_type="application/json", HTTP_IDEMPOTENCY_KEY="short").status_code == 400
    assert client.post("/api/v1/idea-comments/", {"idea": idea.pk, "body": "x", "parent": 999999},
                       content_type="application/json").status_code == 400


def test_a_failing_attachment_leaves_nothing_behind(employee, org, monkeypatch):
    from latu.ideas.tests.helpers import png_bytes

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(Attachment, "save", broken)
    with pytest.raises(OSError):
        actions.submit_idea(employee, org, title="Puolikas", description="x",
                            attachments=[SimpleUploadedFile("k.png", png_bytes(), content_type="image/png")],
                            alt_texts=["kuva"])
    assert not Idea.objects.exists() and not IdeaTerm.objects.exists() and not Activity.objects.exists()


@pytest.mark.parametrize(("unit", "message"), [
    ("abc", "Incorrect type. Expected pk value, received str."),
    (True, "Incorrect type. Expected pk value, received bool."),
    ([1], "Incorrect type. Expected pk value, received list."),
    (999999, 'Invalid pk "999999" - object does not exist.'),
    (10**30, f'Invalid pk "{10**30}" - object does not exist.'),
])
def test_a_bad_unit_of_a_new_idea_is_answered_like_any_bad_reference(client_for, employee, org, unit, message):
    response = client_for(employee).post(
        "/api/v1/ideas/", {"organisation": org.slug, "title": "Otsikko", "description": "Kuvaus", "unit": unit},
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {"unit": [message]}
    assert not Idea.objects.exists()


def test_a_new_idea_takes_a_unit_given_as_a_number_or_text_only_of_its_organisation(client_for, employee, org, unit,
                                                                                   other_org):
    client = client_for(employee)
    for given in (unit.pk, str(unit.pk)):
        response = client.post("/api/v1/ideas/", {"organisation": org.slug, "title": "Otsikko", "description": "K",
                                                  "unit": given}, content_type="application/json")
        assert response.status_code == 201
        assert response.json()["unit"] == unit.pk
    elsewhere = UnitFactory(organisation=other_org)
    response = client.post("/api/v1/ideas/", {"organisation": org.slug, "title": "Otsikko", "description": "K",
                                              "unit": elsewhere.pk}, content_type="application/json")
    assert response.status_code == 400 and "unit" in response.json()
    assert Idea.objects.filter(unit=unit).count() == 2 and not Idea.objects.filter(unit=elsewhere).exists()
