import io

from django.template.loader import render_to_string
from openpyxl import load_workbook

from latu.core import charts
from latu.core.exports import csv_response, xlsx_response


def test_bar_chart_renders_svg_and_the_same_data_as_a_table():
    chart = charts.bar_chart("Ideat", ["tammi", "helmi"], [("Uudet", [3, 7]), ("Päätetyt", [1, None])])
    html = render_to_string("core/_chart.html", {"chart": chart})
    assert html.count("<rect") == 4
    assert "<table" in html and "tammi" in html and ">7<" in html and ">–<" in html


def test_line_chart_adds_the_target_as_a_dashed_series():
    chart = charts.line_chart("Odotusaika", ["1", "2", "3"], [("Tulos", [10, 8, 6])], target=5, target_label="Tavoite")
    assert chart.series[-1] == ("Tavoite", [5, 5, 5])
    assert any(s.attrs.get("stroke-dasharray") == "6 4" for s in chart.shapes)


def test_exports_neutralise_formulas():
    response = csv_response("x", ["a"], [["=HYPERLINK(1)"], ["ok"]])
    assert "'=HYPERLINK(1)" in response.content.decode("utf-8")
    response = xlsx_response("x", ["a", "b"], [["-1+1", 2]])
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "'-1+1" and sheet["B2"].value == 2


def test_csv_numbers_have_decimal_commas_as_finnish_excel_reads_them():
    from decimal import Decimal

    response = csv_response("x", ["a", "b", "c", "d", "e"], [[97.5, Decimal("3.50"), -2.25, 42, "1.5 h"]])
    assert response.content.decode("utf-8").splitlines()[1] == "97,5;3,50;-2,25;42;1.5 h"


def test_chart_figures_use_the_languages_decimal_separator():
    from django.utils import translation

    for language, expected in (("fi", "2,5"), ("sv", "2,5"), ("en", "2.5")):
        with translation.override(language):
            chart = charts.bar_chart("Ideat", ["tammi", "helmi"], [("Uudet", [2.5, 10])])
            axis = [s.attrs["text"] for s in chart.shapes if s.kind == "text"]
        assert expected in axis, (language, axis)


def test_chart_coordinates_are_not_localised():
    """In Finnish and Swedish a float renders with a decimal comma, and SVG reads x="42,5"
    as two coordinates: every label and point landed in the wrong place."""
    import re

    from django.utils import translation

    chart = charts.line_chart("Iltakävijät", ["12.10.2026", "19.10.2026", "26.10.2026"],
                              [("Tulos", [131, 149.5, 158])], target=200, target_label="Tavoite")
    for language in ("fi", "sv"):
        with translation.override(language):
            html = render_to_string("core/_chart.html", {"chart": chart})
        numeric = re.findall(r' (?:x|y|x1|x2|y1|y2|cx|cy|r|width|height|stroke-width)="([^"]*)"', html)
        assert numeric and not [value for value in numeric if "," in value], language
        assert ">149,5<" in html  # the table beside the chart speaks the language (no trailing zero)
    anchors = [s.attrs["text-anchor"] for s in chart.shapes if s.kind == "text" and s.attrs.get("text-anchor")
               and s.attrs["text"] in chart.labels]
    assert anchors == ["start", "middle", "end"]


def test_dated_points_are_placed_by_date_and_labels_do_not_overlap():
    from datetime import date

    days = [date(2026, 9, 1), date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 31)]
    chart = charts.line_chart("Iltakävijät", [f"{d.day}.{d.month}.{d.year}" for d in days],
                              [("Tulos", [10, 12, 12, 15])], positions=[d.toordinal() for d in days])
    xs = [s.attrs["cx"] for s in chart.shapes if s.kind == "circle"]
    assert xs[2] - xs[1] < (xs[3] - xs[2]) / 10 < (xs[1] - xs[0]) / 10  # a day apart, a month, three months
    labels = [s for s in chart.shapes if s.kind == "text" and s.attrs["text"] in chart.labels]
    # 30.11. and 1.12. would overlap: one of them is left out; the first and the last date stay.
    assert [s.attrs["text"] for s in labels][0] == "1.9.2026" and labels[-1].attrs["text"] == "31.12.2026"
    assert len(labels) == 3
    extents = [charts._extent(chart.labels, chart.labels.index(s.attrs["text"]),
                              [s2.attrs["cx"] for s2 in chart.shapes if s2.kind == "circle"]) for s in labels]
    assert all(a[1] < b[0] for a, b in zip(extents, extents[1:], strict=False))


def test_counts_get_whole_numbers_on_the_axis():
    def axis(values):
        chart = charts.bar_chart("Ideat", [str(i) for i in range(len(values))], [("Uudet", values)])
        return [s.attrs["text"] for s in chart.shapes if s.kind == "text" and s.attrs.get("text-anchor") == "end"]

    assert axis([3, 5]) == ["0", "2", "4", "6", "8"]
    assert axis([10, 7]) == ["0", "3", "6", "9", "12"]
    assert axis([129, 40]) == ["0", "50", "100", "150", "200"]
    assert axis([0, 0]) == ["0", "1", "2", "3", "4"]
    assert axis([2.5, 4]) == ["0", "1,25", "2,5", "3,75", "5"]  # not counts: as before (Finnish)
