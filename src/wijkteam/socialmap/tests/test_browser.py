"""Acceptance walk in real Chromium: search by stem, filter by area, refer and advance."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.casework.tests.helpers import make_household, make_plan
from wijkteam.conftest import axe_violations, browser_login, build_world
from wijkteam.socialmap.models import Referral, ReferralStatus
from wijkteam.socialmap.tests.factories import make_service

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def test_search_filter_refer_and_advance(
    live_server: Any, page: Any, transactional_db: Any
) -> None:
    world = build_world()
    m = world.municipality
    make_service(
        m,
        "Schuldhulpverlening",
        service_type="tailored",
        domains=["finances"],
        areas=[world.area_a],
    )
    make_service(
        m, "Geldloket", description="Vragen over schuld en toeslagen", areas=[world.area_b]
    )
    make_service(m, "Buurtsport", description="Sporten in de wijk")
    household = make_household(world)
    solution = make_plan(world, household, actions=0).solutions.first()
    assert solution is not None
    user = world.member_a
    user.set_password(PASSWORD)
    user.save()
    browser_login(page, live_server.url, user.username, PASSWORD, TOTPDevice.objects.get(user=user))

    page.goto(f"{live_server.url}/socialmap/")
    page.fill("#id_q", "schulden")
    page.click("main form[role=search] button[type=submit]")
    # htmx swaps the results in place; wait until the unrelated service is gone.
    page.wait_for_function(
        "() => !document.querySelector('#sm-results').innerText.includes('Buurtsport')"
    )
    page.wait_for_load_state("networkidle")
    text = page.inner_text("#sm-results table")
    assert "Geldloket" in text and "Schuldhulpverlening" in text and "Buurtsport" not in text
    assert text.index("Geldloket") < text.index("Schuldhulpverlening")  # lightest first
    assert axe_violations(page) == []

    page.select_option("#id_area", label="Wijk A")
    page.click("main form[role=search] button[type=submit]")
    page.wait_for_function(
        "() => !document.querySelector('#sm-results').innerText.includes('Geldloket')"
    )
    assert "Schuldhulpverlening" in page.inner_text("#sm-results")
    # The form searches on change and on submit: let both requests finish before leaving (the
    # test server shares one SQLite connection between its request threads).
    page.wait_for_load_state("networkidle")

    # From the plan's solution field: search the social map, then refer to a service.
    page.goto(f"{live_server.url}/households/{household.pk}/plan/")
    page.fill(f"#sm-q-{solution.pk}", "schuldhulp")
    page.click(f"form:has(#sm-q-{solution.pk}) button[type=submit]")
    link = page.locator(f"#sm-solution-{solution.pk} a", has_text="Schuldhulpverlening").last
    link.wait_for()
    assert axe_violations(page) == []
    refer_url = live_server.url + (link.get_attribute("href") or "")
    page.goto(refer_url)
    assert axe_violations(page) == []
    # Without consent for the provider the referral is refused and nothing is stored.
    page.fill("#id_recipient", "Team schuldhulp")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "toestemming" in page.inner_text("main").lower()
    assert not Referral.objects.exists()
    page.console_errors.clear()  # the refused form answered 400 on purpose
    # Record the resident's consent naming the provider, then refer.
    page.goto(f"{live_server.url}/privacy/consent/{household.pk}/")
    assert axe_violations(page) == []
    page.select_option("#id_member", index=1)
    page.fill("#id_purpose", "Hulp bij schulden")
    page.fill("#id_recipients", "Stichting Test")
    page.check("input[name=data_categories][value=finances]")
    page.fill("#id_given_on", str(__import__("datetime").date.today()))
    page.click("main form.wt-form button[type=submit] >> nth=0")
    page.wait_for_load_state()
    assert "Stichting Test" in page.inner_text("table")
    page.goto(refer_url)
    page.fill("#id_recipient", "Team schuldhulp")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Schuldhulpverlening" in page.inner_text("h1")
    assert axe_violations(page) == []
    page.select_option("#id_status", "sent")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    referral = Referral.objects.get()
    assert referral.status == ReferralStatus.SENT and referral.sent_on is not None
    assert referral.recipient == "Team schuldhulp"
    assert page.console_errors == []
