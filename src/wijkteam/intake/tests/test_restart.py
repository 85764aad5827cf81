"""Re-registration (heraanmelding): a household returns after its trajectory was closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wijkteam.accounts.models import Role
from wijkteam.casework import services as casework
from wijkteam.casework.models import Involvement, Note, Phase, Plan, Trajectory
from wijkteam.casework.services.trajectory import REREGISTRATION_LOG_TYPE
from wijkteam.casework.tests.helpers import actor, make_household, make_plan, trajectory_of
from wijkteam.conftest import make_person
from wijkteam.households.services import household_create
from wijkteam.intake import services
from wijkteam.intake.models import Signal, SignalStatus
from wijkteam.intake.tests.factories import make_returning_signal, make_signal
from wijkteam.privacy.models import AccessLogEntry, RetentionRecord
from wijkteam.privacy.policy import AccessDenied, ViewLevel, view_level

pytestmark = pytest.mark.django_db

OLD_NOTE = "Schuldhulp afgerond, budgetplan loopt"


def _tomorrow() -> dt.datetime:
    return dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time(10), dt.UTC)


def _restart_url(signal: Signal) -> str:
    return reverse("intake:signal_restart", args=[signal.pk])


def _nothing_changed(household: Any, trajectories: int) -> None:
    assert Trajectory.objects.filter(household=household).count() == trajectories
    assert not AccessLogEntry.objects.filter(object_type=REREGISTRATION_LOG_TYPE).exists()


def test_returning_household_whole_flow(world: Any, client_for: Any) -> None:
    """Close -> new signal -> link -> restart -> the new coordinator works on the full file."""
    household = make_household(world)  # member_a coordinates
    plan = make_plan(world, household)
    casework.note_create(actor=actor(world.member_a), household=household, text=OLD_NOTE)
    casework.trajectory_close(
        actor=actor(world.member_a),
        trajectory=trajectory_of(household),
        reason="Doelen bereikt",
        frameworks=["wmo"],
    )
    assert RetentionRecord.objects.filter(household=household).exists()
    member_c = make_person(
        "member_c", municipality=world.municipality, role=Role.TEAM_MEMBER, team=world.team_a
    )

    with time_machine.travel(_tomorrow(), tick=False):
        client = client_for(member_c)
        file_url = reverse("casework:household_file", args=[household.pk])
        # Not involved: the name and the phase only, no notes; no work on the file.
        assert view_level(actor(member_c), household) == ViewLevel.METADATA
        before = client.get(file_url)
        assert before.status_code == 200
        assert OLD_NOTE not in before.content.decode()
        note_url = reverse("casework:note_create", args=[household.pk])
        assert client.post(note_url, {"kind": "contact", "text": "x"}).status_code == 404
        # Neither is the former coordinator, since the day after closing.
        assert view_level(actor(world.member_a), household) == ViewLevel.METADATA

        signal = make_signal(world.team_a, member_c, subject_name="Familie Testers")
        detail_url = reverse("intake:signal_detail", args=[signal.pk])
        assert 'id="restart-form"' not in client.get(detail_url).content.decode()
        linked = client.post(
            reverse("intake:signal_link", args=[signal.pk]), {"household": household.pk}
        )
        assert linked.status_code == 302

        detail = client.get(detail_url)
        body = detail.content.decode()
        assert 'id="restart-form"' in body
        assert detail.context["restart_form"]["coordinator"].value() == member_c.pk
        assert "Opnieuw ondersteuning starten" in body

        response = client.post(_restart_url(signal), {"coordinator": member_c.pk})
        assert response.status_code == 302
        assert response["Location"] == file_url

        trajectory = trajectory_of(household)
        assert (trajectory.phase, trajectory.coordinator) == (Phase.ANALYSIS, member_c)
        assert Trajectory.objects.filter(household=household).count() == 2
        assert Involvement.objects.filter(trajectory=trajectory, user=member_c).exists()
        assert not Plan.objects.filter(pk=plan.pk, is_current=True).exists()
        # Support runs again: no destruction date while it does.
        assert not RetentionRecord.objects.filter(household=household).exists()
        signal.refresh_from_db()
        assert (signal.status, signal.household_id) == (SignalStatus.LINKED, household.pk)

        # The full file, earlier trajectory included, and work on it.
        after = client.get(file_url)
        assert OLD_NOTE in after.content.decode()
        assert (
            client.post(note_url, {"kind": "contact", "text": "Huisbezoek gepland"}).status_code
            == 302
        )
        note = Note.objects.get(text="Huisbezoek gepland")
        assert (note.trajectory, note.author) == (trajectory, member_c)

    rows = AccessLogEntry.objects.filter(
        object_type=REREGISTRATION_LOG_TYPE, object_id=str(household.pk)
    )
    assert rows.count() == 1
    row = rows.get()
    assert (row.event, row.actor, row.actor_role) == ("create", member_c, Role.TEAM_MEMBER)
    assert row.purpose == f"re-registration (heraanmelding) from signal {signal.pk}"
    assert row.on_behalf_of == world.team_a.name
    created = AccessLogEntry.objects.get(
        object_type="casework.trajectory", object_id=str(trajectory.pk), event="create"
    )
    assert created.purpose == row.purpose


def test_the_team_member_chooses_another_coordinator(world: Any, client_for: Any) -> None:
    signal = make_returning_signal(world)
    with time_machine.travel(_tomorrow(), tick=False):
        response = client_for(world.leader_a).post(
            _restart_url(signal), {"coordinator": world.member_a.pk}
        )
        assert response.status_code == 302
        household = signal.household
        assert trajectory_of(household).coordinator == world.member_a
        assert view_level(actor(world.member_a), household) == ViewLevel.FULL
        # Starting it gives the team leader no access of their own.
        assert view_level(actor(world.leader_a), household) == ViewLevel.METADATA
    row = AccessLogEntry.objects.get(object_type=REREGISTRATION_LOG_TYPE)
    assert (row.actor, row.actor_role) == (world.leader_a, Role.TEAM_LEADER)


def test_the_coordinator_must_be_a_professional_of_the_team(world: Any, client_for: Any) -> None:
    signal = make_returning_signal(world)
    client = client_for(world.member_a)
    for outsider in (world.civil_servant_a, world.member_b):  # duty to report; other team
        response = client.post(_restart_url(signal), {"coordinator": outsider.pk})
        assert response.status_code == 400
        assert response.context["restart_form"].errors["coordinator"]
        api = client.post(
            reverse("intake_api:signal_restart", args=[signal.pk]),
            {"coordinator": outsider.pk},
            content_type="application/json",
        )
        assert api.status_code == 400 and "coordinator" in api.json()
    _nothing_changed(signal.household, 1)


def _closed_signal(world: Any) -> Signal:
    signal = make_returning_signal(world)
    Signal.objects.filter(pk=signal.pk).update(status=SignalStatus.CLOSED, close_reason="Geen zorg")
    signal.refresh_from_db()
    return signal


def _unlinked_signal(world: Any) -> Signal:
    make_returning_signal(world)  # the household exists and is closed, but this one is not linked
    return make_signal(world.team_a, world.member_a, status=SignalStatus.IN_PROGRESS)


def _other_teams_household(world: Any) -> Signal:
    household = household_create(actor=actor(world.member_b), team=world.team_b, name="Fam. B")
    casework.trajectory_close(
        actor=actor(world.member_b),
        trajectory=trajectory_of(household),
        reason="Klaar",
        frameworks=["wmo"],
    )
    return make_signal(
        world.team_a, world.member_a, status=SignalStatus.LINKED, household=household
    )


def _open_trajectory(world: Any) -> Signal:
    household = make_household(world)
    return make_signal(
        world.team_a, world.member_a, status=SignalStatus.LINKED, household=household
    )


REFUSALS = {
    "closed": (_closed_signal, "Dit signaal is afgesloten."),
    "not linked": (_unlinked_signal, "Koppel het signaal eerst aan het huishouden."),
    "other team": (_other_teams_household, "Dit huishouden bestaat niet in uw team."),
    "open trajectory": (_open_trajectory, "Dit huishouden heeft al een lopend traject."),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refused_signals_change_nothing(world: Any, client_for: Any, case: str) -> None:
    make, message = REFUSALS[case]
    signal = make(world)
    household = signal.household
    trajectories = Trajectory.objects.count()
    status = signal.status
    client = client_for(world.member_a)
    detail = client.get(reverse("intake:signal_detail", args=[signal.pk])).content.decode()
    assert 'id="restart-form"' not in detail

    response = client.post(_restart_url(signal), {"coordinator": world.member_a.pk})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="restart-form"' not in response.content.decode()
    api = client.post(
        reverse("intake_api:signal_restart", args=[signal.pk]), {}, content_type="application/json"
    )
    assert api.status_code == 400
    assert message in str(api.json())
    with pytest.raises(ValidationError):
        services.signal_restart_trajectory(actor=actor(world.member_a), signal=signal)

    assert Trajectory.objects.count() == trajectories
    assert not AccessLogEntry.objects.filter(object_type=REREGISTRATION_LOG_TYPE).exists()
    signal.refresh_from_db()
    assert (signal.status, signal.household) == (status, household)


@pytest.mark.parametrize("persona", ["civil_servant_a", "member_b", "privacy_officer", "policy"])
def test_civil_servants_and_outsiders_are_refused(
    world: Any, client_for: Any, persona: str
) -> None:
    signal = make_returning_signal(world)
    user = world.users[persona]
    client = client_for(user)
    detail = client.get(reverse("intake:signal_detail", args=[signal.pk]))
    assert 'id="restart-form"' not in detail.content.decode()
    assert client.post(_restart_url(signal), {"coordinator": user.pk}).status_code == 404
    api = client.post(
        reverse("intake_api:signal_restart", args=[signal.pk]), {}, content_type="application/json"
    )
    assert api.status_code == 404
    with pytest.raises(AccessDenied):
        services.signal_restart_trajectory(actor=actor(user), signal=signal)
    with pytest.raises(AccessDenied):
        casework.trajectory_restart_for_signal(
            actor=actor(user),
            household=signal.household,
            coordinator=world.member_a,
            signal_id=signal.pk,
        )
    _nothing_changed(signal.household, 1)


def test_a_team_member_with_a_duty_to_report_may_not_restart(world: Any, client_for: Any) -> None:
    signal = make_returning_signal(world)
    reporter = make_person(
        "member_d",
        municipality=world.municipality,
        role=Role.TEAM_MEMBER,
        team=world.team_a,
        secrecy="duty_to_report",
    )
    assert client_for(reporter).post(_restart_url(signal), {}).status_code == 404
    _nothing_changed(signal.household, 1)


def test_the_api_restarts_with_me_as_coordinator(world: Any, client_for: Any) -> None:
    signal = make_returning_signal(world)
    url = reverse("intake_api:signal_restart", args=[signal.pk])
    response = client_for(world.leader_a).post(url, {}, content_type="application/json")
    assert response.status_code == 201, response.content
    trajectory = trajectory_of(signal.household)
    assert response.json() == {
        "signal": signal.pk,
        "household": signal.household_id,
        "trajectory": trajectory.pk,
        "coordinator": world.leader_a.pk,
        "phase": "analysis",
    }
    # Only once: the household has an open trajectory now.
    again = client_for(world.member_a).post(url, {}, content_type="application/json")
    assert again.status_code == 400
    unknown = client_for(world.leader_a).post(
        url, {"coordinator": 1, "colour": "red"}, content_type="application/json"
    )
    assert unknown.status_code == 400 and "colour" in unknown.json()
    assert Trajectory.objects.filter(household=signal.household).count() == 2
    assert AccessLogEntry.objects.filter(object_type=REREGISTRATION_LOG_TYPE).count() == 1


def test_the_casework_service_refuses_a_household_without_a_closed_trajectory(
    world: Any,
) -> None:
    household = make_household(world)
    who = actor(world.leader_a)
    with pytest.raises(ValidationError):
        casework.trajectory_restart_for_signal(
            actor=who, household=household, coordinator=world.leader_a, signal_id=1
        )
    empty = household_create(actor=who, team=world.team_a, name="Fam. Leeg", start_trajectory=False)
    with pytest.raises(AccessDenied):
        casework.trajectory_restart_for_signal(
            actor=who, household=empty, coordinator=world.leader_a, signal_id=1
        )
    assert not AccessLogEntry.objects.filter(object_type=REREGISTRATION_LOG_TYPE).exists()


def test_the_restart_keeps_a_legal_hold(world: Any) -> None:
    from wijkteam.privacy.retention import legal_hold_set

    signal = make_returning_signal(world)
    legal_hold_set(household=signal.household, hold=True, reason="Rechtszaak")
    services.signal_restart_trajectory(actor=actor(world.member_a), signal=signal)
    record = RetentionRecord.objects.get(household=signal.household)
    assert record.legal_hold
