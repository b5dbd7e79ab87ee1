"""The API's rates are applied to every view: past the rate a client gets 429 with a
message in its language and a Retry-After header. Anonymous clients are counted per
address (the one behind our trusted proxies, never what the client writes itself),
signed-in ones per person."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/campaigns/"


@pytest.fixture
def rates(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        "anon": "3/min", "user": "4/min", "submit": "30/min"}}


def _statuses(api: APIClient, count: int, url: str = PUBLIC, **headers) -> list[int]:
    return [api.get(url, headers=headers).status_code for _ in range(count)]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_anonymous_requests_past_the_rate_get_429_in_their_language(rates, language):
    api = APIClient()
    assert _statuses(api, 3) == [200, 200, 200]
    response = api.get(PUBLIC, headers={"Accept-Language": language})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    with translation.override(language):
        expected = translation.ngettext(
            "Too many requests in a short time. Please try again in %(seconds)d second.",
            "Too many requests in a short time. Please try again in %(seconds)d seconds.",
            int(response["Retry-After"]),
        ) % {"seconds": int(response["Retry-After"])}
    assert response.json()["detail"] == expected
    if language != "en":
        assert "Too many requests" not in expected


def test_signed_in_people_are_counted_per_person(rates, employee, innovator):
    first, second = APIClient(), APIClient()
    first.force_authenticate(employee)
    second.force_authenticate(innovator)
    assert _statuses(first, 5, "/api/v1/me/") == [200, 200, 200, 200, 429]
    assert _statuses(second, 1, "/api/v1/me/") == [200]


def test_a_forged_forwarded_for_does_not_escape_the_limit(rates):
    api = APIClient()
    statuses = [api.get(PUBLIC, headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(rates, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    api = APIClient()  # every request comes from the proxy's address

    def through_proxy(client_address: str, forged: str = "") -> int:
        chain = f"{forged}, {client_address}" if forged else client_address
        return api.get(PUBLIC, headers={"X-Forwarded-For": chain}).status_code

    assert [through_proxy("203.0.113.1") for _ in range(4)] == [200, 200, 200, 429]
    assert through_proxy("203.0.113.2") == 200
    # What the client writes in front of the proxy's entry changes nothing.
    assert through_proxy("203.0.113.1", forged="198.51.100.77") == 429
