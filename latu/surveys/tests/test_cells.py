"""The precomputed result counts equal a recount from the raw answers, however the
answers came in (API, answering pages, invitations), and the command rebuilds them."""

import random

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from latu.organisations.factories import UnitFactory
from latu.surveys import actions, cells
from latu.surveys.factories import opened
from latu.surveys.models import Invitation, Question, ResultCell


def snapshot(survey) -> list[tuple]:
    return sorted(ResultCell.objects.filter(survey=survey).values_list(
        "grain", "organisation_id", "unit_id", "role", "month", "question_id", "row_id", "kind", "value", "n"))


def whole_answer(survey, rng: random.Random) -> list[dict]:
    answers = []
    for q in Question.objects.filter(section__survey=survey).prefetch_related("options", "rows"):
        options = [o.pk for o in q.options.all()]
        if q.kind == "matrix":
            answers += [{"question": q.pk, "row": row.pk, "option": rng.choice(options)} for row in q.rows.all()]
        elif q.kind == "single":
            answers.append({"question": q.pk, "option": rng.choice(options)})
        elif q.kind == "multiple":
            answers.append({"question": q.pk, "options": rng.sample(options, rng.randint(1, 2))})
        elif q.kind == "likert":
            answers.append({"question": q.pk, "number": rng.randint(1, 5)})
        elif q.kind == "scale":
            answers.append({"question": q.pk, "number": rng.randint(0, 10)})
        else:
            answers.append({"question": q.pk, "text": "Vapaa vastaus"})
    return answers


def post(survey, body: dict):
    return APIClient().post(f"/api/v1/survey-links/{survey.link_token}/responses/", body, format="json")


def test_counts_of_api_submissions_across_organisations_equal_a_recount(office, org, other_org):
    survey = opened("new-practices", actor=office, organisation=None)
    units = [UnitFactory(organisation=org, name_fi="Kotihoito"), UnitFactory(organisation=other_org, name_fi="Satama")]
    rng = random.Random(3)
    for i in range(12):
        unit = units[i % 2]
        body = {"organisation": unit.organisation_id, "unit": unit.pk if i % 3 else None,
                "role": ["staff", "supervisor", ""][i % 3], "answers": whole_answer(survey, rng)}
        assert post(survey, body).status_code == 201
    kept = snapshot(survey)
    group_total = sum(n for grain, *_rest, kind, _v, n in kept if grain == "m" and kind == "g")
    assert group_total == 12
    assert cells.rebuild(survey) == len(kept)
    assert snapshot(survey) == kept


def test_counts_of_multiple_choice_and_invitations_equal_a_recount(org, org_admin):
    survey = opened("permission-to-develop", actor=org_admin, organisation=org)
    actions.invite(survey, ["a@hollola.example.fi"], actor=org_admin)
    token = Invitation.objects.get().token
    rng = random.Random(5)
    assert post(survey, {"invitation": token, "role": "staff", "answers": whole_answer(survey, rng)}).status_code == 201
    before = snapshot(survey)
    # The used invitation is refused and nothing is counted twice.
    assert post(survey, {"invitation": token, "role": "staff", "answers": whole_answer(survey, rng)}).status_code == 400
    assert snapshot(survey) == before
    for _ in range(3):
        assert post(survey, {"role": "supervisor", "answers": whole_answer(survey, rng)}).status_code == 201
    kept = snapshot(survey)
    assert any(kind == "r" for *_rest, kind, _v, _n in kept)  # respondents of the multiple-choice question
    cells.rebuild(survey)
    assert snapshot(survey) == kept


def test_answering_pages_with_skipped_answers_count_as_the_raw_answers(org, org_admin):
    survey = opened("wellbeing-pulse", actor=org_admin, organisation=org)
    questions = list(Question.objects.filter(section__survey=survey))
    for value in (2, 4):
        client = Client()
        key = client.post(reverse("surveys:answer", args=[survey.link_token])).url.rstrip("/").split("/")[-2]
        client.post(f"/surveys/a/{survey.link_token}/{key}/0/", {"role": "staff"})
        data = {f"q{q.pk}": value for q in questions if q.kind in ("likert", "scale")}
        done = client.post(f"/surveys/a/{survey.link_token}/{key}/1/", data)
        assert done.status_code == 302
    kept = snapshot(survey)
    likert = next(q for q in questions if q.kind == "likert")
    assert sorted((v, n) for g, *_r, q, _row, kind, v, n in kept if g == "f" and q == likert.pk) == [(2, 1), (4, 1)]
    cells.rebuild(survey)
    assert snapshot(survey) == kept


@pytest.mark.parametrize("only", [True, False])
def test_the_command_rebuilds_lost_counts_and_the_results_come_back(only, org_admin, org, supervisor, client_for):
    survey = opened("wellbeing-pulse", actor=org_admin, organisation=org)
    rng = random.Random(8)
    for _ in range(6):
        assert post(survey, {"role": "staff", "answers": whole_answer(survey, rng)}).status_code == 201
    kept = snapshot(survey)
    url = reverse("surveys:results", args=[survey.pk])
    shown = client_for(supervisor).get(url).context["results"]
    ResultCell.objects.filter(survey=survey).delete()
    assert client_for(supervisor).get(url).context["results"].hidden  # nothing counted: too small a group
    call_command("rebuild_survey_cells", *([str(survey.pk)] if only else []))
    assert snapshot(survey) == kept
    again = client_for(supervisor).get(url).context["results"]
    assert not again.hidden and again.count == shown.count == 6
    assert [qr.rows for qr in again.questions] == [qr.rows for qr in shown.questions]
