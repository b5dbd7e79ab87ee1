"""Starting experiments: from scratch, from an idea (walkable both ways, the idea moves
to "in experiment"), from a challenge; through the pages and the API."""

import pytest

from latu.audit.models import AuditEvent
from latu.experiments.factories import make_experiment
from latu.experiments.models import DEFAULT_CHECKLIST, ChecklistItem, Experiment, HistoryEntry, Phase
from latu.ideas.models import Idea
from latu.organisations.factories import StrategyGoalFactory, UnitFactory, member


def _idea(org, author=None, **fields):
    data = {"title": "Asiakaskäyntien reititys", "description": "Reitit suunnitellaan kartalla.",
            "proposal": "Kokeillaan reittioptimointia kahdessa tiimissä.", "status": Idea.Status.IN_EXPERIMENT}
    data.update(fields)
    return Idea.objects.create(organisation=org, author=author, **data)


def test_an_employee_starts_an_experiment_from_scratch(org, unit, employee, supervisor, client_for, events):
    goal = StrategyGoalFactory(organisation=org, title_fi="Asiakas ensin")
    client = client_for(employee)
    response = client.post(
        f"/o/{org.slug}/experiments/new/",
        {"title": "Päiväkodin ruokahävikki puoleen", "hypothesis": "Jos lapset annostelevat itse, hävikki pienenee.",
         "description": "Kokeillaan Vekkulassa.", "unit": unit.pk, "strategy_goal": goal.pk, "owner": employee.pk,
         "team": [supervisor.pk], "starts": "2026-02-01", "ends": "2026-05-31"},
    )
    experiment = Experiment.objects.get(title="Päiväkodin ruokahävikki puoleen")
    assert response.status_code == 302 and response["Location"] == f"/experiments/{experiment.pk}/"
    assert experiment.organisation == org and experiment.unit == unit and experiment.strategy_goal == goal
    assert experiment.owner == employee and list(experiment.team.all()) == [supervisor]
    assert experiment.status == Experiment.Status.PLANNED and experiment.phase == 1 and experiment.round == 1
    assert list(Phase.objects.filter(experiment=experiment).values_list("number", flat=True)) == [1, 2, 3, 4]
    expected_keys = [key for phase in sorted(DEFAULT_CHECKLIST) for key, _label in DEFAULT_CHECKLIST[phase]]
    assert list(ChecklistItem.objects.filter(experiment=experiment).values_list("key", flat=True)) == expected_keys
    assert HistoryEntry.objects.filter(experiment=experiment, kind="created").count() == 1
    assert AuditEvent.objects.filter(target=f"experiment:{experiment.pk}", data__event="experiment.created").exists()
    created = [e for e in events if e.kind == "experiment.created"]
    assert len(created) == 1 and created[0].recipients == (supervisor,)  # not the actor herself

    page = client.get(f"/experiments/{experiment.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Päiväkodin ruokahävikki puoleen" in html and 'id="phase-stepper"' in html
    assert 'aria-current="step" data-phase="1"' in html


def test_the_form_rejects_bad_input_and_saves_nothing(org, employee, outsider, client_for):
    client = client_for(employee)
    response = client.post(
        f"/o/{org.slug}/experiments/new/",
        {"title": "", "hypothesis": "", "owner": outsider.pk, "starts": "2026-05-01", "ends": "2026-04-01"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"title", "hypothesis", "owner", "ends"} <= set(form.errors)
    assert not Experiment.objects.exists()


def test_a_decided_idea_offers_a_prefilled_experiment_and_the_link_works_both_ways(
    org, unit, employee, innovator, client_for
):
    idea = _idea(org, author=employee, unit=unit)
    client = client_for(innovator)
    form_page = client.get(f"/o/{org.slug}/experiments/new/?idea={idea.pk}")
    assert form_page.status_code == 200
    initial = form_page.context["form"].initial
    assert initial["title"] == idea.title and initial["unit"] == unit.pk
    assert initial["hypothesis"] == idea.proposal

    response = client.post(
        f"/o/{org.slug}/experiments/new/",
        {"idea": idea.pk, "title": idea.title, "hypothesis": idea.proposal, "owner": innovator.pk,
         "unit": unit.pk},
    )
    experiment = Experiment.objects.get(idea=idea)
    assert response.status_code == 302
    assert list(idea.experiments.all()) == [experiment]
    html = client.get(f"/experiments/{experiment.pk}/").content.decode()
    assert f'href="/ideas/{idea.pk}/" id="idea-link"' in html
    idea_page = client.get(f"/ideas/{idea.pk}/")
    assert idea_page.status_code == 200 and f'href="/experiments/{experiment.pk}/"' in idea_page.content.decode()


def test_starting_from_an_open_idea_moves_it_to_in_experiment(org, unit, employee, innovator, client_for, events):
    idea = _idea(org, author=employee, unit=unit, status=Idea.Status.IN_EVALUATION)
    client = client_for(innovator)
    response = client.post(
        f"/o/{org.slug}/experiments/new/",
        {"idea": idea.pk, "title": "Reittikokeilu", "hypothesis": "Ajoaika lyhenee.", "owner": innovator.pk},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.IN_EXPERIMENT
    assert any(e.kind == "idea.status_changed" for e in events)


def test_only_handlers_or_the_author_of_a_decided_idea_start_from_it(org, employee, client_for):
    colleague = member(org, email="kollega@hollola.example.fi")
    idea = _idea(org, author=employee)
    assert client_for(colleague).get(f"/o/{org.slug}/experiments/new/?idea={idea.pk}").status_code == 403
    assert client_for(employee).get(f"/o/{org.slug}/experiments/new/?idea={idea.pk}").status_code == 200
    open_idea = _idea(org, author=employee, status=Idea.Status.NEW)
    assert client_for(employee).get(f"/o/{org.slug}/experiments/new/?idea={open_idea.pk}").status_code == 403


def test_an_idea_of_another_organisation_is_not_found(org, other_org, employee, innovator, client_for):
    foreign = _idea(other_org)
    assert client_for(innovator).get(f"/o/{org.slug}/experiments/new/?idea={foreign.pk}").status_code == 404


def test_a_challenge_becomes_experiments(org, unit, innovator, employee, client_for):
    client = client_for(innovator)
    response = client.post(f"/o/{org.slug}/challenges/new/",
                           {"title": "Kotihoidon odotusajat", "description": "Asiakkaat odottavat liian kauan.",
                            "unit": unit.pk})
    assert response.status_code == 302
    challenge = org.challenges.get()
    page = client_for(employee).get(f"/experiments/challenges/{challenge.pk}/")
    assert page.status_code == 200 and 'id="start-from-challenge"' in page.content.decode()
    form = client_for(employee).get(f"/o/{org.slug}/experiments/new/?challenge={challenge.pk}")
    assert form.context["form"].initial["title"] == "Kotihoidon odotusajat"
    client_for(employee).post(
        f"/o/{org.slug}/experiments/new/",
        {"challenge": challenge.pk, "title": "Aamukäynnit porrastetaan", "hypothesis": "Odotus lyhenee.",
         "owner": employee.pk},
    )
    assert list(challenge.experiments.values_list("title", flat=True)) == ["Aamukäynnit porrastetaan"]
    assert "Aamukäynnit porrastetaan" in client_for(innovator).get(
        f"/experiments/challenges/{challenge.pk}/").content.decode()


def test_employees_cannot_create_challenges(org, employee, client_for):
    assert client_for(employee).get(f"/o/{org.slug}/challenges/new/").status_code == 403
    assert client_for(employee).post(f"/o/{org.slug}/challenges/new/", {"title": "X"}).status_code == 403


def test_the_team_must_belong_to_the_organisation(org, employee, outsider):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_experiment(org, employee, team=[outsider])
    assert not Experiment.objects.exists()


def test_editing_changes_fields_and_team(org, employee, innovator, client_for):
    experiment = make_experiment(org, employee, title="Vanha nimi")
    other_unit = UnitFactory(organisation=org, name_fi="Palvelupiste")
    response = client_for(employee).post(
        f"/experiments/{experiment.pk}/edit/",
        {"title": "Uusi nimi", "hypothesis": "Parempi hypoteesi", "owner": employee.pk, "team": [innovator.pk],
         "unit": other_unit.pk},
    )
    assert response.status_code == 302
    experiment.refresh_from_db()
    assert experiment.title == "Uusi nimi" and experiment.unit == other_unit
    assert list(experiment.team.all()) == [innovator]


def test_api_creates_an_experiment_with_its_path(org, unit, employee, client_for):
    client = client_for(employee)
    response = client.post(
        "/api/v1/experiments/",
        {"organisation": org.slug, "title": "Etävastaanotto iltaisin", "hypothesis": "Jonot lyhenevät.",
         "unit": unit.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "planned" and body["phase"] == 1 and body["owner"] == employee.pk
    phases = client.get(f"/api/v1/experiment-phases/?experiment={body['id']}").json()
    assert [p["number"] for p in phases["results"]] == [1, 2, 3, 4]


def test_api_from_an_idea_and_for_another_organisation(org, other_org, employee, innovator, outsider, client_for):
    idea = _idea(org, author=employee)
    response = client_for(innovator).post(
        "/api/v1/experiments/",
        {"organisation": org.slug, "title": "Kokeilu ideasta", "hypothesis": "H", "idea": idea.pk},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["idea"] == idea.pk
    # An outsider cannot create in Hollola, nor link Hollola's idea.
    assert client_for(outsider).post(
        "/api/v1/experiments/", {"organisation": org.slug, "title": "X", "hypothesis": "H"},
        content_type="application/json",
    ).status_code == 403
    response = client_for(outsider).post(
        "/api/v1/experiments/", {"organisation": other_org.slug, "title": "X", "hypothesis": "H", "idea": idea.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and "idea" in response.json()
    assert Experiment.objects.count() == 1


# --- owner and team in a big organisation: found, not listed ---------------------------


def _options(html: str, name: str) -> set[str]:
    import re

    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return set(re.findall(r'<option value="(\d+)"', select))


def test_a_small_organisation_offers_everyone(org, employee, innovator, supervisor, client_for):
    html = client_for(employee).get(f"/o/{org.slug}/experiments/new/").content.decode()
    assert _options(html, "owner") == _options(html, "team") == {str(p.pk) for p in (employee, innovator, supervisor)}


def test_a_big_organisation_offers_the_people_found(org, employee, innovator, supervisor, outsider, client_for,
                                                   monkeypatch):
    from latu.experiments import forms

    monkeypatch.setattr(forms, "PEOPLE_OFFERED_ALL", 2)
    marja = member(org, email="marja.virtanen@hollola.example.fi", name="Marja Virtanen")
    client = client_for(employee)
    url = f"/o/{org.slug}/experiments/new/"
    html = client.get(url).content.decode()
    assert _options(html, "owner") == _options(html, "team") == {str(employee.pk)}  # only the person herself

    found = client.post(url, {"title": "Kirjaston iltapäivät", "owner": employee.pk, "find_people": "virtan",
                              "find": "1"}, HTTP_ACCEPT_LANGUAGE="fi")
    html = found.content.decode()
    assert found.status_code == 200 and not Experiment.objects.exists()  # nothing saved
    assert "1 henkilö löytyi" in html and 'value="Kirjaston iltapäivät"' in html
    assert _options(html, "team") == {str(employee.pk), str(marja.pk)}
    assert "Marja Virtanen (marja.virtanen@hollola.example.fi)" in html
    assert client.post(url, {"find_people": "olli", "find": "1"}).context["form"].people_found == 0  # other org

    response = client.post(url, {"title": "Kirjaston iltapäivät", "hypothesis": "Lapset tulevat.",
                                 "owner": employee.pk, "team": [marja.pk, supervisor.pk]})
    assert response.status_code == 302  # anyone of the organisation is valid, listed or not
    assert set(Experiment.objects.get().team.all()) == {marja, supervisor}
    refused = client.post(url, {"title": "Toinen", "hypothesis": "H", "owner": employee.pk, "team": [outsider.pk]})
    assert refused.status_code == 200 and "team" in refused.context["form"].errors

    edit = client.get(f"/experiments/{Experiment.objects.get().pk}/edit/").content.decode()
    assert _options(edit, "team") == {str(employee.pk), str(marja.pk), str(supervisor.pk)}


def test_the_forms_empty_choices_say_what_they_mean(org, unit, employee, client_for):
    from latu.organisations.models import StrategyGoal

    StrategyGoal.objects.create(organisation=org, title_fi="Sujuvat palvelut")
    html = client_for(employee).get(f"/o/{org.slug}/experiments/new/").content.decode()
    assert "---------" not in html
    from django.utils.translation import gettext, override

    with override("fi"):  # the page's language
        labels = [gettext(text) for text in ("The whole organisation", "No particular goal", "Choose the owner")]
    for label in labels:
        assert f">{label}</option>" in html, label
    deed_form = client_for(employee).get("/tori/new/").content.decode()
    assert "---------" not in deed_form
