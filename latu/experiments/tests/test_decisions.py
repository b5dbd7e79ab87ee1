"""The end evaluation: adopt, iterate (a new round with the measures carried over,
the last result as the new baseline) or stop, always with learnings."""

from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from latu.audit.models import AuditEvent
from latu.experiments.factories import make_experiment, make_measure
from latu.experiments.models import Experiment, Measure
from latu.ideas.models import Idea


def _to_evaluation(experiment):
    Experiment.objects.filter(pk=experiment.pk).update(phase=4, status=Experiment.Status.EVALUATING)
    experiment.refresh_from_db()
    return experiment


def _decide(client, experiment, decision, learnings="Asiakkaat tyytyväisempiä, odotus lyheni."):
    return client.post(f"/experiments/{experiment.pk}/decision/", {"decision": decision, "learnings": learnings})


def test_adopting_records_the_decision_and_implements_the_idea(org, employee, innovator, client_for, events):
    idea = Idea.objects.create(organisation=org, author=employee, title="Idea", description="K",
                               status=Idea.Status.IN_EXPERIMENT)
    experiment = _to_evaluation(make_experiment(org, employee, team=[innovator], idea=idea))
    response = _decide(client_for(employee), experiment, "adopt")
    assert response.status_code == 302 and response["Location"] == f"/experiments/{experiment.pk}/"
    experiment.refresh_from_db()
    assert experiment.status == Experiment.Status.ADOPTED and experiment.decision == "adopt"
    assert experiment.decided_by == employee and experiment.learnings.startswith("Asiakkaat")
    assert experiment.ends is not None
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IMPLEMENTED
    audit = AuditEvent.objects.get(action=AuditEvent.Action.DECISION, target=f"experiment:{experiment.pk}")
    assert audit.actor == employee and audit.data["decision"] == "adopt"
    decided = [e for e in events if e.kind == "experiment.decided"]
    assert len(decided) == 1 and decided[0].recipients == (innovator,)


def test_an_adopted_experiment_offers_publishing_as_a_deed_when_the_marketplace_has_the_form(
    org, employee, client_for
):
    experiment = _to_evaluation(make_experiment(org, employee))
    _decide(client_for(employee), experiment, "adopt")
    html = client_for(employee).get(f"/experiments/{experiment.pk}/").content.decode()
    try:
        url = reverse("tori:deed_create") + f"?experiment={experiment.pk}"
    except NoReverseMatch:
        assert 'id="publish-deed"' not in html
    else:
        assert f'href="{url}" id="publish-deed"' in html.replace("&amp;", "&")


def test_iterating_starts_a_linked_round_with_the_last_result_as_baseline(org, unit, employee, innovator, client_for):
    experiment = _to_evaluation(make_experiment(org, employee, team=[innovator], unit=unit, title="Ruokahävikki"))
    make_measure(experiment, indicator="Hävikki", unit="kg/vko", baseline=Decimal("42"), target=Decimal("20"),
                 results=[("2026-01-09", 40), ("2026-01-30", 31.5), ("2026-01-16", 36)])
    make_measure(experiment, indicator="Tyytyväisyys", unit="1–5", baseline=Decimal("3.2"), target=Decimal("4"),
                 direction=Measure.Direction.HIGHER)
    response = _decide(client_for(innovator), experiment, "iterate", "Annostelu toimii, viestintä vanhemmille puuttui.")
    second = Experiment.objects.get(previous_round=experiment)
    assert response.status_code == 302 and response["Location"] == f"/experiments/{second.pk}/"
    experiment.refresh_from_db()
    assert experiment.status == Experiment.Status.ITERATING
    assert (second.round, second.phase, second.status) == (2, 1, Experiment.Status.PLANNED)
    assert second.title == "Ruokahävikki" and second.unit == unit and second.owner == employee
    assert list(second.team.all()) == [innovator]
    measures = list(second.measures.values_list("indicator", "baseline", "target"))
    assert measures == [("Hävikki", Decimal("31.5"), Decimal("20")), ("Tyytyväisyys", Decimal("3.2"), Decimal("4"))]
    assert not second.measures.filter(results__isnull=False).exists()
    assert second.checklist.count() == experiment.checklist.count()
    # Walkable both ways, and the whole chain from either end.
    assert experiment.next_round == second
    assert [e.round for e in experiment.rounds()] == [1, 2] == [e.round for e in second.rounds()]
    client = client_for(employee)
    assert f'href="/experiments/{experiment.pk}/" id="previous-round"' in client.get(
        f"/experiments/{second.pk}/").content.decode()
    assert f'href="/experiments/{second.pk}/" id="next-round"' in client.get(
        f"/experiments/{experiment.pk}/").content.decode()

    # A third round continues the chain.
    _to_evaluation(second)
    _decide(client, second, "iterate")
    third = Experiment.objects.get(previous_round=second)
    assert third.round == 3 and [e.pk for e in third.rounds()] == [experiment.pk, second.pk, third.pk]


