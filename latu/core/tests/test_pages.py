import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_landing_page_is_public_and_finnish_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fi"
    assert b'lang="fi"' in response.content
    assert b'href="#main"' in response.content  # skip link


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_language_switch_sets_the_page_language(client, language):
    response = client.post(reverse("set_language"), {"language": language, "next": "/about/"})
    assert response.status_code == 302
    page = client.get("/about/")
    assert f'lang="{language}"'.encode() in page.content


@pytest.mark.django_db
def test_404_is_localized_page(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"<main" in response.content


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
