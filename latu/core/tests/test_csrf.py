"""Every URL pattern of the project refuses a state-changing request (POST, PUT, PATCH,
DELETE) that comes with a session cookie but without a CSRF token. The patterns are
found from the URL resolver, so a new view is covered the day it is added."""

import logging

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

METHODS = ("post", "put", "patch", "delete")
# Views that may be called without a token, each with the reason.
EXEMPT: dict[str, str] = {}
# Read-only HTML views of the API: DRF refuses the request (CSRF first), and renders its
# refusal as the localized 403 page, which does not name the reason.
HTML_REFUSAL = {"drf_spectacular.views.SpectacularSwaggerSplitView", "drf_spectacular.views.SpectacularRedocView"}
SAMPLE = {"drf_format_suffix": ".json", "int": "1",
          "slug": "hollola", "str": "x", "uuid": "00000000-0000-0000-0000-000000000001", "path": "x"}


def patterns(resolver: URLResolver = None, prefix: str = "") -> list[tuple[str, str]]:
    """(route with sample values, view name) for every pattern under the resolver."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += patterns(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            found.append((prefix + route, entry.lookup_str))
    return found


REGEX_SAMPLE = {"format": "json", "colour": "2a6ebb", "slug": "hollola", "key": "x", "uidb36": "1",
                "provider_id": "x"}


def _fill_regex_groups(route: str) -> str:
    """Replace each (?P<name>...) group (nested parentheses allowed) with a sample value."""
    out, i = [], 0
    while (start := route.find("(?P<", i)) != -1:
        out.append(route[i:start])
        name = route[start + 4:route.index(">", start)]
        depth, j = 0, start
        while True:
            if route[j] == "\\":
                j += 2
                continue
            if route[j] == "(":
                depth += 1
            elif route[j] == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        out.append(REGEX_SAMPLE.get(name, "1"))
        i = j + 1
    out.append(route[i:])
    return "".join(out)


def sample_url(route: str) -> str | None:
    """A concrete URL for a route (converters and regex groups filled in with samples);
    None when something regex-like is left that cannot be filled generically."""
    import re

    url = _fill_regex_groups(route).replace("^", "").replace("$", "").replace("\\Z", "")
    url = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: SAMPLE.get(m.group(1) or "str", "x"), url)
    url = url.replace("/?", "/").replace("\\.", ".")
    if re.search(r"[()\[\]*+?{}|\\]", url):
        return None
    return "/" + url


def test_every_route_has_a_sample_url():
    missing = [route for route, _ in patterns() if sample_url(route) is None]
    assert not missing, missing
    assert len(patterns()) > 150  # the whole project, not one app


@pytest.mark.django_db
def test_state_changing_requests_without_a_token_are_refused(employee, caplog):
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee, backend="django.contrib.auth.backends.ModelBackend")
    client.get("/")  # a CSRF cookie, as a browser would have: only the token is missing
    accepted = []
    for route, view in patterns():
        if view in EXEMPT:
            continue
        url = sample_url(route)
        for method in METHODS:
            caplog.clear()
            with caplog.at_level(logging.WARNING, logger="django.security.csrf"):
                response = getattr(client, method)(url, data={"title": "x"} if method == "post" else "")
            django_refused = response.status_code == 403 and any(
                record.name == "django.security.csrf" for record in caplog.records
            )
            api_refused = response.status_code == 403 and (
                "CSRF" in response.content.decode(errors="replace") or view in HTML_REFUSAL
            )
            if not (django_refused or api_refused):
                accepted.append(f"{method.upper()} {url} ({view}) -> {response.status_code}")
    assert not accepted, "\n".join(accepted)


@pytest.mark.django_db
def test_the_same_request_with_the_token_gets_through(employee, org):
    # The refusal above is the token's doing, not the view's: with it the POST is handled.
    client = Client(enforce_csrf_checks=True)
    client.force_login(employee, backend="django.contrib.auth.backends.ModelBackend")
    client.get("/")
    token = client.cookies["csrftoken"].value
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert response.status_code == 403
