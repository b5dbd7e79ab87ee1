"""Before an experiment is adopted: open checklist items are pointed out (not a block),
results cannot be dated in the future, the chart shows the baseline, and a checklist
item that is not done reads as a status ("Avoin"), not as a command ("Avaa")."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from latu.experiments.factories import make_experiment, make_measure
from latu.experiments.models import ChecklistItem, Experiment, Result


def _to_evaluation(experiment):
    Experiment.objects.filter(pk=experiment.pk).update(phase=4, status=Experiment.Status.EVALUATING)
    experiment.refresh_from_db()
    return experiment


def test_an_open_checklist_item_reads_as_a_status_in_each_language(org, employee, client_for):
    experiment = make_experiment(org, employee)
    client = client_for(employee)
    for language, word in (("fi", "Avoin"), ("sv", "Öppen"), ("en", "Open")):
        client.cookies["django_language"] = language
        html = client.get(f"/experiments/{experiment.pk}/").content.decode()
        checklist = html[html.index('id="checklist-1"'):html.index('id="phase-2"')]
        assert f'<span class="badge badge--neutral">{word}</span>' in checklist
        assert "Avaa" not in checklist


def test_adopting_with_open_checklist_items_warns_but_is_allowed(org, employee, client_for):
    experiment = _to_evaluation(make_experiment(org, employee))
    open_items = ChecklistItem.objects.filter(experiment=experiment, done=False).count()
    assert open_items > 0
    client = client_for(employee)
    page = client.get(f"/experiments/{experiment.pk}/decision/").content.decode()
    assert 'id="open-checklist-warning"' in page
    assert f"{open_items} tarkistuslistan kohtaa on vielä auki" in page
    response = client.post(f"/experiments/{experiment.pk}/decision/",
                           {"decision": "adopt", "learnings": "Toimi hyvin."}, follow=True)
    experiment.refresh_from_db()
    assert experiment.status == Experiment.Status.ADOPTED
    assert f"{open_items} tarkistuslistan kohtaa vielä auki" in response.content.decode()


def test_no_warning_when_every_checklist_item_is_done(org, employee, client_for):
    experiment = _to_evaluation(make_experiment(org, employee))
    ChecklistItem.objects.filter(experiment=experiment).update(done=True)
    page = client_for(employee).get(f"/experiments/{experiment.pk}/decision/").content.decode()
    assert 'id="open-checklist-warning"' not in page


def test_a_result_dated_in_the_future_is_refused_with_a_form_error(org, employee, client_for):
    experiment = make_experiment(org, employee)
    measure = make_measure(experiment)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(employee).post(
        f"/experiments/{experiment.pk}/measures/{measure.pk}/results/new/",
        {"result-date": tomorrow.isoformat(), "result-value": "12"},
    )
    assert response.status_code == 400
    assert "Tulosta ei voi päivätä tulevaisuuteen" in response.content.decode()
    assert not Result.objects.filter(measure=measure).exists()
    today = client_for(employee).post(
        f"/experiments/{experiment.pk}/measures/{measure.pk}/results/new/",
        {"result-date": timezone.localdate().isoformat(), "result-value": "12"},
    )
    assert today.status_code == 302


def test_an_import_with_a_future_date_is_refused(org, employee, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    experiment = make_experiment(org, employee)
    measure = make_measure(experiment)
    future = timezone.localdate() + timedelta(days=30)
    upload = SimpleUploadedFile("tulokset.csv", f"{future.isoformat()};12\n".encode(), content_type="text/csv")
    response = client_for(employee).post(f"/experiments/{experiment.pk}/measures/{measure.pk}/import/",
                                         {"import-file": upload})
    assert response.status_code == 400
    assert "on tulevaisuudessa" in response.content.decode()
    assert not Result.objects.filter(measure=measure).exists()


def test_the_measure_chart_and_its_table_include_the_baseline(org, employee, client_for):
    experiment = make_experiment(org, employee)
    measure = make_measure(experiment, baseline=Decimal("42"), target=Decimal("20"),
                           results=[("2026-01-09", 40), ("2026-01-30", "31.5")])
    html = client_for(employee).get(f"/experiments/{experiment.pk}/measures/{measure.pk}/").content.decode()
    table = html[html.index('<table class="table">', html.index('class="chart"')):]
    table = table[:table.index("</table>")]
    assert '<th scope="col" class="text-right">Lähtötaso</th>' in table
    assert '<td class="text-right">42</td>' in table
    assert "31,5" in table and "31,50" not in table
    assert 'stroke-dasharray="2 4"' in html  # the baseline line is drawn
