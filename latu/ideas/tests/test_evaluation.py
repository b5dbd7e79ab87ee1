"""Evaluation against the organisation's criteria by several evaluators: the aggregate
(mean per criterion, overall score) and the spread of their views."""

import pytest
from django.urls import reverse

from latu.ideas.models import DEFAULT_CRITERIA, Criterion, Evaluation, Idea
from latu.organisations.factories import OrganisationFactory


@pytest.fixture
def idea(make_idea, employee):
    return make_idea(title="Lääkerobotti kotihoitoon", description="Robotti annostelee lääkkeet.", author=employee)


def criteria(org) -> dict[str, Criterion]:
    return {c.key: c for c in Criterion.objects.filter(organisation=org)}


def test_every_organisation_gets_the_default_criteria(db):
    org = OrganisationFactory(slug="uusi-kunta")
    keys = list(Criterion.objects.filter(organisation=org).values_list("key", flat=True))
    assert keys == [row[0] for row in DEFAULT_CRITERIA]
    assert Criterion.objects.get(organisation=org, key="effort").lower_is_better


def evaluate(client, idea, scores: dict, notes: dict | None = None):
    data = {f"score_{c.pk}": s for c, s in scores.items()}
    data.update({f"note_{c.pk}": n for c, n in (notes or {}).items()})
    return client.post(reverse("ideas:evaluate", args=[idea.pk]), data)


def test_several_evaluators_give_an_aggregate_and_spread(client_for, idea, org, innovator, supervisor, manager,
                                                         employee):
    c = criteria(org)
    assert evaluate(client_for(innovator), idea, {c["customers"]: 5, c["effort"]: 2},
                    {c["customers"]: "Asiakkaat hyötyvät paljon"}).status_code == 302
    evaluate(client_for(supervisor), idea, {c["customers"]: 3, c["effort"]: 2})
    evaluate(client_for(manager), idea, {c["customers"]: 1, c["effort"]: 2, c["staff"]: 4})

    page = client_for(employee).get(reverse("ideas:detail", args=[idea.pk]))
    summary = page.context["summary"]
    rows = {row.criterion.key: row for row in summary.rows}
    assert summary.evaluators == 3
    assert (rows["customers"].mean, rows["customers"].spread, rows["customers"].count) == (3.0, 1.6, 3)
    assert rows["customers"].disagreement
    assert (rows["effort"].mean, rows["effort"].spread) == (2.0, 0.0)
    assert rows["effort"].goodness == 75  # low effort counts as good
    assert rows["society"].mean is None
    # Overall: customers 50, staff 75, effort 75 → 67
    assert summary.overall == 67
    html = page.content.decode()
    assert 'id="evaluation-summary"' in html and 'id="overall-score"' in html
    # Members see the aggregate but not who gave which score.
    assert "Asiakkaat hyötyvät paljon" not in html


def test_an_evaluator_changes_their_own_scores(client_for, idea, org, innovator):
    c = criteria(org)
    client = client_for(innovator)
    evaluate(client, idea, {c["customers"]: 2})
    evaluate(client, idea, {c["customers"]: 4})
    assert list(Evaluation.objects.values_list("score", flat=True)) == [4]


def test_evaluating_moves_a_new_idea_to_evaluation_and_counts_as_response(client_for, idea, org, innovator, events):
    evaluate(client_for(innovator), idea, {criteria(org)["strategy"]: 4})
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IN_EVALUATION
    assert idea.first_response_at is not None


def test_handlers_see_every_evaluators_scores(client_for, idea, org, innovator, supervisor):
    c = criteria(org)
    evaluate(client_for(innovator), idea, {c["customers"]: 5}, {c["customers"]: "Perustelu"})
    page = client_for(supervisor).get(reverse("ideas:evaluate", args=[idea.pk]))
    assert [(e.evaluator, e.score, e.note) for e in page.context["evaluations"]] == [(innovator, 5, "Perustelu")]


@pytest.mark.parametrize("score", ["0", "6", "x"])
def test_scores_are_1_to_5(client_for, idea, org, innovator, score):
    response = evaluate(client_for(innovator), idea, {criteria(org)["customers"]: score})
    assert response.status_code == 400
    assert not Evaluation.objects.exists()


def test_at_least_one_score(client_for, idea, innovator):
    assert client_for(innovator).post(reverse("ideas:evaluate", args=[idea.pk]), {}).status_code == 400


def test_employees_and_outsiders_cannot_evaluate(client_for, idea, org, employee, outsider):
    c = criteria(org)
    assert evaluate(client_for(employee), idea, {c["customers"]: 5}).status_code == 403
    assert evaluate(client_for(outsider), idea, {c["customers"]: 5}).status_code == 404
    assert not Evaluation.objects.exists()


def test_decided_ideas_are_no_longer_evaluated(client_for, idea, org, innovator):
    Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.DECLINED)
    response = evaluate(client_for(innovator), idea, {criteria(org)["customers"]: 5})
    assert response.status_code == 409  # the state, not the role, refuses it: the page says so
    assert "Idea on jo päätetty" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_admins_configure_the_criteria(client_for, org, org_admin, innovator):
    client = client_for(org_admin)
    url = reverse("ideas:settings", args=[org.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"criterion": "1", "criterion-name_fi": "Ilmastovaikutus",
                                 "criterion-order": 7, "criterion-is_active": "on"})
    assert response.status_code == 302
    added = Criterion.objects.get(organisation=org, name_fi="Ilmastovaikutus")
    society = criteria(org)["society"]
    response = client.post(reverse("ideas:criterion_edit", args=[society.pk]), {
        "name_fi": society.name_fi, "order": society.order})  # is_active unticked → retired
    assert response.status_code == 302
    society.refresh_from_db()
    assert not society.is_active
    keys = [c.pk for c in client.get(url).context["criteria"] if c.is_active]
    assert added.pk in keys and society.pk not in keys
    assert client_for(innovator).get(url).status_code == 403


def test_admins_set_the_targets(client_for, org, org_admin):
    response = client_for(org_admin).post(reverse("ideas:settings", args=[org.slug]), {
        "targets": "1", "targets-first_response_target_days": 3, "targets-decision_target_days": 21})
    assert response.status_code == 302
    from latu.ideas.models import targets_for

    assert targets_for(org) == (3, 21)
