"""Overviews: the team caseload with pitfall signals, "Mijn werk" and team indicators."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.paginator import Page, Paginator
from django.db import router
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import DenseRank
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.casework.models import (
    NEXT_STEPS,
    Action,
    ActionStatus,
    CaseworkSettings,
    Frame,
    Goal,
    IntendedResult,
    Note,
    Phase,
    Plan,
    ProblemStatement,
    Solution,
    Trajectory,
)
from wijkteam.casework.selectors.file import DEFAULT_NO_CONTACT_DAYS, DEFAULT_NO_PLAN_DAYS
from wijkteam.core.compiled import CompiledQuery, Slot, as_big_int, as_date, as_datetime
from wijkteam.core.links import DateText, id_link
from wijkteam.organisations.models import Team
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules import casework as rules
from wijkteam.privacy.services import access_log_record, log_list_read

# --- caseload, "Mijn werk" and indicators ---------------------------------------------------


def _thresholds(team: Team) -> tuple[int, int]:
    settings = CaseworkSettings.objects.filter(team=team).first()
    if settings is None:
        return DEFAULT_NO_PLAN_DAYS, DEFAULT_NO_CONTACT_DAYS
    return settings.no_plan_after_days, settings.no_contact_after_days


CASELOAD_PAGE_SIZE = 50
# The pitfall signals, in the order of the summary's columns; also the values of ?signal=.
SIGNALS = ("no_plan", "plan_without_goals", "goals_without_results", "no_recent_contact")
PLAN_SIGNALS = SIGNALS[:3]  # one at most per trajectory: they follow from the current plan


def _open_trajectories(team_id: int) -> QuerySet[Trajectory]:
    return Trajectory.objects.filter(household__team_id=team_id).exclude(phase=Phase.CLOSED)


@dataclass(frozen=True)
class _Cutoffs:
    """The moments the signals compare with (see :func:`_with_signals`)."""

    plan_cutoff: dt.date
    contact_since: dt.datetime
    contact_cutoff: dt.date


def _cutoffs(now: dt.datetime, no_plan_days: int, no_contact_days: int) -> _Cutoffs:
    """ "More than N whole days" since a moment t is t <= now - (N + 1) days; a start date
    counts from midnight UTC."""
    contact_since = now - dt.timedelta(days=no_contact_days + 1)
    return _Cutoffs(
        plan_cutoff=(now - dt.timedelta(days=no_plan_days + 1)).astimezone(dt.UTC).date(),
        contact_since=contact_since,
        contact_cutoff=contact_since.astimezone(dt.UTC).date(),
    )


def _with_signals(
    trajectories: QuerySet[Trajectory],
    *,
    plan_cutoff: dt.date,
    contact_since: dt.datetime,
    contact_cutoff: dt.date,
) -> QuerySet[Any]:  # Trajectory with the two annotations
    """Annotate ``plan_signal`` (one of PLAN_SIGNALS or "") and ``no_recent_contact``.

    The rules, in SQL so that the list can be filtered and the summary counted by the database:
    - no plan: no current plan and more than N whole days since the trajectory started;
    - plan without goals: a current plan without goals;
    - goals without intended results: goals, but no intended result in the current plan;
    - no recent contact: more than N whole days since the household's last note or, without
      notes, since the trajectory started.
    "More than N whole days" since a moment t is t <= now - (N + 1) days; a start date counts
    from midnight UTC (:func:`_cutoffs`).
    """
    household = OuterRef("household_id")
    # The household's current plan joined once (at most one: the partial unique index
    # plan_one_current_per_household), instead of found again in each of three subqueries:
    # the caseload's statement at 458 open trajectories 44-48 -> 25-30 ms on PostgreSQL.
    trajectories = trajectories.annotate(
        current_plan=FilteredRelation(
            "household__plans", condition=Q(household__plans__is_current=True)
        )
    )
    goals = Goal.objects.filter(plan_id=OuterRef("current_plan__id"))
    results = IntendedResult.objects.filter(goal__plan_id=OuterRef("current_plan__id"))
    notes = Note.objects.filter(household=household)
    plan_signal = Case(
        When(
            current_plan__id__isnull=True,
            then=Case(When(started_on__lte=plan_cutoff, then=Value("no_plan")), default=Value("")),
        ),
        When(~Exists(goals), then=Value("plan_without_goals")),
        When(~Exists(results), then=Value("goals_without_results")),
        default=Value(""),
        output_field=CharField(),
    )
    no_recent_contact = Case(
        When(Exists(notes.filter(occurred_at__gt=contact_since)), then=Value(False)),
        When(started_on__lte=contact_cutoff, then=Value(True)),
        When(Exists(notes), then=Value(True)),  # only older notes
        default=Value(False),
        output_field=BooleanField(),
    )
    return trajectories.annotate(plan_signal=plan_signal, no_recent_contact=no_recent_contact)


class LastContact(TypedDict):
    """What the caseload's page query adds to each trajectory."""

    last_contact: dt.datetime | None


