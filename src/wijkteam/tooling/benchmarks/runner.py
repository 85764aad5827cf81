"""Time the household file, "Mijn werk" and the team caseload against their floor, and
recording an assessment.

For every page, in one run and interleaved (so all three see the same caches and load):
(a) the real page through Django's test client, logged in with the second factor done;
(b) the selector alone, in a transaction like a request's;
(c) the floor: the hand-written SQL of :mod:`wijkteam.tooling.benchmarks.floor_sql`.
Query counts come from one extra, untimed run with ``CaptureQueriesContext``, so capturing
does not slow the timed runs. Targets are reported with pass/miss flags; nothing here is
asserted (performance is measured, never asserted in tests).

Assessments: the household file is timed once more after the household has been topped up to
40 measurements (through the real service), and recording a measurement is timed through its
page; the measurements those timed requests record are deleted again through the service, so
a re-run finds the same 40.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.backends import BACKEND
from wijkteam.accounts.models import Membership, Role, User
from wijkteam.assessments.models import Domain, Instrument, Level, Measurement
from wijkteam.assessments.scales import instrument_scale
from wijkteam.assessments.services import ScoreInput, measurement_delete, measurement_record
from wijkteam.casework import selectors
from wijkteam.casework.models import Note, Phase, Trajectory
from wijkteam.casework.selectors.file import FILE_TIMELINE_LIMIT
from wijkteam.households.models import Member
from wijkteam.organisations.models import Municipality, Team
from wijkteam.privacy.policy import Actor
from wijkteam.tooling.benchmarks import floor_sql, steering_case

TARGETS: dict[str, dict[str, float]] = {
    "household_file": {"p95_ms": 120.0, "queries": 12, "overhead_ms": 20.0},
    "household_file_longest": {"p95_ms": 120.0, "queries": 12, "overhead_ms": 20.0},
    "my_work": {"p95_ms": 100.0, "overhead_ms": 20.0},
    "caseload": {"overhead_ms": 20.0},
    # A household with 40 measurements and recording one keep the file's budget.
    "household_file_40_measurements": {"queries": 12},
    "assessment_record": {"queries": 12},
    # The municipality steering dashboard (every indicator, the last quarter).
    "steering_dashboard": {"p95_ms": 400.0},
}
MEASUREMENTS = 40  # measurements of the household in "household_file_40_measurements"
SHIPPED = (("zrm", "2013"), ("zrm", "2017"), ("participation-ladder", "1"))


@dataclass
class Subjects:
    """The objects measured, picked deterministically (largest first, ties by primary key)."""

    municipality: Municipality
    coordinator: User
    team: Team
    team_viewer: User
    household_id: int
    household_notes: int
    household_user: User
    longest_id: int
    longest_notes: int
    longest_user: User


def pick_municipality(name: str | None) -> Municipality:
    if name:
        return Municipality.objects.get(name=name)
    found = (
        Municipality.objects.filter(name__startswith="Benchstad")
        .annotate(households=Count("teams__households"))
        .order_by("-households", "pk")
        .first()
    )
    if found is None:
        raise LookupError("no generated city found; run generate_city first")
    return found


def pick_subjects(municipality: Municipality) -> Subjects:
    open_trajectories = Trajectory.objects.filter(
        household__team__municipality=municipality
    ).exclude(phase=Phase.CLOSED)
    top = (
        open_trajectories.values("coordinator_id")
        .annotate(n=Count("id"))
        .order_by("-n", "coordinator_id")
        .first()
    )
    if top is None:
        raise LookupError("the city has no open trajectories")
    coordinator = User.objects.get(pk=top["coordinator_id"])
    membership = Membership.objects.filter(user=coordinator, team__isnull=False).first()
    assert membership is not None and membership.team is not None
    team = membership.team
    leader = (
        Membership.objects.filter(team=team, role=Role.TEAM_LEADER)
        .order_by("pk")
        .select_related("user")
        .first()
    )
    ranked = list(
        Note.objects.filter(household_id__in=open_trajectories.values("household_id"))
        .values("household_id")
        .annotate(n=Count("id"))
        .order_by("-n", "household_id")
        .values_list("household_id", "n")
    )
    if not ranked:
        raise LookupError("no household with an open trajectory has notes")
    longest_id, longest_notes = ranked[0]
    household_id, household_notes = ranked[len(ranked) // 10]  # the 90th percentile
    return Subjects(
        municipality=municipality,
        coordinator=coordinator,
        team=team,
        team_viewer=leader.user if leader else coordinator,
        household_id=household_id,
        household_notes=household_notes,
        household_user=_open_coordinator(household_id),
        longest_id=longest_id,
        longest_notes=longest_notes,
        longest_user=_open_coordinator(longest_id),
    )


def _open_coordinator(household_id: int) -> User:
    trajectory = (
        Trajectory.objects.filter(household_id=household_id)
        .exclude(phase=Phase.CLOSED)
        .select_related("coordinator")
        .order_by("-started_on", "-pk")
        .first()
    )
    assert trajectory is not None
    return trajectory.coordinator


def verified_client(user: User) -> Client:
    """Logged in with the second factor done (as ``wijkteam.conftest.verified_client``)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="benchmark", confirmed=True)
    client = Client()
    client.force_login(user, backend=BACKEND)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def count_queries(captured: CaptureQueriesContext) -> int:
    """Statements sent, without transaction control (SQLite's BEGIN, test savepoints)."""
    return sum(
        1 for q in captured.captured_queries if not q["sql"].upper().startswith(TRANSACTION_CONTROL)
    )


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Case:
    """One page: how to fetch it, its selector, its floor, and how to count their items."""

    name: str
    url: str
    user: User
    selector: Callable[[Actor], Any]
    selector_items: Callable[[Any], dict[str, Any]]
    floor: Callable[[], dict[str, Any]]


