"""Compute the dashboard figures for the demo history (ideas are loaded with past
dates, without events), so the results pages have something to show."""

from latu.dashboards import stats


def load(stdout) -> None:
    count = stats.rebuild_all()
    stdout.write(f"Dashboard figures rebuilt for {count} organisations")
