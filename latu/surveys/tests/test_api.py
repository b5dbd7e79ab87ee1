"""Surveys through the API: questions to read, a whole response to write, results to read."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from latu.access.tests.matrix import assert_no_leak
from latu.surveys import actions
from latu.surveys.factories import answer_randomly, opened
from latu.surveys.models import Answer, Invitation, Question, Response


@pytest.fixture
def pulse(org, org_admin):
    return opened("wellbeing-pulse", actor=org_admin, organisation=org)


def _url(survey) -> str:
    return f"/api/v1/survey-links/{survey.link_token}/responses/"


def _numbers(survey, value: int = 4) -> list[dict]:
    return [{"question": q.pk, "number": value}
            for q in Question.objects.filter(section__survey=survey, kind__in=["likert", "scale"])]


def test_surveys_stay_in_their_organisation(pulse, client_for, supervisor, manager, office, employee, outsider,
                                            other_admin, citizen):
    assert_no_leak(client_for, "/api/v1/surveys/", "/api/v1/surveys/{pk}/", objects=[pulse],
                   visible_to=[supervisor, manager, office],
                   hidden_from=[employee, outsider, other_admin, citizen, None])


def test_detail_lists_pages_questions_and_options(pulse, client_for, supervisor):
    data = client_for(supervisor).get(f"/api/v1/surveys/{pulse.pk}/").json()
    questions = data["sections"][0]["questions"]
    assert [q["kind"] for q in questions] == ["scale", "likert", "likert", "likert", "text"]
    assert data["title_sv"] == "Pulsmätning av arbetsvälbefinnandet"


def test_a_whole_response_is_stored_anonymously_in_one_request(pulse, unit):
    text = Question.objects.get(section__survey=pulse, kind="text")
    body = {"unit": unit.pk, "role": "staff", "answers": [*_numbers(pulse), {"question": text.pk, "text": "Hyvä"}]}
    response = APIClient().post(_url(pulse), body, format="json")
    assert response.status_code == 201, response.content
    stored = Response.objects.get()
    assert stored.is_submitted and stored.unit == unit and stored.answers.count() == 5
    assert "Set-Cookie" not in response.headers or "sessionid" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize("bad", [
    {"answers": [{"question": 999999, "number": 3}]},                        # not in the survey
    {"answers": "nope"},                                                      # not a list
    {"answers": [{"question": "x"}]},                                         # wrong type
])
def test_bad_responses_are_refused_with_400_and_nothing_is_saved(pulse, bad):
    response = APIClient().post(_url(pulse), bad, format="json")
    assert response.status_code == 400
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_each_answer_is_validated_against_its_question(pulse):
    answers = _numbers(pulse)
    likert = next(a for a in answers if Question.objects.get(pk=a["question"]).kind == "likert")
    likert["number"] = 0  # Likert is 1–5
    response = APIClient().post(_url(pulse), {"answers": answers}, format="json")
    assert response.status_code == 400
    missing = APIClient().post(_url(pulse), {"answers": _numbers(pulse)[:1]}, format="json")  # required left out
    assert missing.status_code == 400
    assert Response.objects.count() == 0


def test_the_same_invitation_cannot_answer_twice(pulse, org_admin):
    actions.invite(pulse, ["a@hollola.example.fi"], actor=org_admin)
    token = Invitation.objects.get().token
    first = APIClient().post(_url(pulse), {"invitation": token, "answers": _numbers(pulse)}, format="json")
    second = APIClient().post(_url(pulse), {"invitation": token, "answers": _numbers(pulse)}, format="json")
    assert first.status_code == 201 and second.status_code == 400
    assert Response.objects.count() == 1 and Invitation.objects.get().answered


def test_a_closed_survey_refuses_answers(pulse, org_admin):
    actions.close_survey(pulse, actor=org_admin)
    assert APIClient().post(_url(pulse), {"answers": _numbers(pulse)}, format="json").status_code == 400


def test_results_follow_the_threshold(pulse, client_for, supervisor, employee):
    answer_randomly(pulse, 4)
    client = client_for(supervisor)
    hidden = client.get(f"/api/v1/surveys/{pulse.pk}/results/").json()
    assert hidden["hidden"] is True and hidden["questions"] == []
    answer_randomly(pulse, 1, seed=4)
    shown = client.get(f"/api/v1/surveys/{pulse.pk}/results/").json()
    assert shown["hidden"] is False and shown["count"] == 5
    scale = shown["questions"][0]
    assert scale["kind"] == "scale" and sum(row["counts"][0] for row in scale["rows"]) == 5
    assert client_for(employee).get(f"/api/v1/surveys/{pulse.pk}/results/").status_code == 404


def test_the_schema_documents_the_survey_endpoints(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/v1/surveys/{id}/results/" in schema["paths"]
    assert "/api/v1/survey-links/{link_token}/responses/" in schema["paths"]


@pytest.mark.parametrize("query", ["unit=²", "unit=99999999999999999999", "organisation=x", "compare=¹",
                                   "month=2026-13", "role=boss"])
def test_odd_result_filters_are_ignored_not_a_server_error(pulse, client_for, supervisor, query):
    client = client_for(supervisor)
    assert client.get(f"/api/v1/surveys/{pulse.pk}/results/?{query}").status_code == 200
    assert client.get(reverse("surveys:results", args=[pulse.pk]) + f"?{query}").status_code == 200
