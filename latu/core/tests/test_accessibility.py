"""WCAG 2.1 AA in a real browser.

``test_every_page_passes_axe`` loads the demo once and crawls every page reachable in
it, as an anonymous visitor and as each demo role, running axe-core on every page (see
crawler.py for the rules, and for how pages are found and limited). It fails once, at
the end, with every violation found.

The keyboard tests check what axe cannot: the skip link, a visible focus indicator on
everything focusable, error summaries that lead to the fields, and the mobile menu.
"""

import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse

from latu.accounts.models import User
from latu.core.tests.crawler import Crawler, CrawlReport, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# The demo's people, one per role (see latu/organisations/demo.py).
ROLES = [
    Role("anonymous", None),
    Role("employee", "tyontekija@hollola.example.fi"),
    Role("innovator", "uudistaja@hollola.example.fi"),
    Role("supervisor", "esihenkilo@hollola.example.fi"),
    Role("manager", "johto@hollola.example.fi"),
    Role("org-admin", "paakayttaja@hollola.example.fi", totp=True),
    Role("employee-sv", "tyontekija@porvoo.example.fi", language="sv"),
    Role("programme-office", "ohjelmatoimisto@latu.example.fi", totp=True),
    Role("expert", "asiantuntija1@latu.example.fi"),
    Role("citizen", "kuntalainen1@example.com"),
]
MISSING_PAGE = "/tama-sivu-puuttuu/"


def _url(name: str, *args) -> list[str]:
    """The URL of a route, or nothing while the route does not exist (yet)."""
    try:
        return [reverse(name, args=args)]
    except NoReverseMatch:
        return []


def pages_always_scanned(role: Role, user: User | None) -> list[str]:
    """Pages scanned whatever the crawl finds: the account pages, the error pages and the
    organisation's administration (which shows the 403 page to everybody but admins)."""
    pages = ["/", MISSING_PAGE, *invitation_pages(), *survey_pages()]
    if user is None:
        pages += _url("account_login") + _url("account_signup") + _url("account_reset_password")
        # Pages people reach from emails or after a step; links with keys that are not valid.
        pages += _url("account_reset_password_done") + _url("account_email_verification_sent")
        pages += _url("account_confirm_email", "not-a-valid-key") + _url("account_inactive")
        pages += _url("account_reset_password_from_key", "0", "not-a-valid-key")
        pages += _url("socialaccount_login_cancelled") + _url("socialaccount_login_error")
        return pages
    pages += _url("accounts:profile") + _url("accounts:delete_account") + _url("account_email")
    pages += _url("account_change_password") + _url("organisations:invitations")
    pages += _url("mfa_index") + _url("account_reauthenticate") + export_pages(user)
    if role.totp:
        pages += _url("mfa_reauthenticate")
    for membership in user.memberships.select_related("organisation")[:1]:
        pages += _url("organisations:manage", membership.organisation.slug)
    return pages


def export_pages(user: User) -> list[str]:
    """A download's page while it is prepared and once it is ready (reached after a form)."""
    from latu.core.models import ExportJob

    waiting = ExportJob.objects.create(owner=user, kind="survey-results", format="csv", language="fi", progress=40,
                                       status=ExportJob.Status.RUNNING, title="Kysely")
    ready = ExportJob.objects.create(owner=user, kind="survey-results", format="csv", language="fi", progress=100,
                                     status=ExportJob.Status.DONE, filename="kysely.csv", content=b"a;b")
    return _url("core:export_job", waiting.pk) + _url("core:export_job", ready.pk)


def invitation_pages() -> list[str]:
    """A nominee comes to their invitation page from an email: one page per status of the
    demo's "haasta kollega" nominations (an open one offers signing up or in)."""
    from latu.campaigns.models import Nomination

    pages = []
    for status in Nomination.Status.values:
        token = Nomination.objects.filter(status=status).values_list("token", flat=True).first()
        if token:
            pages += _url("campaigns:invitation", token)
    return pages


def survey_pages() -> list[str]:
    """Respondents come to a survey by its link (no account needed): the demo's open
    survey's first page; the crawl's empty submit of its start form reaches the questions."""
    from latu.surveys.models import Survey

    token = Survey.objects.filter(status=Survey.Status.OPEN).values_list("link_token", flat=True).first()
    return _url("surveys:answer", token) if token else []


def demo_user(role: Role) -> User | None:
    if role.email is None:
        return None
    user = User.objects.get(email=role.email)
    if role.totp and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        # Privileged roles must have TOTP; signed in here as if it were set up.
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def test_every_page_passes_axe(live_server, browser_page, browser_summary):
    call_command("demo", stdout=io.StringIO())
    report = CrawlReport()
    for role in ROLES:
        user = demo_user(role)
        page = browser_page(user, role.language)
        crawler = Crawler([page, page.context.new_page()], live_server.url, role, report)
        crawler.crawl(start=["/"], always=pages_always_scanned(role, user))
        if user is None:
            # The server error page cannot be reached by a link.
            crawler.scan_document(get_template("500.html").render({"request": None}), "500.html")
        page.context.close()

    browser_summary.append("Pages scanned with axe-core per role (forms: submitted empty and scanned):")
    browser_summary.extend(report.summary().splitlines())
    anonymous = [v for v in report.scanned if v[0] == "anonymous"]
    for path in ("/accounts/login/", "/accounts/signup/"):
        assert any(label.startswith(f"{path} (form") for _, label in anonymous), f"{path} was not submitted empty"
    assert any(label == MISSING_PAGE for _, label in anonymous)
    if report.violations or report.errors:
        pytest.fail(report.failure_report() + "\n\n" + report.summary(), pytrace=False)