def _household_items(file: selectors.HouseholdFile) -> dict[str, Any]:
    plan = file.plan
    return {
        "members": len(file.members),
        "relations": sum(len(getattr(m, "relation_list", [])) for m in file.members),
        "network": len(file.network),
        "trajectory": file.trajectory.pk if file.trajectory else None,
        "plan": plan.plan.pk if plan else None,
        "involvements": len(file.involvements),
        "notes": len(file.notes),
        "problems": len(plan.problems) if plan else 0,
        "goals": len(plan.goals) if plan else 0,
        "results": sum(len(g.results) for g in plan.goals) if plan else 0,
        "solutions": len(plan.solutions) if plan else 0,
        "actions": len(plan.all_actions) if plan else 0,
    }


def _my_work_items(work: dict[str, Any]) -> dict[str, Any]:
    keys = ("trajectories", "actions", "overdue", "follow_ups", "evaluations_due")
    return {key: len(work[key]) for key in keys}


def _caseload_items(caseload: selectors.Caseload) -> dict[str, Any]:
    """The summary (team totals, one line per coordinator) and the first page of the list."""
    rows, total = caseload.rows, caseload.total
    return {
        "open": total.open,
        **{name: count for name, count in total.signal_counts},
        "coordinators": [
            [load.coordinator.pk, load.open, *(count for _name, count in load.signal_counts)]
            for load in caseload.summary
            if load.coordinator is not None
        ],
        "rows": len(rows),
        "row_ids": [r.trajectory.pk for r in rows],
        "row_flags": [sum(name in r.flags for r in rows) for name in selectors.SIGNALS],
        "row_last_contacts": len(
            [r for r in rows if getattr(r.trajectory, "last_contact", None) is not None]
        ),
    }


def _household_case(name: str, household_id: int, user: User) -> Case:
    return Case(
        name=name,
        url=reverse("casework:household_file", args=[household_id]),
        user=user,
        selector=lambda actor: selectors.household_file(actor=actor, household_id=household_id),
        selector_items=_household_items,
        floor=lambda: floor_sql.household_file(
            user_id=user.pk,
            user_name=user.get_full_name() or user.username,
            household_id=household_id,
            limit=FILE_TIMELINE_LIMIT,
        ),
    )


