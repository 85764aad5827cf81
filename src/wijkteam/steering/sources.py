"""The source of every summary indicator: one read of the registrations per indicator.

A source takes `since` (the first month to compute, None for all) and yields
`(team, month, framework, dimension, count)` rows for months from `since` on only. Nothing is
typed twice: every count comes from rows the professionals already register.

Medians cannot be added up, so the "days" indicators store a count per number of days (the
dimension is the day count, e.g. "12", or "<phase>:12"): the median over any selection of teams
and months is then exact from the summed buckets (`measures.median_of`).

Legal framework: trajectory-based indicators count every trajectory once with framework ""
(all trajectories, whatever their framework) and once more under each legal framework chosen
for it (`casework.TrajectoryFramework`; a trajectory with two frameworks counts under both, one
without a framework only under ""). The unfiltered dashboard reads framework "", a framework
filter reads that framework. Indicators that are not about a trajectory (signals, outreach,
new households, the team) only have "" rows.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import pairwise
from typing import Any

from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from wijkteam.accounts.models import TEAM_ROLES, Membership
from wijkteam.casework.models import (
    CaseworkSettings,
    Evaluation,
    Solution,
    Trajectory,
    TrajectoryFramework,
)
from wijkteam.intake.models import OutreachAttempt, OutreachOutcome, Signal
from wijkteam.lifedomains import as_2013
from wijkteam.socialmap.models import Expertise, Referral, ReferralStatus
from wijkteam.teamdesign.models import CompositionLine

SummaryRow = tuple[int, dt.date, str, str, int]  # team, month, framework, dimension, count
Source = Callable[[dt.date | None], Iterable[SummaryRow]]
# One counted trajectory-based item: team, month, dimension, trajectory id.
Item = tuple[int, dt.date, str, int]

RETURN_WINDOW_DAYS = 365
DEFAULT_PLAN_DAYS = 42  # CaseworkSettings.no_plan_after_days when a team has no settings row
ZRM = "zrm"
LADDER = "participation-ladder"


def month_of(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return value.replace(day=1)


def start_of(month: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(month.year, month.month, 1))


def _grouped(
    queryset: QuerySet[Any], team: str, when: str, dimension: str | None, framework: str = ""
) -> Iterator[SummaryRow]:
    """One grouped query; with `framework` (a path to the trajectory's frameworks) the rows
    are grouped by legal framework too, so a trajectory with two frameworks counts in both."""
    names = [team, "m"] + ([dimension] if dimension else []) + ([framework] if framework else [])
    query = queryset.annotate(m=TruncMonth(when)).values_list(*names)
    for row in query.annotate(n=Count("pk")).order_by():
        dim = str(row[2]) if dimension else "all"
        yield row[0], month_of(row[1]), str(row[-2]) if framework else "", dim, row[-1]


def _with_frameworks(
    queryset: QuerySet[Any], team: str, when: str, dimension: str | None, trajectory: str
) -> Iterator[SummaryRow]:
    yield from _grouped(queryset, team, when, dimension)
    path = f"{trajectory}__frameworks__framework"
    yield from _grouped(queryset.filter(**{f"{path}__isnull": False}), team, when, dimension, path)


def _frameworks_of(trajectory_ids: set[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    rows = TrajectoryFramework.objects.values_list("trajectory_id", "framework").order_by()
    for trajectory_id, framework in rows:
        if trajectory_id in trajectory_ids:
            found[trajectory_id].append(framework)
    return found


def _counted(items: Iterable[Item]) -> Iterator[SummaryRow]:
    """Count trajectory-based items under "" and under each framework of their trajectory."""
    listed = list(items)
    frameworks = _frameworks_of({item[3] for item in listed})
    counts: Counter[tuple[int, dt.date, str, str]] = Counter()
    for team_id, month, dimension, trajectory_id in listed:
        counts[(team_id, month, "", dimension)] += 1
        for framework in frameworks.get(trajectory_id, ()):
            counts[(team_id, month, framework, dimension)] += 1
    return ((t, m, f, d, n) for (t, m, f, d), n in counts.items())


# --- Reach -------------------------------------------------------------------------------


def signals_by_partner_kind(since: dt.date | None) -> Iterable[SummaryRow]:
    rows = Signal.objects.filter(partner__isnull=False)
    if since:
        rows = rows.filter(received_at__gte=start_of(since))
    return _grouped(rows, "team_id", "received_at", "partner__kind")


def signals_by_source(since: dt.date | None) -> Iterable[SummaryRow]:
    rows = Signal.objects.all()
    if since:
        rows = rows.filter(received_at__gte=start_of(since))
    return _grouped(rows, "team_id", "received_at", "source_kind")


def new_households(since: dt.date | None) -> Iterable[SummaryRow]:
    from wijkteam.households.models import Household

    rows = Household.objects.all()
    if since:
        rows = rows.filter(created_at__gte=start_of(since))
    return _grouped(rows, "team_id", "created_at", None)


def returning_households(since: dt.date | None) -> Iterable[SummaryRow]:
    """Trajectories started within 12 months after an earlier trajectory of the same
    household was closed (counted in the month the new one started)."""
    rows = Trajectory.objects.values_list(
        "pk", "household_id", "household__team_id", "started_on", "closed_on"
    ).order_by()
    closings: dict[int, list[dt.date]] = {}
    started: list[tuple[int, int, int, dt.date]] = []
    for pk, household_id, team_id, started_on, closed_on in rows:
        if closed_on is not None:
            closings.setdefault(household_id, []).append(closed_on)
        started.append((pk, household_id, team_id, started_on))
    window = dt.timedelta(days=RETURN_WINDOW_DAYS)
    items = [
        (team_id, month_of(started_on), "all", pk)
        for pk, household_id, team_id, started_on in started
        if not (since and started_on < since)
        and any(started_on - window <= c <= started_on for c in closings.get(household_id, ()))
    ]
    return _counted(items)


def _first_contacts() -> QuerySet[Any]:
    return Signal.objects.annotate(
        first_contact=Min(
            "outreach_attempts__attempted_at",
            filter=Q(outreach_attempts__outcome=OutreachOutcome.CONTACT),
        )
    )


def signal_to_contact_days(since: dt.date | None) -> Iterable[SummaryRow]:
    """Per signal with a contact: the days from receipt to the first attempt that made contact,
    counted in the month of that contact (a later contact never changes an earlier month)."""
    rows = _first_contacts().filter(first_contact__isnull=False)
    if since:
        rows = rows.filter(first_contact__gte=start_of(since))
    counts: Counter[tuple[int, dt.date, str]] = Counter()
    for team_id, received_at, first in rows.values_list("team_id", "received_at", "first_contact"):
        days = max(
            0, (timezone.localtime(first).date() - timezone.localtime(received_at).date()).days
        )
        counts[(team_id, month_of(first), str(days))] += 1
    return ((t, m, "", d, n) for (t, m, d), n in counts.items())


def signal_contact_within_term(since: dt.date | None) -> Iterable[SummaryRow]:
    """Signals with an agreed term (a deadline), in the month received: "within" (first contact
    on or before the deadline), "late" (after it, or none by a deadline that has passed) or
    "pending" (no contact yet, the deadline still ahead)."""
    rows = _first_contacts().filter(deadline__isnull=False)
    if since:
        rows = rows.filter(received_at__gte=start_of(since))
    today = timezone.localdate()
    counts: Counter[tuple[int, dt.date, str]] = Counter()
    for team_id, received_at, deadline, first in rows.values_list(
        "team_id", "received_at", "deadline", "first_contact"
    ):
        if first is not None:
            state = "within" if timezone.localtime(first).date() <= deadline else "late"
        else:
            state = "late" if deadline < today else "pending"
        counts[(team_id, month_of(received_at), state)] += 1
    return ((t, m, "", d, n) for (t, m, d), n in counts.items())


def outreach_attempts(since: dt.date | None) -> Iterable[SummaryRow]:
    rows = OutreachAttempt.objects.all()
    if since:
        rows = rows.filter(attempted_at__gte=start_of(since))
    return _grouped(rows, "team_id", "attempted_at", "outcome")


# --- Working methodically ----------------------------------------------------------------


def plan_within_days(since: dt.date | None) -> Iterable[SummaryRow]:
    """Trajectories in the month they started: "in_time" (a first plan version within the
    team's number of days), "late", or "pending" (no plan yet, the days not over)."""
    limits = dict(CaseworkSettings.objects.values_list("team_id", "no_plan_after_days"))
    rows = Trajectory.objects.annotate(first_plan=Min("plans__created_at"))
    if since:
        rows = rows.filter(started_on__gte=since)
    today = timezone.localdate()
    items = []
    for pk, team_id, started_on, first_plan in rows.values_list(
        "pk", "household__team_id", "started_on", "first_plan"
    ).order_by():
        due = started_on + dt.timedelta(days=limits.get(team_id, DEFAULT_PLAN_DAYS))
        if first_plan is not None:
            state = "in_time" if timezone.localtime(first_plan).date() <= due else "late"
        else:
            state = "late" if due < today else "pending"
        items.append((team_id, month_of(started_on), state, pk))
    return _counted(items)


PHASES = ("analysis", "plan", "support", "after_evaluation")


def time_per_phase(since: dt.date | None) -> Iterable[SummaryRow]:
    """Days per phase from the milestones the casework registers (no phase history is kept):
    analysis = start to the kitchen-table conversation, plan = conversation to the first agreed
    plan, support = that plan to the first evaluation, after_evaluation = the first evaluation
    to closing. Counted in the month the phase ended; the dimension is "<phase>:<days>"."""
    rows = Trajectory.objects.annotate(
        plan_on=Min("plans__agreed_on"), evaluated_on=Min("evaluations__evaluated_on")
    ).values_list(
        "pk",
        "household__team_id",
        "started_on",
        "conversation__held_on",
        "plan_on",
        "evaluated_on",
        "closed_on",
    )
    items = []
    for pk, team_id, *milestones in rows.order_by():
        for phase, (begin, end) in zip(PHASES, pairwise(milestones), strict=True):
            if begin is None or end is None or (since and end < since):
                continue
            items.append((team_id, month_of(end), f"{phase}:{max(0, (end - begin).days)}", pk))
    return _counted(items)


# --- Open trajectories at each month's end: plans and pitfall signals (a state) ---------
#
# The team caseload (casework.selectors.overview) shows the pitfall signals of the open
# trajectories now. For steering the same rules are applied at the end of every month (now,
# for the current month), so the counts form a trend. A state is not added up over months: a
# quarter or a year shows its last month (measures.STATES; protection.py protects each month's
# state as its own system).

PLAN_STATES = ("goals_and_results", "goals_only", "no_goals")
PITFALLS = ("no_plan", "plan_without_goals", "goals_without_results", "no_recent_contact")
# plan version: (created, current now, goals, intended results)
_PlanVersion = tuple[dt.datetime, bool, int, int]


def _moments(since: dt.date | None, first: dt.date | None) -> list[tuple[dt.date, dt.datetime]]:
    """(month, moment) per month: the moment is the end of the month (the next month's start,
    local time), or now for the current month."""
    now = timezone.now()
    current = month_of(timezone.localdate())
    return [
        (month, now if month == current else start_of(_next_month(month)))
        for month in _months(since, first)
    ]


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _open_by_month(
    trajectories: Iterable[tuple[int, int, int, dt.date, Any, str]], months: Iterable[dt.date]
) -> dict[dt.date, list[tuple[int, int, int, dt.date]]]:
    """The trajectories open at each month's end: started by then and not closed on or before
    its last day; in the current month (now), every trajectory not closed, as the caseload."""
    wanted = set(months)
    current = month_of(timezone.localdate())
    found: dict[dt.date, list[tuple[int, int, int, dt.date]]] = {m: [] for m in wanted}
    for pk, household_id, team_id, started_on, closed_on, phase in trajectories:
        row = (pk, household_id, team_id, started_on)
        month = month_of(started_on)
        end = month_of(closed_on) if closed_on is not None else current
        while month < end and month < current:
            if month in wanted:
                found[month].append(row)
            month = _next_month(month)
        if current in wanted and phase != "closed" and month_of(started_on) <= current:
            found[current].append(row)
    return found


def _plan_versions() -> dict[int, list[_PlanVersion]]:
    from wijkteam.casework.models import Plan

    found: dict[int, list[_PlanVersion]] = defaultdict(list)
    rows = (
        Plan.objects.annotate(
            goal_n=Count("goals", distinct=True), result_n=Count("goals__results")
        )
        .values_list("household_id", "created_at", "is_current", "goal_n", "result_n")
        .order_by("household_id", "version")
    )
    for household_id, created_at, is_current, goals, results in rows:
        found[household_id].append((created_at, is_current, goals, results))
    return found


def _plan_at(
    versions: list[_PlanVersion], moment: dt.datetime, current: bool
) -> _PlanVersion | None:
    """The household's plan at `moment`: the current one now, else the last version made by
    then (goals and results as they are registered in that version today)."""
    if current:
        return next((v for v in versions if v[1]), None)
    made = [v for v in versions if v[0] < moment]
    return made[-1] if made else None


def _open_trajectories(since: dt.date | None) -> list[tuple[int, int, int, dt.date, Any, str]]:
    rows = Trajectory.objects.all()
    if since:
        rows = rows.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=since))
    return list(
        rows.values_list(
            "pk", "household_id", "household__team_id", "started_on", "closed_on", "phase"
        ).order_by()
    )


