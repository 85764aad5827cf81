"""Acceptance walk in real Chromium: six blocks, composition, quickscans, both PDFs, comparison."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.conftest import axe_violations, browser_login, build_world
from wijkteam.teamdesign.models import Block, Question
from wijkteam.teamdesign.services import instrument_current
from wijkteam.teamdesign.tests.test_views import pdf_text

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def _no_axe(page: Any) -> None:
    assert axe_violations(page) == []


def _q(code: str) -> str:
    return f"#id_q{Question.objects.get(code=code).pk}"


def test_team_fills_its_design_and_reflects(
    live_server: Any, page: Any, transactional_db: Any
) -> None:
    world = build_world()
    instrument = instrument_current(municipality=world.municipality)
    user = world.leader_a
    user.set_password(PASSWORD)
    user.save()
    browser_login(page, live_server.url, user.username, PASSWORD, TOTPDevice.objects.get(user=user))

    page.goto(f"{live_server.url}/teamdesign/")
    _no_axe(page)
    page.click("main a:has-text('Team A')")
    page.wait_for_load_state()
    _no_axe(page)
    team = f"{live_server.url}/teamdesign/teams/{world.team_a.pk}"

    # All six building blocks: at least one answer and the decisions; block 3 chooses a model.
    blocks = list(Block.objects.filter(instrument=instrument).order_by("order"))
    assert len(blocks) == 6
    for block in blocks:
        page.goto(f"{team}/blocks/{block.code}/")
        page.locator("main form textarea").first.fill(f"Ons antwoord bij {block.code}")
        page.fill(_q(f"{block.code}.decisions"), f"Besluit bij {block.code}")
        if block.code == "form":
            model = Question.objects.get(code="form.model")
            page.check(f"input[name=q{model.pk}][value=integral]")
        if block.code == "assignment":
            _no_axe(page)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
        assert "Opgeslagen." in page.inner_text(".wt-messages")
    page.goto(f"{team}/")
    assert "Integraal" in page.inner_text("main")

    # Composition: one planned functionality next to the actual members.
    page.goto(f"{team}/composition/")
    page.fill("#id_role", "Schuldhulpverlener")
    page.fill("#id_fte", "0.8")
    page.check("input[name=domains][value=finances]")
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    page.wait_for_load_state()
    assert "Schuldhulpverlener" in page.inner_text("main table")
    _no_axe(page)

    # First quickscan.
    page.goto(f"{team}/quickscans/new/")
    page.fill("#id_held_on", "2026-01-15")
    page.select_option("#id_s_rule01", "2")
    page.fill("#id_e_rule01", "Partners kennen ons nog nauwelijks")
    page.select_option("#id_s_pitfall01", "3")
    page.fill("#id_swot_strengths", "Korte lijnen met de huisarts")
    _no_axe(page)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Partners kennen ons nog nauwelijks" in page.inner_text("main")

    # Development plan with a goal.
    page.goto(f"{team}/plan/")
    page.fill("#id_title", "Signalen binnen een week oppakken")
    page.get_by_role("button", name="Doel toevoegen").click()
    page.wait_for_load_state()
    _no_axe(page)

    # Both PDFs, downloaded in the logged-in browser session.
    start = page.request.get(f"{team}/start-document.pdf")
    assert start.headers["content-type"] == "application/pdf"
    text = pdf_text(start.body())
    assert "Team A" in text
    for block in blocks:
        assert block.title in text, block.title
    integral = Question.objects.get(code="form.model").choices.get(code="integral").label
    assert integral in text
    plan = pdf_text(page.request.get(f"{team}/plan.pdf").body())
    assert "Team A" in plan and "Signalen binnen een week oppakken" in plan

    # Second quickscan, then the comparison.
    page.goto(f"{team}/quickscans/new/")
    page.fill("#id_held_on", (dt.date(2026, 4, 15)).isoformat())
    page.select_option("#id_s_rule01", "4")
    page.select_option("#id_s_pitfall01", "2")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.click("main a:has-text('Vergelijken met de quickscan')")
    page.wait_for_load_state()
    rows = page.inner_text("main table")
    assert "Verbeterd" in rows and "Achteruitgegaan" in rows
    _no_axe(page)

    for path in ("area/", "competences/", "start-document/", "quickscans/"):
        page.goto(f"{team}/{path}")
        _no_axe(page)
    assert page.console_errors == []
