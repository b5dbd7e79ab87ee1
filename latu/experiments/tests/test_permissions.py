"""The permission matrix of experiments: roles × own and other organisation × pages
and API. Members see; owner, team and handlers of the unit or organisation change;
owner and handlers decide; other organisations see nothing (404)."""

import pytest

from latu.experiments.factories import make_experiment, make_measure
from latu.experiments.models import ChecklistItem, Experiment
from latu.organisations.factories import UnitFactory, member
from latu.organisations.models import Role

VIEW, CHANGE, DECIDE = "view", "change", "decide"


@pytest.fixture
def cast(org, other_org, unit, employee, innovator, supervisor, manager, org_admin, outsider, other_admin, office,
         citizen):
    owner = member(org, Role.EMPLOYEE, unit=unit, email="omistaja@hollola.example.fi", name="Olga Omistaja")
    teammate = member(org, Role.EMPLOYEE, unit=unit, email="tiimi@hollola.example.fi", name="Tiina Tiimi")
    elsewhere = UnitFactory(organisation=org, name_fi="Keskuskeittiö")
    other_unit_innovator = member(org, Role.INNOVATOR, unit=elsewhere, email="keittio@hollola.example.fi")
    unit_supervisor = member(org, Role.SUPERVISOR, unit=unit, email="kotihoito-esihenkilo@hollola.example.fi")
    experiment = make_experiment(org, owner, team=[teammate], unit=unit, title="Kotihoidon iltakäynnit")
    Experiment.objects.filter(pk=experiment.pk).update(phase=4, status="evaluating")
    experiment.refresh_from_db()
    measure = make_measure(experiment, results=[("2026-01-01", 30)])
    return {
        "experiment": experiment,
        "measure": measure,
        "people": {
            "owner": (owner, {VIEW, CHANGE, DECIDE}),
            "team member": (teammate, {VIEW, CHANGE}),
            "employee": (employee, {VIEW}),
            "innovator": (innovator, {VIEW, CHANGE, DECIDE}),
            "supervisor": (supervisor, {VIEW, CHANGE, DECIDE}),
            "supervisor of the unit": (unit_supervisor, {VIEW, CHANGE, DECIDE}),
            "innovator of another unit": (other_unit_innovator, {VIEW}),
            "manager": (manager, {VIEW, CHANGE, DECIDE}),
            "org admin": (org_admin, {VIEW, CHANGE, DECIDE}),
            "outsider": (outsider, set()),
            "other org admin": (other_admin, set()),
            "programme office": (office, set()),
            "citizen": (citizen, set()),
        },
    }


def _expected(rights, needed, allowed_code):
    if VIEW not in rights:
        return 404
    return allowed_code if needed in rights else 403


def test_pages(cast, org, client_for):
    experiment, measure = cast["experiment"], cast["measure"]
    pk, mid = experiment.pk, measure.pk
    item = ChecklistItem.objects.filter(experiment=experiment).first()
    result = measure.results.get()
    gets = [
        (f"/experiments/{pk}/", VIEW, 200),
        (f"/experiments/{pk}/measures/{mid}/", VIEW, 200),
        (f"/experiments/{pk}/edit/", CHANGE, 200),
        (f"/experiments/{pk}/measures/new/", CHANGE, 200),
        (f"/experiments/{pk}/measures/{mid}/edit/", CHANGE, 200),
        (f"/experiments/{pk}/results/{result.pk}/edit/", CHANGE, 200),
        (f"/experiments/{pk}/decision/", DECIDE, 200),
    ]
    for n, (role, (person, rights)) in enumerate(cast["people"].items(), start=1):
        posts = [
            (f"/experiments/{pk}/checklist/{item.pk}/", {"done": "1"}, CHANGE, 302),
            (f"/experiments/{pk}/phases/1/notes/", {"phase1-notes": "x"}, CHANGE, 302),
            (f"/experiments/{pk}/phases/1/checklist/", {"text": "x"}, CHANGE, 302),
            (f"/experiments/{pk}/measures/{mid}/results/new/", {"result-date": f"2026-02-{n:02d}",
                                                               "result-value": "1"}, CHANGE, 302),
        ]
        client = client_for(person)
        for url, needed, code in gets:
            assert client.get(url).status_code == _expected(rights, needed, code), (role, url)
        for url, data, needed, code in posts:
            assert client.post(url, data).status_code == _expected(rights, needed, code), (role, url)
        # Lists: only members see the organisation's experiments.
        index = client.get(f"/o/{org.slug}/experiments/")
        assert index.status_code == (200 if VIEW in rights else 404), role
        assert client.get(f"/o/{org.slug}/experiments/new/").status_code == (200 if VIEW in rights else 404), role
        client.logout()


