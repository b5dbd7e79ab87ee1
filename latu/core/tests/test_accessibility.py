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
    pages = ["/", MISSING_PAGE]
    if user is None:
        pages += _url("account_login") + _url("account_signup") + _url("account_reset_password")
        return pages
    pages += _url("accounts:profile") + _url("account_email") + _url("account_change_password")
    pages += _url("mfa_index")
    for membership in user.memberships.select_related("organisation")[:1]:
        pages += _url("organisations:manage", membership.organisation.slug)
    return pages


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
