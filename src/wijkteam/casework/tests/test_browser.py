"""Acceptance walk in real Chromium: a signal with a 14-day deadline -> two failed outreach
attempts -> contact -> new household with three members -> ... -> closed, with "Mijn werk"
checks along the way."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.casework.models import Note, Phase, Plan, Trajectory
from wijkteam.conftest import axe_violations, browser_login, build_world
from wijkteam.households.bsn import generate_test_bsn
from wijkteam.households.models import Household
from wijkteam.intake.models import Signal, SignalStatus
from wijkteam.intake.tests.factories import make_partner
from wijkteam.results.models import PreventedOutcome
from wijkteam.results.shipped import ensure_shipped

pytestmark = pytest.mark.browser


def _no_axe(page: Any) -> None:
    assert axe_violations(page) == []


def _submit(page: Any, form: str) -> None:
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state()


def _advance(page: Any, phase: str) -> None:
    page.click(f"button[name=to_phase][value={phase}]")
    page.wait_for_load_state()


def test_household_walk_from_new_to_closed(
    live_server: Any, page: Any, transactional_db: Any, tmp_path: Path
) -> None:
    ensure_shipped()  # the "what was prevented" list (a flush of an earlier test removed it)
    world = build_world()
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
    _no_axe(page)

    # A signal from the housing corporation: eviction prevention gives the team 14 days.
    partner = make_partner(
        world.team_a, name="Woonstede", deadline_days=14, agreement="Twee weken voor de deurwaarder"
    )
    page.goto(f"{live_server.url}/signals/")
    page.select_option("#id_partner", str(partner.pk))
    page.fill("#id_subject_address", "Laan 3")
    page.fill("#id_subject_name", "Familie Browser")
    page.fill("#id_concern", "Drie maanden huurachterstand, reageert niet op post")
    page.click("form.wt-quick-form button[type=submit]")
    page.wait_for_url("**/signals/*/")
    signal = Signal.objects.get()
    assert signal.deadline == timezone.localdate() + timezone.timedelta(days=14)
    page.goto(f"{live_server.url}/my-work/")
    assert "Familie Browser" in page.inner_text("section[aria-labelledby=intake-heading]")
    page.goto(f"{live_server.url}/signals/{signal.pk}/")
    # Eropaf: two failed attempts, then contact.
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
    page.goto(f"{live_server.url}/my-work/")

    # New household with three members, from "Mijn werk".
    page.click("a[href='/households/new/']")
    page.fill("#id_name", "Familie Browser")
    page.fill("#id_street_address", "Laan 3")
    page.fill("#id_postcode", "1000AA")
    page.fill("#id_city", "Teststad")
    people = [
        ("Iris", "Browser", "1985-04-01", generate_test_bsn()),
        ("Joop", "Browser", "1983-02-11", ""),
        ("Kim", "Browser", "2015-06-30", ""),
    ]
    for i, (first, last, born, bsn) in enumerate(people):
        page.fill(f"#id_members-{i}-first_name", first)
        page.fill(f"#id_members-{i}-last_name", last)
        page.fill(f"#id_members-{i}-date_of_birth", born)
        if bsn:
            page.fill(f"#id_members-{i}-bsn", bsn)
    _no_axe(page)
    _submit(page, "main form")
    household = Household.objects.get(name="Familie Browser")
    assert household.members.count() == 3
    file_url = f"{live_server.url}/households/{household.pk}/"
    page.wait_for_url(file_url)
    _no_axe(page)

    # The signal is linked to the new household and so leaves the list of new signals.
    page.goto(f"{live_server.url}/signals/{signal.pk}/link/?q=Browser")
    page.click("main li form button[type=submit]")
    page.wait_for_url(f"**/signals/{signal.pk}/")
    signal.refresh_from_db()
    assert signal.status == SignalStatus.LINKED and signal.household == household
    page.goto(file_url)

    # The network around the household (ecogram), with what each person contributes.
    page.click(f"a[href='/households/{household.pk}/network/add/']")
    page.fill("#id_name", "Zus Marja")
    page.select_option("#id_relation_type", "family")
    page.fill("#id_contributes", "Kijkt mee met de post")
    _submit(page, "main form")
    page.wait_for_url(file_url)
    assert "Kijkt mee met de post" in page.inner_text(".wt-ecogram")
    _no_axe(page)

    # Kitchen-table conversation, then the plan phase.
    page.click(f"a[href='/households/{household.pk}/conversation/']")
    page.fill("#id_question_asked", "Hulp bij de post en de rekeningen")
    page.fill("#id_question_behind", "Overzicht houden, rust in huis")
    page.fill("#id_strengths", "Zus helpt graag; Iris kan goed plannen")
    page.fill("#id_ambitions", "Weer werk vinden")
    page.select_option("#id_participation_level", "4")
    _submit(page, "main form")
    page.wait_for_url(file_url)
    _advance(page, Phase.PLAN)
    assert Trajectory.objects.get(household=household).phase == Phase.PLAN

    # The plan: problem, goal with results, a solution in each of the four frames, actions.
    page.click(f"a[href='/households/{household.pk}/plan/']")
    _submit(page, "main form")  # "Make a plan"
    page.select_option("#id_problem-life_domain", "finances")
    page.fill("#id_problem-description", "Rekeningen blijven liggen")
    _submit(page, "#form-problem")
    page.fill("#id_goal-text", "Grip op de financien")
    page.fill("#id_goal-results", "Alle post is geopend\nBetalingsregeling loopt")
    _submit(page, "#form-goal")
    texts = {
        "own_strength": "Iris opent elke maandag de post",
        "social_network": "Zus kijkt mee met de rekeningen",
        "general_provision": "Formulierenhulp in de bibliotheek",
        "tailored_provision": "Schuldhulpverlening",
    }
    for frame, text in texts.items():
        page.select_option("#id_solution-frame", frame)
        page.fill("#id_solution-text", text)
        _submit(page, "#form-solution")
    page.fill("#id_action-text", "Aanmelden bij schuldhulp")
    page.select_option("#id_action-owner_kind", "team_member")
    page.select_option("#id_action-owner_user", str(user.pk))
    page.fill("#id_action-due_on", "2099-01-31")
    _submit(page, "#form-action")
    page.fill("#id_action-text", "Post sorteren met zus")
    page.select_option("#id_action-owner_kind", "network")
    page.fill("#id_action-owner_name", "Zus Marja")
    _submit(page, "#form-action")
    plan = Plan.objects.get(household=household)
    assert plan.solutions.count() == 4 and plan.actions.count() == 2
    _no_axe(page)

    # Plan PDF: downloaded, non-empty, with the right content.
    with page.expect_download() as download_info:
        page.click("#plan-pdf-link")
    pdf_path = tmp_path / "plan.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.stat().st_size > 1000
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
        ).stdout
        for expected in [
            "Grip op de financien",
            "Betalingsregeling loopt",
            "Zus Marja",
            *texts.values(),
        ]:
            assert expected in text, expected

    # "Mijn werk" shows my open action and the household.
    page.goto(f"{live_server.url}/my-work/")
    assert "Aanmelden bij schuldhulp" in page.inner_text("#my-actions")
    assert "Familie Browser" in page.inner_text("#my-households")

    # Support, with notes taken by keyboard only: type, text, save.
    page.goto(file_url)
    _advance(page, Phase.SUPPORT)
    page.goto(file_url)
    page.keyboard.press("Alt+n")  # the note's access key
    focused = page.evaluate("document.activeElement.id")
    assert focused == "id_kind"
    page.keyboard.press("ArrowDown")  # another type of contact
    page.keyboard.press("Tab")
    page.keyboard.type("Telefonisch gesproken, aanmelding loopt")
    # The note posts from the file back to the file: wait for that navigation itself (waiting
    # for the URL returned at once, still on the page before the note, on a slow host).
    with page.expect_navigation(url=file_url):
        page.keyboard.press("Control+Enter")
    assert "Telefonisch gesproken" in page.inner_text(".wt-timeline")
    assert Note.objects.filter(household=household).count() == 1
    _no_axe(page)

    # Involve the team leader as coach (the coordinator stays involved).
    page.click(f"a[href='/households/{household.pk}/involved/add/']")
    page.select_option("#id_user", str(world.leader_a.pk))
    page.fill("#id_role", "Coach")
    _submit(page, "main form")
    page.wait_for_url(file_url)
    assert "Coach" in page.inner_text(".wt-involved")
    _no_axe(page)

    # Evaluation, then monitoring (the follow-up shows on "Mijn werk"), then closed.
    _advance(page, Phase.EVALUATION)
    page.goto(f"{live_server.url}/my-work/")
    assert "Familie Browser" in page.inner_text("#my-households")
    page.goto(f"{live_server.url}/households/{household.pk}/evaluation/")
    page.select_option("#id_question_answered", "partly")
    page.fill("#id_what_worked", "Vaste dag voor de post werkte goed")
    page.select_option("#id_self_reliance", "up")
    page.select_option("#id_participation", "same")
    page.fill("#id_lessons", "Netwerk eerder betrekken")
    _submit(page, "main form")
    page.wait_for_url(file_url)
    page.fill("#id_follow_up_on", "2099-01-01")
    _advance(page, Phase.MONITORING)
    trajectory = Trajectory.objects.get(household=household)
    assert trajectory.phase == Phase.MONITORING and trajectory.last_evaluation is not None
    page.goto(f"{live_server.url}/my-work/")
    far_away = date_format(dt.date(2099, 1, 1))  # not due this week
    assert far_away not in page.inner_text("#my-households")
    page.goto(file_url)
    _no_axe(page)
    page.fill("#id_next_follow_up", timezone.localdate().isoformat())
    with page.expect_navigation(url=file_url):  # from the file back to the file, as the note
        page.click("form[action$='/follow-up/'] button[type=submit]")
    page.goto(f"{live_server.url}/my-work/")
    assert date_format(timezone.localdate()) in page.inner_text("#my-households")  # due now
    page.goto(f"{live_server.url}/households/{household.pk}/close/")
    page.fill("#id_reason", "Vraag beantwoord, netwerk neemt het over")
    assert page.is_checked("#id_frameworks_0")  # Wmo 2015, prefilled from the file
    page.check("#id_outcome-eviction_2")  # what was prevented, on the same screen: certain
    _no_axe(page)
    page.check("#id_end_monitoring")  # the monitoring period still runs: ended early
    _submit(page, "main form")
    page.wait_for_url(file_url)
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.CLOSED and trajectory.closing_reason
    ticked = PreventedOutcome.objects.filter(trajectory=trajectory)
    assert list(ticked.values_list("outcome", "likelihood")) == [("eviction", "certain")]
    _no_axe(page)
    page.goto(f"{live_server.url}/my-work/")
    assert "Familie Browser" not in page.inner_text("main")
    page.goto(f"{live_server.url}/caseload/")
    _no_axe(page)
    page.goto(f"{live_server.url}/households/?q=Browser")  # closed households stay findable
    assert "Familie Browser" in page.inner_text("main table")
    _no_axe(page)
    assert page.console_errors == []
