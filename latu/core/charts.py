"""Server-rendered SVG charts, always shown with the same data as a table.

    chart = bar_chart(_("Ideas per month"), labels=["1/2026", ...], series=[(_("Ideas"), [3, 5, ...])])
    {% include "core/_chart.html" with chart=chart %}

``bar_chart`` draws vertical (grouped) bars, ``hbar_chart`` horizontal bars for long
category names, ``line_chart`` lines over time (e.g. a measure's results against its
target). The SVG is decorative for screen readers (aria-hidden); the table carries the
data, so every chart is accessible and printable.
"""

from dataclasses import dataclass, field
from itertools import count

from django.utils.formats import get_format

CHAR_WIDTH = 7.5  # user units of an axis label's character (12-unit font), with room to spare
PALETTE = ["#2a6ebb", "#c4500e", "#207a43", "#7a3fb5", "#a31e5a", "#5b6770"]
_ids = count(1)


@dataclass
class Shape:
    kind: str  # "rect", "line", "polyline", "circle", "text"
    attrs: dict


@dataclass
class Chart:
    title: str
    labels: list[str]
    series: list[tuple[str, list[float | None]]]
    unit: str = ""
    width: int = 640
    height: int = 280
    shapes: list[Shape] = field(default_factory=list)
    id: str = ""

    @property
    def rows(self) -> list[tuple[str, list]]:
        return [
            (label, [values[i] if i < len(values) else None for _, values in self.series])
            for i, label in enumerate(self.labels)
        ]

    @property
    def legend(self) -> list[tuple[str, str]]:
        return [(name, PALETTE[i % len(PALETTE)]) for i, (name, _) in enumerate(self.series)]

    @property
    def legend_swatches(self) -> list[tuple[str, int]]:
        """Legend entries with the palette index: the template uses a class per index
        (chart__swatch--pN), because the CSP forbids style attributes."""
        return [(name, i % len(PALETTE)) for i, (name, _) in enumerate(self.series)]


def _number(value: float) -> str:
    """A figure on the chart as short as it goes, with the language's decimal separator
    (the table beside the chart shows the same numbers)."""
    text = f"{value:g}"
    return text if "e" in text else text.replace(".", get_format("DECIMAL_SEPARATOR"))


def _nice_max(value: float, whole: bool = False) -> float:
    """The top of the axis. For counts (``whole``) the four steps of the grid are whole
    numbers too: 0, 2, 4, 6, 8 ideas rather than 0, 1.25, 2.5, 3.75, 5."""
    if whole:
        magnitude = 1
        while True:
            for step in (1, 2, 3, 5):
                if 4 * step * magnitude >= value:
                    return 4 * step * magnitude
            magnitude *= 10
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _axis(chart: Chart, top: float, left: int, bottom: int, right: int, maximum: float) -> None:
    plot_h = chart.height - top - bottom
    for i in range(5):
        value = maximum * i / 4
        y = chart.height - bottom - plot_h * i / 4
        chart.shapes.append(
            Shape("line", {"x1": left, "x2": chart.width - right, "y1": y, "y2": y, "class": "chart__grid"})
        )
        label = _number(value)
        chart.shapes.append(
            Shape("text", {"x": left - 6, "y": y + 4, "text-anchor": "end", "class": "chart__axis", "text": label})
        )


