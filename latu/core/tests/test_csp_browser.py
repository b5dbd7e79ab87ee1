"""In headless Chromium the pages raise no Content-Security-Policy violations: styles,
scripts and htmx work under the strict policy (the accessibility crawl checks every page
the same way; this is the quick check of the pages with the most moving parts)."""

import pytest
from django.urls import reverse

from latu.ideas.factories import IdeaFactory
from latu.tori.factories import DeedFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def violations(page, path: str) -> list[str]:
    found = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: found.append(str(error)))
    page.goto(path, wait_until="networkidle")
    return found


def test_pages_run_under_the_policy(browser_page, org, employee, innovator):
    org.theme_colour = "#1a5c96"
    org.save()
    idea = IdeaFactory(organisation=org, author=employee)
    deed = DeedFactory(organisation=org)
    anonymous = browser_page()
    for path in ("/", reverse("tori:index"), reverse("tori:deed_detail", args=[deed.pk])):
        assert violations(anonymous, path) == [], path
    page = browser_page(innovator)
    for path in (reverse("ideas:board", args=[org.slug]), reverse("ideas:detail", args=[idea.pk]),
                 reverse("ideas:submit", args=[org.slug])):
        assert violations(page, path) == [], path
    # The accent colour arrives through the theme stylesheet.
    accent = page.evaluate("getComputedStyle(document.body).getPropertyValue('--org-accent').trim()")
    assert accent == "rgb(26, 92, 150)"  # #1a5c96, not the default #2a6ebb
