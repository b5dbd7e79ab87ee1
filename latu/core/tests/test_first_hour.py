"""The first hour on a phone and a desktop, in a real browser: filters that apply as they
change, pages that put the action first and nothing cut off or scrolling sideways."""

import re

import pytest

from latu.tori.factories import DeedFactory
from latu.tori.models import Sector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture
def deeds(org, other_org):
    return [
        DeedFactory(organisation=org, title="Kotihoidon etäkäynnit", sector=Sector.SOCIAL_HEALTH),
        DeedFactory(organisation=other_org, title="Päiväkodin ulkoilupiha", sector=Sector.EDUCATION),
    ]


def test_tori_filters_apply_as_they_change_and_chips_remove_them(browser_page, deeds):
    """On a phone: tick a filter and the results, the address and a chip follow at once,
    with no button to find; the filters stay open; the chip removes the filter again."""
    page = browser_page(None, **PHONE)
    page.goto("/tori/")
    assert page.locator("#tori-list > li").count() == 2
    page.locator("#tori-facets > summary").click()
    page.locator(f"#f-sector-{Sector.SOCIAL_HEALTH}").check()
    chip = page.locator("#tori-results a.chip")
    chip.wait_for()
    assert re.search(rf"[?&]sector={Sector.SOCIAL_HEALTH}", page.url)
    assert page.locator("#tori-list > li").count() == 1
    assert "Kotihoidon etäkäynnit" in page.locator("#tori-list").inner_text()
    assert page.locator("#tori-facets").evaluate("el => el.open")  # still open for the next filter
    box = chip.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    chip.click()
    page.wait_for_url(lambda url: "sector=" not in url)
    assert page.locator("#tori-results a.chip").count() == 0
    assert page.locator("#tori-list > li").count() == 2
