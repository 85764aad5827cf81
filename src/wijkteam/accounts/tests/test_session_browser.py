"""The idle warning and kept input, in real Chromium (short idle times via settings)."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.models import Draft
from wijkteam.casework.models import Note
from wijkteam.casework.tests.helpers import make_household
from wijkteam.conftest import axe_violations, browser_login, build_world, totp_code

PASSWORD = "een-lang-wachtwoord-42"
NOTE = "Gesprek met mevrouw over de huurachterstand; volgende week bellen."
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _person():
    world = build_world()
    user = world.member_a
    user.set_password(PASSWORD)
    user.save()
    return world, user


def _last_seen(page: Any) -> int:
    cookie = next(
        c for c in page.context.cookies() if c["name"] == django_settings.SESSION_COOKIE_NAME
    )
    return int(SessionStore(session_key=cookie["value"])["_last_seen"])


def test_warning_counts_down_and_stay_logged_in_renews(live_server, page, settings) -> None:
    settings.SESSION_IDLE_SECONDS = 40
    settings.SESSION_WARN_SECONDS = 36
    _world, user = _person()
    browser_login(page, live_server.url, user.username, PASSWORD, TOTPDevice.objects.get(user=user))
    dialog = page.locator("#wt-session")
    dialog.wait_for(state="visible")
    assert page.locator("#wt-session-title").inner_text() == "Je wordt bijna uitgelogd"
    assert re.fullmatch(r"0:\d\d", page.locator("[data-session-time]").inner_text())
    # Keyboard focus is on the button, so Enter renews.
    assert page.evaluate("document.activeElement.textContent.trim()") == "Ingelogd blijven"
    assert (
        page.evaluate("document.getElementById('wt-session').getAttribute('role')") == "alertdialog"
    )
    assert axe_violations(page) == []
    before = _last_seen(page)
    time.sleep(1.1)  # the renewal's stamp is in whole seconds: make it distinguishable
    url_before = page.url
    page.click("text=Ingelogd blijven")
    dialog.wait_for(state="hidden")
    assert page.url == url_before  # renewed without leaving the page
    assert _last_seen(page) > before
    assert page.console_errors == []


def test_after_the_idle_end_typed_note_is_kept_and_saved_after_login(
    live_server, page, settings
) -> None:
    settings.SESSION_IDLE_SECONDS = 10
    settings.SESSION_WARN_SECONDS = 8
    world, user = _person()
    household = make_household(world, coordinator=user)
    device = TOTPDevice.objects.get(user=user)
    browser_login(page, live_server.url, user.username, PASSWORD, device)
    page.goto(f"{live_server.url}{reverse('casework:household_file', args=[household.pk])}")
    page.locator("[data-session-ended]").wait_for(state="visible", timeout=30_000)
    assert "Je bent uitgelogd" in page.locator("[data-session-ended]").inner_text()
    assert axe_violations(page) == []
    page.click("[data-session-close]")
    page.fill("form.wt-note-form textarea[name=text]", NOTE)
    page.click("form.wt-note-form button[type=submit]")
    page.wait_for_url("**/login/**")
    assert "is bewaard" in page.locator("[data-testid=login-notice]").inner_text()
    draft = Draft.objects.get(user=user)
    assert not Note.objects.filter(text=NOTE).exists()

    settings.SESSION_IDLE_SECONDS = 600  # the rest must not race a 10-second idle time
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/mfa/verify/")
    page.fill("#id_code", totp_code(device))  # not the first login's code: used once
    page.click("main button[type=submit]")
    page.wait_for_url("**/account/unsaved/")
    assert "Je notitie was nog niet opgeslagen; nu opslaan?" in page.inner_text("main")
    assert NOTE in page.inner_text("main")
    assert axe_violations(page) == []
    page.click("text=Open het formulier met deze tekst")
    # The script says so in a live region once it has filled the form.
    page.wait_for_selector("[data-draft-status]:not(:empty)", state="attached")
    assert page.input_value("form.wt-note-form textarea[name=text]") == NOTE
    assert "#wt-draft" not in page.url
    page.click("form.wt-note-form button[type=submit]")
    page.wait_for_load_state()
    assert Note.objects.filter(household=household, text=NOTE).count() == 1
    assert Draft.objects.filter(pk=draft.pk).exists()  # until thrown away, or expired
    assert page.console_errors == []