def bar_chart(title: str, labels: list[str], series: list[tuple[str, list[float | None]]], unit: str = "") -> Chart:
    chart = Chart(title, [str(label) for label in labels], series, unit, id=f"chart-{next(_ids)}")
    left, right, top, bottom = 48, 12, 12, 48
    everything = [v or 0 for _, values in series for v in values]
    maximum = _nice_max(max(everything, default=0), whole=all(float(v).is_integer() for v in everything))
    _axis(chart, top, left, bottom, right, maximum)
    plot_w = chart.width - left - right
    plot_h = chart.height - top - bottom
    n = max(len(labels), 1)
    group_w = plot_w / n
    bar_w = max(2.0, group_w * 0.8 / max(len(series), 1))
    for i, label in enumerate(chart.labels):
        for s, (_, values) in enumerate(series):
            value = values[i] if i < len(values) and values[i] is not None else 0
            h = plot_h * value / maximum
            x = left + i * group_w + group_w * 0.1 + s * bar_w
            chart.shapes.append(
                Shape(
                    "rect",
                    {
                        "x": round(x, 1),
                        "y": round(chart.height - bottom - h, 1),
                        "width": round(bar_w - 1, 1),
                        "height": round(h, 1),
                        "fill": PALETTE[s % len(PALETTE)],
                        "class": "chart__bar",
                    },
                )
            )
        if n <= 16 or i % max(1, n // 12) == 0:
            chart.shapes.append(
                Shape(
                    "text",
                    {
                        "x": round(left + (i + 0.5) * group_w, 1),
                        "y": chart.height - bottom + 16,
                        "text-anchor": "middle",
                        "class": "chart__axis",
                        "text": label[:14],
                    },
                )
            )
    return chart


def hbar_chart(title: str, labels: list[str], values: list[float], unit: str = "", series_name: str = "") -> Chart:
    row_h = 26
    left, right = 220, 56
    chart = Chart(
        title,
        [str(label) for label in labels],
        [(series_name or title, list(values))],
        unit,
        height=max(60, row_h * len(labels) + 12),
        id=f"chart-{next(_ids)}",
    )
    maximum = _nice_max(max(values, default=0))
    plot_w = chart.width - left - right
    for i, (label, value) in enumerate(zip(chart.labels, values, strict=False)):
        y = 6 + i * row_h
        w = plot_w * (value or 0) / maximum
        chart.shapes.append(
            Shape(
                "text", {"x": left - 8, "y": y + 16, "text-anchor": "end", "class": "chart__axis", "text": label[:32]}
            )
        )
        chart.shapes.append(
            Shape(
                "rect",
                {
                    "x": left,
                    "y": y + 3,
                    "width": round(w, 1),
                    "height": row_h - 8,
                    "fill": PALETTE[0],
                    "class": "chart__bar",
                },
            )
        )
        chart.shapes.append(
            Shape("text", {"x": round(left + w + 6, 1), "y": y + 16, "class": "chart__axis", "text": _number(value)})
        )
    return chart


def _extent(labels: list[str], i: int, xs: list[float]) -> tuple[float, float]:
    """Where the axis label ``i`` reaches, as it is anchored (the first at its start, the
    last at its end, the others at their middle)."""
    width = CHAR_WIDTH * len(labels[i][:14])
    last = len(labels) - 1
    if i == 0 and last:
        return xs[i], xs[i] + width
    if i == last and last:
        return xs[i] - width, xs[i]
    return xs[i] - width / 2, xs[i] + width / 2


def _apart(labels: list[str], a: int, b: int, xs: list[float]) -> bool:
    """Do the axis labels ``a`` and ``b`` leave a gap between them?"""
    return _extent(labels, a, xs)[1] + 8 <= _extent(labels, b, xs)[0]


def line_chart(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    unit: str = "",
    target: float | None = None,
    target_label: str = "",
    positions: list[float] | None = None,
    baseline: float | None = None,
    baseline_label: str = "",
) -> Chart:
    """``positions`` places the points along the axis (e.g. the days of dated results),
    so that uneven intervals look uneven; without them the points are evenly spaced.
    ``baseline`` and ``target`` are drawn as dashed reference lines (and are columns of
    the table), the baseline dotted so that the two differ by more than colour."""
    chart = Chart(title, [str(label) for label in labels], list(series), unit, id=f"chart-{next(_ids)}")
    measured = len(chart.series)
    dashes = []
    if baseline is not None:
        chart.series.append((baseline_label or "baseline", [baseline] * len(labels)))
        dashes.append("2 4")
    if target is not None:
        chart.series.append((target_label or "target", [target] * len(labels)))
        dashes.append("6 4")
    left, right, top, bottom = 48, 12, 12, 48
    values = [v for _, vals in chart.series for v in vals if v is not None]
    maximum = _nice_max(max(values, default=0))
    _axis(chart, top, left, bottom, right, maximum)
    plot_w = chart.width - left - right
    plot_h = chart.height - top - bottom
    if positions is None or len(positions) != len(labels):
        positions = list(range(len(labels)))
    first, span = positions[0] if positions else 0, (positions[-1] - positions[0]) if positions else 0
    xs = [left + plot_w * ((p - first) / span if span else i / max(len(labels) - 1, 1))
          for i, p in enumerate(positions)]
    for s, (_, vals) in enumerate(chart.series):
        points = []
        for i, v in enumerate(vals):
            if v is None:
                continue
            x = xs[i]
            y = chart.height - bottom - plot_h * v / maximum
            points.append(f"{x:.1f},{y:.1f}")
            if s < measured:
                chart.shapes.append(
                    Shape("circle", {"cx": round(x, 1), "cy": round(y, 1), "r": 3.5, "fill": PALETTE[s % len(PALETTE)]})
                )
        dash = dashes[s - measured] if s >= measured else "none"
        chart.shapes.append(
            Shape(
                "polyline",
                {
                    "points": " ".join(points),
                    "fill": "none",
                    "stroke": PALETTE[s % len(PALETTE)],
                    "stroke-width": 2.5,
                    "stroke-dasharray": dash,
                },
            )
        )
    last = len(chart.labels) - 1
    drawn: list[int] = []  # indices of the labels drawn; a label that would touch the one before is left out
    for i in range(len(chart.labels)):
        if drawn and not _apart(chart.labels, drawn[-1], i, xs):
            if i != last:
                continue
            drawn.pop()  # the last date matters more than the one before it
        drawn.append(i)
    for i in drawn:
        chart.shapes.append(Shape("text", {
            "x": round(xs[i], 1), "y": chart.height - bottom + 16,
            # The first and last labels stay inside the chart.
            "text-anchor": "start" if i == 0 and last else "end" if i == last and last else "middle",
            "class": "chart__axis", "text": chart.labels[i][:14],
        }))
    return chart


def stacked_hbar_chart(title: str, labels: list[str], series: list[tuple[str, list[float]]], unit: str = "%") -> Chart:
    """One horizontal bar per label, split into the series' shares (each row adds up to
    100): the layout of a survey matrix, rows = items and columns = answer options."""
    row_h = 26
    left, right = 260, 12
    chart = Chart(title, [str(label) for label in labels], series, unit,
                  height=max(60, row_h * len(labels) + 12), id=f"chart-{next(_ids)}")
    plot_w = chart.width - left - right
    for i, label in enumerate(chart.labels):
        y = 6 + i * row_h
        chart.shapes.append(
            Shape("text", {"x": left - 8, "y": y + 16, "text-anchor": "end", "class": "chart__axis",
                           "text": label if len(label) <= 38 else label[:37] + "…"})
        )
        x = float(left)
        for s, (_, values) in enumerate(series):
            value = values[i] if i < len(values) and values[i] is not None else 0
            w = plot_w * value / 100
            if w > 0:
                chart.shapes.append(Shape("rect", {"x": round(x, 1), "y": y + 3, "width": round(w, 1),
                                                   "height": row_h - 8, "fill": PALETTE[s % len(PALETTE)],
                                                   "class": "chart__bar"}))
            x += w
    return chart
