"""The first hour on a phone and a desktop, in a real browser: filters that apply as they
change, pages that put the action first and nothing cut off or scrolling sideways."""

import re

import pytest
from django.urls import reverse

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


def test_the_receipt_code_stays_on_one_line_is_copied_and_its_link_shows_the_idea(browser_page, org, employee):
    """An anonymous idea on a phone: the receipt code on one line with a copy button, and
    the bookmarked link opens the idea itself, not a form with the code filled in."""
    page = browser_page(employee, **PHONE)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(reverse("ideas:submit", args=[org.slug]))
    page.fill("#id_title", "Nimetön ehdotus taukotilaan")
    page.fill("#id_description", "Taukotilaan tarvitaan toinen mikroaaltouuni.")
    page.locator("#id_anonymous").evaluate("el => { el.closest('details') && (el.closest('details').open = true); }")
    page.check("#id_anonymous")
    page.get_by_role("button", name="Lähetä idea").click()
    code = page.locator("#receipt-code")
    code.wait_for()
    text = code.inner_text().strip()
    assert code.evaluate("el => el.getClientRects().length") == 1
    line = code.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || el.getBoundingClientRect().height")
    assert code.bounding_box()["height"] <= line * 1.2  # one line, not broken at the hyphens
    assert code.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    copy = page.get_by_role("button", name="Kopioi koodi")
    copy.click()
    page.locator(".receipt [role=status]").filter(has_text="Koodi kopioitiin").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == text

    page.locator("a", has_text="Seuraa ideaa").click()
    page.locator("h1", has_text="Nimetön ehdotus taukotilaan").wait_for()
    assert "#" not in page.url  # the code left the address bar


OVERFLOWING = """() => [...document.querySelectorAll('.board__card, .board__card *, .board__column > h2')]
    .filter(el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible'
                  || el.getBoundingClientRect().right > el.closest('.board__column').getBoundingClientRect().right + 1)
    .map(el => el.className + ': ' + el.textContent.trim().slice(0, 40))"""


def test_the_board_fits_a_1366_px_screen_with_nothing_cut(browser_page, org, innovator):
    """Every column, open and closed, on the screen; long titles and badges wrap inside
    their cards instead of being cut or pushing the page sideways."""
    from latu.ideas.factories import IdeaFactory
    from latu.ideas.models import Idea

    long_title = "Kotihoidon asiakastietojärjestelmäkokonaisuuden käyttöliittymäuudistussuunnitelma iltavuoroihin"
    for status in Idea.Status.values:
        for n in range(2):
            IdeaFactory(organisation=org, status=status, title=f"{long_title} {n}")
    page = browser_page(innovator, **DESKTOP)
    page.goto(reverse("ideas:board", args=[org.slug]))
    board = page.locator(".board")
    assert page.locator(".board__card").count() == 2 * len(Idea.Status.values)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    assert board.evaluate("el => el.scrollWidth <= el.clientWidth")  # no sideways scrolling in the board
    for column in page.locator(".board__column").all():
        box = column.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"], column.inner_text()[:40]
    assert page.evaluate(OVERFLOWING) == []


def test_on_a_phone_support_is_next_to_the_idea(browser_page, org, employee, innovator):
    """"Kannata" right after the idea's text, on the first screen and before the discussion."""
    from latu.ideas import actions as idea_actions

    idea = idea_actions.submit_idea(innovator, org, title="Pyörätelineet pääoven viereen",
                                    description="Katos ja lukittavat telineet.").idea
    page = browser_page(employee, **PHONE)
    page.goto(reverse("ideas:detail", args=[idea.pk]))
    button = page.get_by_role("button", name="Kannata")
    box = button.bounding_box()
    assert box and box["y"] + box["height"] <= PHONE["height"]  # no scrolling to find it
    assert box["y"] < page.locator("#comments-title").bounding_box()["y"]
    button.click()
    page.get_by_role("button", name=re.compile("Kannatat tätä")).wait_for()


def _rows(page, selector: str) -> int:
    """How many rows the visible children of ``selector`` take."""
    return page.locator(selector).evaluate("""el => new Set([...el.children]
        .filter(child => child.getClientRects().length)
        .map(child => Math.round(child.getBoundingClientRect().top))).size""")


def test_the_phone_header_takes_at_most_two_rows(browser_page, org, employee):
    page = browser_page(employee, **PHONE)
    page.goto(reverse("ideas:index", args=[org.slug]))
    assert _rows(page, ".site-header__inner") <= 2
    assert page.locator(".site-header").bounding_box()["height"] <= 130
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator(".site-nav__menu > summary").click()  # the menu still opens in full width
    assert page.locator(".site-nav__link").first.bounding_box()["width"] >= PHONE["width"] * 0.8


def test_on_a_phone_the_first_idea_is_on_the_first_screen(browser_page, org, employee):
    """The filters wait behind a disclosure; the search and the list come first."""
    from latu.ideas.factories import IdeaFactory

    for n in range(3):
        IdeaFactory(organisation=org, title=f"Idea taukotilasta {n}")
    page = browser_page(employee, **PHONE)
    page.goto(reverse("ideas:index", args=[org.slug]))
    first = page.locator("#idea-list > li").first.bounding_box()
    assert first["y"] + 60 <= PHONE["height"]  # its title, at least, without scrolling
    assert not page.locator("#id_status").is_visible()
    page.locator(".filters-disclosure > summary").click()
    page.select_option("#id_status", "new")
    page.get_by_role("button", name="Suodata").first.click()
    page.wait_for_url(re.compile(r"status=new"))
    assert page.locator("#id_status").is_visible()  # open while a filter is on
    wide = browser_page(employee, **DESKTOP)
    wide.goto(reverse("ideas:index", args=[org.slug]))
    assert wide.locator("#id_status").is_visible()  # a desktop shows the filters as before