def _team_days() -> tuple[dict[int, int], dict[int, int]]:
    from wijkteam.casework.selectors.file import DEFAULT_NO_CONTACT_DAYS, DEFAULT_NO_PLAN_DAYS

    plan: dict[int, int] = defaultdict(lambda: DEFAULT_NO_PLAN_DAYS)
    contact: dict[int, int] = defaultdict(lambda: DEFAULT_NO_CONTACT_DAYS)
    for team_id, plan_days, contact_days in CaseworkSettings.objects.values_list(
        "team_id", "no_plan_after_days", "no_contact_after_days"
    ):
        plan[team_id], contact[team_id] = plan_days, contact_days
    return plan, contact


def _cutoff(moment: dt.datetime, days: int) -> dt.date:
    """ "More than N whole days" before `moment` (a start date counts from midnight UTC), as
    in the caseload."""
    return (moment - dt.timedelta(days=days + 1)).astimezone(dt.UTC).date()


# per household: the months with notes (in order) and the last note up to each of them
_Notes = tuple[list[dt.date], list[dt.datetime]]


def _last_notes(since: dt.date | None, days: int) -> dict[int, _Notes]:
    """Per household, the last note up to each month with notes (one grouped read), from
    `days` before `since` on (all when None)."""
    from wijkteam.casework.models import Note

    rows = Note.objects.all()
    if since:
        rows = rows.filter(occurred_at__gte=start_of(since) - dt.timedelta(days=days + 1))
    by_household: dict[int, list[tuple[dt.date, dt.datetime]]] = defaultdict(list)
    query = (
        rows.annotate(m=TruncMonth("occurred_at"))
        .values_list("household_id", "m")
        .annotate(last=Max("occurred_at"))
        .order_by()
    )
    for household_id, month, last in query:
        by_household[household_id].append((month_of(month), last))
    found: dict[int, _Notes] = {}
    for household_id, months in by_household.items():
        months.sort()
        running: list[dt.datetime] = []
        for _month, last in months:
            running.append(max(last, running[-1]) if running else last)
        found[household_id] = ([m for m, _last in months], running)
    return found


