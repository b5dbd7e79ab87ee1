"""One formatting helper per kind of value, from the active language: dates, date-times,
times, days relative to today and decimal numbers; and no template formats them itself."""

import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from latu.core import formatting

HELSINKI = ZoneInfo("Europe/Helsinki")
MOMENT = datetime(2026, 12, 7, 13, 40, tzinfo=ZoneInfo("UTC"))  # 15.40 in Helsinki
DAY = date(2026, 12, 7)


@pytest.mark.parametrize(("language", "expected"), [("fi", "7.12.2026"), ("sv", "2026-12-07"), ("en", "7 Dec 2026")])
def test_a_date_in_each_language(language, expected):
    with translation.override(language):
        assert formatting.format_date(DAY) == expected
        assert formatting.format_date(MOMENT) == expected
        assert formatting.format_date("2026-12-07") == expected  # ISO text kept in event data


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fi", "7.12.2026 15.40"), ("sv", "2026-12-07 15:40"), ("en", "7 Dec 2026 15:40")],
)
def test_a_date_and_time_in_local_time(language, expected):
    with translation.override(language):
        assert formatting.format_datetime(MOMENT) == expected


@pytest.mark.parametrize(("language", "expected"), [("fi", "15.40"), ("sv", "15:40"), ("en", "15:40")])
def test_a_time_of_day(language, expected):
    with translation.override(language):
        assert formatting.format_time(MOMENT) == expected
        assert formatting.format_time(time(15, 40)) == expected


@pytest.mark.parametrize(
    ("language", "today", "yesterday", "ago", "ahead"),
    [
        ("fi", "tänään", "eilen", "3 päivää sitten", "3 päivän päästä"),
        ("sv", "i dag", "i går", "för 3 dagar sedan", "om 3 dagar"),
        ("en", "today", "yesterday", "3 days ago", "in 3 days"),
    ],
)
def test_days_relative_to_today_say_today_rather_than_zero_days(language, today, yesterday, ago, ahead):
    with translation.override(language):
        assert formatting.relative_days(DAY, today=DAY) == today
        assert formatting.relative_days(0) == today
        assert formatting.relative_days(date(2026, 12, 6), today=DAY) == yesterday
        assert formatting.relative_days(date(2026, 12, 4), today=DAY) == ago
        assert formatting.relative_days(date(2026, 12, 10), today=DAY) == ahead


@pytest.mark.parametrize(
    ("language", "half", "third"), [("fi", "2,5", "0,33"), ("sv", "2,5", "0,33"), ("en", "2.5", "0.33")]
)
def test_decimal_numbers_have_no_trailing_zeros(language, half, third):
    with translation.override(language):
        assert formatting.format_decimal(Decimal("2.5000")) == half
        assert formatting.format_decimal(Decimal("8.0000")) == "8"
        assert formatting.format_decimal(1 / 3) == third
        assert formatting.format_decimal(None) == ""


def test_the_template_filters_use_the_same_helpers():
    template = Template(
        "{% load latu %}{{ day|local_date }}|{{ moment|local_datetime }}|{{ moment|local_time }}|"
        "{{ 0|relative_days }}|{{ value|number }}|{{ value|number:0 }}"
    )
    with translation.override("fi"):
        html = template.render(Context({"day": DAY, "moment": MOMENT, "value": Decimal("2.50")}))
    assert html == "7.12.2026|7.12.2026 15.40|15.40|tänään|2,5|3"


TEMPLATES = Path(__file__).resolve().parents[2]
RAW_FORMAT = re.compile(
    r"\|\s*(date|time|floatformat|timesince|timeuntil|naturalday|naturaltime)\b(:\s*(\"[^\"]*\"|'[^']*'|\S+))?"
)
MACHINE_ATTRIBUTE = re.compile(r"""[\w-]+="\{\{[^{}]*\|date:'(c|Y-m-d)'\s*\}\}\"""")


def test_no_template_formats_dates_or_numbers_by_itself():
    """Raw formats (|date:"j.n.Y", |date:"Y-m-d" as text, |floatformat, |timesince…) are
    how three ways of writing a date crept in; the helpers above are the one way.
    ISO 8601 is allowed only in machine-readable attributes (<time datetime>, data-*)."""
    offenders = []
    for path in sorted(TEMPLATES.glob("*/templates/**/*.html")):
        text = MACHINE_ATTRIBUTE.sub(lambda m: " " * len(m.group(0)), path.read_text())
        for match in RAW_FORMAT.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(TEMPLATES)}:{line}: {match.group(0)}")
    assert offenders == []
