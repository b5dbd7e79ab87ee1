import io

import pytest
from allauth.mfa.models import Authenticator

from latu.accounts.models import User
from latu.core.tests.conftest import browser_page, chromium  # noqa: F401
from latu.core.tests.crawler import Crawler, CrawlReport, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROLES = [
    Role("employee", "tyontekija@hollola.example.fi"),
    Role("innovator", "uudistaja@hollola.example.fi"),
    Role("manager", "johto@hollola.example.fi"),
    Role("org-admin", "paakayttaja@hollola.example.fi", totp=True),
    Role("employee-sv", "tyontekija@porvoo.example.fi", language="sv"),
    Role("citizen", "kuntalainen1@example.com"),
]


def test_idea_pages(live_server, browser_page):  # noqa: F811
    from latu.ideas import demo
    from latu.organisations import demo as orgs

    orgs.load(io.StringIO())
    demo.load(io.StringIO())
    report = CrawlReport()
    for role in ROLES:
        user = User.objects.get(email=role.email)
        if role.totp:
            Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP,
                                                defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}})
        page = browser_page(user, role.language)
        slug = "porvoo" if role.language == "sv" else "hollola"
        start = [f"/o/{slug}/ideas/", f"/o/{slug}/board/", f"/o/{slug}/ideas/new/", "/ideas/receipt/",
                 f"/o/{slug}/forums/", "/ideas/mine/", "/ideas/send/", "/", f"/o/{slug}/ideas/settings/"]
        crawler = Crawler([page, page.context.new_page()], live_server.url, role, report, max_pages=40,
                          per_pattern=2, query_variants=1)
        crawler.crawl(start=start, always=start)
        page.context.close()
    print(report.summary())
    if report.violations or report.errors:
        pytest.fail(report.failure_report() + "\n\n" + report.summary(), pytrace=False)