def _last_note_by(notes: _Notes | None, month: dt.date, now: bool) -> dt.datetime | None:
    """The last note up to the end of `month` (any note at all when `now`), or None."""
    if notes is None:
        return None
    index = len(notes[0]) if now else bisect_right(notes[0], month)
    return notes[1][index - 1] if index else None


def _state_items(since: dt.date | None, with_contact: bool) -> Iterator[tuple[str, Item]]:
    """("plan" or "pitfall", item) for every trajectory open at each month's end from `since`."""
    from wijkteam.casework.models import Note

    trajectories = _open_trajectories(since)
    first = min((t[3] for t in trajectories), default=None)
    plans = _plan_versions()
    plan_days, contact_days = _team_days()
    longest = max([DEFAULT_PLAN_DAYS, *contact_days.values()])
    notes = _last_notes(since, longest) if with_contact else {}
    current = month_of(timezone.localdate())
    moments = _moments(since, first)
    open_by_month = _open_by_month(trajectories, [m for m, _moment in moments])
    for month, moment in moments:
        is_current = month == current
        silent: list[tuple[int, int, int]] = []  # started recently, no note in the window
        for pk, household_id, team_id, started_on in open_by_month[month]:
            plan = _plan_at(plans.get(household_id, []), moment, is_current)
            if plan is None:
                if started_on <= _cutoff(moment, plan_days[team_id]):
                    yield "pitfall", (team_id, month, "no_plan", pk)
            else:
                state = (
                    "no_goals"
                    if not plan[2]
                    else "goals_only"
                    if not plan[3]
                    else "goals_and_results"
                )
                yield "plan", (team_id, month, state, pk)
                if state != "goals_and_results":
                    signal = (
                        "plan_without_goals" if state == "no_goals" else "goals_without_results"
                    )
                    yield "pitfall", (team_id, month, signal, pk)
            if not with_contact:
                continue
            # the caseload's rule: more than N whole days since the last note or, without
            # notes, since the start
            since_contact = moment - dt.timedelta(days=contact_days[team_id] + 1)
            last = _last_note_by(notes.get(household_id), month, is_current)
            if last is not None and last > since_contact:
                continue
            if last is not None or started_on <= since_contact.astimezone(dt.UTC).date():
                yield "pitfall", (team_id, month, "no_recent_contact", pk)
            elif since:  # older notes than the ones read may exist
                silent.append((pk, household_id, team_id))
        if silent:
            older = Note.objects.filter(
                household_id__in={s[1] for s in silent}, occurred_at__lt=moment
            )
            with_notes = set(older.values_list("household_id", flat=True).distinct())
            for pk, household_id, team_id in silent:
                if household_id in with_notes:
                    yield "pitfall", (team_id, month, "no_recent_contact", pk)


