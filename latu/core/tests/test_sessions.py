"""With the shared cache (Redis), a signed-in page reads its session from the cache: no
query for it while the entry is there. Signing out removes it from both places."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from latu.accounts.tests.helpers import signed_in_user_id

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"),
                       reason="sessions are read through the cache only with Redis"),
]


def _session_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "django_session" in q["sql"]]


def test_a_signed_in_page_reads_its_session_from_the_cache(client, employee):
    client.force_login(employee, backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("core:home"))  # the first read may fill the cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:home"))
    assert response.status_code == 200 and response.wsgi_request.user == employee
    assert _session_queries(queries.captured_queries) == []

    client.post(reverse("account_logout"))
    assert signed_in_user_id(client) is None
    response = client.get(reverse("core:home"))
    assert not response.wsgi_request.user.is_authenticated
