import datetime as dt
import shutil
import subprocess
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from wijkteam.casework import selectors, services
from wijkteam.casework.models import CaseworkSettings, Note
from wijkteam.casework.tests.helpers import actor, make_household, make_plan, trajectory_of


def test_action_conflict_in_ui_keeps_the_users_input(world: Any, client_for: Any) -> None:
    household = make_household(world)
    action = make_plan(world, household).actions.get()
    url = reverse("casework:action_edit", args=[household.pk, action.pk])
    client = client_for(world.member_a)
    services.action_update(
        actor=actor(world.member_a), action=action, lock_version=1, text="Door collega gewijzigd"
    )
    response = client.post(
        url, {"lock_version": 1, "text": "Mijn eigen tekst", "status": "done", "due_on": ""}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Mijn eigen tekst" in html and "Door collega gewijzigd" in html
    assert 'name="lock_version" value="2"' in html
    # Saving again on purpose replaces the saved values.
    again = client.post(
        url, {"lock_version": 2, "text": "Mijn eigen tekst", "status": "done", "due_on": ""}
    )
    assert again.status_code == 302
    action.refresh_from_db()
    assert action.text == "Mijn eigen tekst"


def test_civil_servant_page_shows_no_notes_or_plan(world: Any, client_for: Any) -> None:
    household = make_household(world)
    make_plan(world, household)
    services.note_create(
        actor=actor(world.member_a), household=household, text="Vertrouwelijk verhaal"
    )
    url = reverse("casework:household_file", args=[household.pk])
    own = client_for(world.member_a).get(url).content.decode()
    assert "Vertrouwelijk verhaal" in own and "Schulden onder controle" in own
    restricted = client_for(world.civil_servant_a).get(url).content.decode()
    assert "Vertrouwelijk verhaal" not in restricted and "Schulden onder controle" not in restricted
    assert "Anna" in restricted  # identity
    metadata = client_for(world.leader_a).get(url).content.decode()
    assert "Anna" not in metadata and "Familie Testers" in metadata


def test_note_in_one_post_from_the_household_page(world: Any, client_for: Any) -> None:
    household = make_household(world)
    client = client_for(world.member_a)
    page = client.get(reverse("casework:household_file", args=[household.pk])).content.decode()
    # The file opens at its top (no autofocus down in the timeline); Alt+N reaches the note.
    assert "autofocus" not in page and 'accesskey="n"' in page
    assert "data-ctrl-enter-submit" in page
    response = client.post(
        reverse("casework:note_create", args=[household.pk]), {"kind": "visit", "text": "Op bezoek"}
    )
    assert response.status_code == 302
    assert Note.objects.get(household=household).kind == "visit"
    empty = client.post(
        reverse("casework:note_create", args=[household.pk]), {"kind": "visit", "text": ""}
    )
    assert empty.status_code == 400


def test_pitfall_signals_on_the_caseload(world: Any, client_for: Any) -> None:
    # Memberships start today, so the scenario runs in the near future.
    start = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(10), tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        no_plan = make_household(world, name="Zonder plan")
        without_goals = make_household(world, name="Plan zonder doelen")
        services.trajectory_advance(
            actor=actor(world.member_a), trajectory=trajectory_of(without_goals), to_phase="plan"
        )
        services.plan_create(actor=actor(world.member_a), trajectory=trajectory_of(without_goals))
        fine = make_household(world, name="Op koers")
        make_plan(world, fine)
    with time_machine.travel(start + dt.timedelta(weeks=4), tick=False):
        services.note_create(
            actor=actor(world.member_a), household=fine, text="Gesprek over de huur"
        )
        rows = {
            r.trajectory.household.name: r
            for r in selectors.caseload(actor=actor(world.leader_a), team=world.team_a).rows
        }
        assert rows["Zonder plan"].flags == []  # 4 weeks: not yet
    with time_machine.travel(start + dt.timedelta(days=46), tick=False):  # > 6 weeks after start
        rows = {
            r.trajectory.household.name: r
            for r in selectors.caseload(actor=actor(world.leader_a), team=world.team_a).rows
        }
        assert rows["Zonder plan"].no_plan and rows["Zonder plan"].no_recent_contact
        assert (
            rows["Plan zonder doelen"].plan_without_goals and not rows["Plan zonder doelen"].no_plan
        )
        assert rows["Op koers"].flags == []
        assert not rows["Plan zonder doelen"].goals_without_results  # no goals at all: other flag
        indicators = selectors.team_indicators(team=world.team_a)
        assert indicators["plans_without_intended_results"] == 0
        assert indicators["households_without_plan"] == 1
        assert indicators["plans_without_goals"] == 1
        assert indicators["households_without_recent_contact"] == 2
        assert indicators["share_tailored_solutions"] == 0.25
        # N is configurable per team.
        CaseworkSettings.objects.create(
            team=world.team_a, no_plan_after_days=60, no_contact_after_days=60
        )
        rows = {
            r.trajectory.household.name: r
            for r in selectors.caseload(actor=actor(world.leader_a), team=world.team_a).rows
        }
        assert rows["Zonder plan"].flags == []
        page = client_for(world.leader_a).get(reverse("casework:caseload")).content.decode()
        assert "Zonder plan" in page and "Gesprek over de huur" not in page
    del no_plan


def test_goals_without_intended_results_are_flagged(world: Any) -> None:
    household = make_household(world)
    plan = make_plan(world, household, actions=0)
    problem = plan.problems.get()
    services.goal_add(
        actor=actor(world.member_a), plan=plan, problem=problem, text="Zonder resultaat"
    )
    row = selectors.caseload(actor=actor(world.leader_a), team=world.team_a).rows[0]
    assert not row.goals_without_results  # one goal has results: the plan has intended results
    other = make_household(world, name="Alleen doel")
    services.trajectory_advance(
        actor=actor(world.member_a), trajectory=trajectory_of(other), to_phase="plan"
    )
    plan = services.plan_create(actor=actor(world.member_a), trajectory=trajectory_of(other))
    problem = services.problem_add(
        actor=actor(world.member_a), plan=plan, life_domain="housing", description="Huur"
    )
    services.goal_add(
        actor=actor(world.member_a), plan=plan, problem=problem, text="Woning behouden"
    )
    rows = {
        r.trajectory.household.name: r
        for r in selectors.caseload(actor=actor(world.leader_a), team=world.team_a).rows
    }
    assert (
        rows["Alleen doel"].goals_without_results
        and "goals_without_results" in rows["Alleen doel"].flags
    )
    assert selectors.team_indicators(team=world.team_a)["plans_without_intended_results"] == 1


def test_team_indicators_for_an_empty_team(world: Any) -> None:
    assert selectors.team_indicators(team=world.team_b) == {
        "plans_without_intended_results": 0,
        "households_without_plan": 0,
        "households_without_recent_contact": 0,
        "share_tailored_solutions": None,
        "plans_without_goals": 0,
    }


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext missing")
def test_plan_pdf_has_goals_frames_actions_and_signature_line(
    world: Any, client_for: Any, tmp_path: Any
) -> None:
    household = make_household(world)
    make_plan(world, household, actions=2)
    response = client_for(world.member_a).get(reverse("casework:plan_pdf", args=[household.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "Schulden onder controle",
        "Oplossing own_strength",
        "Oplossing tailored_provision",
        "Actie 0",
        "Actie 1",
    ):
        assert expected in text
    assert "Member Test" in text  # owner of the actions and coordinator
    with translation.override("nl"):
        for label in ("Resident", "Coordinator", "Who does what, and when"):
            assert translation.gettext(label) in text


def test_my_work_lists_my_actions_and_households(world: Any, client_for: Any) -> None:
    household = make_household(world)
    make_plan(world, household, actions=2)
    page = client_for(world.member_a).get(reverse("core:my_work")).content.decode()
    assert "Actie 0" in page and "Familie Testers" in page
    other = client_for(world.member_b).get(reverse("core:my_work")).content.decode()
    assert "Familie Testers" not in other


def test_households_per_domain_counts_open_households(world: Any) -> None:
    first = make_household(world, name="Een")
    make_plan(world, first)
    second = make_household(world, name="Twee")
    make_plan(world, second)
    assert selectors.households_per_domain(team=world.team_a) == {"finances": 2}
    services.trajectory_close(
        actor=actor(world.member_a),
        trajectory=trajectory_of(second),
        reason="Verhuisd",
        frameworks=["wmo"],
    )
    assert selectors.households_per_domain(team=world.team_a) == {"finances": 1}
    assert selectors.households_per_domain(team=world.team_b) == {}


def test_form_pages_that_show_the_file_log_a_read(world: Any, client_for: Any) -> None:
    from wijkteam.privacy.models import AccessLogEntry

    household = make_household(world)
    action = make_plan(world, household).actions.get()
    client = client_for(world.member_a)
    before = AccessLogEntry.objects.filter(event="read").count()
    assert client.get(reverse("casework:conversation_edit", args=[household.pk])).status_code == 200
    assert (
        client.get(reverse("casework:action_edit", args=[household.pk, action.pk])).status_code
        == 200
    )
    assert AccessLogEntry.objects.filter(event="read").count() == before + 2


def test_timeline_pages_through_all_notes(world: Any, client_for: Any) -> None:
    household = make_household(world)
    moment = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)
    # Several notes share a moment, so the keyset must also use the id.
    Note.objects.bulk_create(
        Note(
            household=household,
            text=f"N{i:03d}",
            author=world.member_a,
            occurred_at=moment + dt.timedelta(hours=i // 3),
        )
        for i in range(250)
    )
    seen: list[str] = []
    before = None
    while True:
        _household, notes, before = selectors.timeline_page(
            actor=actor(world.member_a), household_id=household.pk, before=before
        )
        seen += [n.text for n in notes]
        if before is None:
            break
    assert len(seen) == 250 and len(set(seen)) == 250
    page = client_for(world.member_a).get(
        reverse("casework:timeline", args=[household.pk]) + "?before=abc"
    )
    assert page.status_code == 200
    assert (
        client_for(world.leader_a)
        .get(reverse("casework:timeline", args=[household.pk]))
        .status_code
        == 404
    )
