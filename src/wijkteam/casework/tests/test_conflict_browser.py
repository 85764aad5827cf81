"""In real Chromium: a colleague saves the conversation while I am typing; my save shows the
conflict screen with my input in the form next to what is stored, and merging works."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.casework import services
from wijkteam.casework.models import Conversation
from wijkteam.casework.tests.helpers import actor, make_household, trajectory_of
from wijkteam.conftest import axe_violations, browser_login, build_world

pytestmark = pytest.mark.browser


def test_conflict_screen_shows_both_inputs(
    live_server: Any, page: Any, transactional_db: Any
) -> None:
    world = build_world()
    household = make_household(world)
    trajectory = trajectory_of(household)
    services.involvement_add(
        actor=actor(world.member_a), trajectory=trajectory, user=world.member_b, role="Schuldhulp"
    )
    services.conversation_record(
        actor=actor(world.member_a),
        trajectory=trajectory,
        question_asked="Grip op de post",
        lock_version=None,
    )
    user = world.member_a
    user.set_password("correct horse battery staple")
    user.save()
    browser_login(
        page,
        live_server.url,
        user.username,
        "correct horse battery staple",
        TOTPDevice.objects.get(user=user),
    )
    page.goto(f"{live_server.url}/households/{household.pk}/conversation/")
    page.fill("#id_strengths", "Buurvrouw kookt twee keer per week")

    # Meanwhile a colleague saves the conversation from her own page.
    services.conversation_record(
        actor=actor(world.member_b),
        trajectory=trajectory,
        question_asked="Grip op de post",
        ambitions="Zelf de post openen",
        lock_version=1,
    )

    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    panel = page.locator(".wt-conflict")
    assert panel.is_visible()
    text = panel.inner_text()
    assert f"{world.member_b.get_full_name()} heeft dit " in text
    assert "Wensen en behoeften" in text and "Zelf de post openen" in text
    # My own input is still in the form.
    assert page.input_value("#id_strengths") == "Buurvrouw kookt twee keer per week"
    assert axe_violations(page) == []

    # Merge: take over her ambitions, save again.
    page.fill("#id_ambitions", "Zelf de post openen")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/households/{household.pk}/")
    stored = Conversation.objects.get(trajectory=trajectory)
    assert stored.strengths == "Buurvrouw kookt twee keer per week"
    assert stored.ambitions == "Zelf de post openen"
    assert stored.lock_version == 3
