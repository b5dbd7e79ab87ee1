"""Request ids, JSON logs, /healthz/ and /metrics/ (docs/operations.md)."""

import json
import logging

import pytest
from django.test import RequestFactory
from prometheus_client import REGISTRY

from latu.core import observability
from latu.core.observability import JSONFormatter, ObservabilityMiddleware, RequestIdFilter


def histogram_count(view: str, method: str = "GET", status: str = "2xx") -> float:
    value = REGISTRY.get_sample_value(
        "latu_http_request_duration_seconds_count", {"view": view, "method": method, "status": status},
    )
    return value or 0.0


@pytest.mark.django_db
def test_request_id_is_generated_and_returned(client):
    first = client.get("/livez/")
    second = client.get("/livez/")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.django_db
def test_valid_incoming_request_id_is_kept(client):
    response = client.get("/livez/", headers={"X-Request-ID": "lb-7f3a.91c2:0001"})
    assert response["X-Request-ID"] == "lb-7f3a.91c2:0001"


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["short", "x" * 129, "abc def ghi", "evil\u00e4request", "a;b<script>c"])
def test_bad_incoming_request_id_is_replaced(client, bad):
    response = client.get("/livez/", headers={"X-Request-ID": bad})
    assert response["X-Request-ID"] != bad
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_request_line_is_json_with_request_id_and_no_query_or_user(client_for, employee, caplog):
    client = client_for(employee)
    with caplog.at_level(logging.INFO, logger="latu.request"):
        response = client.get("/livez/?email=eeva@example.org&token=secret", headers={"X-Request-ID": "req-12345678"})
    records = [r for r in caplog.records if r.name == "latu.request"]
    assert len(records) == 1
    line = JSONFormatter().format(records[0])
    entry = json.loads(line)
    assert entry["request_id"] == "req-12345678" == response["X-Request-ID"]
    assert entry["path"] == "/livez/"
    assert entry["status"] == 200
    assert entry["view"] == "core:livez"
    assert entry["duration_ms"] >= 0
    assert "email" not in line and "secret" not in line and "example.org" not in line
    assert str(employee.pk) not in {str(v) for v in entry.values()}
    assert "user" not in line


@pytest.mark.django_db
def test_secrets_in_url_arguments_are_redacted_from_the_request_line(client, caplog):
    with caplog.at_level(logging.INFO, logger="latu.request"):
        client.get("/accounts/confirm-email/MQ:1vS3cr3tK3y/")
        client.get("/tori/campaigns/invitation/inv-T0k3nValue/")
    paths = [r.path for r in caplog.records if r.name == "latu.request"]
    assert paths == ["/accounts/confirm-email/[redacted]/", "/tori/campaigns/invitation/[redacted]/"]


def test_any_log_record_inside_a_request_carries_its_id():
    seen: list[str] = []

    def view(request):
        record = logging.LogRecord("latu.x", logging.WARNING, __file__, 1, "inside", None, None)
        RequestIdFilter().filter(record)
        seen.append(json.loads(JSONFormatter().format(record))["request_id"])
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = RequestFactory().get("/somewhere/", HTTP_X_REQUEST_ID="abcdefgh-1234")
    ObservabilityMiddleware(view)(request)
    assert seen == ["abcdefgh-1234"]
    outside = logging.LogRecord("latu.x", logging.WARNING, __file__, 1, "outside", None, None)
    RequestIdFilter().filter(outside)
    assert outside.request_id == "-"


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "task_queue"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    assert body["checks"]["task_queue"]["depth"] == 0
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_reports_queue_depth(client):
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        task_path="latu.core.tasks.nothing", args_kwargs={"args": [], "kwargs": {}}, status="READY",
        run_after=observability.timezone.now(), backend_name="default", queue_name="default",
    )
    body = client.get("/healthz/").json()
    assert body["checks"]["task_queue"]["depth"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("failing", ["database", "cache"])
def test_healthz_503_when_a_check_fails(client, monkeypatch, failing):
    def broken() -> dict:
        raise ConnectionError("redis://:hunter2@cache.internal:6379/8 refused")

    monkeypatch.setitem(observability.HEALTH_CHECKS, failing, broken)
    response = client.get("/healthz/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"][failing]["status"] == "fail"
    assert "hunter2" not in response.content.decode() and "cache.internal" not in response.content.decode()


@pytest.mark.django_db
def test_metrics_from_loopback_without_token(client, settings):
    settings.METRICS_TOKEN = ""
    client.get("/livez/")
    response = client.get("/metrics/")  # the test client's REMOTE_ADDR is 127.0.0.1
    assert response.status_code == 200
    text = response.content.decode()
    assert 'latu_http_request_duration_seconds_bucket{' in text
    assert "latu_task_queue_depth 0.0" in text


@pytest.mark.django_db
def test_metrics_refused_from_elsewhere_without_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics/", REMOTE_ADDR="10.1.2.3").status_code == 404
    # Through a reverse proxy on the same host the peer is loopback too: forwarded means remote.
    assert client.get("/metrics/", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    assert client.get("/metrics/", headers={"X-Real-IP": "203.0.113.9"}).status_code == 404


@pytest.mark.django_db
def test_metrics_need_the_bearer_token_when_set(client, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics/").status_code == 404  # loopback is not enough once a token is set
    assert client.get("/metrics/", headers={"Authorization": "Bearer wrong"}).status_code == 404
    ok = client.get("/metrics/", REMOTE_ADDR="10.1.2.3", headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200


@pytest.mark.django_db
def test_a_request_increments_the_histogram_by_route_name(client):
    before = histogram_count("core:livez")
    client.get("/livez/")
    client.get("/livez/?page=2")
    assert histogram_count("core:livez") == before + 2


def errors(kind: str) -> float:
    return REGISTRY.get_sample_value("latu_http_errors_total", {"view": "core:livez", "kind": kind}) or 0.0


def test_a_5xx_and_an_unhandled_exception_increment_the_error_counter():
    from django.http import HttpResponse
    from django.urls import resolve

    request = RequestFactory().get("/livez/")
    request.resolver_match = resolve("/livez/")
    before_5xx, before_exc = errors("5xx"), errors("exception")
    ObservabilityMiddleware(lambda r: HttpResponse(status=502))(request)
    assert errors("5xx") == before_5xx + 1
    ObservabilityMiddleware(lambda r: HttpResponse()).process_exception(request, ValueError("boom"))
    assert errors("exception") == before_exc + 1
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    for expected in (Http404(), PermissionDenied()):  # answered 404/403, not errors
        ObservabilityMiddleware(lambda r: HttpResponse()).process_exception(request, expected)
    assert errors("exception") == before_exc + 1
    with pytest.raises(ValueError):
        ObservabilityMiddleware(lambda r: (_ for _ in ()).throw(ValueError("boom")))(request)
    assert errors("exception") == before_exc + 2


def test_middleware_writes_one_json_line_per_request():
    """Its cost per request is measured by bench/middleware_bench.py, not here."""
    import io

    from django.http import HttpResponse

    response = HttpResponse("ok")
    factory = RequestFactory()
    middleware = ObservabilityMiddleware(lambda request: response)
    logger = logging.getLogger("latu.request")
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(JSONFormatter())
    handler.addFilter(RequestIdFilter())
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        for _ in range(50):
            middleware(factory.get("/livez/"))
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
    lines = handler.stream.getvalue().splitlines()
    assert len(lines) == 50
    assert len({json.loads(line)["request_id"] for line in lines}) == 50