if TYPE_CHECKING:  # WithAnnotations takes the TypedDict for the type checker only
    from django_stubs_ext import WithAnnotations

    ContactedTrajectory = WithAnnotations[Trajectory, LastContact]


@dataclass(frozen=True)
class CaseloadRow:
    """One open trajectory of the caseload's list, with what its row shows made once."""

    trajectory: Trajectory  # with its household and coordinator
    no_plan: bool
    plan_without_goals: bool
    no_recent_contact: bool
    goals_without_results: bool = False
    household_name: str = ""
    coordinator_name: str = ""
    phase_label: str = ""
    last_contact: dt.datetime | None = None
    last_contact_text: str = ""  # as the ``date`` filter shows it; "" without notes
    url: str = ""  # the household file

    @property
    def flags(self) -> list[str]:
        return [name for name in SIGNALS if getattr(self, name)]


def _caseload_rows(page: list[_Flagged]) -> list[CaseloadRow]:
    """The page's rows (one query for their trajectories, households, coordinators and last
    contact); labels, links and dates made once per list, not once per cell."""
    last_note = (
        Note.objects.filter(household=OuterRef("household_id"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    read: dict[int, ContactedTrajectory] = {
        t.pk: t
        for t in Trajectory.objects.filter(pk__in=[row.pk for row in page])
        .select_related("household", "coordinator")
        .annotate(last_contact=Subquery(last_note))
    }
    phases = {value: str(label) for value, label in Phase.choices}
    file_url = id_link("casework:household_file")
    date_text = DateText()
    rows = []
    for flagged in page:
        t = read.get(flagged.pk)
        if t is None:  # closed or moved between the two reads: it leaves the list
            continue
        last_contact = t.last_contact
        last_day = timezone.localtime(last_contact).date() if last_contact else None
        rows.append(
            CaseloadRow(
                trajectory=t,
                no_plan=flagged.plan_signal == "no_plan",
                plan_without_goals=flagged.plan_signal == "plan_without_goals",
                no_recent_contact=flagged.no_recent_contact,
                goals_without_results=flagged.plan_signal == "goals_without_results",
                household_name=t.household.name,
                coordinator_name=str(t.coordinator),
                phase_label=phases.get(t.phase, t.phase),
                last_contact=last_contact,
                last_contact_text=date_text(last_day),
                url=file_url(t.household_id),
            )
        )
    return rows


@dataclass
class CoordinatorLoad:
    """One line of the summary: open trajectories and the number per signal."""

    coordinator: User | None  # None: the whole team
    open: int = 0
    no_plan: int = 0
    plan_without_goals: int = 0
    goals_without_results: int = 0
    no_recent_contact: int = 0

    def count(self, signal: str = "") -> int:
        return int(getattr(self, signal)) if signal else self.open

    @property
    def signal_counts(self) -> list[tuple[str, int]]:
        return [(name, getattr(self, name)) for name in SIGNALS]


@dataclass
class Caseload:
    """The summary per coordinator (whole team) and one page of the (filtered) list."""

    team: Team
    rows: list[CaseloadRow]  # the rows of this page
    no_plan_days: int
    no_contact_days: int
    is_leader: bool
    summary: list[CoordinatorLoad] = field(default_factory=list)
    total: CoordinatorLoad = field(default_factory=lambda: CoordinatorLoad(None))
    page: Page[Any] | None = None
    coordinator: User | None = None  # the coordinator filter in force
    signal: str = ""  # the signal filter in force
    ignored: list[str] = field(default_factory=list)  # "coordinator", "signal", "page"


def caseload_teams(*, actor: Actor) -> list[Team]:
    return policy.teams_where(actor, rules.SEE_CASELOAD)


@dataclass(frozen=True)
class _Flagged:
    """One open trajectory of the team as the caseload's one query reads it."""

    pk: int
    coordinator_id: int
    plan_signal: str
    no_recent_contact: bool


def _flagged_query(
    *, team_id: int, plan_cutoff: dt.date, contact_since: dt.datetime, contact_cutoff: dt.date
) -> QuerySet[Any, tuple[Any, ...]]:
    flagged = _with_signals(
        _open_trajectories(team_id),
        plan_cutoff=plan_cutoff,
        contact_since=contact_since,
        contact_cutoff=contact_cutoff,
    )
    ranked = flagged.annotate(
        coordinator_rank=Window(
            DenseRank(),
            order_by=[
                F("coordinator__last_name").asc(),
                F("coordinator__first_name").asc(),
                F("coordinator_id").asc(),
            ],
        )
    ).order_by("coordinator__last_name", "household__name", "coordinator_id", "pk")
    rows: QuerySet[Any, tuple[Any, ...]] = ranked.values_list(
        "pk",
        "coordinator_id",
        "coordinator__username",
        "coordinator__first_name",
        "coordinator__last_name",
        "plan_signal",
        "no_recent_contact",
        "coordinator_rank",
    )
    return rows


# The caseload's one query; its SQL is built once per connection (core/compiled.py).
_FLAGGED = CompiledQuery(
    _flagged_query,
    team_id=Slot(1, 2, as_big_int),
    plan_cutoff=Slot(dt.date(2000, 1, 1), dt.date(2000, 1, 2), as_date),
    contact_since=Slot(
        dt.datetime(2001, 1, 1, tzinfo=dt.UTC), dt.datetime(2001, 1, 2, tzinfo=dt.UTC), as_datetime
    ),
    contact_cutoff=Slot(dt.date(2002, 1, 1), dt.date(2002, 1, 2), as_date),
)


def _flagged_rows(team_id: int, cutoffs: _Cutoffs) -> tuple[list[_Flagged], list[CoordinatorLoad]]:
    """Every open trajectory of the team with its signals, in the list's order, and the
    summary per coordinator counted from them: one query (every row's subqueries run once).
    The summary's order (coordinator's last name, first name) is the database's, as a rank,
    so names sort by the database's collation exactly as the list does."""
    rows = _FLAGGED.rows(
        router.db_for_read(Trajectory),
        team_id=team_id,
        plan_cutoff=cutoffs.plan_cutoff,
        contact_since=cutoffs.contact_since,
        contact_cutoff=cutoffs.contact_cutoff,
    )
    flagged: list[_Flagged] = []
    loads: dict[int, tuple[int, CoordinatorLoad]] = {}
    for pk, coordinator_id, username, first, last, plan_signal, no_contact, rank in rows:
        flagged.append(_Flagged(pk, coordinator_id, plan_signal, bool(no_contact)))
        entry = loads.get(coordinator_id)
        if entry is None:
            coordinator = User(
                pk=coordinator_id, username=username, first_name=first, last_name=last
            )
            entry = loads[coordinator_id] = (rank, CoordinatorLoad(coordinator))
        load = entry[1]
        load.open += 1
        if plan_signal in PLAN_SIGNALS:
            setattr(load, plan_signal, getattr(load, plan_signal) + 1)
        if no_contact:
            load.no_recent_contact += 1
    return flagged, [load for _rank, load in sorted(loads.values(), key=lambda e: e[0])]


def caseload(
    *,
    actor: Actor,
    team: Team,
    coordinator_id: int | None = None,
    signal: str = "",
    page: int = 1,
) -> Caseload:
    """The team's open trajectories: a summary per coordinator with the pitfall signals, and
    one page of the list (coordinator, phase, last contact, signals), optionally filtered by
    coordinator and signal. A filter that does not apply (unknown signal, a coordinator without
    open trajectories in the team) is dropped and named in ``ignored``; a page number outside
    the list shows the nearest page.

    Metadata only: the household's name, never its content; every team role may see it.
    Constant in queries whatever the team's size: thresholds, summary, page, log row.
    """
    decision = policy.require_scope(actor, rules.SEE_CASELOAD, team=team)
    no_plan_days, no_contact_days = _thresholds(team)
    cutoffs = _cutoffs(timezone.now(), no_plan_days, no_contact_days)
    rows_all, summary = _flagged_rows(team.pk, cutoffs)
    total = CoordinatorLoad(None)
    for load in summary:
        for name in ("open", *SIGNALS):
            setattr(total, name, getattr(total, name) + getattr(load, name))
    ignored: list[str] = []
    if signal and signal not in SIGNALS:
        ignored.append("signal")
        signal = ""
    chosen = next(
        (s for s in summary if s.coordinator and s.coordinator.pk == coordinator_id), None
    )
    if coordinator_id is not None and chosen is None:
        ignored.append("coordinator")
    listed = [
        row
        for row in rows_all
        if (chosen is None or row.coordinator_id == coordinator_id)
        and (
            not signal
            or (row.plan_signal == signal if signal in PLAN_SIGNALS else row.no_recent_contact)
        )
    ]
    paginator: Paginator[_Flagged] = Paginator(listed, CASELOAD_PAGE_SIZE)
    number = min(max(page, 1), paginator.num_pages)
    if number != page:
        ignored.append("page")
    shown = paginator.page(number)
    rows = _caseload_rows(list(shown.object_list))
    access_log_record(
        actor=actor,
        event=AccessEvent.READ,
        object_type="casework.caseload",
        object_id=team.pk,
        decision=decision,
        object_ids=[row.trajectory.household_id for row in rows],
    )
    return Caseload(
        team,
        rows,
        no_plan_days,
        no_contact_days,
        rules.CASELOAD_PER_COORDINATOR in decision.actions,
        summary=summary,
        total=total,
        page=shown,
        coordinator=chosen.coordinator if chosen else None,
        signal=signal,
        ignored=ignored,
    )


@dataclass(frozen=True)
class MyAction:
    """One of my open actions on "Mijn werk", with its link and date as shown."""

    pk: int
    text: str
    household_id: int
    household_name: str
    team_id: int
    due_on: dt.date | None
    due_text: str  # the due date as the page shows it; "" without one
    overdue: bool
    url: str  # the action's form


@dataclass(frozen=True)
class MyTrajectory:
    """One of my open trajectories on "Mijn werk": the household, the phase and what is due."""

    pk: int
    household_id: int
    household_name: str
    team_id: int
    phase: str
    phase_label: str
    next_step: str  # in lower case: "Analysis: hold the kitchen-table conversation"
    follow_up_on: dt.date | None
    follow_up_text: str
    monitoring_until: dt.date | None
    phase_changed_at: dt.datetime
    evaluation_due: bool  # in the evaluation phase and not evaluated in it yet
    follow_up_soon: bool  # monitoring, with a follow-up within a week (or past)
    url: str  # the household file


def _my_trajectories_query(*, user_id: int, today: dt.date) -> QuerySet[Any, tuple[Any, ...]]:
    # A UNION of two indexed lookups: an OR across the coordinator column and the involvement
    # subquery made PostgreSQL scan every trajectory (docs/benchmark.md).
    involved = rules.active_involvements(user_id, today).values("trajectory_id")
    mine = (
        Trajectory.objects.filter(coordinator_id=user_id)
        .order_by()
        .values("pk")
        .union(involved.order_by())
    )
    # Plain values, not model instances: a row needs nine columns, not three models each.
    return (
        Trajectory.objects.filter(pk__in=mine)
        .exclude(phase=Phase.CLOSED)
        .order_by("household__name")
        .values_list(
            "pk",
            "household_id",
            "household__name",
            "household__team_id",
            "phase",
            "follow_up_on",
            "monitoring_until",
            "phase_changed_at",
            "last_evaluation__evaluated_on",
        )
    )


def _my_actions_query(*, user_id: int) -> QuerySet[Any, tuple[Any, ...]]:
    return (
        Action.objects.filter(
            owner_user_id=user_id, status=ActionStatus.OPEN, plan__is_current=True
        )
        .exclude(plan__trajectory__phase=Phase.CLOSED)
        .order_by(F("due_on").asc(nulls_last=True), "pk")
        .values_list(
            "pk",
            "text",
            "plan__household_id",
            "plan__household__name",
            "plan__household__team_id",
            "due_on",
        )[:50]
    )


# Mijn werk's two lists, their SQL built once per connection (core/compiled.py).
_MY_TRAJECTORIES = CompiledQuery(
    _my_trajectories_query,
    user_id=Slot(1, 2, as_big_int),
    today=Slot(dt.date(2000, 1, 1), dt.date(2000, 1, 2), as_date),
)
_MY_ACTIONS = CompiledQuery(_my_actions_query, user_id=Slot(1, 2, as_big_int))


def _my_trajectories(user: User, today: dt.date) -> list[MyTrajectory]:
    # A UNION of two indexed lookups: an OR across the coordinator column and the involvement
    # subquery made PostgreSQL scan every trajectory (docs/benchmark.md).
    # Labels, links and dates made once per list, not once per row in the template.
    phases = {value: str(label) for value, label in Phase.choices}
    next_steps = {value: str(NEXT_STEPS.get(value, "")).lower() for value in phases}
    file_url = id_link("casework:household_file")
    date_text = DateText()
    soon = today + dt.timedelta(days=7)
    found = _MY_TRAJECTORIES.rows(router.db_for_read(Trajectory), user_id=user.pk, today=today)
    rows = []
    for pk, household_id, name, team_id, phase, follow_up_on, until, changed_at, evaluated in found:
        # As Trajectory.evaluated_in_this_phase: evaluated since it (last) entered the phase.
        evaluated_in_phase = evaluated is not None and (
            evaluated >= timezone.localtime(changed_at).date()
        )
        rows.append(
            MyTrajectory(
                pk=pk,
                household_id=household_id,
                household_name=name,
                team_id=team_id,
                phase=phase,
                phase_label=phases.get(phase, phase),
                next_step=next_steps.get(phase, ""),
                follow_up_on=follow_up_on,
                follow_up_text=date_text(follow_up_on),
                monitoring_until=until,
                phase_changed_at=changed_at,
                evaluation_due=phase == Phase.EVALUATION and not evaluated_in_phase,
                follow_up_soon=bool(
                    phase == Phase.MONITORING and follow_up_on and follow_up_on <= soon
                ),
                url=file_url(household_id),
            )
        )
    return rows


def _my_actions(user: User, today: dt.date) -> list[MyAction]:
    action_url = id_link("casework:action_edit", 2)
    date_text = DateText()
    found = _MY_ACTIONS.rows(router.db_for_read(Action), user_id=user.pk)
    return [
        MyAction(
            pk=pk,
            text=text,
            household_id=household_id,
            household_name=name,
            team_id=team_id,
            due_on=due_on,
            due_text=date_text(due_on),
            overdue=bool(due_on and due_on < today),
            url=action_url(household_id, pk),
        )
        for pk, text, household_id, name, team_id, due_on in found
    ]


def my_work(*, actor: Actor) -> dict[str, Any]:
    """My open actions (due soonest first), my trajectories, follow-ups and evaluations due,
    as typed rows (``MyAction``, ``MyTrajectory``)."""
    user = actor.user
    today = timezone.localdate()
    trajectories = _my_trajectories(user, today)
    actions = _my_actions(user, today)
    # One row naming every household the page shows (its trajectories and actions).
    shown = {t.household_id: t.team_id for t in trajectories}
    for action in actions:
        shown.setdefault(action.household_id, action.team_id)
    log_list_read(
        actor=actor, object_type="casework.my_work", object_id=user.pk, shown=shown.items()
    )
    return {
        "actions": actions,
        "overdue": [a for a in actions if a.overdue],
        "trajectories": trajectories,
        "follow_ups": [t for t in trajectories if t.follow_up_soon],
        "evaluations_due": [t for t in trajectories if t.evaluation_due],
        "today": today,
        "can_create": any(
            rules.may_create_household(actor, m.team_id)
            for m in policy.active_memberships(actor)
            if m.team_id
        ),
    }


def team_indicators(*, team: Team) -> dict[str, int | float | None]:
    """Aggregate numbers for the team-development pages (no personal data).

    - households_without_plan: open trajectories whose household has no current plan;
    - households_without_recent_contact: open trajectories without a note in 6 weeks;
    - share_tailored_solutions: share of the current plans' solutions in the tailored frame
      (None when there are no solutions);
    - plans_without_goals: current plans of open trajectories without a goal;
    - plans_without_intended_results: such plans with goals but no intended result.
    """
    since = timezone.now() - dt.timedelta(weeks=6)
    open_trajectories = Trajectory.objects.filter(household__team=team).exclude(phase=Phase.CLOSED)
    household_ids = open_trajectories.values("household_id")
    without_plan = open_trajectories.exclude(
        Exists(Plan.objects.filter(household=OuterRef("household_id"), is_current=True))
    ).count()
    without_contact = open_trajectories.exclude(
        Exists(Note.objects.filter(household=OuterRef("household_id"), occurred_at__gte=since))
    ).count()
    solutions = Solution.objects.filter(plan__household__team=team, plan__is_current=True)
    total = solutions.count()
    tailored = solutions.filter(frame=Frame.TAILORED_PROVISION).count() if total else 0
    plans_without_goals = (
        Plan.objects.filter(household_id__in=household_ids, is_current=True)
        .exclude(Exists(Goal.objects.filter(plan=OuterRef("pk"))))
        .count()
    )
    plans_without_results = (
        Plan.objects.filter(household_id__in=household_ids, is_current=True)
        .filter(Exists(Goal.objects.filter(plan=OuterRef("pk"))))
        .exclude(Exists(IntendedResult.objects.filter(goal__plan=OuterRef("pk"))))
        .count()
    )
    return {
        "plans_without_intended_results": plans_without_results,
        "households_without_plan": without_plan,
        "households_without_recent_contact": without_contact,
        "share_tailored_solutions": round(tailored / total, 3) if total else None,
        "plans_without_goals": plans_without_goals,
    }


def households_per_domain(*, team: Team) -> dict[str, int]:
    """Number of the team's households with an open trajectory per life domain of the current
    plan's problems (aggregate, no personal data; used by team development)."""
    rows = (
        ProblemStatement.objects.filter(plan__household__team=team, plan__is_current=True)
        .exclude(plan__trajectory__phase=Phase.CLOSED)
        .values("life_domain")
        .annotate(households=Count("plan__household_id", distinct=True))
        .order_by("life_domain")
    )
    return {row["life_domain"]: int(row["households"]) for row in rows}
