"""Point 13: demo accounts cannot outlive demo mode; `check --deploy` fails loudly."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts import checks
from wijkteam.accounts.models import Membership, User
from wijkteam.privacy.models import AccessLogEntry

STRONG_KEY = "k8#Qz!v2Lr@9wXe$Tn4^Yb7&Hm1*Pc6(Jd3)Fs5_Ga0+Ui8=Ok2"
DEMO_PASSWORD = "wijkteam-demo-2026"


def _safe(settings) -> None:
    settings.DEMO_MODE = False
    settings.DEBUG = False
    settings.SECRET_KEY = STRONG_KEY
    settings.SECURE_TLS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 63072000
    settings.SECURE_SSL_REDIRECT = True


def _error_ids() -> set[str]:
    from django.core.checks import run_checks

    return {e.id for e in run_checks(include_deployment_checks=True) if e.is_serious()}


@pytest.fixture
def demo_loaded(settings):
    settings.DEMO_MODE = True
    call_command("demo")
    return settings


@pytest.mark.django_db
def test_a_safe_configuration_passes_the_deploy_check(settings) -> None:
    _safe(settings)
    call_command("check", "--deploy", "--fail-level", "ERROR")  # raises on any error


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "check_id"),
    [
        ({"DEBUG": True}, "wijkteam.E003"),
        ({"SECRET_KEY": checks.DEVELOPMENT_SECRET_KEY}, "wijkteam.E004"),
        ({"SECRET_KEY": "short-but-random-9x!"}, "wijkteam.E004"),
        ({"SECRET_KEY": "a" * 80}, "wijkteam.E004"),
        ({"SECRET_KEY": "django-insecure-" + STRONG_KEY}, "wijkteam.E004"),
        ({"SECURE_TLS": False, "SESSION_COOKIE_SECURE": False}, "wijkteam.E005"),
        ({"SECURE_HSTS_SECONDS": 0}, "wijkteam.E005"),
    ],
)
def test_deploy_check_fails_with_an_error(settings, change, check_id) -> None:
    _safe(settings)
    for name, value in change.items():
        setattr(settings, name, value)
    assert check_id in _error_ids()
    with pytest.raises(SystemCheckError):
        call_command("check", "--deploy", "--fail-level", "ERROR")


@pytest.mark.django_db
def test_demo_accounts_without_demo_mode_refuse_the_start(demo_loaded) -> None:
    demo_loaded.DEMO_MODE = False
    # Not only --deploy: the plain check (runserver, migrate, qcluster) and wsgi.py's refusal.
    with pytest.raises(SystemCheckError, match=r"wijkteam\.E002"):
        call_command("check")
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="demo account"):
        checks.refuse_unsafe_start()


@pytest.mark.django_db
def test_demo_accounts_are_fine_in_demo_mode(demo_loaded) -> None:
    assert "wijkteam.E002" not in {e.id for e in checks.demo_accounts_need_demo_mode(None)}
    checks.refuse_unsafe_start()


@pytest.mark.django_db
def test_demo_account_cannot_log_in_once_demo_mode_is_off(demo_loaded) -> None:
    client = Client()
    demo_loaded.DEMO_MODE = False
    response = client.post(
        reverse("accounts:login"), {"username": "fenna", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200 and "niet juist" in response.content.decode()


@pytest.mark.django_db
def test_demo_remove_removes_accounts_memberships_and_devices(demo_loaded, caplog) -> None:
    demo_loaded.DEMO_MODE = False
    demo_ids = list(User.objects.filter(is_demo_account=True).values_list("pk", flat=True))
    assert len(demo_ids) == 13
    with caplog.at_level("WARNING", logger="wijkteam.accounts"):
        call_command("demo_remove")
    assert "demo accounts removed" in caplog.text
    assert not User.objects.filter(is_demo_account=True, is_active=True).exists()
    assert not Membership.objects.filter(user_id__in=demo_ids).exists()
    assert not TOTPDevice.objects.filter(user_id__in=demo_ids).exists()
    # Whom the access log (or other kept records) names stays as an unusable row.
    kept = User.objects.filter(pk__in=demo_ids)
    assert 0 < kept.count() < 13
    assert all(not u.is_active and not u.has_usable_password() for u in kept)
    assert AccessLogEntry.objects.filter(actor_id__in=demo_ids).exists()
    call_command("check")  # starts again
    checks.refuse_unsafe_start()
