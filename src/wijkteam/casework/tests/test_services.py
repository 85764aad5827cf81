import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from wijkteam.casework import services
from wijkteam.casework.models import ActionStatus, Involvement, Phase, Plan
from wijkteam.casework.services import ConflictError
from wijkteam.casework.tests.helpers import actor, make_household, make_plan, trajectory_of
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import AccessDenied


def _evaluate(world: Any, trajectory: Any) -> None:
    services.evaluation_record(
        actor=actor(world.member_a),
        trajectory=trajectory,
        question_answered="yes",
        self_reliance="up",
        participation="same",
        what_worked="Vaste afspraken",
        seen_evaluation_id=trajectory.last_evaluation_id,
    )


def test_household_create_starts_trajectory_with_coordinator_involved(world: Any) -> None:
    household = make_household(world)
    trajectory = trajectory_of(household)
    assert trajectory.phase == Phase.ANALYSIS
    assert trajectory.coordinator == world.member_a
    assert Involvement.objects.filter(trajectory=trajectory, user=world.member_a).exists()
    assert household.members.count() == 3
    assert (
        AccessLogEntry.objects.filter(object_type="households.household", event="create").count()
        == 1
    )


def test_support_needs_a_plan(world: Any) -> None:
    household = make_household(world)
    trajectory = trajectory_of(household)
    services.trajectory_advance(
        actor=actor(world.member_a), trajectory=trajectory, to_phase=Phase.PLAN
    )
    with pytest.raises(ValidationError, match="plan"):
        services.trajectory_advance(
            actor=actor(world.member_a), trajectory=trajectory, to_phase=Phase.SUPPORT
        )
    make_plan(world, household)
    trajectory = services.trajectory_advance(
        actor=actor(world.member_a), trajectory=trajectory, to_phase=Phase.SUPPORT
    )
    assert trajectory.phase == Phase.SUPPORT


def test_monitoring_needs_an_evaluation_and_back_step_is_allowed(world: Any) -> None:
    household = make_household(world)
    make_plan(world, household)
    who = actor(world.member_a)
    trajectory = trajectory_of(household)
    trajectory = services.trajectory_advance(
        actor=who, trajectory=trajectory, to_phase=Phase.SUPPORT
    )
    trajectory = services.trajectory_advance(
        actor=who, trajectory=trajectory, to_phase=Phase.EVALUATION
    )
    with pytest.raises(ValidationError, match="evaluat"):
        services.trajectory_advance(actor=who, trajectory=trajectory, to_phase=Phase.MONITORING)
    trajectory = services.trajectory_advance(
        actor=who, trajectory=trajectory, to_phase=Phase.SUPPORT
    )
    trajectory = services.trajectory_advance(
        actor=who, trajectory=trajectory, to_phase=Phase.EVALUATION
    )
    _evaluate(world, trajectory)
    trajectory = services.trajectory_advance(
        actor=who, trajectory=trajectory, to_phase=Phase.MONITORING
    )
    assert trajectory.phase == Phase.MONITORING
    assert trajectory.follow_up_on is not None
    # The monitoring period still runs: closing asks to confirm ending it early.
    with pytest.raises(ValidationError) as refused:
        services.trajectory_close(
            actor=who, trajectory=trajectory, reason="Doelen bereikt", frameworks=["wmo"]
        )
    assert "end_monitoring" in refused.value.error_dict
    trajectory = services.trajectory_close(
        actor=who,
        trajectory=trajectory,
        reason="Doelen bereikt",
        frameworks=["wmo"],
        end_monitoring=True,
    )
    assert trajectory.phase == Phase.CLOSED and trajectory.closed_on


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Phase.ANALYSIS, Phase.SUPPORT),
        (Phase.ANALYSIS, Phase.MONITORING),
        (Phase.ANALYSIS, Phase.CLOSED),
    ],
)
def test_skipping_phases_is_refused(world: Any, start: str, target: str) -> None:
    trajectory = trajectory_of(make_household(world))
    assert trajectory.phase == start
    with pytest.raises(ValidationError):
        services.trajectory_advance(
            actor=actor(world.member_a), trajectory=trajectory, to_phase=target
        )


def test_closing_needs_a_reason(world: Any) -> None:
    trajectory = trajectory_of(make_household(world))
    with pytest.raises(ValidationError):
        services.trajectory_close(
            actor=actor(world.member_a), trajectory=trajectory, reason="  ", frameworks=["wmo"]
        )


def test_uninvolved_colleague_cannot_write(world: Any) -> None:
    household = make_household(world)
    for persona in ("leader_a", "civil_servant_a", "member_b", "policy"):
        with pytest.raises(AccessDenied):
            services.note_create(actor=actor(world.users[persona]), household=household, text="x")


