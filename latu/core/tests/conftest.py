"""Fixtures for the browser tests (``@pytest.mark.browser``): Debian's headless Chromium
driven by Playwright, and people signed in to it with a session cookie.

Without /usr/bin/chromium the browser tests are skipped with the reason, except in CI
(the ``CI`` environment variable is set), where they fail instead.
"""

import os
import time
from pathlib import Path

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.conf import settings
from django.test import Client

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SUMMARY_KEY = pytest.StashKey[list[str]]()


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for all tests of a module."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium); the browser tests need it"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        # Playwright's synchronous API keeps an asyncio loop running in this thread, which
        # Django's guard against the ORM in async code mistakes for an async context. The
        # tests' own database calls are plain synchronous code.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()


def session_cookies(user, base_url: str, language: str = "fi") -> list[dict]:
    """Cookies that make the browser signed in as ``user`` (None: anonymous) in ``language``.
    The session is made as a test client's force_login does, no password and no second
    factor, and records a password sign-in a moment ago, as the sign-in page would: the
    security pages (two-factor set-up, recovery codes) then open without asking again."""
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    if user is not None:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "password", "at": time.time(), "email": user.email}]
        session.save()
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base_url})
    return cookies


@pytest.fixture
def browser_page(chromium, live_server):
    """``browser_page(user=None, language="fi", width=1280, height=900)`` → a Playwright page
    in a fresh browser context, signed in as ``user``."""
    contexts = []

    def open_page(user=None, language: str = "fi", width: int = 1280, height: int = 900):
        context = chromium.new_context(
            base_url=live_server.url, locale=f"{language}-FI", viewport={"width": width, "height": height}
        )
        context.set_default_timeout(15_000)
        context.add_cookies(session_cookies(user, live_server.url, language))
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()  # does nothing if the test closed it already


@pytest.fixture
def browser_summary(request) -> list[str]:
    """Lines to print at the end of the test run (e.g. pages scanned per role)."""
    return request.config.stash.setdefault(SUMMARY_KEY, [])


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    lines = config.stash.get(SUMMARY_KEY, [])
    if lines:
        terminalreporter.section("accessibility crawl")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    """The environment of a production process (for tests that start one)."""
    return {
        "LATU_ENV": "production",
        "SECRET_KEY": "kT7-vQ2#pL9xW4!mZ8@rN3$bH6^dF1&sJ5*gC0(yU2)eA7_oI4+wE9=qR6~tY3%nM",
        "ALLOWED_HOSTS": "latu.example.fi",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'latu.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "EMAIL_URL": "smtp+tls://u:p@mail.example.fi:587",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
