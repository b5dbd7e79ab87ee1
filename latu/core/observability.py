"""Request ids, structured logs, health checks and Prometheus metrics.

One middleware (``ObservabilityMiddleware``) gives every request an id, puts it in the
response header and in a context variable that the log formatter reads, times the request
into a histogram labelled by route (never the raw path) and logs one line per request.

Privacy: the request line carries method, path without its query string, status, duration,
request id and the route name, and no user identifier of any kind, so no line can tie an
anonymous idea to its author. See docs/operations.md and docs/decisions/0012.
"""

import contextvars
import json
import logging
import os
import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import REGISTRY, Collector

REQUEST_ID_HEADER = "X-Request-ID"
# Accept a caller's id (a proxy's or load balancer's) only when short and plain.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
request_logger = logging.getLogger("latu.request")

REQUEST_LATENCY = Histogram(
    "latu_http_request_duration_seconds",
    "Time spent on a request, by route name, method and status class.",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
REQUEST_ERRORS = Counter(
    "latu_http_errors",
    "Requests answered with a 5xx status or ended by an unhandled exception.",
    ["view", "kind"],
)


def request_id_from(header: str | None) -> str:
    """The caller's request id if it is safe to log, else a fresh one."""
    if header and _VALID_REQUEST_ID.match(header):
        return header
    return uuid.uuid4().hex


# URL arguments that are secrets (e-mail confirmation and password reset keys, invitation
# tokens): their values are replaced in the logged path.
_SECRET_URL_ARGS = re.compile(r"key|token|secret|code|uidb", re.IGNORECASE)
_MAX_LOGGED_PATH = 200


def loggable_path(request: HttpRequest) -> str:
    """The path without query string, secret URL arguments redacted, bounded in length."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if _SECRET_URL_ARGS.search(name) and isinstance(value, str) and value:
                path = path.replace(value, "[redacted]")
    return path[:_MAX_LOGGED_PATH]


def view_label(request: HttpRequest) -> str:
    """The route's name (``ideas:detail``), never the raw path: bounded label cardinality."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched"
    return match.view_name or match.route or "unnamed"


class ObservabilityMiddleware:
    """Request id, one log line and latency/error metrics per request. Place it first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id_var.set(rid)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
        except Exception:
            REQUEST_ERRORS.labels(view_label(request), "exception").inc()
            raise
        finally:
            request_id_var.reset(token)
        duration = time.perf_counter() - start
        view = view_label(request)
        status = response.status_code
        REQUEST_LATENCY.labels(view, request.method, f"{status // 100}xx").observe(duration)
        if status >= 500:
            REQUEST_ERRORS.labels(view, "5xx").inc()
        response[REQUEST_ID_HEADER] = rid
        path = loggable_path(request)
        request_logger.info(
            "%s %s %s",
            request.method,
            path,
            status,
            extra={
                "request_id": rid,
                "method": request.method,
                "path": path,  # no query string: it may carry tokens or e-mails
                "view": view,
                "status": status,
                "duration_ms": round(duration * 1000, 2),
            },
        )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # Django turns view exceptions into 500 responses before __call__ sees them.
        if not isinstance(exception, Http404 | PermissionDenied | BadRequest | SuspiciousOperation):
            REQUEST_ERRORS.labels(view_label(request), "exception").inc()


class RequestIdFilter(logging.Filter):
    """Stamp every log record with the current request id (``-`` outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


_STANDARD_ATTRS = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}
_EXTRA_FIELDS = ("method", "path", "view", "status", "duration_ms")


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id and request fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key in _EXTRA_FIELDS:
            if key in record.__dict__:
                entry[key] = record.__dict__[key]
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


# Health checks ------------------------------------------------------------------------


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_cache() -> dict[str, Any]:
    key = f"healthz:{secrets.token_hex(4)}"
    cache.set(key, "1", timeout=10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    if not ok:
        raise RuntimeError("cache did not return the value just set")
    return {}


def queue_state() -> dict[str, Any]:
    """Ready tasks in the django-tasks database queue and the age of the oldest one."""
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    depth = ready.count()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    return {"depth": depth, "oldest_ready_age_seconds": round(age, 1)}


HEALTH_CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": check_database,
    "cache": check_cache,
    "task_queue": queue_state,
}


def run_checks() -> tuple[bool, dict[str, Any]]:
    results: dict[str, Any] = {}
    healthy = True
    for name, check in HEALTH_CHECKS.items():
        start = time.perf_counter()
        try:
            detail = check()
            status = "ok"
        except Exception as exc:  # any failure is a failed check; never leak its message
            logging.getLogger("latu.health").error("health check %s failed: %s", name, type(exc).__name__)
            detail, status, healthy = {}, "fail", False
        results[name] = {"status": status, "ms": round((time.perf_counter() - start) * 1000, 2), **detail}
    return healthy, results


def healthz(request: HttpRequest) -> JsonResponse:
    """Readiness: database, cache and task queue. 200 when all pass, 503 otherwise."""
    healthy, checks = run_checks()
    response = JsonResponse({"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


# Metrics ------------------------------------------------------------------------------


class QueueCollector(Collector):
    """Queue depth and failed task count, read from the database at scrape time."""

    def collect(self) -> Iterator[Metric]:
        try:
            from django_tasks_db.models import DBTaskResult

            state = queue_state()
            failed = DBTaskResult.objects.failed().count()
        except Exception:
            return
        yield GaugeMetricFamily("latu_task_queue_depth", "Ready tasks waiting for a worker.", value=state["depth"])
        yield GaugeMetricFamily(
            "latu_task_queue_oldest_ready_age_seconds", "Age of the oldest ready task.",
            value=state["oldest_ready_age_seconds"],
        )
        yield GaugeMetricFamily("latu_task_failed", "Task results in the failed state.", value=failed)


_queue_collector = QueueCollector()


def metrics_allowed(request: HttpRequest) -> bool:
    token: str = getattr(settings, "METRICS_TOKEN", "")
    if token:
        given = request.headers.get("Authorization", "")
        return given.startswith("Bearer ") and secrets.compare_digest(given[7:].encode(), token.encode())
    # A reverse proxy on the same host also connects from loopback: a forwarded request is not local.
    forwarded = any(h in request.META for h in ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP", "HTTP_FORWARDED"))
    return not forwarded and request.META.get("REMOTE_ADDR") in ("127.0.0.1", "::1")


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus exposition; needs METRICS_TOKEN as a bearer token, or loopback if unset."""
    if not metrics_allowed(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    # The queue gauges come from the database, once per scrape, not from each worker.
    scrape = CollectorRegistry()
    scrape.register(_queue_collector)
    body = generate_latest(registry) + generate_latest(scrape)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