def test_stale_lock_version_raises_conflict_and_keeps_current(world: Any) -> None:
    household = make_household(world)
    plan = make_plan(world, household)
    action = plan.actions.first()
    first = services.action_update(
        actor=actor(world.member_a), action=action, lock_version=1, status=ActionStatus.DONE
    )
    assert first.lock_version == 2
    with pytest.raises(ConflictError) as caught:
        services.action_update(
            actor=actor(world.member_a),
            action=action,
            lock_version=1,
            status=ActionStatus.CANCELLED,
        )
    assert caught.value.current.status == ActionStatus.DONE


def test_action_due_before_plan_start_is_refused(world: Any) -> None:
    household = make_household(world)
    plan = make_plan(world, household, actions=0)
    with pytest.raises(ValidationError) as caught:
        services.action_add(
            actor=actor(world.member_a),
            plan=plan,
            text="Te vroeg",
            owner_kind="resident",
            owner_name="Anna",
            due_on=plan.starts_on - dt.timedelta(days=1),
        )
    assert "due_on" in caught.value.message_dict


def test_new_plan_version_copies_content_and_keeps_one_current(world: Any) -> None:
    household = make_household(world)
    plan = make_plan(world, household, actions=3)
    new = services.plan_new_version(
        actor=actor(world.member_a), plan=plan, lock_version=plan.lock_version
    )
    assert new.version == 2
    assert list(Plan.objects.filter(household=household, is_current=True)) == [new]
    assert new.goals.count() == 1 and new.solutions.count() == 4 and new.actions.count() == 3
    with pytest.raises(ConflictError):
        services.plan_new_version(
            actor=actor(world.member_a), plan=new, lock_version=new.lock_version + 5
        )


def test_note_is_logged(world: Any) -> None:
    household = make_household(world)
    note = services.note_create(
        actor=actor(world.member_a), household=household, text="Huisbezoek gedaan", kind="visit"
    )
    assert AccessLogEntry.objects.filter(
        object_type="casework.note", object_id=str(note.pk), event="create"
    ).exists()


def test_coordinator_change_keeps_the_new_coordinator_involved(world: Any) -> None:
    from wijkteam.accounts.models import Membership, Role, SecrecyStatus

    colleague = world.member_a.__class__.objects.create(username="colleague_a")
    Membership.objects.create(
        user=colleague,
        municipality=world.municipality,
        team=world.team_a,
        role=Role.TEAM_MEMBER,
        secrecy_status=SecrecyStatus.PROFESSIONAL_SECRECY,
    )
    trajectory = trajectory_of(make_household(world))
    common = {"direction": "with_resident", "intensity": "medium"}
    with pytest.raises(ValidationError):  # a civil servant cannot coordinate
        services.trajectory_update(
            actor=actor(world.member_a),
            trajectory=trajectory,
            lock_version=1,
            coordinator=world.civil_servant_a,
            **common,
        )
    trajectory = services.trajectory_update(
        actor=actor(world.member_a),
        trajectory=trajectory,
        lock_version=1,
        coordinator=colleague,
        **common,
    )
    assert trajectory.coordinator == colleague and trajectory.intensity == "medium"
    assert Involvement.objects.filter(trajectory=trajectory, user=colleague).exists()
    with pytest.raises(ConflictError):
        services.trajectory_update(
            actor=actor(colleague), trajectory=trajectory, lock_version=1, **common
        )


def test_taking_over_direction_needs_a_reason(world: Any) -> None:
    trajectory = trajectory_of(make_household(world))
    with pytest.raises(ValidationError):
        services.trajectory_update(
            actor=actor(world.member_a),
            trajectory=trajectory,
            lock_version=1,
            direction="taken_over",
            intensity="light",
        )
    trajectory = services.trajectory_update(
        actor=actor(world.member_a),
        trajectory=trajectory,
        lock_version=1,
        direction="taken_over",
        takeover_reason="danger_others",
        intensity="intensive",
        escalated_to="Veilig Thuis",
        escalated_on=dt.date.today(),
        escalation_reason="Zorgen om de kinderen",
    )
    assert (
        trajectory.takeover_reason == "danger_others" and trajectory.escalated_to == "Veilig Thuis"
    )


