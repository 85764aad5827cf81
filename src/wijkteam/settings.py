"""Wijkteam settings: everything that differs per installation comes from the environment.

Every environment variable is documented in ``docs/configuration.md``; a test checks that
each ``env_*`` call below has a row there.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("WIJKTEAM_DEBUG", False)
# Demo mode enables the demo banner and the fixed demo TOTP seeds. Never set it in production.
DEMO_MODE = env_bool("WIJKTEAM_DEMO_MODE", False)

_secret = os.environ.get("WIJKTEAM_SECRET_KEY")
if not _secret:
    TESTING = env_bool("WIJKTEAM_TESTING", False) or "pytest" in sys.modules
    if not (DEBUG or DEMO_MODE or TESTING):
        raise RuntimeError(
            "WIJKTEAM_SECRET_KEY is not set. Set it to a long random value "
            "(see docs/configuration.md)."
        )
    _secret = "insecure-development-key-only-for-demo-and-tests"
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("WIJKTEAM_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("WIJKTEAM_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_q",
    "wijkteam.core",
    "wijkteam.accounts",
    "wijkteam.organisations",
    "wijkteam.privacy",
    "wijkteam.lifedomains",
    "wijkteam.intake",
    "wijkteam.households",
    "wijkteam.casework",
    "wijkteam.assessments",
    "wijkteam.socialmap",
    "wijkteam.teamdesign",
    "wijkteam.steering",
    "wijkteam.results",
    "wijkteam.ui",
    "wijkteam.api",
    "wijkteam.jobs",
    "wijkteam.tooling",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wijkteam.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # API-Version header and problem details on every API answer (api/middleware.py).
    "wijkteam.api.middleware.ApiContractMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wijkteam.accounts.backends.OTPMiddleware",
    "wijkteam.accounts.middleware.RequireMFAMiddleware",
    # Refused access (403/404) is logged outside the request's rolled-back transaction.
    "wijkteam.privacy.denials.DenialLogMiddleware",
    # Cache-Control: no-store on every response to a logged-in person (session or token).
    "wijkteam.accounts.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "wijkteam.accounts.middleware.KeptInputMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "wijkteam.core.middleware.RequestSizeLimitMiddleware",
    "wijkteam.jobs.middleware.DatabaseBusyMiddleware",
    # Double submits create one record (core/idempotency.py, api/idempotency.py).
    "wijkteam.core.idempotency.FormIdempotencyMiddleware",
    "wijkteam.api.idempotency.IdempotencyKeyMiddleware",
    # A refusal of the access policy leaving a page view is a 404 (core/middleware.py).
    "wijkteam.core.middleware.AccessDeniedMiddleware",
]

ROOT_URLCONF = "wijkteam.urls"
WSGI_APPLICATION = "wijkteam.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wijkteam.ui.context_processors.wijkteam",
                "wijkteam.accounts.context_processors.session_timeout",
            ],
            # {% form_token %} next to every {% csrf_token %} (ui/templatetags/form_token.py).
            "builtins": ["wijkteam.ui.templatetags.form_token"],
        },
    }
]

# --- Database -------------------------------------------------------------------------
# Default: one SQLite file with WAL, a busy timeout and IMMEDIATE transactions, so that a
# single team or a demo runs without a database server. Production: DATABASE_URL pointing
# at PostgreSQL.
DATA_DIR = Path(env_str("WIJKTEAM_DATA_DIR", str(Path.cwd() / "var")))
SQLITE_BUSY_TIMEOUT_SECONDS = 20
# Web requests wait less for the SQLite write lock than workers do: after this many seconds a
# request answers "busy, try again" (503, jobs/middleware.py) instead of hanging for 20 s.
# Background workers (`wijkteam qcluster`) keep the long timeout.
SQLITE_WEB_BUSY_TIMEOUT_SECONDS = env_int("WIJKTEAM_SQLITE_WEB_BUSY_SECONDS", 5)
_database_url = os.environ.get("DATABASE_URL", "")


def _is_command_process() -> bool:
    """True for `wijkteam <command>` (the job worker, migrate, …); False for gunicorn, runserver
    and tests, whose requests should give up on a held write lock sooner."""
    program = Path(sys.argv[0]).name if sys.argv else ""
    return program in {"wijkteam", "manage.py"} and sys.argv[1:2] != ["runserver"]


def sqlite_database(path: Path | str, timeout: int = SQLITE_BUSY_TIMEOUT_SECONDS) -> dict[str, Any]:
    """The embedded database: WAL journal, busy timeout, IMMEDIATE write transactions."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            "timeout": timeout,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
            ),
        },
    }


