"""Settings for Latu, read from the environment.

LATU_ENV chooses the profile: ``local`` (default: SQLite, in-process tasks, console
email, DEBUG on), ``test`` (used by the test suite) or ``production`` (requires
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL, and is clean under ``check --deploy``).
The helpers below fail loudly on malformed values instead of guessing.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# pytest sets PYTEST_VERSION, so the suite always runs with the test profile.
LATU_ENV = env_str("LATU_ENV", "test" if "PYTEST_VERSION" in os.environ else "local")
if LATU_ENV not in ("local", "test", "production"):
    raise ImproperlyConfigured(f"LATU_ENV must be local, test or production, got {LATU_ENV!r}")
PRODUCTION = LATU_ENV == "production"
TESTING = LATU_ENV == "test"

DEBUG = env_bool("DEBUG", LATU_ENV == "local")
if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long")
else:
    SECRET_KEY = env_str("SECRET_KEY", "local-development-key-not-for-production-" + "x" * 24)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    # Before allauth, so that its templates (allauth/layouts, allauth/elements, account/…)
    # override allauth's own.
    "latu.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    # Latu, in dependency order: core <- organisations/accounts <- domain apps.
    "latu.core",
    "latu.language",
    "latu.organisations",
    "latu.audit",
    "latu.notifications",
    "latu.ideas",
    "latu.experiments",
    "latu.tori",
    "latu.campaigns",
    "latu.dashboards",
    "latu.surveys",
    "latu.indicators",
    "latu.programmes",
    "latu.api",
]

MIDDLEWARE = [
    "latu.core.observability.ObservabilityMiddleware",  # first: request id and timing cover the rest
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "latu.core.guards.InputGuardMiddleware",  # NUL characters and deep JSON: 400 (the 400 page needs the user)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "latu.accounts.middleware.RequireMFAMiddleware",
    "latu.core.middleware.SecurityHeadersMiddleware",
    "latu.core.middleware.OwnNotFoundPageMiddleware",  # the project's 404 page with DEBUG on too
]

ROOT_URLCONF = "latu.urls"
WSGI_APPLICATION = "latu.wsgi.application"
ASGI_APPLICATION = "latu.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "latu.core.context_processors.latu",
                "latu.notifications.context_processors.notifications",
            ],
        },
    },
]

# Database: SQLite beside the project by default; PostgreSQL via DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL") or ""
if PRODUCTION and not DATABASE_URL:
    raise ImproperlyConfigured("DATABASE_URL is required in production")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{PROJECT_DIR / 'latu.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
else:
    # A persistent connection is checked with a round trip only when it has not answered
    # for this long (latu.core.postgresql); 0 checks before every request, as Django does.
    DATABASES["default"]["ENGINE"] = "latu.core.postgresql"
    LATU_DB_HEALTH_CHECK_SECONDS = env_int("DB_HEALTH_CHECK_SECONDS", 5)
    # psycopg prepares a statement run this often on one connection. Only the statements
    # of latu.core.rows (server-side binding) are prepared; Django's cursors bind on the
    # client. Off (DB_PREPARED_STATEMENTS=0) behind a pooler that drops prepared statements.
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        5 if env_bool("DB_PREPARED_STATEMENTS", True) else None
    )
    # Under the ASGI server (uvicorn) Django runs each request's database work in a thread
    # of its own, and a kept connection (CONN_MAX_AGE) is kept per thread: they pile up to
    # the server's limit. DB_POOL_SIZE > 0 shares a pool of at most that many connections
    # per process instead (psycopg_pool; connections are then not kept per thread).
    DB_POOL_SIZE = env_int("DB_POOL_SIZE", 0)
    if DB_POOL_SIZE > 0:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": 1, "max_size": DB_POOL_SIZE, "timeout": env_int("DB_POOL_TIMEOUT", 10),
        }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) make searches read PostgreSQL indexes alone; SQLite builds
# the same indexes without the included columns, which is fine.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Finnish morphology engine (latu.language.morphology): the Voikko C library in
# production; elsewhere it, when installed, or the pure-Python port.
LATU_MORPHOLOGY = env_str("LATU_MORPHOLOGY", "libvoikko" if PRODUCTION else "auto")
if LATU_MORPHOLOGY not in ("auto", "libvoikko", "pyvoikko"):
    raise ImproperlyConfigured(f"LATU_MORPHOLOGY must be auto, libvoikko or pyvoikko, got {LATU_MORPHOLOGY!r}")

# How long a page of Tekojen tori search results is kept (also until deeds change); 0: never.
TORI_SEARCH_CACHE_SECONDS = env_int("TORI_SEARCH_CACHE_SECONDS", 600)

# Cache: Redis when REDIS_URL is set (production, CI's PostgreSQL run), memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL") or ""
if PRODUCTION and not REDIS_URL:
    raise ImproperlyConfigured("REDIS_URL is required in production")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "latu.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "latu"),
            # Redis that does not answer within this is taken as away (latu.core.cache):
            # requests go on without the cache instead of waiting for it.
            "OPTIONS": {
                "socket_connect_timeout": float(env_str("REDIS_TIMEOUT_SECONDS", "1")),
                "socket_timeout": float(env_str("REDIS_TIMEOUT_SECONDS", "1")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Channels: messages between WebSocket consumers of every app server go through Redis;
# without REDIS_URL (one process: runserver, tests) they stay in memory.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": env_str("CHANNELS_PREFIX", "latu:channels")},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Sessions are kept in the database and read through the shared cache, so a signed-in
# page does not start with a query for its session.
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work through Django's tasks API. "immediate" runs in-process (the local
# default); "database" queues in the database for `latu worker` (production).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database" if PRODUCTION else "immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}
# `latu worker` runs these every LATU_WORKER_SWEEP_SECONDS and after a database outage:
# they finish work whose task was lost (latu.core.management.commands.worker).
LATU_WORKER_SWEEPS = ["latu.ideas.actions.announce_waiting", "latu.core.exportjobs.sweep"]
LATU_WORKER_SWEEP_SECONDS = env_int("WORKER_SWEEP_SECONDS", 60)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
SITE_ID = 1

# django-allauth: email is the login; verification mandatory; TOTP for privileged roles.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "latu.accounts.forms.SignupForm"}
# TOTP is required for org admins and the programme office; the local demo profile
# turns it off by default so that the printed demo logins work without an app.
LATU_REQUIRE_MFA = env_bool("REQUIRE_MFA", LATU_ENV != "local")
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_ADAPTER = "latu.accounts.adapter.AccountAdapter"
# How many reverse proxies of ours stand in front of the app servers (1 with the nginx of
# docs/deploy.md). 0: X-Forwarded-For is ignored and REMOTE_ADDR is the client. Every
# per-address limit (sign-in, API throttles, challenges) asks latu.core.clientip.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ACCOUNT_RATE_LIMITS = {
    # Failed logins are throttled per IP and per account (allauth's own limiter).
    "login_failed": env_str("LOGIN_FAILED_RATE", "10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_SIGNUP_OPEN = env_bool("SIGNUP_OPEN", True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Latu"
SOCIALACCOUNT_ADAPTER = "latu.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": []}}
# Organisation identity providers come from the database (SocialApp rows, one per
# organisation) or from OIDC_PROVIDERS: id|name|server_url|client_id|secret;...
for _entry in os.environ.get("OIDC_PROVIDERS", "").split(";"):
    if not _entry.strip():
        continue
    _parts = _entry.split("|")
    if len(_parts) != 5:
        raise ImproperlyConfigured("OIDC_PROVIDERS entries are id|name|server_url|client_id|secret")
    _pid, _name, _server, _client, _secret = (p.strip() for p in _parts)
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {"provider_id": _pid, "name": _name, "client_id": _client, "secret": _secret,
         "settings": {"server_url": _server}}
    )

# Email
EMAIL_URL = env_str("EMAIL_URL", "" if PRODUCTION else "console://")
if PRODUCTION and not EMAIL_URL:
    raise ImproperlyConfigured("EMAIL_URL is required in production (smtp+tls://user:pass@host:587)")
if EMAIL_URL.startswith("console:"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif EMAIL_URL.startswith("locmem:"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    from urllib.parse import unquote, urlsplit

    _email = urlsplit(EMAIL_URL)
    if _email.scheme not in ("smtp", "smtp+tls", "smtp+ssl"):
        raise ImproperlyConfigured("EMAIL_URL must be console://, locmem:// or smtp[+tls|+ssl]://…")
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_TLS = _email.scheme == "smtp+tls"
    EMAIL_USE_SSL = _email.scheme == "smtp+ssl"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Latu <latu@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Internationalisation: Finnish first, Swedish and English complete.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["latu.core.formats"]  # English dates day first (core/formatting.py)
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(PROJECT_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(PROJECT_DIR / "media")))
# Production: file names carry a hash of their content (cached for a year by browsers and
# nginx) and collectstatic writes .gz and .br copies beside each file for WhiteNoise and
# nginx's gzip_static. The copies take most of collectstatic's time (about a minute);
# STATIC_PRECOMPRESS=0 leaves them out where the proxy compresses on the fly.
if not PRODUCTION:
    _STATIC_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"
elif env_bool("STATIC_PRECOMPRESS", True):
    _STATIC_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
else:
    _STATIC_STORAGE = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": _STATIC_STORAGE},
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
LATU_MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# Idea attachments are private: stored here, outside MEDIA_ROOT, served by an access-checked view.
LATU_PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(PROJECT_DIR / "private-media")))

# Security: strict in production, `check --deploy` clean.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from a meta tag, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Probes and scrapers call these over plain HTTP inside the network; a redirect fails them.
    SECURE_REDIRECT_EXEMPT = [r"^livez/$", r"^healthz/$", r"^metrics/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

REST_FRAMEWORK = {
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    # Token first: an anonymous request then gets 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "latu.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "latu.api.pagination.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "latu.api.schema.AutoSchema",
    # Applied to every API view (per address when anonymous, per person when signed in);
    # the rates come from the environment (API_RATE_ANON / API_RATE_USER / API_RATE_SUBMIT).
    "DEFAULT_THROTTLE_CLASSES": ["latu.api.throttling.AnonRateThrottle", "latu.api.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_RATE_ANON", "120/min"),
        "user": env_str("API_RATE_USER", "600/min"),
        "submit": env_str("API_RATE_SUBMIT", "30/min"),
    },
    "EXCEPTION_HANDLER": "latu.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Latu API",
    "DESCRIPTION": "Ideas, experiments, development deeds (Tekojen tori) and organisations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Tags and operation ids from the resource (`ideas`, `me`), not from the version prefix.
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # One name for a choice set used by several fields (else a warning, and `check --deploy` fails).
    "ENUM_NAME_OVERRIDES": {
        "DevelopmentPhaseEnum": "latu.experiments.models.PHASES",
        "IdeaStatusEnum": "latu.ideas.models.Idea.Status",
        "ExperimentStatusEnum": "latu.experiments.models.Experiment.Status",
        "DeedStatusEnum": "latu.tori.models.Deed.Status",
        "NominationStatusEnum": "latu.campaigns.models.Nomination.Status",
        "SurveyStatusEnum": "latu.surveys.models.Survey.Status",
        "QuestionKindEnum": "latu.surveys.models.Question.Kind",
        "RoleGroupEnum": "latu.surveys.models.RoleGroup",
        "IndicatorKindEnum": "latu.indicators.models.Indicator.Kind",
        "IndicatorValueSourceEnum": "latu.indicators.models.IndicatorValue.Source",
        "IdeaSourceEnum": "latu.ideas.models.Idea.Source",
        "DecisionKindEnum": "latu.ideas.models.Decision.Kind",
        "MembershipRoleEnum": "latu.organisations.models.Role",
    },
}

# Logs: JSON lines in production (LOG_FORMAT=json), readable text elsewhere; every record
# carries the request id. The request line (latu.request) holds no user identifier.
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "latu.core.observability.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "latu.core.observability.JSONFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING" if TESTING else "INFO")},
    "loggers": {
        # Request lines carry paths such as anonymous receipt links: never log them.
        "django.server": {"handlers": [], "level": "ERROR", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
# /metrics/ needs "Authorization: Bearer <METRICS_TOKEN>"; unset, only loopback may scrape.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")

# Product settings.
LATU_FIRST_RESPONSE_TARGET_DAYS = env_int("FIRST_RESPONSE_TARGET_DAYS", 7)
LATU_DECISION_TARGET_DAYS = env_int("DECISION_TARGET_DAYS", 30)
# Audit events older than this many days are removed by `latu purge-audit` (docs/privacy.md).
# Downloads prepared in the background (latu.core.exportjobs) are kept this long.
EXPORT_KEEP_HOURS: int = env_int("EXPORT_KEEP_HOURS", 24)
if EXPORT_KEEP_HOURS < 1:
    raise ImproperlyConfigured(f"EXPORT_KEEP_HOURS must be at least 1, got {EXPORT_KEEP_HOURS}")
AUDIT_RETENTION_DAYS: int = env_int("AUDIT_RETENTION_DAYS", 730)
if AUDIT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured(f"AUDIT_RETENTION_DAYS must be at least 1, got {AUDIT_RETENTION_DAYS}")
FORM_RENDERER = "latu.core.forms.FormRenderer"
