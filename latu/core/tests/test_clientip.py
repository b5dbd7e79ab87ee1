"""One reading of the client's address for every limit and log: REMOTE_ADDR unless the
settings say how many proxies of ours are in front, and then only their entries of
X-Forwarded-For count."""

import pytest
from django.test import RequestFactory

from latu.core.clientip import client_ip


def _request(remote: str = "10.0.0.5", forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(forwarded="198.51.100.1")) == "10.0.0.5"


@pytest.mark.parametrize(("count", "forwarded", "expected"), [
    (1, "203.0.113.9", "203.0.113.9"),
    (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the client's own entry is not believed
    (2, "198.51.100.1, 203.0.113.9, 10.0.0.4", "203.0.113.9"),
    (2, "203.0.113.9", "10.0.0.5"),  # fewer entries than proxies: not through all of them
    (1, "not-an-address", "10.0.0.5"),
    (1, "", "10.0.0.5"),
    (1, "2001:db8::1", "2001:db8::1"),
])
def test_with_trusted_proxies_the_outermost_proxys_entry_counts(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(forwarded=forwarded)) == expected


def test_no_address_at_all(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(remote="")) == ""