def postgres_database(url: str, *, pool_size: int, conn_max_age: int, web: bool) -> dict[str, Any]:
    """PostgreSQL from a URL. A web process takes its connections from psycopg's pool
    (`pool_size` connections at most per process, opened on demand; 0 turns the pool off):
    a request borrows one and gives it back at its end, instead of a connection per process
    kept for `conn_max_age` seconds. Django refuses both at once, so with the pool
    CONN_MAX_AGE is 0. Commands (the job worker, migrate, the benchmark) never pool: the job
    worker forks its worker processes after it used the database, and a pool's open sockets
    and threads must not be shared with a forked child."""
    pooled = web and pool_size > 0
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=0 if pooled else conn_max_age)
    )
    options = config.setdefault("OPTIONS", {})
    if web:
        # Web requests give up waiting for a row lock after the same short time (503, busy).
        options["options"] = f"-c lock_timeout={SQLITE_WEB_BUSY_TIMEOUT_SECONDS * 1000}"
    if pooled:
        # min_size 1: an idle process keeps one connection; it grows to max_size under
        # load and gives back what it did not use for max_idle (10 min, psycopg's default).
        options["pool"] = {"min_size": 1, "max_size": pool_size, "timeout": 10}
    return config


# A streaming replica (read-only) for the steering dashboard's aggregate reads, in web
# processes only (core/dbrouter.py); the job worker that maintains those counts reads the
# primary. Empty: everything reads the primary.
_replica_url = env_str("DATABASE_REPLICA_URL", "")
DATABASE_ROUTERS: list[str] = []
if _database_url:
    _web = not _is_command_process()

    def _postgres(url: str) -> dict[str, Any]:
        return postgres_database(
            url,
            pool_size=env_int("WIJKTEAM_DB_POOL_SIZE", 4),
            conn_max_age=env_int("WIJKTEAM_DB_CONN_MAX_AGE", 60),
            web=_web,
        )

    DATABASES = {"default": _postgres(_database_url)}
    if _replica_url and _web:
        # In tests the replica alias reads the test database itself (Django's MIRROR).
        DATABASES["replica"] = _postgres(_replica_url) | {"TEST": {"MIRROR": "default"}}
        DATABASE_ROUTERS = ["wijkteam.core.dbrouter.ReplicaRouter"]
else:
    DATABASES = {
        "default": sqlite_database(
            DATA_DIR / "wijkteam.sqlite3",
            SQLITE_BUSY_TIMEOUT_SECONDS
            if _is_command_process()
            else SQLITE_WEB_BUSY_TIMEOUT_SECONDS,
        )
    }
