"""Reads of the intake app. Every read of signals goes through the policy and is logged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import router
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.core.compiled import CompiledQuery, Slot, as_big_int, as_date
from wijkteam.intake.models import (
    OPEN_STATUSES,
    DutyShift,
    OutreachAttempt,
    Signal,
    SignalFeedback,
    SignallingPartner,
    SignalStatus,
)
from wijkteam.organisations.models import Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import AccessDenied, Action, Actor, Decision, ViewLevel
from wijkteam.privacy.rules.intake import EDIT, SIGNALS, TEAM_CONFIG
from wijkteam.privacy.services import access_log_record, log_read


@dataclass
class TeamSignals:
    team: Team
    decision: Decision
    signals: list[Signal]

    @property
    def full(self) -> bool:
        return self.decision.level >= ViewLevel.FULL

    @property
    def can_edit(self) -> bool:
        return EDIT in self.decision.actions


def signal_teams(*, actor: Actor, editable: bool = False) -> list[tuple[Team, Decision]]:
    """The teams whose signals the actor may see (or register, with ``editable``)."""
    result = []
    for membership in policy.active_memberships(actor):
        if membership.team is None:
            continue
        decision = policy.decide_scope(
            actor, SIGNALS, team=membership.team, municipality=membership.municipality
        )
        if decision.allowed and (not editable or EDIT in decision.actions):
            result.append((membership.team, decision))
    return sorted(result, key=lambda pair: pair[0].name)


def _ordered(queryset: QuerySet[Signal]) -> QuerySet[Signal]:
    """New first, then in progress, then the rest; within each, soonest deadline first."""
    rank = Case(
        When(status=SignalStatus.NEW, then=Value(0)),
        When(status=SignalStatus.IN_PROGRESS, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return queryset.annotate(rank=rank).order_by(
        "rank", F("deadline").asc(nulls_last=True), "-received_at", "pk"
    )


DEADLINE_OVERDUE = "overdue"
DEADLINE_WITHIN = {"7": 7, "14": 14, "30": 30}  # "deadline within N days" (open signals)


@dataclass(frozen=True)
class SignalFilter:
    """What the signal list is narrowed to (the GET form of the list; empty: everything)."""

    status: str = ""
    partner_id: int | None = None
    deadline: str = ""  # DEADLINE_OVERDUE or a key of DEADLINE_WITHIN
    area_id: int | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.status or self.partner_id or self.deadline or self.area_id or self.text)

    @property
    def needs_full(self) -> bool:
        """Text and partner look inside the signal: only where the actor sees it all."""
        return bool(self.text or self.partner_id)


def _filtered(base: QuerySet[Signal], wanted: SignalFilter) -> QuerySet[Signal]:
    today = timezone.localdate()
    if wanted.status:
        base = base.filter(status=wanted.status)
    if wanted.partner_id:
        base = base.filter(partner_id=wanted.partner_id)
    if wanted.area_id:
        base = base.filter(area_id=wanted.area_id)
    if wanted.deadline == DEADLINE_OVERDUE:
        base = base.filter(status__in=OPEN_STATUSES, deadline__lt=today)
    elif wanted.deadline in DEADLINE_WITHIN:
        until = today + dt.timedelta(days=DEADLINE_WITHIN[wanted.deadline])
        base = base.filter(status__in=OPEN_STATUSES, deadline__gte=today, deadline__lte=until)
    for word in wanted.text.split()[:5]:
        base = base.filter(
            Q(subject_name__icontains=word)
            | Q(subject_address__icontains=word)
            | Q(concern__icontains=word)
            | Q(signaller__icontains=word)
        )
    return base


def signal_list(
    *,
    actor: Actor,
    done_limit: int = 50,
    wanted: SignalFilter | None = None,
    found_limit: int = 200,
    shown: slice | None = None,
) -> list[TeamSignals]:
    """The signal list of each of the actor's teams; one access-log row per team read.

    Without a filter: the open signals and the latest ``done_limit`` others. With one: the
    matching signals (at most ``found_limit``). A search on text or partner is not run in a
    team where the actor sees only metadata (civil servants): that team's list stays empty.
    ``shown``: the part of the whole list (all teams, in this order) that is shown, e.g. a
    page of the API; each team's log row then names only its signals in that part.
    """
    views = []
    position = 0  # of the team's first signal in the whole list
    for team, decision in signal_teams(actor=actor):
        base = Signal.objects.filter(team=team).select_related("partner")
        if wanted is not None and wanted.active:
            if wanted.needs_full and decision.level < ViewLevel.FULL:
                signals: list[Signal] = []
            else:
                signals = list(_ordered(_filtered(base, wanted))[:found_limit])
        else:
            open_signals = list(_ordered(base.filter(status__in=OPEN_STATUSES)))
            signals = open_signals + list(
                _ordered(base.exclude(status__in=OPEN_STATUSES))[:done_limit]
            )
        on_view = signals
        if shown is not None:
            start, stop = max(shown.start - position, 0), max(shown.stop - position, 0)
            on_view = signals[start:stop]
        position += len(signals)
        access_log_record(
            actor=actor,
            event="read",
            object_type="intake.signal_list",
            object_id=team.pk,
            decision=decision,
            object_ids=[s.pk for s in on_view],
        )
        views.append(TeamSignals(team=team, decision=decision, signals=signals))
    return views


def signal_get(*, actor: Actor, signal_id: int) -> tuple[Signal, Decision]:
    signal = (
        Signal.objects.select_related("team", "partner", "created_by").filter(pk=signal_id).first()
    )
    if signal is None:
        raise AccessDenied("no such signal")
    decision = policy.require(actor, Action.VIEW, signal)
    log_read(actor, signal, decision)
    return signal, decision


def signal_for_edit(*, actor: Actor, signal_id: int) -> Signal:
    """Load a signal the actor is about to change (the service checks and logs the change)."""
    signal = Signal.objects.select_related("team", "partner").filter(pk=signal_id).first()
    if signal is None:
        raise AccessDenied("no such signal")
    policy.require(actor, EDIT, signal)
    return signal


def outreach_attempts(*, signal: Signal) -> QuerySet[OutreachAttempt]:
    # Only called after signal_get granted FULL (the log row covers the whole signal file).
    return signal.outreach_attempts.select_related("made_by")


def feedback_list(*, signal: Signal) -> QuerySet[SignalFeedback]:
    return signal.feedback.select_related("given_by")


# --- partners ---------------------------------------------------------------------------


def partner_teams(*, actor: Actor, editable: bool = False) -> list[tuple[Team, Decision]]:
    teams = (
        policy.teams_visible_to(actor)
        .filter(is_active=True)
        .select_related("municipality")
        .order_by("name")
    )
    result = []
    for team in teams:
        decision = policy.decide_scope(actor, TEAM_CONFIG, team=team)
        if decision.allowed and (not editable or EDIT in decision.actions):
            result.append((team, decision))
    return result


def partner_list(*, actor: Actor) -> list[tuple[Team, Decision, list[SignallingPartner]]]:
    result = []
    for team, decision in partner_teams(actor=actor):
        partners = list(
            team.signalling_partners.select_related("contact_person").order_by("-is_active", "name")
        )
        result.append((team, decision, partners))
    return result


def partner_get(*, actor: Actor, partner_id: int, action: str = Action.VIEW) -> SignallingPartner:
    partner = SignallingPartner.objects.select_related("team").filter(pk=partner_id).first()
    if partner is None:
        raise AccessDenied("no such partner")
    policy.require(actor, action, partner)
    return partner


def partners_for_team(team: Team) -> QuerySet[SignallingPartner]:
    return SignallingPartner.objects.filter(team=team, is_active=True).order_by("name")


# --- duty roster ------------------------------------------------------------------------


def roster_team(*, actor: Actor, team_id: int) -> tuple[Team, Decision]:
    team = Team.objects.filter(pk=team_id).select_related("municipality").first()
    if team is None:
        raise AccessDenied("no such team")
    decision = policy.decide_scope(actor, TEAM_CONFIG, team=team)
    if not decision.allowed:
        raise AccessDenied("roster of another team")
    return team, decision


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def roster_week(*, team: Team, start: dt.date) -> list[tuple[dt.date, DutyShift | None]]:
    """The working days of the week that starts at ``start`` with who is on duty."""
    days = [start + dt.timedelta(days=i) for i in range(5)]
    shifts = {
        s.date: s for s in DutyShift.objects.filter(team=team, date__in=days).select_related("user")
    }
    return [(day, shifts.get(day)) for day in days]


def on_duty(*, team: Team, day: dt.date | None = None) -> User | None:
    shift = (
        DutyShift.objects.filter(team=team, date=day or timezone.localdate())
        .select_related("user")
        .first()
    )
    return shift.user if shift else None


# --- "Mijn werk" --------------------------------------------------------------------------


@dataclass
class TeamIntakeWork:
    team: Team
    on_duty: User | None
    full: bool
    new_signals: list[Signal] = field(default_factory=list)
    overdue_signals: list[Signal] = field(default_factory=list)
    new_count: int = 0
    overdue_count: int = 0
    # Dates that ask for action: open signals' deadlines (soonest first) and the next
    # outreach attempts planned for me (see ``planned_attempts_for``).
    deadline_signals: list[Signal] = field(default_factory=list)
    next_attempts: list[OutreachAttempt] = field(default_factory=list)


@dataclass
class MyIntakeWork:
    on_duty_today: bool
    teams: list[TeamIntakeWork]

    @property
    def has_anything(self) -> bool:
        return bool(self.teams)


NEXT_ATTEMPT_HORIZON = dt.timedelta(days=7)  # a planned attempt shows up a week ahead


def _planned_query(*, team_id: int, until: dt.date) -> QuerySet[OutreachAttempt]:
    latest = OutreachAttempt.objects.filter(signal=OuterRef("signal")).order_by(
        "-attempted_at", "-pk"
    )
    return (
        OutreachAttempt.objects.filter(
            team_id=team_id,
            next_attempt_on__isnull=False,
            next_attempt_on__lte=until,
            signal__status__in=OPEN_STATUSES,
        )
        .filter(pk=Subquery(latest.values("pk")[:1]))
        .select_related("signal")
        .order_by("next_attempt_on", "pk")
    )


# Mijn werk reads it for every team: its SQL is built once per connection (core/compiled.py).
_PLANNED = CompiledQuery(
    _planned_query,
    team_id=Slot(1, 2, as_big_int),
    until=Slot(dt.date(2000, 1, 1), dt.date(2000, 1, 2), as_date),
)


def planned_attempts_for(
    *, team: Team, user: User, today: dt.date, horizon: dt.timedelta = NEXT_ATTEMPT_HORIZON
) -> list[OutreachAttempt]:
    """The next outreach attempts of the team that are mine to make, soonest first.

    A planned attempt is the ``next_attempt_on`` of the latest attempt on a signal that is
    still open (a later attempt replaces the plan). It is for the colleague on duty that day;
    once the day has passed, for whoever is on duty today. When nobody is on the roster that
    day, the colleague who planned it keeps it. Two queries, whatever the number of signals.
    """
    planned = _PLANNED.instances(
        router.db_for_read(OutreachAttempt), team_id=team.pk, until=today + horizon
    )
    if not planned:
        return []
    days = {max(a.next_attempt_on, today) for a in planned if a.next_attempt_on}
    duty = dict(DutyShift.objects.filter(team=team, date__in=days).values_list("date", "user_id"))
    mine = []
    for attempt in planned:
        assert attempt.next_attempt_on is not None  # filtered above
        day = max(attempt.next_attempt_on, today)
        if duty.get(day, attempt.made_by_id) == user.pk:
            mine.append(attempt)
    return mine


# Mijn werk's reads per team, their SQL built once per connection (core/compiled.py). The
# lists read at most MY_WORK_ROWS rows; the caller shows fewer when it asks for fewer.
MY_WORK_ROWS = 20


def _open_signals(team_id: int) -> QuerySet[Signal]:
    return Signal.objects.filter(team_id=team_id, status__in=OPEN_STATUSES)


def _signal_counts(*, team_id: int, today: dt.date) -> QuerySet[Any, tuple[Any, ...]]:
    """New and overdue open signals in one query (one row, or none without open signals)."""
    return (
        _open_signals(team_id)
        .values("team_id")
        .order_by()
        .annotate(
            new=Count("pk", filter=Q(status=SignalStatus.NEW)),
            overdue=Count("pk", filter=Q(deadline__lt=today)),
        )
        .values_list("new", "overdue")
    )


_TEAM = Slot(1, 2, as_big_int)
_DAY = Slot(dt.date(2000, 1, 1), dt.date(2000, 1, 2), as_date)
_ON_DUTY = CompiledQuery(
    lambda *, team_id, day: (
        DutyShift.objects.filter(team_id=team_id, date=day)
        .select_related("user")
        .order_by("pk")[:1]
    ),  # one shift per team and day (a constraint)
    team_id=_TEAM,
    day=_DAY,
)
_SIGNAL_COUNTS = CompiledQuery(_signal_counts, team_id=_TEAM, today=_DAY)
_NEW = CompiledQuery(
    lambda *, team_id: _ordered(_open_signals(team_id).filter(status=SignalStatus.NEW))[
        :MY_WORK_ROWS
    ],
    team_id=_TEAM,
)
_OVERDUE = CompiledQuery(
    lambda *, team_id, today: _ordered(_open_signals(team_id).filter(deadline__lt=today))[
        :MY_WORK_ROWS
    ],
    team_id=_TEAM,
    today=_DAY,
)
_DEADLINES = CompiledQuery(
    lambda *, team_id: (
        _open_signals(team_id)
        .filter(deadline__isnull=False)
        .order_by("deadline", "pk")[:MY_WORK_ROWS]
    ),
    team_id=_TEAM,
)


def my_work_intake(*, actor: Actor, limit: int = 5, deadline_limit: int = 20) -> MyIntakeWork:
    """Am I on duty today (and who is), the new and overdue signals of my teams, their open
    deadlines and the outreach attempts planned for me. ``limit`` and ``deadline_limit``:
    at most MY_WORK_ROWS."""
    today = timezone.localdate()
    teams = []
    me_on_duty = False
    for membership in policy.active_memberships(actor):
        team = membership.team
        if team is None:
            continue
        decision = policy.decide_scope(
            actor, SIGNALS, team=team, municipality=membership.municipality
        )
        if not decision.allowed:
            continue
        shifts = _ON_DUTY.instances(router.db_for_read(DutyShift), team_id=team.pk, day=today)
        person = shifts[0].user if shifts else None
        me_on_duty = me_on_duty or (person is not None and person.pk == actor.user.pk)
        db = router.db_for_read(Signal)
        counts = _SIGNAL_COUNTS.rows(db, team_id=team.pk, today=today)
        new_count, overdue_count = counts[0] if counts else (0, 0)
        work = TeamIntakeWork(
            team=team,
            on_duty=person,
            full=decision.level >= ViewLevel.FULL,
            new_count=new_count,
            overdue_count=overdue_count,
        )
        if limit and work.full:
            if work.new_count or work.overdue_count:
                work.new_signals = _NEW.instances(db, team_id=team.pk)[:limit]
                work.overdue_signals = _OVERDUE.instances(db, team_id=team.pk, today=today)[:limit]
            work.deadline_signals = _DEADLINES.instances(db, team_id=team.pk)[:deadline_limit]
            work.next_attempts = planned_attempts_for(team=team, user=actor.user, today=today)
            shown = [
                *work.new_signals,
                *work.overdue_signals,
                *work.deadline_signals,
                *(a.signal for a in work.next_attempts if a.signal is not None),
            ]
            if shown:
                access_log_record(
                    actor=actor,
                    event="read",
                    object_type="intake.signal_list",
                    object_id=team.pk,
                    decision=decision,
                    object_ids=list(dict.fromkeys(s.pk for s in shown)),
                )
        teams.append(work)
    return MyIntakeWork(on_duty_today=me_on_duty, teams=sorted(teams, key=lambda w: w.team.name))
