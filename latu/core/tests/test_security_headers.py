"""Security headers on every kind of page: a Content-Security-Policy without
'unsafe-inline', frame-ancestors, Referrer-Policy, Permissions-Policy, nosniff; HSTS in
production. Templates carry no inline scripts, styles or event handlers, which the
policy would block."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from latu.ideas.factories import IdeaFactory
from latu.tori.factories import DeedFactory

TEMPLATE_ROOT = Path(__file__).resolve().parents[2]
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=[\"']", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+=[\"']", re.I), "event handler attribute"),
    (re.compile(r"\bhx-on", re.I), "hx-on (needs eval)"),
    (re.compile(r"href=[\"']javascript:", re.I), "javascript: link"),
]
# Exempt: emails (rendered for mail clients), PDF documents (laid out by WeasyPrint, never
# served as pages) and the third-party API reference pages (a policy of their own).
EXEMPT = ("notifications/email/", "core/print_base.html", "api/redoc.html", "api/swagger_ui.html")


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.fixture
def pages(org, employee, client_for):
    idea = IdeaFactory(organisation=org, author=employee)
    deed = DeedFactory(organisation=org)
    return client_for(employee), [
        "/", reverse("core:about"), reverse("ideas:detail", args=[idea.pk]), reverse("ideas:submit", args=[org.slug]),
        reverse("tori:index"), reverse("tori:deed_detail", args=[deed.pk]), "/api/ideas/", "/no-such-page/",
    ]


@pytest.mark.django_db
def test_every_page_has_a_strict_policy(pages):
    client, urls = pages
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = directives(response.headers["Content-Security-Policy"])
        assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"], url
        assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"], url
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"], url
        assert policy["base-uri"] == ["'self'"], url
        assert response.headers["X-Frame-Options"] == "DENY", url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"] == "same-origin", url
        permissions = response.headers["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in permissions, url


@pytest.mark.django_db
def test_the_board_marks_overdue_ideas_with_a_class(org, employee, innovator, client_for):
    # The board's cards are built in Python (ideas_tags), out of the template scan's reach.
    from datetime import timedelta

    from django.utils import timezone

    from latu.ideas.models import Idea

    idea = IdeaFactory(organisation=org, author=employee)
    Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - timedelta(days=400))
    html = client_for(innovator).get(reverse("ideas:board", args=[org.slug])).content.decode()
    assert f'data-idea="{idea.pk}"' in html and "board__card--overdue" in html
    for pattern, what in INLINE:
        assert not pattern.search(html), what


@pytest.mark.django_db
def test_rendered_pages_have_no_inline_code(pages):
    client, urls = pages
    for url in urls:
        html = client.get(url).content.decode()
        for pattern, what in INLINE:
            match = pattern.search(html)
            assert not match, f"{url}: {what}: {match and html[max(0, match.start() - 80):match.end() + 80]}"


def test_templates_have_no_inline_code():
    offenders = []
    for template in TEMPLATE_ROOT.glob("*/templates/**/*.html"):
        name = template.as_posix()
        if any(part in name for part in EXEMPT):
            continue
        text = template.read_text()
        if "core/print_base.html" in text:
            continue
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                offenders.append(f"{template.relative_to(TEMPLATE_ROOT)}: {what}: {match.group(0)}")
    assert not offenders, "\n".join(offenders)


@pytest.mark.django_db
def test_the_organisation_colour_comes_from_a_stylesheet(client, org):
    org.theme_colour = "#1a5c96"
    org.save()
    page = client.get(reverse("tori:index"))
    href = reverse("core:theme_css", args=["2a6ebb"])
    assert f'href="{href}"'.encode() in page.content
    css = client.get(reverse("core:theme_css", args=["1a5c96"]))
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")
    assert css.content.decode().strip() == "body { --org-accent: #1a5c96; }"
    assert "immutable" in css["Cache-Control"]
    # Nothing but six hex digits reaches the stylesheet.
    assert client.get("/theme/1a5c96;}body{x.css").status_code == 404
    assert client.get("/theme/red.css").status_code == 404


@pytest.mark.django_db
def test_api_docs_allow_their_own_styles_but_no_foreign_scripts(client_for, employee):
    response = client_for(employee).get("/api/docs/")
    if response.status_code == 200:
        policy = directives(response.headers["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_hsts_on_https_with_the_production_values(client, settings):
    # Production sets these (test_settings.py proves it); here the header itself is checked.
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get("/", secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "Strict-Transport-Security" not in client.get("/").headers  # never over plain HTTP
