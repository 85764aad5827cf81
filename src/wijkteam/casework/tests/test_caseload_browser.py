"""The caseload in real Chromium: page links and the filter work from the keyboard, and the
summary, the paged list and a notice pass axe."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from wijkteam.accounts.models import Role
from wijkteam.casework.tests.helpers import make_household
from wijkteam.conftest import axe_violations, build_world, make_person, verified_client

pytestmark = pytest.mark.browser


def test_caseload_pages_and_filters_from_the_keyboard(
    live_server: Any, page: Any, transactional_db: Any
) -> None:
    world = build_world()
    coach = make_person(
        "coach_a", municipality=world.municipality, role=Role.TEAM_MEMBER, team=world.team_a
    )
    for i in range(52):
        make_household(world, name=f"Familie {i:02d}")
    for i in range(2):
        make_household(world, coordinator=coach, name=f"Gezin {i}")
    client = verified_client(world.leader_a)
    host = urlparse(live_server.url).hostname
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host,
          "path": "/"}]
    )  # fmt: skip
    page.goto(f"{live_server.url}/caseload/")
    assert page.locator("main table tbody tr[data-trajectory]").count() == 50
    assert axe_violations(page) == []

    page.get_by_role("link", name="Volgende pagina").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**page=2")
    assert page.locator("main table tbody tr[data-trajectory]").count() == 4
    assert page.locator(".utrecht-pagination [aria-current=page]").text_content() == "Pagina 2"
    assert axe_violations(page) == []

    page.focus("#caseload-coordinator")
    page.select_option("#caseload-coordinator", str(coach.pk))
    page.keyboard.press("Tab")  # to the signal filter
    page.keyboard.press("Tab")  # to the button
    page.keyboard.press("Enter")
    page.wait_for_url(f"**coordinator={coach.pk}**")
    rows = page.locator("main table tbody tr[data-trajectory]")
    assert rows.count() == 2 and "Gezin 0" in rows.first.inner_text()
    assert page.locator(".utrecht-pagination").count() == 0
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/caseload/?page=abc&signal=x")
    assert "Die pagina bestaat niet" in page.inner_text("main")
    assert "Onbekend signaal" in page.inner_text("main")
    assert axe_violations(page) == []
    assert page.console_errors == []
