"""Browser tests in real headless Chromium (Debian package) through Playwright."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode, urlparse

import pytest
import segno
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.conftest import axe_violations, build_world, verified_client
from wijkteam.core.tests.test_route_matrix import DECLARED

PASSWORD = "correct horse battery staple"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _submit(page: Any) -> None:
    page.click("main button[type=submit]")


def _code_from_secret(b32_secret: str) -> str:
    import base64

    key = base64.b32decode(b32_secret + "=" * (-len(b32_secret) % 8))
    return f"{TOTP(key).token():06d}"


def test_first_login_enrols_totp_from_the_qr_secret_and_lands_on_my_work(live_server, page) -> None:
    world = build_world()
    user = world.member_a
    TOTPDevice.objects.filter(user=user).delete()
    user.set_password(PASSWORD)
    user.save()

    page.goto(f"{live_server.url}/login/")
    assert axe_violations(page) == []
    page.fill("#id_username", "member_a")
    page.fill("#id_password", PASSWORD)
    _submit(page)
    page.wait_for_url("**/mfa/setup/")
    assert axe_violations(page) == []
    secret = page.get_attribute("[data-testid=totp-secret]", "data-secret")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # The QR code encodes exactly the provisioning URI that carries this secret.
    assert page.get_attribute("img.wt-qr", "src") == segno.make(
        device.config_url, error="m"
    ).svg_data_uri(scale=5, dark="#000", light="#fff")
    assert f"secret={secret}" in device.config_url

    page.fill("#id_code", "000000" if _code_from_secret(secret) != "000000" else "111111")
    _submit(page)
    assert "Deze code is niet juist" in page.text_content("main")
    page.wait_for_timeout(1500)  # django-otp throttles one second after a wrong code
    page.fill("#id_code", _code_from_secret(secret))
    _submit(page)
    page.wait_for_url("**/account/recovery-codes/")
    assert len(page.query_selector_all("[data-testid=recovery-codes] li")) == 10
    page.click("main a.utrecht-link")
    page.wait_for_url("**/my-work/")
    assert page.text_content("h1") == "Mijn werk"
    assert "Team A" in page.text_content("main")
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_six_wrong_passwords_block_the_account(live_server, page) -> None:
    import time_machine

    world = build_world()
    world.member_a.set_password(PASSWORD)
    world.member_a.save()

    def attempt(password: str) -> None:
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", "member_a")
        page.fill("#id_password", password)
        _submit(page)

    # The live server runs in this process: moving the clock skips the slow-down's waits
    # (at most 30 s each), well within the 15 minutes the lock lasts.
    with time_machine.travel(timezone.now(), tick=True) as clock:
        for number in range(1, 5):
            attempt(f"wrong-{number}")
            clock.shift(dt.timedelta(seconds=31) if number < 4 else dt.timedelta(0))
        attempt("wrong-5")  # straight after the fourth failure: wait first
        assert "Probeer het over" in page.text_content("main")
        for number in range(5, 7):
            clock.shift(dt.timedelta(seconds=31))
            attempt(f"wrong-{number}")
        assert "Te veel pogingen" in page.text_content("h1")
        clock.shift(dt.timedelta(seconds=31))
        attempt(PASSWORD)  # the right password from here is refused too, while locked
        assert "Te veel pogingen" in page.text_content("h1")


def test_idle_session_expires(live_server, page, settings) -> None:
    from wijkteam.conftest import browser_login

    settings.SESSION_IDLE_SECONDS = 3
    world = build_world()
    world.member_a.set_password(PASSWORD)
    world.member_a.save()
    browser_login(
        page, live_server.url, "member_a", PASSWORD, TOTPDevice.objects.get(user=world.member_a)
    )
    page.goto(f"{live_server.url}/my-work/")
    assert page.text_content("h1") == "Mijn werk"
    page.wait_for_timeout(4500)
    page.goto(f"{live_server.url}/my-work/")
    assert "/login/" in page.url


def _pages_to_check() -> list[tuple[str, str]]:
    """Every UI page (GET) with the first persona that may open it."""
    order = (
        "member_a",
        "leader_a",
        "civil_servant_a",
        "admin",
        "policy",
        "privacy_officer",
        "anonymous",
    )
    pages = []
    for name, route in sorted(DECLARED.items()):
        if (
            route.method != "get"
            or name.startswith("api:")
            or name.endswith("_api")
            or "_api:" in name
        ):
            continue
        persona = next((p for p in order if route.expect.get(p) == 200), None)
        if persona:
            pages.append((name, persona))
    return pages


PAGES = _pages_to_check()


def test_the_accessibility_check_covers_the_pages() -> None:
    assert len(PAGES) >= 10


@pytest.mark.once
@pytest.mark.parametrize(("name", "persona"), PAGES, ids=[name for name, _ in PAGES])
def test_accessibility_of_every_page(live_server, page, name: str, persona: str) -> None:
    world = build_world()
    host = urlparse(live_server.url).hostname
    route = DECLARED[name]
    if persona != "anonymous":
        client = verified_client(world.users[persona])
        page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "domain": host,
                    "path": "/",
                }
            ]
        )
    url = f"{live_server.url}{reverse(name, kwargs=route.kwargs(world))}"
    if route.data:
        url += "?" + urlencode(route.data(world))
    head = page.context.request.get(url)
    if "text/html" not in head.headers.get("content-type", "") or "<html" not in head.text()[:300]:
        return  # a download (PDF, CSV) or an HTML fragment: no page to check
    response = page.goto(url)
    assert response is not None and response.status == 200
    violations = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in axe_violations(page)
    ]
    assert violations == []
