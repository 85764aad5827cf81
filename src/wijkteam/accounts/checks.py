"""System checks that keep a production installation safe.

Two kinds:

* **Start-up refusals** (tag ``wijkteam_start``): run by every management command that runs
  checks (``runserver``, ``migrate``, ``qcluster``, ``check``) and by ``wsgi.py`` before
  gunicorn serves a request (:func:`refuse_unsafe_start`). Today one: demo accounts (public
  password, public TOTP keys) in a database while demo mode is off.
* **Deployment checks** (``wijkteam check --deploy``): Errors, not Django's Warnings, for
  demo mode, DEBUG, a missing/weak/default secret key and no TLS, so the production
  checklist's "no errors" cannot pass with any of them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register, run_checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

START = "wijkteam_start"
# The fallback key of settings.py (demo, debug and tests only).
DEVELOPMENT_SECRET_KEY = "insecure-development-key-only-for-demo-and-tests"
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


@register(Tags.security, deploy=True)
def demo_mode_off_in_production(app_configs: Any, **kwargs: Any) -> list[Error]:
    if getattr(settings, "DEMO_MODE", False):
        return [
            Error(
                "WIJKTEAM_DEMO_MODE is on: demo logins and the demo TOTP shortcut are active.",
                hint="Unset WIJKTEAM_DEMO_MODE on any installation holding real data.",
                id="wijkteam.E001",
            )
        ]
    return []


def demo_account_count() -> int | None:
    """Active demo accounts in the database; None when there is no (migrated) database yet."""
    from wijkteam.accounts.models import User

    try:
        return User.objects.filter(is_demo_account=True, is_active=True).count()
    except DatabaseError:
        # Before the first migrate, or a build step without a database: nothing to find.
        return None


@register(Tags.security, START)
def demo_accounts_need_demo_mode(app_configs: Any, **kwargs: Any) -> list[Error]:
    if getattr(settings, "DEMO_MODE", False):
        return []
    count = demo_account_count()
    if not count:
        return []
    return [
        Error(
            f"{count} demo account(s) exist while demo mode is off. Their password and TOTP "
            "keys are public.",
            hint="Run `wijkteam demo_remove` (or set WIJKTEAM_DEMO_MODE=1 on a demo installation).",
            id="wijkteam.E002",
        )
    ]


@register(Tags.security, deploy=True)
def debug_off(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.DEBUG:
        return [
            Error(
                "WIJKTEAM_DEBUG is on: error pages show settings, code and personal data.",
                hint="Unset WIJKTEAM_DEBUG on any reachable server.",
                id="wijkteam.E003",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def strong_secret_key(app_configs: Any, **kwargs: Any) -> list[Error]:
    key = str(getattr(settings, "SECRET_KEY", "") or "")
    weak = (
        not key
        or key == DEVELOPMENT_SECRET_KEY
        or key.startswith("django-insecure")
        or len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    )
    if weak:
        return [
            Error(
                "WIJKTEAM_SECRET_KEY is missing, the built-in development key, or weak "
                f"(fewer than {SECRET_KEY_MIN_LENGTH} characters or "
                f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones).",
                hint='Set it to e.g. `python -c "import secrets; print(secrets.token_urlsafe(50))"`.',
                id="wijkteam.E004",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def tls_configured(app_configs: Any, **kwargs: Any) -> list[Error]:
    missing = [
        name
        for name, ok in (
            ("SECURE_TLS", bool(getattr(settings, "SECURE_TLS", False))),
            ("SESSION_COOKIE_SECURE", settings.SESSION_COOKIE_SECURE),
            ("CSRF_COOKIE_SECURE", settings.CSRF_COOKIE_SECURE),
            ("SECURE_HSTS_SECONDS", settings.SECURE_HSTS_SECONDS > 0),
        )
        if not ok
    ]
    if missing:
        return [
            Error(
                "No TLS: sessions and personal data would travel unencrypted "
                f"({', '.join(missing)} off).",
                hint="Serve over HTTPS and set WIJKTEAM_TLS=1 (see docs/configuration.md).",
                id="wijkteam.E005",
            )
        ]
    return []


def refuse_unsafe_start() -> None:
    """Called by ``wsgi.py``: gunicorn's workers do not boot while a start-up check fails."""
    from django.db import connections

    errors = [e for e in run_checks(tags=[START]) if e.is_serious()]
    connections.close_all()  # opened for the check; requests open their own
    for connection in connections.all(initialized_only=True):
        # And the connection pool the check opened (PostgreSQL, settings.postgres_database):
        # under `gunicorn --preload` this runs in the master, and workers forked with its
        # open connections would share their sockets (errors on every other request).
        close_pool = getattr(connection, "close_pool", None)
        if close_pool is not None:
            close_pool()
    if errors:
        raise ImproperlyConfigured("Wijkteam refuses to start: " + " ".join(map(str, errors)))