def _steering_case(municipality: Municipality) -> Case:
    from wijkteam.steering.selectors import indicator_tables, steering_rule

    steering_case.prepare(municipality)
    user = steering_case.policy_user(municipality)
    chosen = steering_case.selection(municipality)
    return Case(
        name="steering_dashboard",
        url=reverse("steering:dashboard") + f"?period={chosen.period.slug}",
        user=user,
        selector=lambda actor: indicator_tables(actor, chosen),
        selector_items=steering_case.selector_items,
        floor=lambda: steering_case.floor(municipality.pk, steering_rule(municipality.pk).rounding),
    )


def build_cases(subjects: Subjects) -> list[Case]:
    coordinator, viewer, team = subjects.coordinator, subjects.team_viewer, subjects.team
    return [
        _steering_case(subjects.municipality),
        _household_case("household_file", subjects.household_id, subjects.household_user),
        _household_case("household_file_longest", subjects.longest_id, subjects.longest_user),
        Case(
            name="my_work",
            url=reverse("core:my_work"),
            user=coordinator,
            selector=lambda actor: selectors.my_work(actor=actor),
            selector_items=_my_work_items,
            floor=lambda: floor_sql.my_work(
                user_id=coordinator.pk, user_name=coordinator.get_full_name()
            ),
        ),
        Case(
            name="caseload",
            url=reverse("casework:caseload") + f"?team={team.pk}",
            user=viewer,
            selector=lambda actor: selectors.caseload(actor=actor, team=team),
            selector_items=_caseload_items,
            floor=lambda: floor_sql.caseload(
                user_id=viewer.pk,
                user_name=viewer.get_full_name(),
                team_id=team.pk,
                page_size=selectors.CASELOAD_PAGE_SIZE,
            ),
        ),
    ]


@dataclass
class Scale:
    """A shipped instrument with its domain codes and the values of its scale."""

    instrument: Instrument
    codes: list[str]
    values: list[int]


def shipped_scales() -> list[Scale]:
    """ZRM 2013, ZRM 2017 and the participation ladder as shipped (the data migration's rows,
    the lowest primary key when a municipality has one with the same code and version)."""
    scales = []
    for code, version in SHIPPED:
        instrument = Instrument.objects.filter(code=code, version=version).order_by("pk").first()
        if instrument is None:
            raise LookupError(f"the shipped instrument {code} {version} is missing")
        codes = Domain.objects.filter(instrument=instrument).order_by("order", "pk")
        values = Level.objects.filter(instrument=instrument).order_by("value")
        scales.append(
            Scale(
                instrument,
                list(codes.values_list("code", flat=True)),
                list(values.values_list("value", flat=True)),
            )
        )
    return scales


def household_measurements(household_id: int) -> int:
    return Measurement.objects.filter(member__household_id=household_id).count()


def ensure_measurements(household_id: int, user: User, target: int = MEASUREMENTS) -> int:
    """Top the household up to ``target`` measurements through the real service and return how
    many were added (none on a re-run). ZRM 2013, ZRM 2017 and the participation ladder take
    turns, spread over the members, every two weeks back from yesterday and never before the
    day after a member's birth; about one domain in ten is "not discussed"."""
    have = household_measurements(household_id)
    if have >= target:
        return 0
    today = timezone.localdate()
    # The shipped instruments are adult instruments: children are not scored with them.
    members = [
        m
        for m in Member.objects.filter(household_id=household_id).order_by("pk")
        if m.age is None or m.age >= settings.ASSESSMENT_ADULT_MIN_AGE
    ]
    if not members:
        raise LookupError(f"household {household_id} has no adult member")
    scales = shipped_scales()
    rng = random.Random(household_id)  # noqa: S311 - synthetic scores, not secrets
    actor = Actor(user=user, purpose="benchmark")
    # Each instrument's domains and values read once for the whole top-up.
    read = {s.instrument.pk: instrument_scale(s.instrument) for s in scales}
    for k in range(have, target):
        member, scale = members[k % len(members)], scales[k % len(scales)]
        measured_on = today - dt.timedelta(days=14 * (target - k))
        if member.date_of_birth is not None:
            measured_on = max(measured_on, member.date_of_birth + dt.timedelta(days=1))
        scores = [
            ScoreInput(code, None if rng.random() < 0.1 else rng.choice(scale.values))
            for code in scale.codes
        ]
        if all(score.value is None for score in scores):
            scores[0] = ScoreInput(scale.codes[0], scale.values[0])
        measurement_record(
            actor=actor,
            member=member,
            instrument=scale.instrument,
            scores=scores,
            measured_on=measured_on,
            scale=read[scale.instrument.pk],
        )
    return target - have


