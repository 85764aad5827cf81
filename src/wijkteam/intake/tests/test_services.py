from __future__ import annotations

import datetime as dt
import itertools

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from wijkteam.intake import selectors, services
from wijkteam.intake.models import DutyShift, Signal, SignalStatus
from wijkteam.intake.tests.factories import make_partner, make_signal
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import AccessDenied, Actor

pytestmark = pytest.mark.django_db


def test_eviction_prevention_partner_gives_a_14_day_deadline(world):
    partner = make_partner(
        world.team_a, deadline_days=14, agreement="Twee weken voor de deurwaarder"
    )
    # A morning some weeks after the fixtures (the memberships start today).
    morning = timezone.localtime().replace(hour=10, minute=0) + dt.timedelta(days=30)
    with time_machine.travel(morning, tick=False):
        signal = services.signal_register(
            actor=Actor(world.member_a),
            team=world.team_a,
            partner=partner,
            subject_address="Teststraat 5",
            concern="Huurachterstand",
        )
    assert signal.deadline == morning.date() + dt.timedelta(days=14)
    assert signal.status == SignalStatus.NEW


def test_partner_without_agreement_leaves_deadline_empty_and_explicit_deadline_wins(world):
    partner = make_partner(world.team_a)
    signal = services.signal_register(
        actor=Actor(world.member_a),
        team=world.team_a,
        partner=partner,
        subject_name="A",
        concern="x",
    )
    assert signal.deadline is None
    strict = make_partner(world.team_a, name="Corporatie 2", deadline_days=14)
    day = timezone.localdate() + dt.timedelta(days=3)
    signal = services.signal_register(
        actor=Actor(world.member_a),
        team=world.team_a,
        partner=strict,
        subject_name="B",
        concern="x",
        deadline=day,
    )
    assert signal.deadline == day


def test_register_needs_a_subject_and_writes_the_access_log(world):
    actor = Actor(world.member_a)
    with pytest.raises(ValidationError):
        services.signal_register(
            actor=actor, team=world.team_a, source_kind="resident", concern="x"
        )
    before = AccessLogEntry.objects.count()
    signal = services.signal_register(
        actor=actor, team=world.team_a, source_kind="resident", subject_name="C", concern="x"
    )
    entry = AccessLogEntry.objects.latest("pk")
    assert AccessLogEntry.objects.count() == before + 1
    assert (entry.event, entry.object_type, entry.object_id) == (
        "create",
        "intake.signal",
        str(signal.pk),
    )


def test_civil_servant_and_outsider_cannot_register(world):
    for user in (world.civil_servant_a, world.member_b, world.admin):
        with pytest.raises(AccessDenied):
            services.signal_register(
                actor=Actor(user),
                team=world.team_a,
                source_kind="resident",
                subject_name="C",
                concern="x",
            )


def test_close_needs_a_reason(world):
    signal = make_signal(world.team_a, world.member_a)
    with pytest.raises(ValidationError):
        services.signal_close(actor=Actor(world.member_a), signal=signal, reason="  ")
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW
    services.signal_close(actor=Actor(world.member_a), signal=signal, reason="Al bekend bij GGZ")
    signal.refresh_from_db()
    assert (signal.status, signal.close_reason) == (SignalStatus.CLOSED, "Al bekend bij GGZ")
    with pytest.raises(ValidationError):
        services.signal_close(actor=Actor(world.member_a), signal=signal, reason="nog eens")


def test_feedback_is_recorded_with_who_when_what(world):
    signal = make_signal(world.team_a, world.member_a)
    feedback = services.signal_feedback_record(
        actor=Actor(world.leader_a), signal=signal, given_to="Corporatie", content="Contact gelegd"
    )
    assert feedback.given_by == world.leader_a
    assert feedback.given_on == timezone.localdate()
    assert list(signal.feedback.values_list("content", flat=True)) == ["Contact gelegd"]
    with pytest.raises(ValidationError):
        services.signal_feedback_record(
            actor=Actor(world.leader_a),
            signal=signal,
            given_to="X",
            content="Y",
            given_on=timezone.localdate() + dt.timedelta(days=1),
        )


