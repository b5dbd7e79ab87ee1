"""Measures: indicator, baseline, target, direction; results entered by hand or
imported from CSV (all rows or nothing, errors with line numbers); shown as a line
chart with the target line and the same data as a table."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from latu.experiments.factories import make_experiment, make_measure
from latu.experiments.models import Measure, Result


def _csv(text: str, name: str = "tulokset.csv", encoding: str = "utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_a_measure_is_added_and_results_recorded(org, employee, client_for):
    experiment = make_experiment(org, employee)
    client = client_for(employee)
    response = client.post(f"/experiments/{experiment.pk}/measures/new/",
                           {"indicator": "Ruokahävikki", "unit": "kg/vko", "baseline": "42,5", "target": "20",
                            "direction": "lower"})
    measure = Measure.objects.get(experiment=experiment)
    assert response.status_code == 302
    assert response["Location"] == f"/experiments/{experiment.pk}/measures/{measure.pk}/"
    assert measure.baseline == Decimal("42.5") and measure.direction == Measure.Direction.LOWER

    url = f"/experiments/{experiment.pk}/measures/{measure.pk}/results/new/"
    assert client.post(url, {"result-date": "2026-02-06", "result-value": "38,2", "result-note": "1. viikko"}
                       ).status_code == 302
    assert client.post(url, {"result-date": "2026-02-13", "result-value": "31"}).status_code == 302
    duplicate = client.post(url, {"result-date": "2026-02-13", "result-value": "30"})
    assert duplicate.status_code == 400 and "date" in duplicate.context["result_form"].errors
    bad = client.post(url, {"result-date": "13.2.", "result-value": "paljon"})
    assert bad.status_code == 400 and {"date", "value"} <= set(bad.context["result_form"].errors)
    assert list(measure.results.order_by("date").values_list("value", flat=True)) == [Decimal("38.2"), Decimal("31")]


def test_the_measure_page_shows_a_line_chart_with_target_and_the_table(org, employee, client_for):
    experiment = make_experiment(org, employee)
    measure = make_measure(experiment, indicator="Asiakaskäyntien odotusaika",
                           results=[("2026-01-05", 41), ("2026-01-12", 35.5), ("2026-01-19", 28)])
    response = client_for(employee).get(f"/experiments/{experiment.pk}/measures/{measure.pk}/")
    html = response.content.decode()
    assert "<polyline" in html and 'stroke-dasharray="6 4"' in html  # results + dashed target line
    assert html.count("<circle") == 3
    chart = response.context["chart"]
    # results, the baseline and the target
    assert [values for _label, values in chart.rows] == [[41.0, 40.0, 20.0], [35.5, 40.0, 20.0], [28.0, 40.0, 20.0]]
    # The same figures as a table (numbers in the page's locale).
    assert f'aria-labelledby="{chart.id}-caption"' in html and "<table" in html
    assert ">35,5<" in html  # the language's decimal comma, no trailing zero
    assert 'id="results-table"' in html and 'data-date="2026-01-19"' in html
    # The experiment page draws the same chart for every measure.
    detail = client_for(employee).get(f"/experiments/{experiment.pk}/")
    assert "<polyline" in detail.content.decode()
    assert detail.context["measures"][0]["chart"].series[0][1] == [41.0, 35.5, 28.0]


def test_csv_import_with_header_decimal_commas_and_finnish_dates(org, employee, client_for):
    experiment = make_experiment(org, employee)
    measure = make_measure(experiment, results=[("2026-01-05", 40)])
    upload = _csv("pvm;arvo;huomio\n5.1.2026;39,5;korjattu\n12.1.2026;35\n2026-01-19;30,25;hiihtoloma\n\n")
    response = client_for(employee).post(f"/experiments/{experiment.pk}/measures/{measure.pk}/import/",
                                         {"import-file": upload})
    assert response.status_code == 302
    rows = list(measure.results.order_by("date").values_list("date", "value", "note"))
    assert [(d.isoformat(), v, n) for d, v, n in rows] == [
        ("2026-01-05", Decimal("39.5"), "korjattu"),  # an existing date is replaced
        ("2026-01-12", Decimal("35"), ""),
        ("2026-01-19", Decimal("30.25"), "hiihtoloma"),
    ]


def test_csv_import_with_bad_rows_saves_nothing_and_reports_line_numbers(org, employee, client_for):
    experiment = make_experiment(org, employee)
    measure = make_measure(experiment, results=[("2026-01-05", 40)])
    upload = _csv("date,value,note\n2026-01-12,35,ok\n2026-13-01,30,\n2026-01-26,,tyhjä\n2026-01-12,33,\n"
                  "2026-02-02,\"1,5e3\",\n2026-02-09,28,ok\n")
    response = client_for(employee).post(f"/experiments/{experiment.pk}/measures/{measure.pk}/import/",
                                         {"import-file": upload})
    assert response.status_code == 400
    assert [e.line for e in response.context["import_errors"]] == [3, 4, 5, 6]
    html = response.content.decode()
    assert 'id="import-errors"' in html and 'data-line="3"' in html and 'data-line="6"' in html
    assert list(measure.results.values_list("value", flat=True)) == [Decimal("40")]


def test_a_decimal_comma_in_a_comma_separated_file_is_refused_not_guessed(org, employee, client_for):
    experiment = make_experiment(org, employee)
    measure = make_measure(experiment)
    url = f"/experiments/{experiment.pk}/measures/{measure.pk}/import/"
    client = client_for(employee)
    for text, bad_lines in (("2026-01-10,7,5\n2026-01-17,8,hyvä viikko\n2026-01-24,9\n", [1]),
                            ("date,value\n2026-01-10,7,5\n2026-01-17,8\n", [2]),
                            ("date,value,note\n2026-01-10,7,5,kiire\n", [2])):
        response = client.post(url, {"import-file": _csv(text)})
        assert response.status_code == 400, text
        assert [e.line for e in response.context["import_errors"]] == bad_lines
        assert "7,5" in response.context["import_errors"][0].message
        assert not measure.results.exists()
    # Quoted, or with semicolons, the same value is read as 7.5; a note that is a word stays a note.
    for text in ('2026-01-10,"7,5"\n2026-01-17,8,hyvä viikko\n', "2026-01-10;7,5\n2026-01-17;8;hyvä viikko\n"):
        assert client.post(url, {"import-file": _csv(text)}).status_code == 302, text
        assert list(measure.results.order_by("date").values_list("value", "note")) == [
            (Decimal("7.5"), ""), (Decimal("8"), "hyvä viikko")]


def test_csv_import_refuses_files_that_are_not_csv(org, employee, client_for):
    experiment = make_experiment(org, employee)
    measure = make_measure(experiment)
    url = f"/experiments/{experiment.pk}/measures/{measure.pk}/import/"
    client = client_for(employee)
    response = client.post(url, {"import-file": SimpleUploadedFile("kuva.png", b"\x89PNG\r\n\x1a\n\x00\x00")})
    assert response.status_code == 400 and "file" in response.context["import_form"].errors
    response = client.post(url, {"import-file": SimpleUploadedFile("x.csv", b"\x00\x01\x02binary")})
    assert response.status_code == 400 and response.context["import_errors"][0].line == 0
    response = client.post(url, {"import-file": _csv("")})
    assert response.status_code == 400
    assert not Result.objects.exists()


def test_csv_in_windows_encoding_is_read(org, employee, client_for):
    experiment = make_experiment(org, employee)
    measure = make_measure(experiment)
    upload = _csv("päivämäärä;tulos;huomio\n1.3.2026;12;Hyvä päivä\n", encoding="cp1252")
    response = client_for(employee).post(f"/experiments/{experiment.pk}/measures/{measure.pk}/import/",
                                         {"import-file": upload})
    assert response.status_code == 302
    assert measure.results.get().note == "Hyvä päivä"


def test_editing_a_result(org, employee, client_for):
    experiment = make_experiment(org, employee)
    measure = make_measure(experiment, results=[("2026-01-05", 40), ("2026-01-12", 38)])
    result = measure.results.get(date="2026-01-12")
    client = client_for(employee)
    response = client.post(f"/experiments/{experiment.pk}/results/{result.pk}/edit/",
                           {"date": "2026-01-05", "value": "37"})
    assert response.status_code == 200 and "date" in response.context["form"].errors
    response = client.post(f"/experiments/{experiment.pk}/results/{result.pk}/edit/",
                           {"date": "2026-01-13", "value": "37", "note": "korjaus"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.value == Decimal("37") and result.date.isoformat() == "2026-01-13"


def test_api_measures_results_and_import(org, employee, client_for):
    experiment = make_experiment(org, employee)
    client = client_for(employee)
    response = client.post("/api/v1/measures/",
                           {"experiment": experiment.pk, "indicator": "Sairauspoissaolot", "unit": "%",
                            "baseline": "6.1", "target": "4.5", "direction": "lower"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    measure_id = response.json()["id"]
    response = client.post("/api/v1/measure-results/", {"measure": measure_id, "date": "2026-03-31", "value": "5.8"},
                           content_type="application/json")
    assert response.status_code == 201
    result_id = response.json()["id"]
    response = client.post("/api/v1/measure-results/", {"measure": measure_id, "date": "2026-03-31", "value": "5"},
                           content_type="application/json")
    assert response.status_code == 400 and "date" in response.json()
    response = client.patch(f"/api/v1/measure-results/{result_id}/", {"value": "5.6"}, content_type="application/json")
    assert response.status_code == 200 and Decimal(response.json()["value"]) == Decimal("5.6")

    bad = client.post(f"/api/v1/measures/{measure_id}/import/",
                      {"file": _csv("2026-04-30;5,2\nhuhtikuu;5\n")})
    assert bad.status_code == 400 and bad.json()["errors"][0]["line"] == 2
    assert Result.objects.filter(measure_id=measure_id).count() == 1
    good = client.post(f"/api/v1/measures/{measure_id}/import/",
                       {"file": _csv("2026-04-30;5,2\n2026-05-31;4,9\n")})
    assert good.status_code == 200 and good.json() == {"created": 2, "updated": 0}
    listed = client.get(f"/api/v1/measure-results/?measure={measure_id}").json()
    assert [r["date"] for r in listed["results"]] == ["2026-03-31", "2026-04-30", "2026-05-31"]
    measure = client.get(f"/api/v1/measures/{measure_id}/").json()
    assert measure["latest"] == {"date": "2026-05-31", "value": "4.9000"}