def test_ended_involvement_removes_access_but_coordinator_cannot_be_ended(world: Any) -> None:
    from wijkteam.privacy.policy import ViewLevel, decide

    household = make_household(world)
    trajectory = trajectory_of(household)
    involvement = services.involvement_add(
        actor=actor(world.member_a), trajectory=trajectory, user=world.leader_a, role="Coach"
    )
    assert decide(actor(world.leader_a), household).level == ViewLevel.FULL
    with pytest.raises(ValidationError):
        services.involvement_add(
            actor=actor(world.member_a), trajectory=trajectory, user=world.leader_a, role="Nog eens"
        )
    services.involvement_end(actor=actor(world.member_a), involvement=involvement)
    assert decide(actor(world.leader_a), household).level == ViewLevel.METADATA
    own = Involvement.objects.get(trajectory=trajectory, user=world.member_a)
    with pytest.raises(ValidationError):
        services.involvement_end(actor=actor(world.member_a), involvement=own)


def test_new_trajectory_after_closing_retires_the_old_plan(world: Any) -> None:
    household = make_household(world)
    make_plan(world, household)
    services.trajectory_close(
        actor=actor(world.member_a),
        trajectory=trajectory_of(household),
        reason="Klaar",
        frameworks=["wmo"],
    )
    new = services.trajectory_start(
        actor=actor(world.member_a), household=household, coordinator=world.member_a
    )
    assert new.phase == Phase.ANALYSIS
    assert not Plan.objects.filter(household=household, is_current=True).exists()
    with pytest.raises(ValidationError):
        services.trajectory_start(
            actor=actor(world.member_a), household=household, coordinator=world.member_a
        )


def test_an_old_evaluation_does_not_open_monitoring_after_a_back_step(world: Any) -> None:
    import time_machine

    start = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(10), tzinfo=dt.UTC)
    household = make_household(world)
    make_plan(world, household)
    who = actor(world.member_a)
    with time_machine.travel(start, tick=False):
        trajectory = services.trajectory_advance(
            actor=who, trajectory=trajectory_of(household), to_phase=Phase.SUPPORT
        )
        trajectory = services.trajectory_advance(
            actor=who, trajectory=trajectory, to_phase=Phase.EVALUATION
        )
        _evaluate(world, trajectory)
        trajectory = services.trajectory_advance(
            actor=who, trajectory=trajectory, to_phase=Phase.SUPPORT
        )
    with time_machine.travel(start + dt.timedelta(days=30), tick=False):
        trajectory = services.trajectory_advance(
            actor=who, trajectory=trajectory, to_phase=Phase.EVALUATION
        )
        with pytest.raises(ValidationError):
            services.trajectory_advance(actor=who, trajectory=trajectory, to_phase=Phase.MONITORING)
        _evaluate(world, trajectory)
        trajectory = services.trajectory_advance(
            actor=who, trajectory=trajectory, to_phase=Phase.MONITORING
        )
        assert trajectory.phase == Phase.MONITORING


def test_an_uninvolved_colleague_cannot_start_a_trajectory_to_read_the_history(world: Any) -> None:
    from wijkteam.privacy.policy import AccessDenied, ViewLevel, decide

    household = make_household(world)
    services.note_create(actor=actor(world.member_a), household=household, text="Oude geschiedenis")
    services.trajectory_close(
        actor=actor(world.member_a),
        trajectory=trajectory_of(household),
        reason="Klaar",
        frameworks=["wmo"],
    )
    with pytest.raises(AccessDenied):
        services.trajectory_start(
            actor=actor(world.leader_a), household=household, coordinator=world.leader_a
        )
    with pytest.raises(ValidationError):  # an existing household is not "new"
        services.trajectory_start_for_new_household(
            actor=actor(world.leader_a),
            household=household,
            coordinator=world.leader_a,
            decision=decide(actor(world.leader_a), household),
        )
    assert decide(actor(world.leader_a), household).level == ViewLevel.METADATA


def test_only_professionals_can_be_involved(world: Any) -> None:
    trajectory = trajectory_of(make_household(world))
    for persona in ("policy", "civil_servant_a", "other_admin"):
        with pytest.raises(ValidationError):
            services.involvement_add(
                actor=actor(world.member_a),
                trajectory=trajectory,
                user=world.users[persona],
                role="x",
            )


def test_actions_of_an_old_plan_version_cannot_be_changed(world: Any) -> None:
    household = make_household(world)
    plan = make_plan(world, household)
    old_action = plan.actions.get()
    services.plan_new_version(
        actor=actor(world.member_a), plan=plan, lock_version=plan.lock_version
    )
    old_action.refresh_from_db()
    # Refused as a conflict: the message names who made the newer version, and when.
    with pytest.raises(ConflictError):
        services.action_update(
            actor=actor(world.member_a),
            action=old_action,
            lock_version=old_action.lock_version,
            status="done",
        )
