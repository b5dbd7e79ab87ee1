"""Scale-out: two app servers behind nginx, one task worker, PostgreSQL and Redis (the
stack of `make prod-local`, deploy/prod_local.py). Whatever server takes a request, a
person stays signed in, sees the notifications made through the other server and the
results of background work the other server queued.

The stack runs on the suite's own test database (the test is transactional: what the
servers write is committed, and flushed afterwards), so it needs the suite on PostgreSQL
(DATABASE_URL), Redis (REDIS_URL) and nginx; without them it is skipped, except in CI's
PostgreSQL run, where a missing nginx fails it. LATU_TEST_PORTS=FIRST-LAST keeps its
servers on ports in that range (otherwise free ports are picked).
"""

from __future__ import annotations

import http.client
import importlib.util
import os
import re
import shutil
import socket
import sys
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from latu.accounts.tests.helpers import PASSWORD, verify_email
from latu.organisations.factories import OrganisationFactory, member
from latu.organisations.models import Role

ROOT = Path(__file__).resolve().parents[3]


def load_prod_local():
    spec = importlib.util.spec_from_file_location("prod_local", ROOT / "deploy" / "prod_local.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("prod_local", module)
    spec.loader.exec_module(module)
    return module


def reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def free_ports(count: int) -> list[int]:
    """``count`` free loopback ports, from LATU_TEST_PORTS=FIRST-LAST when it is set."""
    wanted = os.environ.get("LATU_TEST_PORTS", "")
    candidates = range(int(wanted.split("-")[0]), int(wanted.split("-")[1]) + 1) if wanted else [0] * count
    ports: list[int] = []
    for candidate in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            port = s.getsockname()[1]
        if port not in ports:
            ports.append(port)
        if len(ports) == count:
            return ports
    raise RuntimeError(f"not {count} free ports in {wanted}")


def skip_unless_stack_possible() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs the suite on PostgreSQL (DATABASE_URL=postgres://…): the servers share its test database")
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url or not reachable(redis_url, 6379):
        pytest.skip("needs Redis (REDIS_URL) for the servers' shared cache and sessions")
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: .ci/run installs it")
        pytest.skip("needs nginx")


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str


class Person:
    """One person's browser: their cookies, sent to whichever server a request names."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, data: dict | None = None,
                headers: dict | None = None) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        all_headers = {"Host": f"127.0.0.1:{port}", "Accept-Language": "en", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=all_headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        conn.close()
        return Response(response.status, response.headers, text)

    def get(self, port: int, path: str) -> Response:
        return self.request(port, "GET", path)

    def post_form(self, port: int, path: str, data: dict, form_path: str | None = None) -> Response:
        """GET the form (``form_path`` or ``path``) and POST it with its CSRF token and any
        hidden fields named in ``data`` as ``...``."""
        page = self.get(port, form_path or path)
        assert page.status == 200, (page.status, form_path or path)
        fields = {"csrfmiddlewaretoken": hidden(page.text, "csrfmiddlewaretoken")}
        for name, value in data.items():
            fields[name] = hidden(page.text, name) if value is ... else value
        return self.request(port, "POST", path, fields)

    def sign_in(self, port: int, email: str) -> None:
        response = self.post_form(port, "/accounts/login/", {"login": email, "password": PASSWORD})
        assert response.status == 302, response.text[:2000]
        assert "sessionid" in self.cookies


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', html)
    assert match, f"no field {name} in the form"
    return match.group(1)


def wait_until(check, timeout: float = 20.0, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


@pytest.fixture
def stack(transactional_db, tmp_path):
    skip_unless_stack_possible()
    prod_local = load_prod_local()
    port, app_a, app_b = free_ports(3)
    environ = {
        **os.environ,
        "DATABASE_URL": database_url(),
        # Keys of their own: the suite's process uses the same Redis database.
        "CACHE_KEY_PREFIX": f"latu-scale-out-{os.getpid()}",
        "CHANNELS_PREFIX": f"latu-scale-out-{os.getpid()}:channels",
        "LOG_LEVEL": "WARNING",
        "LATU_MORPHOLOGY": settings.LATU_MORPHOLOGY if settings.LATU_MORPHOLOGY != "auto" else "pyvoikko",
    }
    environ.pop("SECRET_KEY", None)
    with prod_local.Stack(
        port=port, app_ports=[app_a, app_b], workers=1, run_dir=tmp_path / "run", static_root=tmp_path / "static",
        environ=environ, migrate=False, create_db=False, precompress=False, worker_interval=0.2, quiet=True,
    ) as running:
        yield running


@pytest.mark.django_db(transaction=True)
def test_a_person_is_served_alike_by_either_app_server(stack):
    nginx, server_a, server_b = stack.port, *stack.app_ports
    org = OrganisationFactory(slug="hollola", name_fi="Hollolan kunta", name_sv="Hollola kommun")
    eeva = member(org, Role.EMPLOYEE, email="eeva@hollola.example.fi", name="Eeva Työntekijä")
    into = member(org, Role.INNOVATOR, email="into@hollola.example.fi", name="Into Uudistaja")
    for person in (eeva, into):
        verify_email(person)
        # The suite hashes passwords with MD5 for speed; the servers know only the real hashers.
        person.password = PBKDF2PasswordHasher().encode(PASSWORD, "scaleoutsalt", iterations=1000)
        person.save(update_fields=["password"])

    # Session: signed in through server A, still signed in through server B and nginx.
    eeva_browser, into_browser = Person(), Person()
    assert eeva_browser.get(server_b, "/ideas/mine/").status == 302  # not yet signed in
    eeva_browser.sign_in(server_a, eeva.email)
    for port in (server_b, nginx):
        mine = eeva_browser.get(port, "/ideas/mine/")
        assert mine.status == 200, f"signed out on port {port}"
        assert 'action="/accounts/logout/"' in mine.text
    into_browser.sign_in(server_b, into.email)

    # Background task: the idea sent through B is announced by the task worker (the app
    # servers queue tasks, never run them); its handler Into is told, seen through A.
    title = "Kotihoidon reitit kartalle"
    sent = eeva_browser.post_form(server_b, "/o/hollola/ideas/new/",
                                  {"token": ..., "title": title, "description": "Reitit päivittyvät."})
    assert sent.status == 302, sent.text[:2000]
    idea_path = re.match(r"/ideas/\d+/", sent.headers["Location"]).group(0)
    told = wait_until(lambda: title in into_browser.get(server_a, "/notifications/").text)
    assert told, "the task worker did not announce the idea within 20 s"
    from django_tasks_db.models import DBTaskResult

    run = DBTaskResult.objects.get(task_path="latu.ideas.tasks.announce_ideas")
    assert run.status == "SUCCESSFUL" and run.worker_ids, "not run by the worker"

    # Notification: Into supports the idea through A; Eeva is told, seen through B.
    assert title not in eeva_browser.get(server_b, "/notifications/").text
    supported = into_browser.post_form(server_a, idea_path + "support/", {}, form_path=idea_path)
    assert supported.status == 302
    notifications = eeva_browser.get(server_b, "/notifications/")
    assert title in notifications.text and "Into Uudistaja" in notifications.text

    # nginx shares requests between both servers and serves static files itself.
    for _ in range(6):
        assert Person().get(nginx, "/livez/").status == 200
    upstreams = set(re.findall(r"127\.0\.0\.1:(\d+) \S+ \w+$", (stack.run_dir / "access.log").read_text(), re.M))
    assert {str(server_a), str(server_b)} <= upstreams
    css = re.search(r'/static/[^"]+\.[0-9a-f]{12}\.css', eeva_browser.get(nginx, "/").text).group(0)
    static = Person().request(nginx, "GET", css, headers={"Accept-Encoding": "gzip"})
    assert static.status == 200
    assert static.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert static.headers["Content-Encoding"] == "gzip"
    assert "X-Request-ID" not in static.headers  # nginx answered, not Django

    # WebSocket upgrades reach the app servers; a path no consumer serves is refused.
    refused = Person().request(nginx, "GET", "/ws/nothing/", headers={
        "Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": f"http://127.0.0.1:{nginx}",
    })
    assert refused.status == 403
