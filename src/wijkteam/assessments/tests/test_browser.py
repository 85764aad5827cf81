"""Acceptance in real Chromium: score all 11 ZRM domains with the keyboard only, see the chart
and the table, record a second measurement and see up / same / down per domain."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.assessments.instruments import criteria_load_shipped
from wijkteam.assessments.models import Measurement
from wijkteam.assessments.tests.helpers import first_member, make_household, own_instrument, zrm
from wijkteam.conftest import axe_violations, browser_login, build_world
from wijkteam.privacy.policy import Actor

pytestmark = pytest.mark.browser

FIRST = "23232323232"  # finances ... justice, in the order of the form
SECOND = "34133224n41"
EXPECTED = {
    "finances": "up",  # 2 -> 3
    "daytime_activities": "up",  # 3 -> 4
    "housing": "down",  # 2 -> 1
    "domestic_relations": "same",  # 3 -> 3
    "mental_health": "up",  # 2 -> 3
    "physical_health": "down",  # 3 -> 2
    "addiction": "same",  # 2 -> 2
    "adl": "up",  # 3 -> 4
    "social_network": "n/a",  # not discussed the second time: nothing to compare
    "community_participation": "up",  # 3 -> 4
    "justice": "down",  # 2 -> 1
}


def _no_axe(page: Any) -> None:
    assert axe_violations(page) == []


def _score_with_keyboard(page: Any, keys: str, finances_hint: str) -> None:
    assert page.evaluate("document.activeElement.id") == "id_score_finances"
    for key in keys:
        page.keyboard.press(key)
    # the chosen level is named next to the box, with the criterion text as a hint
    assert page.inner_text("#chosen-finances") == finances_hint
    # after the last domain the cursor is on the save button: Enter saves
    assert page.evaluate("document.activeElement.id") == "save-measurement"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/assessments/members/\d+/$"))


def casework_progress(household: Any, user: Any) -> str:
    from django.db import transaction

    from wijkteam.assessments.selectors import progress_for_household

    with transaction.atomic():  # the selector logs its read, as inside a request
        value = progress_for_household(actor=Actor(user), household=household)["self_reliance"]
    assert value in ("up", "same", "down")
    return value


def test_keyboard_scoring_chart_table_and_progress(
    live_server: Any, page: Any, transactional_db: Any
) -> None:
    world = build_world()
    user = world.member_a
    user.set_password("correct horse battery staple")
    user.save()
    household = make_household(world)
    member = first_member(household)
    instrument = zrm()
    browser_login(
        page, live_server.url, user.username, "correct horse battery staple",
        TOTPDevice.objects.get(user=user),
    )  # fmt: skip

    page.goto(f"{live_server.url}/assessments/households/{household.pk}/")
    _no_axe(page)
    page.click(f"a[href='/assessments/members/{member.pk}/record/{instrument.pk}/']")
    _no_axe(page)
    _score_with_keyboard(page, FIRST, "Niet zelfredzaam")
    assert Measurement.objects.count() == 1
    values = dict(Measurement.objects.get().scores.values_list("domain__code", "value"))
    assert values["finances"] == 2 and values["daytime_activities"] == 3 and values["justice"] == 2

    # chart and table with the same numbers
    chart = page.locator("svg.wt-chart[role=img]").first
    assert "2" in (chart.get_attribute("aria-label") or "")
    assert page.locator("table.wt-progress tbody tr").count() == 11
    _no_axe(page)

    # the installation's operator (the licence holder) loads the criteria texts of the shipped
    # instrument: they appear as hints while scoring
    texts = {
        d.code: {str(v): f"Criterium {d.code} {v}" for v in range(1, 6)}
        for d in instrument.domains.all()
    }
    criteria_load_shipped(
        instrument=instrument, filename="zrm.json", raw=json.dumps({"domains": texts}).encode()
    )

    # second measurement: the previous score is shown as a hint
    page.goto(f"{live_server.url}/assessments/members/{member.pk}/record/{instrument.pk}/")
    assert "2" in page.inner_text("#previous-finances")
    _score_with_keyboard(page, SECOND, "Beperkt zelfredzaam: Criterium finances 3")
    assert Measurement.objects.count() == 2
    for code, trend in EXPECTED.items():
        cell = page.locator(f"table.wt-progress tr[data-domain={code}] td[data-trend]")
        assert cell.get_attribute("data-trend") == trend, code
    _no_axe(page)

    page.goto(f"{live_server.url}/assessments/households/{household.pk}/")
    assert page.inner_text("#household-self-reliance").strip() != ""
    assert page.locator("svg.wt-chart").count() >= 1
    _no_axe(page)
    assert page.console_errors == []

    # the household's evaluation is prefilled with the measured trend
    from wijkteam.casework import services as casework
    from wijkteam.casework.models import Phase
    from wijkteam.casework.tests.helpers import make_plan, trajectory_of

    make_plan(world, household)
    trajectory = trajectory_of(household)
    for phase in (Phase.SUPPORT, Phase.EVALUATION):
        casework.trajectory_advance(actor=Actor(user), trajectory=trajectory, to_phase=phase)
    expected = casework_progress(household, user)
    page.goto(f"{live_server.url}/households/{household.pk}/evaluation/")
    assert page.input_value("#id_self_reliance") == expected
    _no_axe(page)

    # the functional administrator's instrument pages pass axe too
    page.click("header form[action='/logout/'] button[type=submit]")
    admin = world.admin
    admin.set_password("correct horse battery staple")
    admin.save()
    browser_login(
        page, live_server.url, admin.username, "correct horse battery staple",
        TOTPDevice.objects.get(user=admin),
    )  # fmt: skip
    own = own_instrument(world.municipality)
    for path in ("", "new/", f"{own.pk}/", f"{own.pk}/criteria/"):
        page.goto(f"{live_server.url}/assessments/instruments/{path}")
        assert page.locator("h1").count() == 1
        _no_axe(page)
    # the create form shows its errors accessibly, then creates the municipality's instrument
    page.goto(f"{live_server.url}/assessments/instruments/new/")
    page.fill("#id_code", "zrm")
    page.fill("#id_name", "Eigen meter")
    page.fill("#id_domains", "mood; Stemming; Mood")
    page.fill("#id_levels", "Laag\nHoog")
    page.click("main button[type=submit]")
    assert "meegeleverd" in page.inner_text("#id_code_error")
    _no_axe(page)
    page.fill("#id_code", "eigen-meter")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/assessments/instruments/\d+/$"))
    assert page.locator("h1").inner_text() == "Eigen meter (1)"