# ---- Keyboard-only use ------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute("href"),
    classes: Array.from(el.classList), inMain: !!el.closest("main"), inNav: !!el.closest("nav"),
    visible: box.width >= 10 && box.height >= 10 && box.bottom > 0 && box.top < window.innerHeight,
  };
}"""

# How an element looks: what a focus indicator changes.
LOOK = """(el) => {
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  return {
    describe: el.outerHTML.slice(0, 120),
    outline: outline ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : "",
    shadow: s.boxShadow,
  };
}"""


def tab(page):
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED)


@pytest.mark.parametrize("person, path", [(None, "/"), (None, "/accounts/login/"), ("employee", "/accounts/profile/")])
def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(browser_page, request, person, path):
    user = request.getfixturevalue(person) if person else None
    page = browser_page(user)
    page.goto(path)

    focused = tab(page)
    assert focused["href"] == "#main" and "skip-link" in focused["classes"]
    assert focused["visible"], "the skip link must be visible when it has focus"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert tab(page)["inMain"], "the next Tab after the skip link must stay in the content"


@pytest.mark.parametrize(
    "person, route",
    [(None, "core:home"), (None, "account_login"), (None, "account_signup"), (None, "tori:index"),
     ("employee", "core:home"), ("employee", "accounts:profile"), ("employee", "ideas:index")],
)
def test_every_focusable_element_shows_focus(browser_page, request, org, person, route):
    user = request.getfixturevalue(person) if person else None
    page = browser_page(user)
    page.goto(reverse(route, args=[org.slug]) if route.startswith("ideas:") else reverse(route))
    invisible, seen = [], []
    previous = None
    for _ in range(80):
        page.keyboard.press("Tab")
        element = page.evaluate_handle("document.activeElement")
        focused = element.evaluate(LOOK)
        if focused["describe"].startswith("<body") or focused["describe"] in seen[:1]:
            break  # focus left the page or came round again
        seen.append(focused["describe"])
        if previous is not None:
            invisible += _without_focus_indicator(*previous, previous[0].evaluate(LOOK))
        previous = (element, focused)
    page.evaluate("document.activeElement.blur()")
    if previous is not None:
        invisible += _without_focus_indicator(*previous, previous[0].evaluate(LOOK))
    assert len(seen) >= 3, "expected to reach several elements with Tab"
    assert not invisible, "focus is not visible on:\n" + "\n".join(invisible)


def _without_focus_indicator(element, focused: dict, unfocused: dict) -> list[str]:
    outline = focused["outline"] and focused["outline"] != unfocused["outline"]
    shadow = focused["shadow"] != "none" and focused["shadow"] != unfocused["shadow"]
    return [] if outline or shadow else [focused["describe"]]


@pytest.mark.parametrize("path, field", [("/accounts/login/", "login"), ("/accounts/signup/", "email"),
                                         ("/accounts/password/reset/", "email")])
def test_form_errors_are_summarised_with_links_to_the_fields(browser_page, path, field):
    page = browser_page()
    page.goto(path)
    for _ in range(30):  # to the field with the keyboard, then Enter submits the form
        if page.evaluate("document.activeElement.name") == field:
            break
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    summary = page.locator(".error-summary")
    assert summary.count() == 1
    assert page.evaluate("document.activeElement.classList.contains('error-summary')"), "the summary gets focus"
    links = page.evaluate("""() => Array.from(document.querySelectorAll(".error-summary a")).map(a => {
      const target = document.getElementById(a.getAttribute("href").slice(1));
      const described = (target && target.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      return {
        href: a.getAttribute("href"),
        field: target ? target.tagName.toLowerCase() : null,
        invalid: target ? target.getAttribute("aria-invalid") : null,
        errorLinked: described.some(id => document.getElementById(id)?.classList.contains("field__error")),
      };
    })""")
    assert links, "the summary links to the fields with errors"
    for link in links:
        assert link["field"] in ("input", "select", "textarea"), link
        assert link["invalid"] == "true" and link["errorLinked"], link

    first = tab(page)  # from the focused summary to its first link
    assert first["href"] == links[0]["href"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == links[0]["href"][1:], "the link moves focus to the field"


def test_mobile_menu_opens_with_enter(browser_page):
    page = browser_page(width=375, height=740)
    page.goto("/")
    menu = page.locator("details.site-nav__menu")
    assert menu.evaluate("el => el.open") is False
    for _ in range(10):
        if tab(page)["tag"] == "summary":
            break
    else:
        pytest.fail("the menu button cannot be reached with Tab")

    page.keyboard.press("Enter")
    assert menu.evaluate("el => el.open") is True
    following = tab(page)
    assert following["tag"] == "a" and following["inNav"] and following["visible"]


def test_on_a_phone_the_board_scrolls_sideways_but_the_page_does_not(browser_page, org, innovator):
    from latu.ideas.factories import IdeaFactory
    from latu.ideas.models import Idea

    for status in (Idea.Status.NEW, Idea.Status.IN_EVALUATION, Idea.Status.DECIDED):
        IdeaFactory(organisation=org, status=status, title=f"Kotihoidon iltakäynnit ({status})")
    # More than a closed column shows: its "12 more" link carries visually hidden text.
    IdeaFactory.create_batch(12, organisation=org, status=Idea.Status.IMPLEMENTED)
    page = browser_page(innovator, width=375, height=740)
    page.goto(reverse("ideas:board", args=[org.slug]))
    widths = page.evaluate("""() => {
      const board = document.querySelector(".board");
      return {page: document.documentElement.scrollWidth, window: window.innerWidth,
              board: board.scrollWidth, boardBox: board.clientWidth};
    }""")
    assert widths["board"] > widths["boardBox"], widths  # the columns are there to scroll to
    assert widths["page"] <= widths["window"], widths  # hidden text stays inside the board
