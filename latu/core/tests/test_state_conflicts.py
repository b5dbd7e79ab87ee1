"""A refusal because of an object's state explains the state (409), instead of the
403 page that tells the person to ask the administrator for access."""

from django.urls import reverse

from latu.ideas.models import Idea


def _idea(org, author, status):
    return Idea.objects.create(organisation=org, author=author, title="Ilta-aukiolo", description="K",
                               status=status)


def test_deciding_an_idea_already_in_an_experiment_says_so(org, employee, innovator, client_for):
    idea = _idea(org, employee, Idea.Status.IN_EXPERIMENT)
    response = client_for(innovator).get(reverse("ideas:decide", args=[idea.pk]))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Idea on jo kokeilussa" in html
    assert "pääkäyttäjältä" not in html  # not "ask your administrator"


def test_evaluating_a_decided_idea_explains_its_status(org, employee, innovator, client_for):
    idea = _idea(org, employee, Idea.Status.DECIDED)
    response = client_for(innovator).get(reverse("ideas:evaluate", args=[idea.pk]))
    assert response.status_code == 409
    assert "Idea on jo päätetty" in response.content.decode()


def test_a_person_without_the_role_still_gets_the_plain_403(org, employee, client_for):
    idea = _idea(org, employee, Idea.Status.IN_EXPERIMENT)
    response = client_for(employee).get(reverse("ideas:decide", args=[idea.pk]))
    assert response.status_code == 403
    assert "pääkäyttäjältä" in response.content.decode()


def test_the_api_answers_a_state_conflict_with_409_and_the_reason(org, employee, innovator):
    from latu import access
    from latu.core.errors import StateConflict

    idea = _idea(org, employee, Idea.Status.IN_EXPERIMENT)
    try:
        access.require(innovator, "decide", idea)
    except StateConflict as conflict:
        assert "kokeilussa" in conflict.message
    else:
        raise AssertionError("expected a state conflict")
    from latu.api.exceptions import exception_handler

    response = exception_handler(StateConflict("Idea on jo kokeilussa."), {})
    assert response.status_code == 409 and response.data["detail"] == "Idea on jo kokeilussa."
