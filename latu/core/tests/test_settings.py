"""Settings from the environment: the production profile is clean under Django's
deployment checks, and wrong or missing values stop start-up with a clear message.

Each case runs the `latu` command in a fresh process with only the environment given,
because settings are read once at import."""

import json
import os
import subprocess
import sys

import pytest


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run ``python <args>`` with nothing from this process's environment but the basics."""
    base = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "SYSTEMROOT") if key in os.environ}
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, *args], env={**base, **env}, capture_output=True, text=True, timeout=120, check=False,
    )


def latu(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return run(["-m", "latu.cli", *args], env)


def setting(env: dict[str, str], expression: str):
    """The value of ``expression`` (over ``settings``) as the given environment sets it."""
    code = (
        "import json, django; from django.conf import settings; "
        f"django.setup(); print(json.dumps({expression}, default=str))"
    )
    result = run(["-c", code], {"DJANGO_SETTINGS_MODULE": "latu.settings", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_fails_with(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    last_line = result.stderr.strip().splitlines()[-1]
    assert message in last_line, result.stderr


def test_production_profile_passes_the_deployment_checks(production_env):
    result = latu(production_env, "check", "--deploy", "--fail-level", "WARNING")
    # drf_spectacular.W001 about enum names: a choice set used by several fields, or one field
    # name used for several choice sets; name it in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_deployment_checks_do_catch_a_bad_setting(production_env):
    # The test above could not fail if the check were never strict: DEBUG on must fail it.
    result = latu({**production_env, "DEBUG": "1"}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W018" in result.stderr


def test_production_security_settings(production_env):
    values = setting(production_env, (
        "{k: getattr(settings, k) for k in ['DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_PROXY_SSL_HEADER', "
        "'X_FRAME_OPTIONS', 'SESSION_COOKIE_HTTPONLY', 'LANGUAGE_COOKIE_SECURE', 'ACCOUNT_DEFAULT_HTTP_PROTOCOL', "
        "'LATU_REQUIRE_MFA', 'ACCOUNT_EMAIL_VERIFICATION', 'EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', "
        "'EMAIL_USE_TLS', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'TASKS']}"
    ))
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["LANGUAGE_COOKIE_SECURE"]
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["X_FRAME_OPTIONS"] == "DENY" and values["SESSION_COOKIE_HTTPONLY"]
    assert values["ACCOUNT_DEFAULT_HTTP_PROTOCOL"] == "https"
    assert values["LATU_REQUIRE_MFA"] is True
    assert values["ACCOUNT_EMAIL_VERIFICATION"] == "mandatory"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == ("mail.example.fi", 587, True)
    assert (values["EMAIL_HOST_USER"], values["EMAIL_HOST_PASSWORD"]) == ("u", "p")
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_production_uses_redis_for_the_cache(production_env):
    cache = setting(production_env, "settings.CACHES['default']")
    assert cache["BACKEND"] == "latu.core.cache.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/9"


def test_postgresql_prepares_repeated_reads_unless_told_not_to(production_env):
    env = {**production_env, "DATABASE_URL": "postgres://latu@db.example.fi:5432/latu"}
    assert setting(env, "settings.DATABASES['default']['OPTIONS']") == {"prepare_threshold": 5}
    assert setting({**env, "DB_PREPARED_STATEMENTS": "0"}, "settings.DATABASES['default']['OPTIONS']") \
        == {"prepare_threshold": None}
    assert "prepare_threshold" not in setting(production_env, "settings.DATABASES['default']['OPTIONS']")


def test_missing_secret_key_in_production_fails_loudly(production_env):
    del production_env["SECRET_KEY"]
    assert_fails_with(latu(production_env, "check"), "Environment variable SECRET_KEY is required")


def test_short_secret_key_in_production_fails_loudly(production_env):
    assert_fails_with(latu({**production_env, "SECRET_KEY": "too-short"}, "check"), "SECRET_KEY must be at least")


@pytest.mark.parametrize("value", ["maybe", "2", "True!"])
def test_malformed_debug_fails_loudly(production_env, value):
    assert_fails_with(latu({**production_env, "DEBUG": value}, "check"), "DEBUG must be a boolean")


@pytest.mark.parametrize(
    ("missing", "message"),
    [("ALLOWED_HOSTS", "ALLOWED_HOSTS is required"), ("DATABASE_URL", "DATABASE_URL is required"),
     ("REDIS_URL", "REDIS_URL is required"), ("EMAIL_URL", "EMAIL_URL is required")],
)
def test_other_required_production_settings(production_env, missing, message):
    del production_env[missing]
    assert_fails_with(latu(production_env, "check"), message)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [("LATU_ENV", "staging", "LATU_ENV must be"),
     ("SECURE_HSTS_SECONDS", "a year", "SECURE_HSTS_SECONDS must be an integer"),
     ("EMAIL_URL", "imap://mail.example.fi", "EMAIL_URL must be"),
     ("TASKS_BACKEND", "celery", "TASKS_BACKEND must be one of"),
     ("OIDC_PROVIDERS", "hollola-ad|Hollola|https://idp.example.fi", "OIDC_PROVIDERS entries are")],
)
def test_malformed_values_fail_loudly(production_env, name, value, message):
    assert_fails_with(latu({**production_env, name: value}, "check"), message)


def test_local_profile_needs_nothing(tmp_path):
    result = latu({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}, "check")
    assert result.returncode == 0, result.stderr
    values = setting({}, "[settings.DEBUG, settings.LATU_REQUIRE_MFA, settings.TASKS['default']['BACKEND']]")
    assert values == [True, False, "django_tasks.backends.immediate.ImmediateBackend"]


def test_oidc_providers_from_the_environment(production_env):
    env = {**production_env, "OIDC_PROVIDERS": (
        "hollola-ad|Hollolan tunnus|https://login.hollola.example.fi|latu-hollola|s3cret; "
        "porvoo-ad|Borgå stad|https://login.porvoo.example.fi/realms/staff|latu-porvoo|t0p"
    )}
    apps = setting(env, "settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS']")
    assert apps == [
        {"provider_id": "hollola-ad", "name": "Hollolan tunnus", "client_id": "latu-hollola", "secret": "s3cret",
         "settings": {"server_url": "https://login.hollola.example.fi"}},
        {"provider_id": "porvoo-ad", "name": "Borgå stad", "client_id": "latu-porvoo", "secret": "t0p",
         "settings": {"server_url": "https://login.porvoo.example.fi/realms/staff"}},
    ]


def test_logs_are_json_in_production_and_text_locally(production_env, tmp_path):
    production = setting(production_env, "[settings.LOG_FORMAT, settings.LOGGING['handlers']['console']['formatter'], "
                                         "settings.SECURE_REDIRECT_EXEMPT]")
    assert production[:2] == ["json", "json"]
    assert r"^healthz/$" in production[2] and r"^metrics/$" in production[2]
    local = setting({"LATU_ENV": "local", "MEDIA_ROOT": str(tmp_path)}, "settings.LOG_FORMAT")
    assert local == "text"
    assert setting({**production_env, "LOG_FORMAT": "text"}, "settings.LOG_FORMAT") == "text"


def test_malformed_log_format_fails_loudly(production_env):
    assert_fails_with(latu({**production_env, "LOG_FORMAT": "xml"}, "check"), "LOG_FORMAT must be json or text")


def test_metrics_in_multiprocess_mode_add_up_the_workers(tmp_path):
    """With PROMETHEUS_MULTIPROC_DIR (gunicorn workers), each process writes its samples
    to the directory and /metrics/ adds them up: two processes, two requests counted."""
    code = (
        "import django; django.setup(); from django.test import Client; from django.test.utils import "
        "setup_test_environment; setup_test_environment(); c = Client(); c.get('/livez/'); "
        "r = c.get('/metrics/'); print(r.status_code); print(r.content.decode())"
    )
    env = {"DJANGO_SETTINGS_MODULE": "latu.settings", "LATU_ENV": "test", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    first = run(["-c", code], env)
    second = run(["-c", code], env)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert any(tmp_path.iterdir())
    line = next(
        line for line in second.stdout.splitlines()
        if line.startswith("latu_http_request_duration_seconds_count{") and 'view="core:livez"' in line
    )
    assert line.endswith(" 2.0")
