"""The rows of one synthetic household: members, trajectories, plans, notes and access log.

Rows are tuples in the column order declared in :func:`make_tables`; primary keys are given
explicitly so that rows can point at each other before they are written.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from wijkteam.accounts.models import User
from wijkteam.casework import models as cw
from wijkteam.households.bsn import generate_test_bsn
from wijkteam.lifedomains import LifeDomain
from wijkteam.organisations.models import Team
from wijkteam.privacy.models import AccessEvent, AccessOutcome
from wijkteam.tooling.benchmarks import words
from wijkteam.tooling.benchmarks.tables import Tables

LIFE_DOMAINS = list(LifeDomain.values)
FRAMES = [f.value for f in cw.Frame]
FRAME_WEIGHTS = [3, 3, 2, 2]
NOTE_KINDS = [k.value for k in cw.NoteKind]
READS_PER_NOTE = 4  # log rows of household reads per timeline note (30 notes -> 150 rows)
CREATE, READ = AccessEvent.CREATE.value, AccessEvent.READ.value
GRANTED = AccessOutcome.GRANTED.value


@dataclass(frozen=True)
class Scales:
    """The instruments the generator measures with: (domain id, domain code) per instrument."""

    zrm_id: int
    zrm_domains: list[tuple[int, str]]
    ladder_id: int
    ladder_domains: list[tuple[int, str]]


def scales_from_database() -> Scales:
    """The shipped ZRM 2017 and participation ladder (created by a data migration)."""
    from wijkteam.assessments.models import Domain, Instrument

    def pick(code: str, version: str) -> tuple[int, list[tuple[int, str]]]:
        instrument = (
            Instrument.objects.filter(code=code, version=version).order_by("pk").values("pk").get()
        )
        domains = Domain.objects.filter(instrument_id=instrument["pk"]).order_by("order", "pk")
        return instrument["pk"], [(d.pk, d.code) for d in domains]

    zrm_id, zrm_domains = pick("zrm", "2017")
    ladder_id, ladder_domains = pick("participation-ladder", "1")
    return Scales(zrm_id, zrm_domains, ladder_id, ladder_domains)


@dataclass
class Staff:
    municipality_name: str
    teams: list[tuple[Team, list[User]]] = field(default_factory=list)
    people: int = 0


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(8, 17), rng.randint(0, 59), tzinfo=dt.UTC
    )


@dataclass
class _Trajectory:
    pk: int
    started: dt.date
    end: dt.date  # planned end; the trajectory is closed when it lies before as_of
    closed: bool
    phase: str
    coordinator: User
    involved: list[User]


class HouseholdWriter:
    def __init__(
        self,
        *,
        rng: random.Random,
        tables: Tables,
        staff: Staff,
        as_of: dt.date,
        scales: Scales | None = None,
    ) -> None:
        self.rng = rng
        self.scales = scales
        self._member_ids: list[int] = []
        self.t = tables
        self.staff = staff
        self.as_of = as_of
        self.first_day = as_of - dt.timedelta(days=5 * 365)
        self.names: dict[int, str] = {}
        self._team = ""

    def _name(self, user: User) -> str:
        if user.pk not in self.names:
            self.names[user.pk] = user.get_full_name() or user.username
        return self.names[user.pk]

    def household(self, index: int) -> None:
        rng, t = self.rng, self.t
        team, colleagues = self.staff.teams[index % len(self.staff.teams)]
        self._team = team.name
        pk = t.household.next_id()
        surname = rng.choice(words.LAST_NAMES)
        entered = self.first_day + dt.timedelta(days=rng.randint(0, 5 * 365 - 1))
        t.household.add(
            (
                pk,
                team.pk,
                f"Huishouden {surname} {pk}",
                f"{rng.choice(words.STREETS)} {rng.randint(1, 250)}",
                f"{rng.randint(1000, 9999)}{rng.choice('ABDEGHJKLMNPRSTVXZ')}{rng.choice('ABEHKLPRST')}",
                "Benchstad",
                _at(entered, rng),
            )
        )
        first_names = self._members(pk, surname)
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            t.network.add(
                (
                    t.network.next_id(),
                    pk,
                    rng.choice(words.FIRST_NAMES),
                    rng.choice(("family", "neighbour", "friend", "volunteer", "professional")),
                    "Helpt af en toe mee.",
                )
            )
        trajectories = self._trajectories(pk, entered, colleagues)
        plans: list[list[Any]] = []
        for trajectory in trajectories:
            plans.extend(self._plans(pk, trajectory, first_names, len(plans) + 1))
        if plans:
            plans[-1][4] = True  # is_current: only the household's newest plan
        for plan in plans:
            t.plan.add(tuple(plan))
        for trajectory in trajectories:
            self._notes(pk, trajectory, team)
        if self.scales is not None:
            self._measurements(trajectories, self.scales)

    def _members(self, household: int, surname: str) -> list[str]:
        rng, t = self.rng, self.t
        count = rng.choices((1, 2, 3, 4), weights=(35, 30, 20, 15))[0]
        ids: list[int] = []
        names: list[str] = []
        for k in range(count):
            born_year = rng.randint(1945, 2000) if k < 2 else rng.randint(2006, 2023)
            language = words.LANGUAGES[0] if rng.random() < 0.8 else rng.choice(words.LANGUAGES)
            member_pk = t.member.next_id()
            first = rng.choice(words.FIRST_NAMES)
            t.member.add(
                (
                    member_pk,
                    household,
                    first,
                    surname,
                    dt.date(born_year, rng.randint(1, 12), rng.randint(1, 28)),
                    generate_test_bsn(rng) if rng.random() < 0.6 else "",
                    language,
                    language != words.LANGUAGES[0] and rng.random() < 0.5,
                )
            )
            ids.append(member_pk)
            names.append(first)
        self._member_ids = ids
        for k in range(1, count):
            kind = "partner" if k == 1 and rng.random() < 0.7 else "parent"
            t.relation.add((t.relation.next_id(), household, ids[0], kind, ids[k]))
        return names

    def _trajectories(
        self, household: int, entered: dt.date, colleagues: list[User]
    ) -> list[_Trajectory]:
        rng, t, as_of = self.rng, self.t, self.as_of
        result: list[_Trajectory] = []
        start = entered
        for _ in range(rng.choices((1, 2, 3), weights=(60, 30, 10))[0]):
            if start >= as_of:
                break
            end = start + dt.timedelta(days=rng.randint(60, 540))
            closed = end < as_of
            phase = cw.Phase.CLOSED.value if closed else self._phase(start, end)
            coordinator = rng.choice(colleagues)
            others = [c for c in colleagues if c.pk != coordinator.pk]
            involved = rng.sample(others, k=min(len(others), rng.choice((0, 1, 1, 2))))
            item = _Trajectory(
                t.trajectory.next_id(), start, end, closed, phase, coordinator, involved
            )
            result.append(item)
            self._trajectory_rows(household, item)
            start = end + dt.timedelta(days=rng.randint(30, 400))
        return result

    def _phase(self, start: dt.date, end: dt.date) -> str:
        elapsed = (self.as_of - start).days
        if elapsed < 21:
            return cw.Phase.ANALYSIS.value
        if elapsed < 50:
            return cw.Phase.PLAN.value
        share = elapsed / max((end - start).days, 1)
        if share < 0.75:
            return cw.Phase.SUPPORT.value
        return cw.Phase.EVALUATION.value if share < 0.85 else cw.Phase.MONITORING.value

    def _trajectory_rows(self, household: int, tr: _Trajectory) -> None:
        rng, t = self.rng, self.t
        taken_over = rng.random() < 0.08
        evaluation = None
        if tr.closed or tr.phase == cw.Phase.MONITORING:
            evaluation = t.evaluation.next_id()
            day = tr.started + dt.timedelta(days=int((tr.end - tr.started).days * 0.8))
            t.evaluation.add(
                (
                    evaluation,
                    tr.pk,
                    min(day, self.as_of),
                    rng.choice(("yes", "yes", "partly", "no")),
                    rng.choice(("up", "same", "down")),
                    rng.choice(("up", "same", "down")),
                    tr.coordinator.pk,
                )
            )
        monitoring = tr.phase == cw.Phase.MONITORING
        t.trajectory.add(
            (
                tr.pk,
                household,
                tr.phase,
                tr.coordinator.pk,
                "taken_over" if taken_over else "with_resident",
                rng.choice(("limitation", "danger_self", "danger_others")) if taken_over else "",
                rng.choice(("light", "light", "medium", "intensive")),
                tr.started,
                _at(min(tr.end, self.as_of), rng),
                self.as_of + dt.timedelta(days=rng.randint(-10, 30)) if monitoring else None,
                tr.end + dt.timedelta(days=90) if monitoring else None,
                tr.end if tr.closed else None,
                rng.choice(words.CLOSING_REASONS) if tr.closed else "",
                evaluation,
            )
        )
        until = tr.end if tr.closed else None
        t.involvement.add(
            (t.involvement.next_id(), tr.pk, tr.coordinator.pk, "coordinator", tr.started, until)
        )
        for user in tr.involved:
            t.involvement.add(
                (
                    t.involvement.next_id(),
                    tr.pk,
                    user.pk,
                    rng.choice(words.INVOLVEMENT_ROLES),
                    tr.started + dt.timedelta(days=rng.randint(0, 20)),
                    until,
                )
            )
        if tr.phase != cw.Phase.ANALYSIS:
            t.conversation.add(
                (
                    t.conversation.next_id(),
                    tr.pk,
                    tr.started + dt.timedelta(days=rng.randint(1, 14)),
                    rng.choice(words.QUESTIONS),
                    rng.randint(1, 6),
                    tr.coordinator.pk,
                )
            )

    def _plans(
        self, household: int, tr: _Trajectory, first_names: list[str], first_version: int
    ) -> list[list[Any]]:
        rng, t = self.rng, self.t
        if tr.phase == cw.Phase.ANALYSIS:
            return []
        duration = (tr.end - tr.started).days
        versions = 2 if duration > 150 and rng.random() < 0.3 else 1
        plans: list[list[Any]] = []
        for v in range(versions):
            starts = tr.started + dt.timedelta(days=21 + v * duration // 2)
            if starts > self.as_of:
                break
            pk = t.plan.next_id()
            version = first_version + len(plans)
            agreed = starts + dt.timedelta(days=rng.randint(0, 14))
            plans.append(
                [
                    pk,
                    household,
                    tr.pk,
                    version,
                    False,
                    starts,
                    agreed if agreed <= self.as_of and rng.random() < 0.85 else None,
                    _at(starts, rng),
                    tr.coordinator.pk,
                ]
            )
            superseded = v < versions - 1 or tr.closed
            author = (tr.coordinator.pk, self._name(tr.coordinator), "team_member", self._team)
            for event in (CREATE, READ):  # writing the plan, and reading it with the resident
                t.access_log.add(
                    (
                        t.access_log.next_id(),
                        event,
                        _at(starts, rng),
                        GRANTED,
                        *author,
                        "casework.plan",
                        str(pk),
                        "casework",
                        None,
                    )
                )
            self._plan_content(pk, starts, tr, superseded, first_names)
        return plans

    def _plan_content(
        self, plan: int, starts: dt.date, tr: _Trajectory, done: bool, first_names: list[str]
    ) -> None:
        rng, t = self.rng, self.t
        owners = [tr.coordinator, *tr.involved]
        for domain in rng.sample(LIFE_DOMAINS, k=rng.choice((1, 2, 2, 3, 3))):
            problem = t.problem.next_id()
            t.problem.add((problem, plan, domain, rng.choice(words.PROBLEMS)))
            for _ in range(rng.choice((1, 2, 2))):
                goal = t.goal.next_id()
                t.goal.add((goal, plan, problem, rng.choice(words.GOALS)))
                for _ in range(rng.choice((1, 2))):
                    t.result.add((t.result.next_id(), goal, rng.choice(words.RESULTS)))
                solutions = []
                for _ in range(rng.choice((1, 1, 2))):
                    solution = t.solution.next_id()
                    frame = rng.choices(FRAMES, weights=FRAME_WEIGHTS)[0]
                    t.solution.add((solution, plan, goal, frame, rng.choice(words.SOLUTIONS)))
                    solutions.append(solution)
                for k in range(3):
                    self._action(
                        plan, solutions[k % len(solutions)], starts, owners, done, first_names
                    )

    def _action(
        self,
        plan: int,
        solution: int,
        starts: dt.date,
        owners: list[User],
        done: bool,
        first_names: list[str],
    ) -> None:
        rng = self.rng
        due = starts + dt.timedelta(days=rng.randint(7, 150))
        if done:
            status = "done" if rng.random() < 0.8 else "cancelled"
        elif due < self.as_of:
            status = "done" if rng.random() < 0.6 else "open"
        else:
            status = "open"
        kind = rng.choices(("team_member", "resident", "network", "provider"), (40, 30, 15, 15))[0]
        owner_user = rng.choice(owners).pk if kind == "team_member" else None
        owner_name = {
            "team_member": "",
            "resident": first_names[0],
            "network": "Buurvrouw",
            "provider": "Schuldhulp Benchstad",
        }[kind]
        self.t.action.add(
            (
                self.t.action.next_id(),
                plan,
                solution,
                rng.choice(words.ACTIONS),
                kind,
                owner_user,
                owner_name,
                due,
                status,
            )
        )

    def _measurements(self, trajectories: list[_Trajectory], scales: Scales) -> None:
        """ZRM 2017 and participation ladder for the resident (sometimes a second member) at
        the start of every trajectory past the analysis and again at its evaluation; the
        summary (first and latest score per member and domain) as the services keep it."""
        rng, t = self.rng, self.t
        measured = self._member_ids[:1]
        if len(self._member_ids) > 1 and rng.random() < 0.3:
            measured.append(self._member_ids[1])
        # (member, domain id) -> [domain code, first value, first on, first id, value, on, id]
        summary: dict[tuple[int, int], list[Any]] = {}
        for tr in trajectories:
            if tr.phase == cw.Phase.ANALYSIS:
                continue
            moments = [("start", tr.started + dt.timedelta(days=rng.randint(3, 14)))]
            if tr.closed or tr.phase in (cw.Phase.EVALUATION, cw.Phase.MONITORING):
                day = tr.started + dt.timedelta(days=int((tr.end - tr.started).days * 0.8))
                moments.append(("evaluation", day))
            for member in measured:
                previous: dict[int, int] = {}
                for moment, day in moments:
                    day = min(day, self.as_of)
                    for instrument, domains, top in (
                        (scales.zrm_id, scales.zrm_domains, 5),
                        (scales.ladder_id, scales.ladder_domains, 6),
                    ):
                        measurement = t.measurement.next_id()
                        t.measurement.add(
                            (
                                measurement,
                                member,
                                instrument,
                                moment,
                                day,
                                tr.coordinator.pk,
                                tr.pk,
                                _at(day, rng),
                            )
                        )
                        for domain, code in domains:
                            value: int | None
                            if rng.random() < 0.15:
                                value = None  # not discussed
                            elif domain in previous:
                                step = rng.choice((-1, 0, 0, 1, 1, 1))
                                value = min(top, max(1, previous[domain] + step))
                            else:
                                value = rng.choices((1, 2, 3, 4, 5), weights=(1, 3, 4, 3, 1))[0]
                                value = min(value, top)
                            t.score.add((t.score.next_id(), measurement, domain, value))
                            if value is None:
                                continue
                            previous[domain] = value
                            entry = summary.get((member, domain))
                            if entry is None:
                                summary[(member, domain)] = [
                                    code,
                                    value,
                                    day,
                                    measurement,
                                    value,
                                    day,
                                    measurement,
                                ]
                            else:
                                entry[4:] = [value, day, measurement]
        for (member, domain), entry in summary.items():
            t.latest_score.add((t.latest_score.next_id(), member, domain, *entry))

    def _notes(self, household: int, tr: _Trajectory, team: Team) -> None:
        """Timeline notes every 4-20 days, each with its creation and some reads logged.

        The hottest loop of the generator (most rows are log rows): plain ints and tuples.
        """
        rng, t = self.rng, self.t
        random_ = rng.random
        people = [(u.pk, self._name(u)) for u in (tr.coordinator, *tr.involved)]
        stop = min(tr.end, self.as_of)
        day = tr.started + dt.timedelta(days=rng.randint(0, 5))
        log, notes = t.access_log, t.note
        tail = ("team_member", team.name)
        ip = f"10.20.{team.pk % 250}.{rng.randint(1, 250)}"
        household_id = str(household)
        while day <= stop:
            author = people[0] if random_() < 0.7 else people[int(random_() * len(people))]
            at = dt.datetime(
                day.year,
                day.month,
                day.day,
                8 + int(random_() * 10),
                int(random_() * 60),
                tzinfo=dt.UTC,
            )
            note = notes.next_id()
            notes.add(
                (
                    note,
                    household,
                    tr.pk,
                    NOTE_KINDS[int(random_() * len(NOTE_KINDS))],
                    words.NOTES[int(random_() * len(words.NOTES))],
                    at,
                    author[0],
                    at,
                )
            )
            log.add(
                (
                    log.next_id(),
                    CREATE,
                    at,
                    GRANTED,
                    *author,
                    *tail,
                    "casework.note",
                    str(note),
                    "casework",
                    ip,
                )
            )
            for k in range(READS_PER_NOTE):
                reader = author if k == 0 else people[int(random_() * len(people))]
                read_at = at - dt.timedelta(minutes=1 + int(random_() * 3000))
                log.add(
                    (
                        log.next_id(),
                        READ,
                        read_at,
                        GRANTED,
                        *reader,
                        *tail,
                        "households.household",
                        household_id,
                        "casework",
                        ip,
                    )
                )
            day += dt.timedelta(days=4 + int(random_() * 17))
