"""The local profile (DEBUG on) serves the project's own 404 page, not Django's technical
one with the list of URL patterns."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=True)
def test_unknown_address_shows_own_page_with_debug_on(client):
    response = client.get("/no-such-page/at-all/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "URLconf" not in body and "urlpatterns" not in body
    assert "<main" in body


@override_settings(DEBUG=True)
def test_missing_object_shows_own_page_with_debug_on(client, employee):
    client.force_login(employee)
    response = client.get("/ideas/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Raised by" not in body and "technical" not in body.lower()
    assert "<main" in body


@override_settings(DEBUG=True)
def test_append_slash_still_redirects_with_debug_on(client):
    response = client.get("/ideas/mine")
    assert response.status_code in (301, 302)
