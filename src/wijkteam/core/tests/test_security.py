from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from wijkteam.conftest import World


@pytest.mark.django_db
def test_security_headers_on_pages(client: Client) -> None:
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp
        and "frame-ancestors 'none'" in csp
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response  # no TLS configured


@pytest.mark.django_db
def test_hsts_when_tls(client: Client, settings) -> None:
    settings.SECURE_HSTS_SECONDS = 63072000
    response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=63072000")


@pytest.mark.django_db
def test_forms_require_csrf(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "verlopen" in response.content.decode()


@pytest.mark.django_db
def test_health_reports_database() -> None:
    assert Client().get(reverse("core:health")).json()["status"] == "ok"


@pytest.mark.django_db
def test_english_is_selectable(world: World, client_for) -> None:
    client = client_for(world.member_a)
    assert "Mijn werk" in client.get(reverse("core:my_work")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/my-work/"})
    assert "My work" in client.get(reverse("core:my_work")).content.decode()


@pytest.mark.django_db
def test_demo_code_is_shown_only_in_demo_mode(settings) -> None:
    settings.DEMO_MODE = True
    call_command("demo")
    client = Client()
    client.post(reverse("accounts:login"), {"username": "fenna", "password": "wijkteam-demo-2026"})
    assert b'data-testid="demo-code"' in client.get(reverse("accounts:mfa_verify")).content
    settings.DEMO_MODE = False
    assert b'data-testid="demo-code"' not in client.get(reverse("accounts:mfa_verify")).content


@pytest.mark.django_db
def test_deploy_check_fails_in_demo_mode(settings) -> None:
    from django.core.management.base import SystemCheckError

    settings.DEMO_MODE = True
    with pytest.raises(SystemCheckError):
        call_command("check", "--deploy", "--fail-level", "ERROR")
