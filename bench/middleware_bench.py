"""The cost of the observability middleware (request id, metrics, the JSON request line)
per request, in-process, as a share of a whole request to the bare ``/livez/`` view through
Django's full handler and middleware stack, measured in the same run.

Run: python bench/middleware_bench.py [requests]
"""

from __future__ import annotations

import io
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "latu.settings")

import django  # noqa: E402

django.setup()

from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402

from latu.core.observability import JSONFormatter, ObservabilityMiddleware, RequestIdFilter  # noqa: E402


def per_request(handler: Callable[[HttpRequest], HttpResponse], count: int) -> float:
    """Microseconds per call of ``handler``, best of three rounds."""
    factory = RequestFactory()
    best = float("inf")
    for _ in range(3):
        requests = [factory.get("/livez/") for _ in range(count)]
        start = time.perf_counter()
        for request in requests:
            handler(request)
        best = min(best, (time.perf_counter() - start) / count * 1e6)
    return best


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    response = HttpResponse("ok")

    def bare(request: HttpRequest) -> HttpResponse:
        return response

    logger = logging.getLogger("latu.request")
    client = Client()
    logger.disabled = True
    start = time.perf_counter()
    for _ in range(count):
        client.get("/livez/")
    whole = (time.perf_counter() - start) / count * 1e6
    base = per_request(bare, count)
    quiet = per_request(ObservabilityMiddleware(bare), count)
    logger.disabled = False
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestIdFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logged = per_request(ObservabilityMiddleware(bare), count)
    quiet, logged = quiet - base, logged - base
    print(f"baseline: a whole request to /livez/ through Django's stack: {whole:.1f} µs ({count} requests)")
    print(f"middleware without the log line: {quiet:.1f} µs per request ({quiet / whole:.1%} of the baseline)")
    print(f"middleware with the JSON line:   {logged:.1f} µs per request ({logged / whole:.1%} of the baseline)")


if __name__ == "__main__":
    main()