def test_first_outreach_attempt_starts_the_work(world):
    signal = make_signal(world.team_a, world.member_a)
    services.outreach_attempt_record(
        actor=Actor(world.member_a), signal=signal, kind="visit", outcome="no_answer"
    )
    signal.refresh_from_db()
    assert signal.status == SignalStatus.IN_PROGRESS
    assert signal.outreach_attempts.count() == 1
    with pytest.raises(AccessDenied):
        services.outreach_attempt_record(
            actor=Actor(world.civil_servant_a), signal=signal, kind="visit", outcome="contact"
        )


def test_list_puts_new_signals_first_by_deadline_and_flags_overdue(world):
    morning = timezone.localtime().replace(hour=9, minute=0) + dt.timedelta(days=1)
    with time_machine.travel(morning, tick=False):  # away from midnight, after the fixtures
        _check_signal_list_order(world)


def _check_signal_list_order(world):
    today = timezone.localdate()
    a = world.member_a
    later = make_signal(
        world.team_a, a, subject_name="later", deadline=today + dt.timedelta(days=10)
    )
    overdue = make_signal(
        world.team_a, a, subject_name="overdue", deadline=today - dt.timedelta(days=1)
    )
    no_deadline = make_signal(world.team_a, a, subject_name="none")
    busy = make_signal(
        world.team_a, a, subject_name="busy", status=SignalStatus.IN_PROGRESS, deadline=today
    )
    closed = make_signal(
        world.team_a, a, subject_name="closed", status=SignalStatus.CLOSED, close_reason="r"
    )
    make_signal(world.team_b, world.member_b, subject_name="other team")
    [view] = selectors.signal_list(actor=Actor(a))
    assert [s.subject_name for s in view.signals] == ["overdue", "later", "none", "busy", "closed"]
    assert overdue.is_overdue and not later.is_overdue and not no_deadline.is_overdue
    assert not busy.is_overdue
    closed.deadline = today - dt.timedelta(days=5)
    assert not closed.is_overdue  # a closed signal is never overdue


def test_roster_puts_each_core_member_on_one_working_day_in_n(world):
    from wijkteam.conftest import make_person

    extra = [
        make_person(
            f"core{i}_a", municipality=world.municipality, role="team_member", team=world.team_a
        )
        for i in range(2)
    ]
    members = services.roster_members(world.team_a)
    assert set(members) == {
        world.member_a,
        *extra,
    }  # leaders and civil servants are not core members
    today = timezone.localdate()
    start = today + dt.timedelta(days=(4 - today.weekday()) % 7 or 7)  # the next Friday
    shifts = services.duty_roster_generate(
        actor=Actor(world.leader_a), team=world.team_a, start=start, working_day_count=12
    )
    assert len(shifts) == 12
    assert all(s.date.weekday() < 5 for s in shifts)
    assert shifts[0].date == start and shifts[1].date == start + dt.timedelta(days=3)  # weekend
    for person in members:
        days = [i for i, s in enumerate(shifts) if s.user == person]
        assert len(days) == 4
        assert all(b - a == 3 for a, b in itertools.pairwise(days))  # one day in three
    # Planning again replaces instead of doubling.
    services.duty_roster_generate(
        actor=Actor(world.admin), team=world.team_a, start=start, working_day_count=12
    )
    assert DutyShift.objects.filter(team=world.team_a).count() == 12
    with pytest.raises(AccessDenied):
        services.duty_roster_generate(
            actor=Actor(world.member_a), team=world.team_a, start=start, working_day_count=5
        )


def test_duty_shift_set_only_for_team_people(world):
    day = timezone.localdate() + dt.timedelta(days=7)
    shift = services.duty_shift_set(
        actor=Actor(world.leader_a), team=world.team_a, date=day, user=world.member_a
    )
    assert shift is not None and shift.user == world.member_a
    with pytest.raises(ValidationError):
        services.duty_shift_set(
            actor=Actor(world.leader_a), team=world.team_a, date=day, user=world.member_b
        )
    services.duty_shift_set(actor=Actor(world.leader_a), team=world.team_a, date=day, user=None)
    assert not DutyShift.objects.filter(team=world.team_a).exists()


