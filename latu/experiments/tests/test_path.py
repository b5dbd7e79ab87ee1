"""The four phases of the development path: moving forward and back with an audit
trail, checklists and notes."""

from latu.audit.models import AuditEvent
from latu.experiments.factories import make_experiment
from latu.experiments.models import ChecklistItem, Experiment, HistoryEntry, Phase


def _move(client, experiment, to_phase, from_phase):
    return client.post(f"/experiments/{experiment.pk}/phase/", {"to_phase": to_phase, "from_phase": from_phase})


def test_moving_forward_and_back_changes_status_and_leaves_a_trail(org, employee, innovator, client_for, events):
    experiment = make_experiment(org, employee, team=[innovator])
    client = client_for(employee)
    for to_phase, status in [(2, "planned"), (3, "running"), (4, "evaluating")]:
        response = _move(client, experiment, to_phase, to_phase - 1)
        assert response.status_code == 302
        experiment.refresh_from_db()
        assert (experiment.phase, experiment.status) == (to_phase, status)
    assert _move(client, experiment, 3, 4).status_code == 302
    experiment.refresh_from_db()
    assert (experiment.phase, experiment.status) == (3, Experiment.Status.RUNNING)

    moves = list(HistoryEntry.objects.filter(experiment=experiment, kind="phase").order_by("at", "pk")
                 .values_list("from_phase", "to_phase", "actor"))
    assert moves == [(1, 2, employee.pk), (2, 3, employee.pk), (3, 4, employee.pk), (4, 3, employee.pk)]
    audited = AuditEvent.objects.filter(target=f"experiment:{experiment.pk}", data__event="experiment.phase_changed")
    assert audited.count() == 4 and all(a.actor == employee for a in audited)
    phases = {p.number: p for p in Phase.objects.filter(experiment=experiment)}
    assert phases[1].completed_at and phases[2].completed_at and phases[3].completed_at is None
    assert phases[4].started_at is not None
    changed = [e for e in events if e.kind == "experiment.phase_changed"]
    assert len(changed) == 4 and changed[0].recipients == (innovator,)

    html = client.get(f"/experiments/{experiment.pk}/").content.decode()
    assert html.count("progress__step--done") == 2 and 'aria-current="step" data-phase="3"' in html


def test_a_double_submission_moves_only_once(org, employee, client_for):
    experiment = make_experiment(org, employee)
    client = client_for(employee)
    _move(client, experiment, 2, 1)
    _move(client, experiment, 2, 1)  # the same form again (stale from_phase)
    experiment.refresh_from_db()
    assert experiment.phase == 2
    assert HistoryEntry.objects.filter(experiment=experiment, kind="phase").count() == 1


def test_phases_cannot_be_skipped_or_left(org, employee, client_for):
    experiment = make_experiment(org, employee)
    client = client_for(employee)
    _move(client, experiment, 3, 1)
    _move(client, experiment, 0, 1)
    _move(client, experiment, "x", 1)
    experiment.refresh_from_db()
    assert experiment.phase == 1
    assert client.get(f"/experiments/{experiment.pk}/phase/").status_code == 405


def test_checklist_items_are_ticked_and_added(org, employee, client_for):
    experiment = make_experiment(org, employee)
    client = client_for(employee)
    item = ChecklistItem.objects.get(experiment=experiment, key="permission")
    assert item.phase == 2
    response = client.post(f"/experiments/{experiment.pk}/checklist/{item.pk}/", {"done": "1"})
    assert response.status_code == 302 and response["Location"].endswith("#phase-2")
    item.refresh_from_db()
    assert item.done and item.done_by == employee and item.done_at is not None
    client.post(f"/experiments/{experiment.pk}/checklist/{item.pk}/", {"done": "0"})
    item.refresh_from_db()
    assert not item.done and item.done_by is None

    client.post(f"/experiments/{experiment.pk}/phases/3/checklist/", {"text": "Asiakastiedote jaettu"})
    added = ChecklistItem.objects.get(experiment=experiment, text="Asiakastiedote jaettu")
    assert added.phase == 3 and added.key == "" and added.label == "Asiakastiedote jaettu"
    client.post(f"/experiments/{experiment.pk}/phases/3/checklist/", {"text": "  "})
    assert ChecklistItem.objects.filter(experiment=experiment, phase=3).count() == 5
    html = client.get(f"/experiments/{experiment.pk}/").content.decode()
    assert "Asiakastiedote jaettu" in html and f'data-item="{added.pk}" data-done="0"' in html


def test_an_item_of_another_experiment_cannot_be_ticked_through_this_one(org, employee, client_for):
    mine = make_experiment(org, employee)
    other = make_experiment(org, employee, title="Toinen")
    foreign_item = ChecklistItem.objects.filter(experiment=other).first()
    response = client_for(employee).post(f"/experiments/{mine.pk}/checklist/{foreign_item.pk}/", {"done": "1"})
    assert response.status_code == 404


def test_phase_notes_are_saved_and_rendered_as_markdown(org, employee, client_for):
    experiment = make_experiment(org, employee)
    client = client_for(employee)
    response = client.post(f"/experiments/{experiment.pk}/phases/1/notes/",
                           {"phase1-notes": "Haastattelimme **12 asiakasta**.<script>x</script>"})
    assert response.status_code == 302
    assert Phase.objects.get(experiment=experiment, number=1).notes.startswith("Haastattelimme")
    html = client.get(f"/experiments/{experiment.pk}/").content.decode()
    assert "<strong>12 asiakasta</strong>" in html and "<script>x</script>" not in html


def test_api_moves_phases_and_ticks_items(org, employee, client_for):
    experiment = make_experiment(org, employee)
    client = client_for(employee)
    response = client.post(f"/api/v1/experiments/{experiment.pk}/phase/", {"to_phase": 2, "from_phase": 1},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["phase"] == 2
    response = client.post(f"/api/v1/experiments/{experiment.pk}/phase/", {"to_phase": 4},
                           content_type="application/json")
    assert response.status_code == 400
    items = client.get(f"/api/v1/experiment-checklist-items/?experiment={experiment.pk}&phase=2").json()["results"]
    assert [i["key"] for i in items] == ["goals_agreed", "measures_agreed", "kickoff_held", "permission"]
    response = client.patch(f"/api/v1/experiment-checklist-items/{items[0]['id']}/", {"done": True},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["done"] is True
    response = client.post("/api/v1/experiment-checklist-items/",
                           {"experiment": experiment.pk, "phase": 2, "text": "Työsuojelu kuultu"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["label"] == "Työsuojelu kuultu"
    phase = client.get(f"/api/v1/experiment-phases/?experiment={experiment.pk}&number=2").json()["results"][0]
    response = client.patch(f"/api/v1/experiment-phases/{phase['id']}/", {"notes": "Aloituspalaveri 3.2."},
                            content_type="application/json")
    assert response.status_code == 200
    assert Phase.objects.get(pk=phase["id"]).notes == "Aloituspalaveri 3.2."