def _state_rows(items: Iterable[Item]) -> Iterator[SummaryRow]:
    counts: Counter[tuple[int, dt.date, str]] = Counter((t, m, d) for t, m, d, _pk in items)
    return ((t, m, "", d, n) for (t, m, d), n in counts.items())


def plans_with_goals_results(since: dt.date | None) -> Iterable[SummaryRow]:
    """Open trajectories with a plan at each month's end, by what the plan holds: goals with
    intended results, goals only, no goals (the caseload's plan rules)."""
    return _state_rows(item for kind, item in _state_items(since, False) if kind == "plan")


def pitfall_signals(since: dt.date | None) -> Iterable[SummaryRow]:
    """The caseload's pitfall signals of the trajectories open at each month's end."""
    return _state_rows(item for kind, item in _state_items(since, True) if kind == "pitfall")


# --- Own strength first ------------------------------------------------------------------


def evaluations(since: dt.date | None) -> Iterable[SummaryRow]:
    rows = Evaluation.objects.all()
    if since:
        rows = rows.filter(evaluated_on__gte=since)
    return _with_frameworks(
        rows, "trajectory__household__team_id", "evaluated_on", "question_answered", "trajectory"
    )


def solution_frames(since: dt.date | None) -> Iterable[SummaryRow]:
    """Solutions in the plan versions agreed in the month (a re-agreed plan counts again)."""
    rows = Solution.objects.filter(plan__agreed_on__isnull=False)
    if since:
        rows = rows.filter(plan__agreed_on__gte=since)
    return _with_frameworks(
        rows, "plan__household__team_id", "plan__agreed_on", "frame", "plan__trajectory"
    )