def test_my_work_shows_duty_and_new_and_overdue_signals(world):
    today = timezone.localdate()
    DutyShift.objects.create(team=world.team_a, date=today, user=world.member_a)
    make_signal(
        world.team_a, world.member_a, subject_name="te laat", deadline=today - dt.timedelta(days=2)
    )
    make_signal(world.team_a, world.member_a, subject_name="nieuw")
    work = selectors.my_work_intake(actor=Actor(world.member_a))
    assert work.on_duty_today
    [team] = work.teams
    assert (team.on_duty, team.new_count, team.overdue_count) == (world.member_a, 2, 1)
    assert [s.subject_name for s in team.overdue_signals] == ["te laat"]
    leader = selectors.my_work_intake(actor=Actor(world.leader_a))
    assert not leader.on_duty_today and leader.teams[0].on_duty == world.member_a
    servant = selectors.my_work_intake(actor=Actor(world.civil_servant_a))
    assert servant.teams[0].new_count == 2 and servant.teams[0].new_signals == []
    assert selectors.my_work_intake(actor=Actor(world.policy)).teams == []


def test_link_to_a_new_household(world):
    signal = make_signal(world.team_a, world.member_a)
    services.signal_link_new_household(
        actor=Actor(world.member_a),
        signal=signal,
        data={"name": "Fam. Voorbeeld", "street_address": "Teststraat 1"},
    )
    signal.refresh_from_db()
    assert signal.status == SignalStatus.LINKED
    assert signal.household is not None and signal.household.team == world.team_a
    assert signal.household.name == "Fam. Voorbeeld"


def test_link_refuses_a_household_of_another_team(world):
    from wijkteam.households.services import household_create

    other = household_create(actor=Actor(world.member_b), team=world.team_b, name="Elders")
    signal = make_signal(world.team_a, world.member_a)
    with pytest.raises(ValidationError):
        services.signal_link_household(
            actor=Actor(world.member_a), signal=signal, household_id=other.pk
        )
    assert Signal.objects.get(pk=signal.pk).status == SignalStatus.NEW


def test_outreach_for_a_household_and_linking_carries_the_attempts_over(world):
    from wijkteam.households.services import household_create

    actor = Actor(world.member_a)
    household = household_create(actor=actor, team=world.team_a, name="Fam. Bestaand")
    attempt = services.outreach_attempt_record(
        actor=actor, household=household, kind="phone", outcome="contact"
    )
    assert (attempt.team, attempt.signal) == (world.team_a, None)
    with pytest.raises(AccessDenied):
        services.outreach_attempt_record(
            actor=Actor(world.member_b), household=household, kind="phone", outcome="contact"
        )
    with pytest.raises(ValidationError):
        services.outreach_attempt_record(actor=actor, kind="phone", outcome="contact")
    signal = make_signal(world.team_a, world.member_a)
    services.outreach_attempt_record(actor=actor, signal=signal, kind="visit", outcome="no_answer")
    services.signal_link_household(actor=actor, signal=signal, household_id=household.pk)
    assert household.outreach_attempts.count() == 2


def test_partners_are_changed_by_the_team_leader_and_admin_only(world):
    data = {
        "name": "Apotheek Centrum",
        "kind": "pharmacy",
        "contact_person": world.member_a,
        "deadline_days": None,
    }
    partner = services.partner_save(
        actor=Actor(world.leader_a), team=world.team_a, partner=None, data=data
    )
    assert partner.contact_person == world.member_a
    services.partner_save(
        actor=Actor(world.admin),
        team=world.team_a,
        partner=partner,
        data={**data, "name": "Apotheek"},
    )
    partner.refresh_from_db()
    assert partner.name == "Apotheek"
    for user in (world.member_a, world.civil_servant_a, world.member_b, world.other_admin):
        with pytest.raises(AccessDenied):
            services.partner_save(actor=Actor(user), team=world.team_a, partner=partner, data=data)
    with pytest.raises(ValidationError):
        services.partner_save(
            actor=Actor(world.leader_a),
            team=world.team_a,
            partner=None,
            data={**data, "contact_person": world.member_b},
        )
