"""On a 390 px phone each role finds its main work on the home page, one tap away."""

import pytest
from django.urls import reverse

from latu.ideas import actions as idea_actions
from latu.tori.factories import DeedFactory
from latu.tori.models import Deed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _one_tap(page, href: str) -> None:
    """The home page shows a link to ``href`` in its content without scrolling sideways,
    and tapping it opens that page."""
    page.goto("/")
    link = page.locator(f'main a[href="{href}"]').first
    assert link.is_visible(), href
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = link.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    link.click()
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").first.is_visible()


@pytest.mark.parametrize("person, task", [
    ("employee", "submit"), ("innovator", "board"), ("supervisor", "board"), ("org_admin", "manage"),
    ("office", "review"),
])
def test_each_role_reaches_its_main_task_in_one_tap(browser_page, request, org, employee, person, task):
    user = request.getfixturevalue(person)
    # Something waits for the handlers and for the office.
    idea_actions.submit_idea(employee, org, title="Yhteinen kalenteri kotihoitoon", description="Käynnit näkyviin.")
    idea_actions.announce_new_ideas(org.pk)
    DeedFactory(status=Deed.Status.REVIEW)
    href = {
        "submit": reverse("ideas:submit", args=[org.slug]),
        "board": reverse("ideas:board", args=[org.slug]),
        "manage": reverse("organisations:manage", args=[org.slug]),
        "review": reverse("tori:review"),
    }[task]
    _one_tap(browser_page(user, **PHONE), href)
