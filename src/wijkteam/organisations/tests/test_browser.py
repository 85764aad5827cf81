"""The functional administrator sets up the municipality and invites a colleague, who
accepts, enrols TOTP and lands on "Mijn werk" — all in real Chromium."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.models import Membership
from wijkteam.conftest import axe_violations, browser_login, build_world
from wijkteam.organisations.models import Area, Team

PASSWORD = "correct horse battery staple"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _save(page: Any) -> None:
    page.click("main form.wt-form button[type=submit]")
    page.wait_for_load_state()


def test_admin_sets_up_areas_team_and_invites_a_colleague(
    live_server: Any, page: Any, browser: Any
) -> None:
    world = build_world()
    admin = world.admin
    admin.set_password(PASSWORD)
    admin.save()
    browser_login(page, live_server.url, "admin", PASSWORD, TOTPDevice.objects.get(user=admin))
    page.click("nav >> text=Beheer")
    assert axe_violations(page) == []

    page.click("text=Een gebied toevoegen")
    page.fill("#id_name", "Havenkwartier")
    page.fill("#id_neighbourhoods", "Oude Haven\nNieuwe Haven")
    page.fill("#id_inhabitants", "veel")
    _save(page)
    assert "heel getal" in page.inner_text("main")
    page.fill("#id_inhabitants", "12500")
    _save(page)
    assert "Meer dan 10.000 inwoners voor één team" in page.inner_text("main")
    area = Area.objects.get(name="Havenkwartier")
    assert area.neighbourhood_list == ["Oude Haven", "Nieuwe Haven"]

    page.click("text=Een team toevoegen")
    page.fill("#id_name", "Wijkteam Haven")
    page.check(f"input[name=areas][value='{area.pk}']")
    page.select_option("#id_organisation_model", "integral")
    _save(page)
    team = Team.objects.get(name="Wijkteam Haven")
    assert team.organisation_model == "integral" and list(team.areas.all()) == [area]

    page.click("nav >> text=Personen")
    page.click("text=Iemand uitnodigen")
    assert axe_violations(page) == []
    page.fill("#id_first_name", "Lisa")
    page.fill("#id_last_name", "Nieuw")
    page.fill("#id_email", "lisa@example.org")
    page.fill("#id_username", "lisa")
    page.select_option("#id_team", label="Wijkteam Haven")
    page.select_option("#id_role", "civil_servant")
    page.select_option("#id_secrecy_status", "professional_secrecy")
    _save(page)
    assert "aangifteplicht" in page.inner_text("main")  # a civil servant has a duty to report
    assert "Vul de fte in" in page.inner_text("main")  # no FTE is guessed for a team role
    page.select_option("#id_secrecy_status", "duty_to_report")
    page.fill("#id_function_title", "Wmo-consulent")
    page.fill("#id_fte", "0.8")
    _save(page)
    invitation_url = page.inner_text("[data-testid=invitation-url]")
    membership = Membership.objects.get(user__username="lisa")
    assert (membership.team, membership.role, membership.secrecy_status, membership.fte) == (
        team,
        "civil_servant",
        "duty_to_report",
        Decimal("0.80"),
    )

    context = browser.new_context(locale="nl-NL")
    invitee = context.new_page()
    invitee.goto(invitation_url)
    invitee.fill("#id_password1", PASSWORD)
    invitee.fill("#id_password2", PASSWORD)
    invitee.click("main button[type=submit]")
    invitee.wait_for_url("**/mfa/setup/")
    secret = invitee.get_attribute("[data-testid=totp-secret]", "data-secret") or ""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    invitee.fill("#id_code", f"{TOTP(key).token():06d}")
    invitee.click("main button[type=submit]")
    invitee.wait_for_url("**/account/recovery-codes/")
    invitee.click("main a.utrecht-link")
    invitee.wait_for_url("**/my-work/")
    assert "Wijkteam Haven" in invitee.inner_text("main")
    context.close()