def test_phase_moves_and_decisions(cast, client_for):
    for role, (person, rights) in cast["people"].items():
        experiment = make_experiment(cast["experiment"].organisation, cast["people"]["owner"][0],
                                     team=[cast["people"]["team member"][0]], unit=cast["experiment"].unit,
                                     title=f"Kokeilu {role}")
        Experiment.objects.filter(pk=experiment.pk).update(phase=4, status="evaluating")
        client = client_for(person)
        response = client.post(f"/experiments/{experiment.pk}/phase/", {"to_phase": 3, "from_phase": 4})
        assert response.status_code == _expected(rights, CHANGE, 302), role
        experiment.refresh_from_db()
        assert (experiment.phase == 3) == (CHANGE in rights), role
        response = client.post(f"/experiments/{experiment.pk}/decision/", {"decision": "stop", "learnings": "Opittu"})
        assert response.status_code == _expected(rights, DECIDE, 302), role
        experiment.refresh_from_db()
        assert (experiment.status == "stopped") == (DECIDE in rights), role
        client.logout()


def test_api(cast, client_for):
    experiment, measure = cast["experiment"], cast["measure"]
    pk = experiment.pk
    for n, (role, (person, rights)) in enumerate(cast["people"].items(), start=1):
        client = client_for(person)
        listed = client.get("/api/v1/experiments/").json()["results"]
        assert ([e["id"] for e in listed] == [pk]) == (VIEW in rights), role
        assert client.get(f"/api/v1/experiments/{pk}/").status_code == (200 if VIEW in rights else 404), role
        measures = client.get(f"/api/v1/measures/?experiment={pk}").json()["results"]
        assert bool(measures) == (VIEW in rights), role
        results = client.get("/api/v1/measure-results/").json()["results"]
        assert bool(results) == (VIEW in rights), role
        response = client.patch(f"/api/v1/experiments/{pk}/", {"description": role}, content_type="application/json")
        assert response.status_code == _expected(rights, CHANGE, 200), role
        response = client.post("/api/v1/measure-results/", {"measure": measure.pk, "date": f"2026-03-{n:02d}",
                                                            "value": "2"}, content_type="application/json")
        assert response.status_code == _expected(rights, CHANGE, 201), role
        response = client.post("/api/v1/measures/", {"experiment": pk, "indicator": "X"},
                               content_type="application/json")
        assert response.status_code == _expected(rights, CHANGE, 201), role
        response = client.post(f"/api/v1/experiments/{pk}/decision/", {"decision": "stop", "learnings": ""},
                               content_type="application/json")
        # With empty learnings nothing is decided: 400 for those who may decide.
        assert response.status_code == _expected(rights, DECIDE, 400), role
        client.logout()
    assert Experiment.objects.get(pk=pk).decision == ""


def test_anonymous_visitors_are_sent_to_sign_in(cast, org, client):
    pk = cast["experiment"].pk
    for url in (f"/o/{org.slug}/experiments/", f"/experiments/{pk}/", f"/o/{org.slug}/challenges/"):
        assert client.get(url).status_code == 302
    assert client.get("/api/v1/experiments/").status_code in (401, 403)


def test_challenges_belong_to_their_organisation(org, innovator, employee, outsider, client_for):
    client_for(innovator).post(f"/o/{org.slug}/challenges/new/", {"title": "Yksinäisyys kotihoidossa"})
    challenge = org.challenges.get()
    assert client_for(employee).get(f"/experiments/challenges/{challenge.pk}/").status_code == 200
    assert client_for(employee).get(f"/experiments/challenges/{challenge.pk}/edit/").status_code == 403
    assert client_for(innovator).get(f"/experiments/challenges/{challenge.pk}/edit/").status_code == 200
    assert client_for(outsider).get(f"/experiments/challenges/{challenge.pk}/").status_code == 404
    assert client_for(outsider).get(f"/o/{org.slug}/challenges/").status_code == 404
    assert client_for(outsider).get(f"/o/{org.slug}/experiments/new/?challenge={challenge.pk}").status_code == 404
    assert client_for(outsider).get("/api/v1/challenges/").json()["results"] == []
    response = client_for(employee).post("/api/v1/challenges/", {"organisation": org.slug, "title": "X"},
                                         content_type="application/json")
    assert response.status_code == 403
    response = client_for(innovator).post("/api/v1/challenges/", {"organisation": org.slug, "title": "Haaste"},
                                          content_type="application/json")
    assert response.status_code == 201