REFERRAL_OUTCOMES = ("started", "refused", "open")


def referral_outcome(status: str) -> str:
    if status in (ReferralStatus.STARTED, ReferralStatus.ENDED):
        return "started"
    if status == ReferralStatus.REFUSED:
        return "refused"
    return "open"


def referrals_by_provider_type(since: dt.date | None) -> Iterable[SummaryRow]:
    """Referrals in the month proposed, as "<service type>:<outcome>" (outcome as it is now)."""
    rows = Referral.objects.all()
    if since:
        rows = rows.filter(proposed_on__gte=since)
    items = [
        (team_id, month_of(proposed_on), f"{kind}:{referral_outcome(status)}", trajectory_id)
        for team_id, proposed_on, kind, status, trajectory_id in rows.values_list(
            "solution__plan__household__team_id",
            "proposed_on",
            "service__service_type",
            "status",
            "solution__plan__trajectory_id",
        ).order_by()
    ]
    return _counted(items)


# --- Results -----------------------------------------------------------------------------


def _trend(first: int, latest: int) -> str:
    return "up" if latest > first else "down" if latest < first else "same"


def _closed_trajectories(since: dt.date | None) -> QuerySet[Trajectory]:
    rows = Trajectory.objects.filter(closed_on__isnull=False)
    return rows.filter(closed_on__gte=since) if since else rows


