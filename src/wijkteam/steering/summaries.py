"""The monthly summary counts behind the dashboard, and how they are kept true.

Each indicator has a *source*: one grouped query over the registrations (signals, households,
trajectories, evaluations, plan solutions) giving (team, month, dimension) -> count. Nothing is
typed twice: every count comes from rows the professionals already register.

- `summaries_refresh(since=...)` recomputes the months from `since` on and replaces their rows
  (one transaction). The job runner calls `summaries_refresh_recent` every 15 minutes for the
  current and the previous two months, so a registration shows up within a quarter of an hour;
  a change further back (rare: a back-dated registration) is picked up by the nightly full run.
- `summaries_check()` recomputes everything from the source rows and lists every difference
  with the stored rows; `wijkteam steering_recompute --check` exits non-zero on one.

Legal framework: no registration holds it yet (a trajectory has no Wmo / Jeugdwet /
Participatiewet field), so every row has framework "" and a framework filter finds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from wijkteam.casework.models import Evaluation, Solution, Trajectory
from wijkteam.households.models import Household
from wijkteam.intake.models import Signal
from wijkteam.steering.models import SummaryCount

Key = tuple[int, dt.date, str, str]  # team, month, indicator, dimension
Source = Callable[[dt.date | None], Iterable[tuple[int, dt.date, str, int]]]

RETURN_WINDOW_DAYS = 365


def _month(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return value.replace(day=1)


def _grouped(
    queryset: QuerySet[Any], team: str, when: str, dimension: str | None
) -> Iterable[tuple[int, dt.date, str, int]]:
    names = [team, "m"] if dimension is None else [team, "m", dimension]
    query = queryset.annotate(m=TruncMonth(when)).values_list(*names)
    for row in query.annotate(n=Count("pk")).order_by():
        team_id, month = row[0], row[1]
        dim = str(row[2]) if dimension is not None else "all"
        yield team_id, _month(month), dim, row[-1]


def _signals_by_partner_kind(since: dt.date | None) -> Iterable[tuple[int, dt.date, str, int]]:
    rows = Signal.objects.filter(partner__isnull=False)
    if since:
        rows = rows.filter(received_at__gte=_start_of(since))
    return _grouped(rows, "team_id", "received_at", "partner__kind")


def _signals_by_source(since: dt.date | None) -> Iterable[tuple[int, dt.date, str, int]]:
    rows = Signal.objects.all()
    if since:
        rows = rows.filter(received_at__gte=_start_of(since))
    return _grouped(rows, "team_id", "received_at", "source_kind")


def _new_households(since: dt.date | None) -> Iterable[tuple[int, dt.date, str, int]]:
    rows = Household.objects.all()
    if since:
        rows = rows.filter(created_at__gte=_start_of(since))
    return _grouped(rows, "team_id", "created_at", None)


def _returning_households(since: dt.date | None) -> Iterable[tuple[int, dt.date, str, int]]:
    """Trajectories started within 12 months after an earlier trajectory of the same
    household was closed (counted in the month the new one started)."""
    rows = Trajectory.objects.values_list(
        "household_id", "household__team_id", "started_on", "closed_on"
    ).order_by()
    closings: dict[int, list[dt.date]] = {}
    started: list[tuple[int, int, dt.date]] = []
    for household_id, team_id, started_on, closed_on in rows:
        if closed_on is not None:
            closings.setdefault(household_id, []).append(closed_on)
        started.append((household_id, team_id, started_on))
    counts: Counter[tuple[int, dt.date]] = Counter()
    window = dt.timedelta(days=RETURN_WINDOW_DAYS)
    for household_id, team_id, started_on in started:
        if since and started_on < since:
            continue
        if any(started_on - window <= c <= started_on for c in closings.get(household_id, ())):
            counts[(team_id, _month(started_on))] += 1
    return ((team, month, "all", n) for (team, month), n in counts.items())


def _evaluations(since: dt.date | None) -> Iterable[tuple[int, dt.date, str, int]]:
    rows = Evaluation.objects.all()
    if since:
        rows = rows.filter(evaluated_on__gte=since)
    return _grouped(rows, "trajectory__household__team_id", "evaluated_on", "question_answered")


def _solution_frames(since: dt.date | None) -> Iterable[tuple[int, dt.date, str, int]]:
    """Solutions in the plan versions agreed in the month (a re-agreed plan counts again)."""
    rows = Solution.objects.filter(plan__agreed_on__isnull=False)
    if since:
        rows = rows.filter(plan__agreed_on__gte=since)
    return _grouped(rows, "plan__household__team_id", "plan__agreed_on", "frame")


SOURCES: dict[str, Source] = {
    "signals_by_partner_kind": _signals_by_partner_kind,
    "signals_by_source": _signals_by_source,
    "new_households": _new_households,
    "returning_households": _returning_households,
    "evaluations_question_answered": _evaluations,
    "solution_frames": _solution_frames,
}


def _start_of(month: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(month.year, month.month, 1))


def summaries_compute(*, since: dt.date | None = None) -> dict[Key, int]:
    """Every summary count from the source rows (from month `since` on, or all)."""
    result: dict[Key, int] = {}
    for indicator, source in SOURCES.items():
        for team_id, month, dimension, count in source(since):
            if count:
                key = (team_id, month, indicator, dimension)
                result[key] = result.get(key, 0) + count
    return result


def _stored(since: dt.date | None) -> dict[Key, int]:
    rows = SummaryCount.objects.filter(indicator__in=SOURCES)
    if since:
        rows = rows.filter(month__gte=since)
    return {
        (r.team_id, r.month, r.indicator, r.dimension): r.count
        for r in rows.only("team_id", "month", "indicator", "dimension", "count")
    }


@transaction.atomic
def summaries_refresh(*, since: dt.date | None = None) -> int:
    """Replace the stored counts from month `since` on (all when None); returns rows written."""
    fresh = summaries_compute(since=since)
    stale = SummaryCount.objects.filter(indicator__in=SOURCES)
    if since:
        stale = stale.filter(month__gte=since)
    stale.delete()
    SummaryCount.objects.bulk_create(
        [
            SummaryCount(team_id=t, month=m, framework="", indicator=i, dimension=d, count=n)
            for (t, m, i, d), n in fresh.items()
        ],
        batch_size=2000,
    )
    return len(fresh)


def summaries_refresh_recent() -> int:
    """The job runner's incremental run: the current month and the two before it."""
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - 2
    return summaries_refresh(since=dt.date(index // 12, index % 12 + 1, 1))


def summaries_refresh_all() -> int:
    return summaries_refresh(since=None)


def summaries_check() -> list[tuple[Key, int, int]]:
    """(key, stored, recomputed) for every count that differs; empty when all are true."""
    fresh = summaries_compute()
    stored = _stored(None)
    return sorted(
        (key, stored.get(key, 0), fresh.get(key, 0))
        for key in set(fresh) | set(stored)
        if stored.get(key, 0) != fresh.get(key, 0)
    )
