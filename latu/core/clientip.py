"""The address of the client, the one place every per-address limit and log line asks.

Behind reverse proxies REMOTE_ADDR is the nearest proxy's address, so that all visitors
would share one limit; X-Forwarded-For is written by the client first and only its last
entries, added by proxies we run, can be believed. ``TRUSTED_PROXY_COUNT`` says how many
proxies of ours stand in front of the app (0: none, X-Forwarded-For is ignored): the
client is then the address the outermost of them saw, the N-th entry from the right.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    address = address.strip()
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or with trusted proxies the entry of
    X-Forwarded-For the outermost trusted proxy added. Never anything the client wrote
    itself; "" when there is no usable address."""
    remote = _valid(request.META.get("REMOTE_ADDR") or "") or ""
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR") or ""
    if count <= 0 or not forwarded:
        return remote
    entries = [entry for entry in forwarded.split(",") if entry.strip()]
    if len(entries) < count:
        # Fewer entries than proxies: the request did not come through all of them.
        return remote
    return _valid(entries[-count]) or remote
