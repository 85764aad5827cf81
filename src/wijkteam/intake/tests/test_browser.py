"""Signal -> outreach -> household, through real Chromium, with axe on every intake page."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.conftest import axe_violations, browser_login, build_world
from wijkteam.intake.models import DutyShift, Signal, SignalStatus
from wijkteam.intake.tests.factories import make_partner


@pytest.mark.browser
def test_signal_with_deadline_to_household_and_my_work(live_server, page, transactional_db):
    world = build_world()
    user = world.member_a
    user.set_password("een-lang-wachtwoord-42")
    user.save()
    partner = make_partner(
        world.team_a, name="Woonstede", deadline_days=14, agreement="Twee weken voor de deurwaarder"
    )
    DutyShift.objects.create(team=world.team_a, date=timezone.localdate(), user=user)
    browser_login(
        page,
        live_server.url,
        user.username,
        "een-lang-wachtwoord-42",
        TOTPDevice.objects.get(user=user),
    )

    page.goto(f"{live_server.url}/signals/")
    assert axe_violations(page) == []
    page.select_option("#id_partner", str(partner.pk))
    page.fill("#id_subject_address", "Teststraat 12")
    page.fill("#id_subject_name", "Fam. De Proef")
    page.fill("#id_concern", "Drie maanden huurachterstand")
    page.click("form.wt-quick-form button[type=submit]")
    page.wait_for_url("**/signals/*/")
    signal = Signal.objects.get()
    assert signal.deadline == timezone.localdate() + timezone.timedelta(days=14)
    assert axe_violations(page) == []

    for kind, outcome in (
        ("visit", "no_answer"),
        ("visit", "note_left"),
        ("visit", "contact"),
    ):
        page.select_option("#id_kind", kind)
        page.select_option("#id_outcome", outcome)
        page.click("#outreach-form button[type=submit]")
        page.wait_for_load_state()
    assert list(signal.outreach_attempts.values_list("outcome", flat=True)) == [
        "no_answer",
        "note_left",
        "contact",
    ]
    assert page.locator("main table tbody tr").count() == 3

    page.click("#link-household")
    page.wait_for_url("**/link/**")
    assert axe_violations(page) == []
    assert page.input_value("#id_name") == "Fam. De Proef"
    page.click("#new-household-form button[type=submit]")
    page.wait_for_url(f"**/signals/{signal.pk}/")
    signal.refresh_from_db()
    assert signal.status == SignalStatus.LINKED and signal.household.name == "Fam. De Proef"

    page.goto(f"{live_server.url}/signals/roster/{world.team_a.pk}/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/signals/partners/")
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/my-work/")
    section = page.locator("section[aria-labelledby=intake-heading]")
    assert section.locator(".wt-badge--duty").count() == 1
    assert "Member Test" in section.inner_text()
    assert axe_violations(page) == []
    assert page.console_errors == []


@pytest.mark.browser
def test_team_leader_adds_a_partner_and_plans_the_roster(live_server, page, transactional_db):
    world = build_world()
    leader = world.leader_a
    leader.set_password("een-lang-wachtwoord-42")
    leader.save()
    browser_login(
        page,
        live_server.url,
        leader.username,
        "een-lang-wachtwoord-42",
        TOTPDevice.objects.get(user=leader),
    )

    page.goto(f"{live_server.url}/signals/partners/")
    page.click(f"a[href='/signals/partners/new/{world.team_a.pk}/']")
    page.wait_for_url(f"**/signals/partners/new/{world.team_a.pk}/")
    assert axe_violations(page) == []
    page.fill("#id_name", "Woonstede")
    page.select_option("#id_kind", "housing_corporation")
    page.select_option("#id_contact_person", str(world.member_a.pk))
    page.fill("#id_agreement", "Twee weken voordat de deurwaarder komt")
    page.fill("#id_deadline_days", "14")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/signals/partners/")
    assert "Woonstede" in page.inner_text("main")

    page.goto(f"{live_server.url}/signals/roster/{world.team_a.pk}/")
    assert axe_violations(page) == []
    # The next Monday (today if it is one): the members' memberships start today.
    today = timezone.localdate()
    monday = today + timezone.timedelta(days=(7 - today.weekday()) % 7)
    page.fill("#id_start", monday.isoformat())
    page.fill("#id_working_day_count", "5")
    page.click("form[action$='/generate/'] button[type=submit]")
    page.wait_for_load_state()
    assert DutyShift.objects.filter(team=world.team_a).count() == 5
    assert page.locator("main table tbody tr", has_text="Member Test").count() == 5
    assert axe_violations(page) == []


@pytest.mark.browser
def test_returning_household_restarts_from_the_signal_by_keyboard(
    live_server, page, transactional_db
):
    from wijkteam.casework.tests.helpers import trajectory_of
    from wijkteam.intake.tests.factories import make_returning_signal

    world = build_world()
    signal = make_returning_signal(world)
    leader = world.leader_a
    leader.set_password("een-lang-wachtwoord-42")
    leader.save()
    browser_login(
        page,
        live_server.url,
        leader.username,
        "een-lang-wachtwoord-42",
        TOTPDevice.objects.get(user=leader),
    )

    page.goto(f"{live_server.url}/signals/{signal.pk}/")
    assert page.locator("#restart-heading").inner_text() == "Opnieuw ondersteuning starten"
    assert axe_violations(page) == []
    page.focus("#id_coordinator")
    page.select_option("#id_coordinator", str(world.member_a.pk))
    page.keyboard.press("Tab")
    focused = "[document.activeElement.tagName, document.activeElement.closest('form').id]"
    assert page.evaluate(focused) == ["BUTTON", "restart-form"]
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/households/{signal.household_id}/")
    trajectory = trajectory_of(signal.household)
    assert trajectory.coordinator == world.member_a and trajectory.phase == "analysis"
    assert page.console_errors == []