# Every request runs in one transaction: a logged read and the response it feeds commit or
# roll back together (see docs/architecture.md, "Access log").
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and login ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:my_work"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "wijkteam.accounts.backends.MembershipBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "wijkteam.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins: the failure that reaches this number blocks the login name *from that
# address* until the cool-off has passed (BIO: protect against guessing). Per name + address,
# so nobody can lock a colleague out from elsewhere; before that, attempts slow down per name
# and per address (accounts/throttle.py).
AXES_FAILURE_LIMIT = env_int("WIJKTEAM_LOGIN_FAILURE_LIMIT", 6)
AXES_COOLOFF_TIME = env_int("WIJKTEAM_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "wijkteam.accounts.views.account.lockout_response"

# Idle sessions end after this many seconds without a request (IdleTimeoutMiddleware;
# the session row is renewed at most once a minute, not on every request). Every page warns
# SESSION_WARN_SECONDS before the end, with a button to stay logged in.
SESSION_IDLE_SECONDS = env_int("WIJKTEAM_SESSION_IDLE_MINUTES", 15) * 60
SESSION_WARN_SECONDS = env_int("WIJKTEAM_SESSION_WARN_MINUTES", 2) * 60
# After the idle end, the session row is still recognised for this long, only to keep what a
# POST brought for its person (see accounts/drafts.py); it never logs anyone in again.
SESSION_RECOGNISE_SECONDS = env_int("WIJKTEAM_SESSION_RECOGNISE_MINUTES", 240) * 60
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + SESSION_RECOGNISE_SECONDS
# Input kept after an expired session, a CSRF failure or a server error on a POST: encrypted
# (Fernet, key from WIJKTEAM_DRAFT_KEY or derived from the secret key), for this long.
DRAFT_KEEP_SECONDS = env_int("WIJKTEAM_DRAFT_KEEP_MINUTES", 120) * 60
DRAFT_KEY = env_str("WIJKTEAM_DRAFT_KEY", "")
SESSION_SAVE_EVERY_REQUEST = False
# Django's database sessions; the read's SQL is built once per connection (accounts/sessions.py).
SESSION_ENGINE = "wijkteam.accounts.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
OTP_TOTP_ISSUER = env_str("WIJKTEAM_TOTP_ISSUER", "Wijkteam")
INVITATION_VALID_DAYS = env_int("WIJKTEAM_INVITATION_VALID_DAYS", 7)

# --- Security headers ----------------------------------------------------------------------
SECURE_TLS = env_bool("WIJKTEAM_TLS", False)
SESSION_COOKIE_SECURE = SECURE_TLS
CSRF_COOKIE_SECURE = SECURE_TLS
SECURE_SSL_REDIRECT = SECURE_TLS and env_bool("WIJKTEAM_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 63072000 if SECURE_TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_TLS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("WIJKTEAM_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# --- Requests -------------------------------------------------------------------------------
# Largest request body accepted (bytes); larger ones get a 413 with a clear message.
MAX_REQUEST_BYTES = env_int("WIJKTEAM_MAX_REQUEST_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Language ------------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
# Each app keeps its own translations in <app>/locale/.
LOCALE_PATHS: list[Path] = []
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("WIJKTEAM_STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Uploaded documents (consent forms). Never served directly: a view checks access and logs.
MEDIA_ROOT = Path(env_str("WIJKTEAM_MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media-not-served/"

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "wijkteam.api.authentication.ExpiringTokenAuthentication",
        "wijkteam.api.authentication.MFASessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # drf-spectacular plus the Idempotency-Key header on every POST (api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "wijkteam.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "wijkteam.api.errors.exception_handler",
    # JSON in, with a size and nesting limit (api/parsers.py); JSON out, also for a browser
    # or ?format=api: no browsable renderer (api/negotiation.py).
    "DEFAULT_PARSER_CLASSES": ["wijkteam.api.parsers.LimitedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "wijkteam.api.negotiation.JSONFallbackNegotiation",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wijkteam API",
    "DESCRIPTION": "REST API of Wijkteam. Every endpoint applies the same access policy as the "
    "user interface and logs every read of personal data.",
    # Semantic version of the API; also the API-Version header of every answer. The major
    # version is the one in the path (/api/v1/).
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # The document as a contract: valid, every status and the one error shape (api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wijkteam.api.schema.drop_impossible_defaults",
        "wijkteam.api.schema.complete_responses",
        "wijkteam.api.schema.describe_document",
    ],
    # One clear name per choice set where field names repeat across apps.
    "ENUM_NAME_OVERRIDES": {
        "PartnerKindEnum": "wijkteam.intake.models.PartnerKind",
        "OutreachKindEnum": "wijkteam.intake.models.OutreachKind",
        "OutreachOutcomeEnum": "wijkteam.intake.models.OutreachOutcome",
        "SignalStatusEnum": "wijkteam.intake.models.SignalStatus",
        "NoteKindEnum": "wijkteam.casework.choices.NoteKind",
        "ActionStatusEnum": "wijkteam.casework.choices.ActionStatus",
        "TrendEnum": "wijkteam.casework.choices.Trend",
        "ReferralStatusEnum": "wijkteam.socialmap.models.ReferralStatus",
        "RelationTypeEnum": "wijkteam.households.models.RelationType",
        "AccessOutcomeEnum": "wijkteam.privacy.models.AccessOutcome",
    },
}
API_TOKEN_VALID_DAYS = env_int("WIJKTEAM_API_TOKEN_VALID_DAYS", 30)

# --- Logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("WIJKTEAM_LOG_LEVEL", "WARNING")},
    # The access log's chain head at every seal, a second copy outside the database.
    "loggers": {"wijkteam.accesslog.anchor": {"level": "INFO"}},
}

EMAIL_BACKEND = env_str("WIJKTEAM_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
CSRF_FAILURE_VIEW = "wijkteam.core.views.csrf_failure"
# axes.W006 warns about lockout parameters; ours (login name + address) are deliberate.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Access-log tamper evidence (privacy/chain.py, privacy/keys.py) ---------------------------
# The chain is an HMAC with a key that is not in the database: from the environment, or a key
# file (created with mode 0600 on first use when the variable is not set). Every seal appends
# the chain head to an append-only anchor file outside the database. In tests: a fixed key,
# and no anchor file unless a test sets one (each test gets its own, src/wijkteam/conftest.py).
_testing_run = env_bool("WIJKTEAM_TESTING", False) or "pytest" in sys.modules
ACCESSLOG_KEY = env_str("WIJKTEAM_ACCESSLOG_KEY", "")
if not ACCESSLOG_KEY and _testing_run and "WIJKTEAM_ACCESSLOG_KEY_FILE" not in os.environ:
    ACCESSLOG_KEY = "test-only-access-log-key-never-in-production"
ACCESSLOG_KEY_FILE = Path(env_str("WIJKTEAM_ACCESSLOG_KEY_FILE", str(DATA_DIR / "accesslog.key")))
# A key file named explicitly must exist (a missing mount must not silently start a new key).
ACCESSLOG_KEY_FILE_CREATE = "WIJKTEAM_ACCESSLOG_KEY_FILE" not in os.environ
ACCESSLOG_ANCHOR_FILE = env_str(
    "WIJKTEAM_ACCESSLOG_ANCHOR_FILE",
    "" if _testing_run else str(DATA_DIR / "accesslog-anchors.jsonl"),
)

# --- Retention (years after support ended; see privacy/retention.py) -------------------------
RETENTION_WMO_YEARS = env_int("WIJKTEAM_RETENTION_WMO_YEARS", 15)
RETENTION_YOUTH_YEARS = env_int("WIJKTEAM_RETENTION_YOUTH_YEARS", 20)
RETENTION_WITHDRAWN_WEEKS = env_int("WIJKTEAM_RETENTION_WITHDRAWN_WEEKS", 6)

# --- Assessments: the self-sufficiency matrix and the participation ladder are adult
# instruments; they are offered from this age (assessments/ages.py).
ASSESSMENT_ADULT_MIN_AGE = env_int("WIJKTEAM_ASSESSMENT_ADULT_MIN_AGE", 18)

# --- Background jobs (django-q2, ORM broker on the default database; docs/architecture.md) ---
# A task that runs longer than the timeout is stopped; a task whose worker died is handed out
# again after `retry` seconds (so retry must be larger than timeout). Import jobs keep their
# own heartbeat and are shown as stopped after IMPORT_LEASE_SECONDS without one.
JOB_TIMEOUT_SECONDS = env_int("WIJKTEAM_JOB_TIMEOUT_SECONDS", 300)
Q_CLUSTER = {
    "name": "wijkteam",
    "orm": "default",
    "workers": env_int("WIJKTEAM_JOB_WORKERS", 2),
    "timeout": JOB_TIMEOUT_SECONDS,
    "retry": max(env_int("WIJKTEAM_JOB_RETRY_SECONDS", 360), JOB_TIMEOUT_SECONDS + 1),
    "max_attempts": env_int("WIJKTEAM_JOB_MAX_ATTEMPTS", 3),
    "ack_failures": False,  # a failed job is tried again after `retry`, up to max_attempts
    "catch_up": False,
    "save_limit": 500,
    "poll": 1,
    "label": _("Background jobs"),
}
IMPORT_LEASE_SECONDS = env_int("WIJKTEAM_IMPORT_LEASE_SECONDS", 60)
# Days the privacy officer's dry-run report is available before anything in it is destroyed.
RETENTION_NOTICE_DAYS = env_int("WIJKTEAM_RETENTION_NOTICE_DAYS", 14)
# A person with this many refused accesses within the window is flagged to the privacy officer.
DENIAL_BURST_COUNT = env_int("WIJKTEAM_DENIAL_BURST_COUNT", 20)
DENIAL_BURST_MINUTES = env_int("WIJKTEAM_DENIAL_BURST_MINUTES", 10)
# Daily e-mail "you have N actions due / M signals past their deadline" (counts only).
REMINDER_EMAILS = env_bool("WIJKTEAM_REMINDER_EMAILS", False)
SITE_URL = env_str("WIJKTEAM_SITE_URL", "http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env_str("WIJKTEAM_FROM_EMAIL", "wijkteam@localhost")