def _measured_change(since: dt.date | None, instrument: str) -> Iterator[Item]:
    """Per closed trajectory, member and domain: the first and the latest score measured
    between the start and the closing (at least two), counted in the month of closing."""
    from wijkteam.assessments.models import Score

    closed = _closed_trajectories(since)
    scores: dict[int, list[tuple[dt.date, int, int, str, int]]] = defaultdict(list)
    for household_id, member_id, code, on, measurement_id, value in (
        Score.objects.filter(
            measurement__instrument__code=instrument,
            value__isnull=False,
            measurement__member__household_id__in=closed.values("household_id"),
        )
        .values_list(
            "measurement__member__household_id",
            "measurement__member_id",
            "domain__code",
            "measurement__measured_on",
            "measurement_id",
            "value",
        )
        .order_by()
    ):
        scores[household_id].append((on, measurement_id, member_id, code, int(value or 0)))
    for pk, team_id, household_id, started_on, closed_on in closed.values_list(
        "pk", "household__team_id", "household_id", "started_on", "closed_on"
    ).order_by():
        if closed_on is None:  # filtered out; for the type checker
            continue
        series: dict[tuple[int, str], list[int]] = defaultdict(list)
        for on, _measurement, member_id, code, value in sorted(scores.get(household_id, ())):
            if started_on <= on <= closed_on:
                # A ZRM 2017 domain is counted under its one-to-one 2013 domain.
                series[(member_id, as_2013(code))].append(value)
        for (_member, code), values in series.items():
            if len(values) >= 2:
                trend = _trend(values[0], values[-1])
                dimension = trend if instrument == LADDER else f"{code}:{trend}"
                yield team_id, month_of(closed_on), dimension, pk


def self_sufficiency_change(since: dt.date | None) -> Iterable[SummaryRow]:
    return _counted(_measured_change(since, ZRM))


def participation_ladder_movement(since: dt.date | None) -> Iterable[SummaryRow]:
    return _counted(_measured_change(since, LADDER))


def relapse_after_monitoring(since: dt.date | None) -> Iterable[SummaryRow]:
    """Trajectories closed after monitoring (a monitoring period was set), in the month closed:
    "relapse" (a new trajectory of the household started within 12 months after closing),
    "none" (the 12 months are over without one) or "pending" (not over yet)."""
    starts: dict[int, list[dt.date]] = defaultdict(list)
    for household_id, started_on in Trajectory.objects.values_list(
        "household_id", "started_on"
    ).order_by():
        starts[household_id].append(started_on)
    rows = _closed_trajectories(since).filter(monitoring_until__isnull=False)
    window = dt.timedelta(days=RETURN_WINDOW_DAYS)
    today = timezone.localdate()
    items = []
    for pk, team_id, household_id, closed_on in rows.values_list(
        "pk", "household__team_id", "household_id", "closed_on"
    ).order_by():
        if closed_on is None:  # filtered out; for the type checker
            continue
        if any(closed_on < s <= closed_on + window for s in starts[household_id]):
            state = "relapse"
        else:
            state = "none" if closed_on + window < today else "pending"
        items.append((team_id, month_of(closed_on), state, pk))
    return _counted(items)


