"""A reusable check that API endpoints show rows only to the people who may see them.

Use it for every organisation-internal endpoint::

    from latu.access.tests.matrix import assert_no_leak

    def test_ideas_stay_in_their_organisation(client_for, employee, outsider, office, citizen, hollola_idea):
        assert_no_leak(
            client_for,
            url_list="/api/v1/ideas/",
            url_detail="/api/v1/ideas/{pk}/",
            objects=[hollola_idea],
            visible_to=[employee, office],
            hidden_from=[outsider, citizen, None],  # None = anonymous
        )

For each person in ``visible_to`` the list answers 200 and contains every object
(all pages are read), and each detail URL answers 200 with the object. For each
person in ``hidden_from`` the list answers 200 without any of the objects and each
detail URL answers 404 — never 403, which would reveal that the object exists. An
anonymous visitor (``None``) gets 401 or 403 from both, unless ``public=True``
(anonymous is then treated like any other person, by which list they are in).

``url_detail`` is a ``str.format`` template filled with the object's attributes
(``{pk}``, ``{slug}``…) or a callable ``obj -> url``; ``key`` names the field of a
list row that identifies it (``"id"`` by default) and ``value`` gives the same
value from an object (``obj.pk`` by default). Failures name the person and the URL.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.test import Client

ANONYMOUS_STATUSES = (401, 403)
_MAX_PAGES = 50


def _client(client_for: Callable[[Any], Client], person) -> Client:
    return Client() if person is None else client_for(person)


def _label(person) -> str:
    return "anonymous" if person is None else f"{person} <{person.email}>"


def list_keys(client: Client, url: str, key: str = "id") -> list:
    """The ``key`` of every row of a list endpoint, over all its pages."""
    keys: list = []
    next_url: str | None = url
    for _page in range(_MAX_PAGES):
        if not next_url:
            return keys
        response = client.get(next_url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, f"{next_url}: {response.status_code}"
        data = response.json()
        rows = data["results"] if isinstance(data, dict) and "results" in data else data
        keys.extend(row[key] for row in rows)
        next_url = data.get("next") if isinstance(data, dict) else None
    raise AssertionError(f"{url}: more than {_MAX_PAGES} pages")


def _detail_url(url_detail: str | Callable[[Any], str], obj) -> str:
    if callable(url_detail):
        return url_detail(obj)
    fields = {name: getattr(obj, name) for name in ("pk", "id", "slug", "code") if hasattr(obj, name)}
    return url_detail.format(**fields)


def assert_no_leak(
    client_for: Callable[[Any], Client],
    url_list: str | None,
    url_detail: str | Callable[[Any], str] | None,
    visible_to: Iterable,
    hidden_from: Iterable,
    *,
    objects: Sequence,
    key: str = "id",
    value: Callable[[Any], Any] = lambda obj: obj.pk,
    public: bool = False,
) -> None:
    """Assert who sees ``objects`` through ``url_list`` and ``url_detail`` (see the module docstring)."""
    assert objects, "give at least one object, or the check proves nothing"
    expected = [value(obj) for obj in objects]

    for person in visible_to:
        client = _client(client_for, person)
        if url_list is not None:
            keys = list_keys(client, url_list, key)
            missing = [k for k in expected if k not in keys]
            assert not missing, f"{_label(person)} should see {missing} in {url_list}"
        if url_detail is not None:
            for obj in objects:
                url = _detail_url(url_detail, obj)
                response = client.get(url, HTTP_ACCEPT="application/json")
                assert response.status_code == 200, f"{_label(person)} GET {url}: {response.status_code}, not 200"
                assert response.json()[key] == value(obj), f"{_label(person)} GET {url}: another object"

    for person in hidden_from:
        client = _client(client_for, person)
        if person is None and not public:
            urls = [url_list] if url_list is not None else []
            urls += [_detail_url(url_detail, obj) for obj in objects] if url_detail is not None else []
            for url in urls:
                status = client.get(url, HTTP_ACCEPT="application/json").status_code
                assert status in ANONYMOUS_STATUSES, f"anonymous GET {url}: {status}, not 401/403"
            continue
        if url_list is not None:
            keys = list_keys(client, url_list, key)
            leaked = [k for k in expected if k in keys]
            assert not leaked, f"{_label(person)} must not see {leaked} in {url_list}"
        if url_detail is not None:
            for obj in objects:
                url = _detail_url(url_detail, obj)
                status = client.get(url, HTTP_ACCEPT="application/json").status_code
                assert status == 404, f"{_label(person)} GET {url}: {status}, not 404"