def test_stopping_is_possible_at_any_phase_and_declines_the_idea(org, employee, innovator, client_for):
    idea = Idea.objects.create(organisation=org, title="Idea", description="K", status=Idea.Status.IN_EXPERIMENT)
    experiment = make_experiment(org, employee, idea=idea)
    client = client_for(innovator)
    assert _decide(client, experiment, "adopt").status_code == 200  # only stop before evaluation
    experiment.refresh_from_db()
    assert experiment.status == Experiment.Status.PLANNED
    assert _decide(client, experiment, "stop", "Ei resursseja tänä vuonna.").status_code == 302
    experiment.refresh_from_db()
    assert experiment.status == Experiment.Status.STOPPED and experiment.decided_by == innovator
    idea.refresh_from_db()
    assert idea.status == Idea.Status.DECLINED


def test_stopping_one_of_two_experiments_keeps_the_idea_in_experiment(org, employee):
    from latu.experiments import actions

    idea = Idea.objects.create(organisation=org, title="Idea", description="K", status=Idea.Status.IN_EXPERIMENT)
    first = make_experiment(org, employee, idea=idea)
    make_experiment(org, employee, idea=idea, title="Rinnakkainen")
    actions.decide(first, actor=employee, decision="stop", learnings="Toinen tapa toimii paremmin.")
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IN_EXPERIMENT


def test_learnings_are_required_and_a_decision_is_made_once(org, employee, client_for):
    experiment = _to_evaluation(make_experiment(org, employee))
    client = client_for(employee)
    response = _decide(client, experiment, "adopt", "   ")
    assert response.status_code == 200 and "learnings" in response.context["form"].errors
    experiment.refresh_from_db()
    assert experiment.decision == ""
    assert _decide(client, experiment, "stop").status_code == 302
    assert _decide(client, experiment, "adopt").status_code == 302  # back to the page, nothing changes
    experiment.refresh_from_db()
    assert experiment.decision == "stop"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DECISION).count() == 1


def test_a_closed_experiment_no_longer_moves(org, employee, client_for):
    experiment = _to_evaluation(make_experiment(org, employee))
    _decide(client_for(employee), experiment, "adopt")
    client_for(employee).post(f"/experiments/{experiment.pk}/phase/", {"to_phase": 3, "from_phase": 4})
    experiment.refresh_from_db()
    assert experiment.phase == 4 and experiment.status == Experiment.Status.ADOPTED


def test_concurrent_decisions_cannot_both_win(org, employee):
    from django.core.exceptions import ValidationError

    from latu.experiments import actions

    experiment = _to_evaluation(make_experiment(org, employee))
    stale_copy = Experiment.objects.get(pk=experiment.pk)
    actions.decide(experiment, actor=employee, decision="iterate", learnings="Uusi kierros.")
    with pytest.raises(ValidationError):
        actions.decide(stale_copy, actor=employee, decision="adopt", learnings="Otetaan käyttöön.")
    assert Experiment.objects.filter(previous_round=experiment).count() == 1
    experiment.refresh_from_db()
    assert experiment.decision == "iterate"


def test_api_decision_returns_the_new_round(org, employee, client_for):
    experiment = _to_evaluation(make_experiment(org, employee))
    make_measure(experiment, results=[("2026-01-01", 30)])
    client = client_for(employee)
    response = client.post(f"/api/v1/experiments/{experiment.pk}/decision/", {"decision": "iterate", "learnings": ""},
                           content_type="application/json")
    assert response.status_code == 400
    response = client.post(f"/api/v1/experiments/{experiment.pk}/decision/",
                           {"decision": "iterate", "learnings": "Toinen kierros kahdessa tiimissä."},
                           content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["round"] == 2 and body["previous_round"] == experiment.pk
    assert client.get(f"/api/v1/experiments/{experiment.pk}/").json()["next_round"] == body["id"]
    measures = client.get(f"/api/v1/measures/?experiment={body['id']}").json()["results"]
    assert Decimal(measures[0]["baseline"]) == Decimal("30")