def measure_record(member: Member, user: User, runs: int, warmup: int = 2) -> dict[str, Any]:
    """POST a ZRM 2017 measurement through the record page, as the form sends it; afterwards
    the measurements recorded here are deleted through the service (logged, summary kept)."""
    scale = next(s for s in shipped_scales() if s.instrument.version == "2017")
    url = reverse("assessments:record", args=[member.pk, scale.instrument.pk])
    data = {"measured_on": timezone.localdate().isoformat(), "moment": "interim"}
    for i, code in enumerate(scale.codes):
        data[f"score_{code}"] = "n" if i % 5 == 4 else str(scale.values[i % len(scale.values)])
        data[f"remark_{code}"] = "Besproken tijdens huisbezoek" if i == 0 else ""
    client = verified_client(user)
    last = Measurement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def page() -> None:
        response = client.post(url, data, secure=True)
        if response.status_code != 302:
            raise RuntimeError(f"assessment_record: {url} answered {response.status_code}")

    try:
        # As for the pages: count in the steady state, after the session's first request has
        # written its idle-timeout stamp (at most once a minute after that).
        client.get(reverse("core:my_work"), secure=True)
        with CaptureQueriesContext(connection) as captured:
            page()
        queries = count_queries(captured)
        for _ in range(warmup):
            page()
        samples = [_timed(page)[0] for _ in range(runs)]
    finally:
        recorded = list(Measurement.objects.filter(member=member, assessor=user, pk__gt=last))
        actor = Actor(user=user, purpose="benchmark")
        for measurement in recorded:
            measurement_delete(actor=actor, measurement=measurement)
    return {
        "url": url,
        "user": user.username,
        "p50": round(statistics.median(samples), 2),
        "p95": round(percentile(samples, 0.95), 2),
        "queries": queries,
        "page_min": round(min(samples), 2),
        "recorded_and_deleted": len(recorded),
    }


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def measure(case: Case, runs: int, warmup: int = 2) -> dict[str, Any]:
    client = verified_client(case.user)

    def page() -> None:
        response = client.get(case.url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{case.name}: {case.url} answered {response.status_code}")

    def selector() -> Any:
        with transaction.atomic():  # the log row needs the request's transaction
            return case.selector(Actor(user=case.user, purpose="benchmark"))

    def floor() -> dict[str, Any]:
        with transaction.atomic():
            return case.floor()

    # The first request of a session writes its idle-timeout stamp (at most once a minute
    # after that): count a request in the steady state, as nearly every click is.
    page()
    counts: dict[str, int] = {}
    results: dict[str, Any] = {}
    for label, call in (("page", page), ("selector", selector), ("floor", floor)):
        with CaptureQueriesContext(connection) as captured:
            results[label] = call()
        counts[label] = count_queries(captured)
    for _ in range(warmup):
        page()
        selector()
        floor()
    samples: dict[str, list[float]] = {"page": [], "selector": [], "floor": []}
    for _ in range(runs):  # interleaved: the three see the same caches and machine load
        samples["page"].append(_timed(page)[0])
        samples["selector"].append(_timed(selector)[0])
        samples["floor"].append(_timed(floor)[0])
    stats = {k: (statistics.median(v), percentile(v, 0.95)) for k, v in samples.items()}
    selector_items = case.selector_items(results["selector"])
    floor_items = results["floor"]
    (p50, p95), (s50, s95), (f50, f95) = stats["page"], stats["selector"], stats["floor"]
    return {
        "url": case.url,
        "user": case.user.username,
        "p50": round(p50, 2),
        "p95": round(p95, 2),
        "queries": counts["page"],
        "selector_p50": round(s50, 2),
        "selector_p95": round(s95, 2),
        "selector_queries": counts["selector"],
        "floor_p50": round(f50, 2),
        "floor_p95": round(f95, 2),
        "floor_queries": counts["floor"],
        "page_min": round(min(samples["page"]), 2),
        "floor_min": round(min(samples["floor"]), 2),
        "ratio": round(p50 / f50, 2) if f50 else None,
        "overhead_ms": round(p50 - f50, 2),
        "overhead_p95_ms": round(p95 - f95, 2),
        "items": {"selector": selector_items, "floor": floor_items},
        "items_match": selector_items == floor_items,
    }


def check_targets(pages: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    checks: list[dict[str, Any]] = []
    fields = {"p95_ms": "p95", "queries": "queries", "overhead_ms": "overhead_ms"}
    for name, limits in TARGETS.items():
        if name not in pages:
            continue
        for metric, limit in limits.items():
            value = pages[name][fields[metric]]
            checks.append(
                {"page": name, "metric": metric, "limit": limit, "value": value,
                 "pass": value <= limit}
            )  # fmt: skip
    return checks


def table_sizes() -> dict[str, int]:
    """Rows per big table: exact on SQLite, the planner's estimate on PostgreSQL (fast)."""
    tables = ("households_household", "households_member", "casework_goal", "casework_action",
              "casework_note", "privacy_accesslogentry")  # fmt: skip
    sizes: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            else:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - fixed names
            row = cursor.fetchone()
            sizes[table] = int(row[0]) if row else 0
    return sizes


def run_benchmark(*, runs: int, city: str | None = None) -> dict[str, Any]:
    municipality = pick_municipality(city)
    subjects = pick_subjects(municipality)
    load_before = os.getloadavg()
    pages: dict[str, dict[str, Any]] = {}
    measurements_before = household_measurements(subjects.household_id)
    with override_settings(ALLOWED_HOSTS=["testserver"]):
        for case in build_cases(subjects):
            pages[case.name] = measure(case, runs)
        # The same household with 40 measurements, then recording one more.
        added = ensure_measurements(subjects.household_id, subjects.household_user)
        measured = _household_case(
            "household_file_40_measurements", subjects.household_id, subjects.household_user
        )
        pages[measured.name] = measure(measured, runs)
        member = Member.objects.filter(household_id=subjects.household_id).order_by("pk").first()
        assert member is not None
        pages["assessment_record"] = measure_record(member, subjects.household_user, runs)
    checks = check_targets(pages)
    return {
        "meta": {
            "date": timezone.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "database_version": _database_version(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
            "runs": runs,
            "city": municipality.name,
            "table_rows": table_sizes(),
            "household_file": {
                "id": subjects.household_id,
                "notes": subjects.household_notes,
                "measurements": measurements_before,
            },
            "household_file_longest": {"id": subjects.longest_id, "notes": subjects.longest_notes},
            "my_work": {
                "user": subjects.coordinator.username,
                "open_trajectories": _open_count(subjects.coordinator),
            },
            "caseload": {"team": subjects.team.name, "user": subjects.team_viewer.username},
            "steering_dashboard": dict(steering_case.PREPARED),
            "household_file_40_measurements": {
                "id": subjects.household_id,
                "measurements": household_measurements(subjects.household_id),
                "added": added,
            },
            "assessment_record": {"member": member.pk, "instrument": "zrm 2017"},
        },
        "pages": pages,
        "targets": checks,
        "all_targets_met": all(c["pass"] for c in checks),
    }


def _open_count(user: User) -> int:
    return Trajectory.objects.filter(Q(coordinator=user) & ~Q(phase=Phase.CLOSED)).count()


def _database_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        row = cursor.fetchone()
    if connection.vendor == "postgresql":
        return str(row[0]).split(",")[0] if row else ""
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version}"
