"""The monthly summary counts behind the dashboard, and how they are kept true.

Each indicator has a *source* (`sources.py`): one read of the registrations giving
(team, month, legal framework, dimension) -> count. Nothing is typed twice: every count comes
from rows the professionals already register.

- `summaries_refresh(since=...)` recomputes the months from `since` on and replaces their rows
  (one transaction). The job runner calls `summaries_refresh_recent` every 15 minutes for the
  current and the previous two months (further back for the indicators in
  `sources.LOOKBACK_MONTHS`, whose months can still change after a term), so a registration
  shows up within a quarter of an hour; a change further back (rare: a back-dated registration)
  is picked up by the nightly full run.
- `summaries_check()` recomputes everything from the source rows and lists every difference
  with the stored rows; `wijkteam steering_recompute --check` exits non-zero on one.

Legal framework: trajectory-based indicators have rows under framework "" (all trajectories)
and under each legal framework chosen on closing (see `sources.py`); the others only "".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from wijkteam.steering.models import SummaryCount
from wijkteam.steering.sources import LOOKBACK_MONTHS, SOURCES

Key = tuple[int, dt.date, str, str, str]  # team, month, framework, indicator, dimension

DEFAULT_LOOKBACK_MONTHS = 2


def summaries_compute(
    *, since: dt.date | None = None, indicators: Iterable[str] | None = None
) -> dict[Key, int]:
    """Every summary count from the source rows (from month `since` on, or all)."""
    result: dict[Key, int] = {}
    for indicator in indicators if indicators is not None else SOURCES:
        for team_id, month, framework, dimension, count in SOURCES[indicator](since):
            if count:
                key = (team_id, month, framework, indicator, dimension)
                result[key] = result.get(key, 0) + count
    return result


def _stored(since: dt.date | None) -> dict[Key, int]:
    rows = SummaryCount.objects.filter(indicator__in=SOURCES)
    if since:
        rows = rows.filter(month__gte=since)
    return {
        (r.team_id, r.month, r.framework, r.indicator, r.dimension): r.count
        for r in rows.only("team_id", "month", "framework", "indicator", "dimension", "count")
    }


@transaction.atomic
def summaries_refresh(
    *, since: dt.date | None = None, indicators: Iterable[str] | None = None
) -> int:
    """Replace the stored counts from month `since` on (all when None) of `indicators` (all
    when None); returns rows written."""
    chosen = list(indicators if indicators is not None else SOURCES)
    fresh = summaries_compute(since=since, indicators=chosen)
    stale = SummaryCount.objects.filter(indicator__in=chosen)
    if since:
        stale = stale.filter(month__gte=since)
    stale.delete()
    SummaryCount.objects.bulk_create(
        [
            SummaryCount(team_id=t, month=m, framework=f, indicator=i, dimension=d, count=n)
            for (t, m, f, i, d), n in fresh.items()
        ],
        batch_size=2000,
    )
    return len(fresh)


def _months_back(months: int) -> dt.date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def summaries_refresh_recent() -> int:
    """The job runner's incremental run: the current month and the two before it (more for
    the indicators that look back further)."""
    by_lookback: dict[int, list[str]] = {}
    for indicator in SOURCES:
        months = LOOKBACK_MONTHS.get(indicator, DEFAULT_LOOKBACK_MONTHS)
        by_lookback.setdefault(months, []).append(indicator)
    return sum(
        summaries_refresh(since=_months_back(months), indicators=indicators)
        for months, indicators in sorted(by_lookback.items())
    )


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
