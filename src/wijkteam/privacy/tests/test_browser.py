"""Privacy acceptance in real Chromium: the civil servant's restricted view, break the
glass and its review, and the resident's access report."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.models import Role
from wijkteam.casework import services as casework
from wijkteam.casework.tests.helpers import make_household, make_plan
from wijkteam.conftest import axe_violations, browser_login, build_world, make_person
from wijkteam.privacy.models import EmergencyAccess, EmergencyAcknowledgement
from wijkteam.privacy.policy import Actor

PASSWORD = "correct horse battery staple"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SECRET_NOTE = "Vertrouwelijk: zorgen over alcoholgebruik van vader"


def _login(page: Any, live_server: Any, user: Any) -> None:
    user.set_password(PASSWORD)
    user.save()
    browser_login(page, live_server.url, user.username, PASSWORD, TOTPDevice.objects.get(user=user))


def _file_with_content(world: Any) -> Any:
    household = make_household(world)
    make_plan(world, household)
    casework.note_create(actor=Actor(user=world.member_a), household=household, text=SECRET_NOTE)
    from wijkteam.assessments.tests.helpers import first_member, record, zrm

    record(world, first_member(household), zrm(), 3)
    return household


def test_civil_servant_sees_identity_but_no_notes_scores_or_plan(
    live_server: Any, page: Any
) -> None:
    world = build_world()
    household = _file_with_content(world)
    _login(page, live_server, world.civil_servant_a)
    page.goto(f"{live_server.url}/households/{household.pk}/")
    main = page.inner_text("main")
    assert "Anna Testers" in main  # identity
    assert SECRET_NOTE not in main
    assert "Schulden lopen op" not in main  # plan detail
    assert "Zelfredzaamheid" not in main and "ZRM" not in main
    assert page.locator("#assessments-summary-heading").count() == 0
    assert axe_violations(page) == []
    # The plan page and the plan PDF stay closed too.
    for path in (f"/households/{household.pk}/plan/", f"/households/{household.pk}/plan/pdf/"):
        assert page.request.get(f"{live_server.url}{path}").status == 404


def test_emergency_access_flow_and_review(live_server: Any, page: Any, browser: Any) -> None:
    world = build_world()
    household = _file_with_content(world)
    colleague = make_person(
        "colleague_a", municipality=world.municipality, role=Role.TEAM_MEMBER, team=world.team_a
    )
    _login(page, live_server, colleague)
    page.goto(f"{live_server.url}/households/{household.pk}/")
    assert SECRET_NOTE not in page.inner_text("main")
    page.click("[data-testid=emergency-link]")
    assert axe_violations(page) == []
    page.click("main form button[type=submit]")  # without a reason
    assert "vereist" in page.inner_text("main")
    assert not EmergencyAccess.objects.exists()
    page.fill("#id_reason", "Buren bellen: vader is onwel, regisseur is op vakantie.")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/households/{household.pk}/")
    assert SECRET_NOTE in page.inner_text("main")

    context = browser.new_context(locale="nl-NL")
    leader_page = context.new_page()
    _login(leader_page, live_server, world.leader_a)
    leader_page.goto(f"{live_server.url}/privacy/emergency-reviews/")
    assert "vader is onwel" in leader_page.inner_text("main")
    assert axe_violations(leader_page) == []
    leader_page.fill("input[name=note]", "Besproken met Colleague")
    leader_page.click("main form button[type=submit]")
    assert "Niets te beoordelen" in leader_page.inner_text("main")
    acknowledgement = EmergencyAcknowledgement.objects.get()
    assert (acknowledgement.reviewer, acknowledgement.reviewer_role) == (
        world.leader_a,
        "team_leader",
    )
    context.close()


def test_resident_access_report(live_server: Any, page: Any) -> None:
    world = build_world()
    household = _file_with_content(world)
    from django.db import transaction

    from wijkteam.casework.selectors import household_file

    with transaction.atomic():
        household_file(actor=Actor(user=world.member_a), household_id=household.pk)  # logged
    _login(page, live_server, world.privacy_officer)
    page.goto(f"{live_server.url}/privacy/access-log/")
    page.fill("#id_object_type", "households.household")
    page.fill("#id_object_id", str(household.pk))
    page.click("main form button[type=submit]")
    table = page.inner_text("table")
    assert "Member Test" in table and "Teamlid" in table
    assert SECRET_NOTE not in page.inner_text("main")  # the log, never the content
    assert axe_violations(page) == []