# --- Team (a state, not events: the value of each month, FTE in hundredths) --------------


def _months(since: dt.date | None, first: dt.date | None) -> list[dt.date]:
    today = timezone.localdate()
    month = month_of(max(filter(None, (since, first)), default=today))
    found = []
    while month <= today:
        found.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return found


def _month_end(month: dt.date) -> dt.date:
    end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return min(end, timezone.localdate())


def fte_planned_actual(since: dt.date | None) -> Iterable[SummaryRow]:
    """ "actual": the FTE of the team's memberships (team roles) on the month's last day (today
    for the current month); "planned": the team design's composition, for the current month
    only, because the composition keeps no history."""
    memberships = list(
        Membership.objects.filter(team__isnull=False, role__in=sorted(TEAM_ROLES)).values_list(
            "team_id", "fte", "valid_from", "valid_until"
        )
    )
    first = min((m[2] for m in memberships), default=None)
    for month in _months(since, first):
        day = _month_end(month)
        totals: dict[int, Decimal] = defaultdict(Decimal)
        for team_id, fte, valid_from, valid_until in memberships:
            if valid_from <= day and (valid_until is None or valid_until >= day):
                totals[team_id] += fte
        for team_id, total in totals.items():
            if total:
                yield team_id, month, "", "actual", int(total * 100)
    current = month_of(timezone.localdate())
    if since is None or since <= current:
        planned: dict[int, Decimal] = defaultdict(Decimal)
        for team_id, fte in CompositionLine.objects.values_list("design__team_id", "fte"):
            planned[team_id] += fte
        for team_id, total in planned.items():
            if total:
                yield team_id, current, "", "planned", int(total * 100)


def expertise_coverage(since: dt.date | None) -> Iterable[SummaryRow]:
    """Per life domain, the team members (active memberships) with expertise in it, for the
    current month only (expertise keeps no history)."""
    current = month_of(timezone.localdate())
    if since is not None and since > current:
        return ()
    active = Membership.objects.active().filter(team__isnull=False)
    rows = (
        Expertise.objects.filter(membership__in=active)
        .values_list("membership__team_id", "domain")
        .annotate(n=Count("membership__user_id", distinct=True))
        .order_by()
    )
    return ((team_id, current, "", domain, n) for team_id, domain, n in rows)


SOURCES: dict[str, Source] = {
    "signals_by_partner_kind": signals_by_partner_kind,
    "signals_by_source": signals_by_source,
    "new_households": new_households,
    "returning_households": returning_households,
    "signal_to_contact_median": signal_to_contact_days,
    "signal_contact_within_term": signal_contact_within_term,
    "outreach_attempts_per_contact": outreach_attempts,
    "plan_within_days": plan_within_days,
    "time_per_phase": time_per_phase,
    "plans_with_goals_results": plans_with_goals_results,
    "pitfall_signals": pitfall_signals,
    "evaluations_question_answered": evaluations,
    "solution_frames": solution_frames,
    "referrals_by_provider_type": referrals_by_provider_type,
    "self_sufficiency_change": self_sufficiency_change,
    "participation_ladder_movement": participation_ladder_movement,
    "relapse_after_monitoring": relapse_after_monitoring,
    "fte_planned_actual": fte_planned_actual,
    "expertise_coverage": expertise_coverage,
}

# How many months before the current one the 15-minute refresh recomputes, per indicator
# (default 2): an indicator whose month can still change later (a state that is only known
# after a term) looks back that far; anything older is put right by the nightly full run.
LOOKBACK_MONTHS: dict[str, int] = {
    "signal_contact_within_term": 4,  # pending until the partner's term (days) has passed
    "plan_within_days": 4,  # pending until the team's days for a plan have passed
    "referrals_by_provider_type": 12,  # the outcome of a referral comes later
    "relapse_after_monitoring": 13,  # pending for 12 months after closing
}
