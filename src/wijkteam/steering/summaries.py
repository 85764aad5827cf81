"""The monthly summary counts behind the dashboard, and how they are kept true.

Each indicator has a *source* (`sources.py`): one read of the registrations giving
(team, month, legal framework, dimension) -> count. Nothing is typed twice: every count comes
from rows the professionals already register.

- `summaries_refresh(since=...)` recomputes the months from `since` on and writes what
  differs from the stored rows (one transaction; unchanged rows stay as they are). The job runner calls `summaries_refresh_recent` every 15 minutes for the
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

from wijkteam.steering.models import SummaryCount, SummaryStamp
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
    """Bring the stored counts from month `since` on (all when None) of `indicators` (all
    when None) in line with the source rows; returns the rows the range holds now.

    Only what differs is written: a changed count is updated in place, a vanished one deleted,
    a new one inserted; an unchanged row keeps its id and count. The stored suppression
    patterns' fingerprints name the summary rows (`protection.fingerprint`), so a refresh that
    changes nothing leaves every pattern current and the job recomputes none (a rewrite of
    every row would make every year's pattern stale every 15 minutes)."""
    chosen = list(indicators if indicators is not None else SOURCES)
    fresh = summaries_compute(since=since, indicators=chosen)
    stored = SummaryCount.objects.filter(indicator__in=chosen)
    if since:
        stored = stored.filter(month__gte=since)
    vanished: list[int] = []
    gone: dict[int, Key] = {}
    changed: list[SummaryCount] = []
    changed_keys: list[Key] = []
    kept: set[Key] = set()
    for pk, t, m, f, i, d, n in stored.values_list(
        "pk", "team_id", "month", "framework", "indicator", "dimension", "count"
    ).iterator(chunk_size=20000):
        key = (t, m, f, i, d)
        if key not in fresh:
            vanished.append(pk)
            gone[pk] = key
            continue
        kept.add(key)
        if fresh[key] != n:
            changed.append(SummaryCount(pk=pk, count=fresh[key]))
            changed_keys.append(key)
    touched = {(t, i, f, m.year) for (t, m, f, i, _d) in (gone.pop(pk) for pk in vanished)}
    touched |= {(t, i, f, m.year) for (t, m, f, i, _d) in changed_keys}
    added = [key for key in fresh if key not in kept]
    touched |= {(t, i, f, m.year) for (t, m, f, i, _d) in added}
    for start in range(0, len(vanished), 5000):
        SummaryCount.objects.filter(pk__in=vanished[start : start + 5000]).delete()
    SummaryCount.objects.bulk_update(changed, ["count"], batch_size=2000)
    SummaryCount.objects.bulk_create(
        [
            SummaryCount(team_id=t, month=m, framework=f, indicator=i, dimension=d, count=n)
            for (t, m, f, i, d) in added
            for n in [fresh[(t, m, f, i, d)]]
        ],
        batch_size=2000,
    )
    _stamp(touched)
    return len(fresh)


def _stamp(touched: set[tuple[int, str, str, int]]) -> None:
    """Raise the version of every (team, indicator, framework, year) whose counts were
    written (see `SummaryStamp`), in the refresh's transaction."""
    if not touched:
        return
    existing = {
        (s.team_id, s.indicator, s.framework, s.year): s
        for s in SummaryStamp.objects.select_for_update().filter(
            indicator__in={i for _t, i, _f, _y in touched},
            year__in={y for _t, _i, _f, y in touched},
        )
    }
    raised = []
    for key in touched & existing.keys():
        existing[key].version += 1
        raised.append(existing[key])
    SummaryStamp.objects.bulk_update(raised, ["version"], batch_size=2000)
    SummaryStamp.objects.bulk_create(
        [
            SummaryStamp(team_id=t, indicator=i, framework=f, year=y)
            for (t, i, f, y) in touched - existing.keys()
        ],
        batch_size=2000,
    )


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
