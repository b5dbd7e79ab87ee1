"""Bad input is a clean 400 with a clear message in the request's language, never a 500:
NUL characters in any field (query strings, forms, JSON bodies, keys included), JSON
nested too deeply, and time-zone offsets beyond ±15:59 in date-time filters."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from latu.core import guards
from latu.ideas.models import Idea

pytestmark = pytest.mark.django_db
JSON = "application/json"
NUL_MESSAGE = "The request contains a NUL character, which is not allowed in any field."


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


@pytest.mark.parametrize("url", [
    "/api/v1/ideas/", "/api/v1/experiments/", "/api/v1/deeds/", "/api/v1/organisations/", "/api/v1/themes/",
    "/api/v1/regions/", "/api/v1/memberships/", "/api/v1/idea-comments/",
])
@pytest.mark.parametrize("body", [
    {"title": "Otsikko\x00", "description": "Kuvaus"},
    {"slug": "hollola\x00", "name": "Hollola"},
    {"data": {"nested": ["ok", "piilossa\x00"]}},
    {"avain\x00": "arvo"},
])
def test_nul_characters_in_json_bodies_are_refused(client_for, employee, org, url, body):
    response = client_for(employee).post(url, json.dumps(body), content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"detail": NUL_MESSAGE}


def test_the_message_is_in_the_requests_language(client_for, employee, org):
    body = json.dumps({"organisation": org.slug, "title": "Otsikko\x00", "description": "Kuvaus"})
    for language in ("fi", "sv"):
        response = client_for(employee).post("/api/v1/ideas/", body, content_type=JSON, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400 and response.json()["detail"] == _in(language, NUL_MESSAGE)
        assert response.json()["detail"] != NUL_MESSAGE
    assert not Idea.objects.exists()


@pytest.mark.parametrize("query", ["q=kirjasto%00", "organisation=hollola%00", "created_after=2026-01-01%00"])
def test_nul_characters_in_query_strings_are_refused(client_for, employee, query):
    response = client_for(employee).get(f"/api/v1/ideas/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and response.json() == {"detail": NUL_MESSAGE}


def test_nul_characters_in_forms_are_refused_with_the_400_page(client_for, employee):
    client = client_for(employee)
    response = client.post(reverse("accounts:profile"), {"name": "Eeva\x00", "language": "fi"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    assert "Eeva\x00" not in type(employee).objects.values_list("name", flat=True)
    page = client.get("/ideas/?q=a%00", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400 and NUL_MESSAGE in page.content.decode()


def test_nul_characters_in_multipart_forms_are_refused(client_for, employee):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("kuva.png", b"\x89PNG\x00\x00", content_type="image/png")
    response = client_for(employee).post(reverse("accounts:profile"), {"name": "Eeva\x00", "file": upload},
                                         HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and NUL_MESSAGE in response.content.decode()
    # A NUL byte inside a file's content is fine: only names and fields are text.
    upload = SimpleUploadedFile("kuva.png", b"\x89PNG\x00\x00", content_type="image/png")
    response = client_for(employee).post(reverse("accounts:profile"), {"name": "Eeva", "file": upload})
    assert response.status_code != 400


@pytest.mark.parametrize("depth", [33, 1000, 100_000])
def test_deeply_nested_json_is_refused(client_for, employee, org, depth):
    nested = "[" * depth + '"x"' + "]" * depth
    body = '{"organisation": "' + org.slug + '", "title": "T", "description": ' + nested + "}"
    response = client_for(employee).post("/api/v1/ideas/", body, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"detail": "The JSON is nested too deeply (at most 32 levels)."}


def test_brackets_inside_strings_do_not_count(client_for, employee, org):
    body = json.dumps({"organisation": org.slug, "title": "[[[" * 50, "description": "{" * 200})
    response = client_for(employee).post("/api/v1/ideas/", body, content_type=JSON)
    assert response.status_code == 201


def test_the_depth_scan(settings):
    assert not guards.json_depth_exceeds(b'{"a": [1, {"b": [2]}]}', 4)
    assert guards.json_depth_exceeds(b'{"a": [1, {"b": [2]}]}', 3)
    assert guards.json_depth_exceeds(b'[[[[]]]]', 3)
    assert not guards.json_depth_exceeds(b'["\\"[[[[["]', 3)


@pytest.mark.parametrize("value", ["2026-01-01T00:00:00+23:00", "2026-01-01T00:00:00-16:00",
                                   "2026-01-01T00:00:00+99:00", "2026-01-01T00:00:00+16:00"])
def test_time_zone_offsets_beyond_15_59_are_refused(client_for, employee, value):
    for name in ("created_after", "created_before"):
        response = client_for(employee).get("/api/v1/ideas/", {name: value}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400, response.content
        assert name in response.json()


@pytest.mark.parametrize("value", ["2026-01-01T00:00:00+15:59", "2026-01-01T00:00:00-15:59",
                                   "2026-01-01T00:00:00+02:00", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00"])
def test_offsets_within_range_are_fine(client_for, employee, value):
    assert client_for(employee).get("/api/v1/ideas/", {"created_after": value}).status_code == 200
