"""Stored suppression patterns: protect a whole year once, let every request read it.

`protect_year` (suppression.py) computes the pattern of one indicator and calendar year for the
whole municipality (every team and area, every row and total, every month, quarter and the
year). Computing it takes seconds on a large municipality, so it is done by the job runner
after each summary refresh (`refresh_patterns`) and stored in `ProtectedPeriod`, one row per
indicator and period, holding for each selection only the counts shown and which cells are
hidden (never a hidden number). A request reads the rows of its periods and checks the year's
*fingerprint* (the summary rows, teams, areas and rule it was computed from); when they differ
(the summary changed since, or no pattern yet) it computes the year itself and stores it.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone

from wijkteam.steering.models import ProtectedPeriod, SummaryCount
from wijkteam.steering.suppression import Calendar, Geography, Rule, Status, protect_year
from wijkteam.steering.tables import Period

ENGINE_VERSION = "year-certificates-1"  # part of the fingerprint: a new engine recomputes

# cells of one period: selection -> {row or "total": count shown, or "small"/"derivable"}
Cells = dict[str, dict[str, int | str]]


@dataclass(frozen=True)
class ProtectedYear:
    periods: dict[str, Cells]  # period slug -> cells
    unlabelled: bool  # every hidden cell is shown as a dash (see suppression.protect_year)


def _year_rows(
    key: str, team_ids: Sequence[int], year: int, framework: str
) -> tuple[int, int, int, int]:
    found = SummaryCount.objects.filter(
        indicator=key,
        framework=framework,
        team_id__in=list(team_ids),
        month__gte=datetime.date(year, 1, 1),
        month__lt=datetime.date(year + 1, 1, 1),
    ).aggregate(n=Count("pk"), s=Sum("count"), w=Sum(F("count") * F("pk")), top=Max("pk"))
    return (found["n"] or 0, found["s"] or 0, found["w"] or 0, found["top"] or 0)


def months_open(year: int) -> int:
    """Months of `year` that have begun (later months are 0 for everyone to know)."""
    today = timezone.localdate()
    if year < today.year:
        return 12
    return today.month if year == today.year else 0


def fingerprint(
    key: str,
    geography: Geography,
    rows: Sequence[str],
    year: int,
    rule: Rule,
    framework: str,
) -> str:
    """Names everything the year's pattern depends on (one aggregate query)."""
    parts = (
        ENGINE_VERSION,
        key,
        framework,
        year,
        tuple(rows),
        geography.teams,
        tuple(sorted(geography.areas.items())),
        (rule.threshold, rule.rounding, rule.min_denominator),
        months_open(year),
        _year_rows(key, geography.teams, year, framework),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def compute_year(
    municipality_id: int,
    key: str,
    geography: Geography,
    rows: Sequence[str],
    year: int,
    rule: Rule,
    framework: str = "",
    *,
    print_: str | None = None,
) -> ProtectedYear:
    """Protect one indicator and year from the summary and store every period of it."""
    print_ = print_ or fingerprint(key, geography, rows, year, rule, framework)
    atoms: dict[tuple[int, str, int], int] = {}
    wanted = set(rows)
    for team_id, dimension, month, count in SummaryCount.objects.filter(
        indicator=key,
        framework=framework,
        team_id__in=list(geography.teams),
        month__gte=datetime.date(year, 1, 1),
        month__lt=datetime.date(year + 1, 1, 1),
    ).values_list("team_id", "dimension", "month", "count"):
        if dimension in wanted:
            atom = (team_id, dimension, month.month - 1)
            atoms[atom] = atoms.get(atom, 0) + count
    values, status, unlabelled = protect_year(
        atoms, geography, rows, Calendar(year), rule, months_open=months_open(year)
    )
    periods: dict[str, Cells] = {}
    for (selection, row, slug), value in values.items():
        state: Status = status[(selection, row, slug)]
        periods.setdefault(slug, {}).setdefault(selection, {})[row] = (
            value if state == "shown" else state
        )
    if unlabelled:
        for cells in periods.values():
            cells["_unlabelled"] = {}
    period_key = f"{key}|{framework}" if framework else key
    with transaction.atomic():
        ProtectedPeriod.objects.filter(
            municipality_id=municipality_id, indicator=period_key, year=year
        ).delete()
        ProtectedPeriod.objects.bulk_create(
            [
                ProtectedPeriod(
                    municipality_id=municipality_id,
                    indicator=period_key,
                    period=slug,
                    year=year,
                    fingerprint=print_,
                    cells=cells,
                )
                for slug, cells in periods.items()
            ]
        )
    return ProtectedYear(periods, unlabelled)


def protected_period(
    municipality_id: int,
    key: str,
    geography: Geography,
    rows: Sequence[str],
    period: Period,
    rule: Rule,
    framework: str = "",
) -> tuple[Cells, bool]:
    """The protected cells of `period` for every selection, and whether the year is unlabelled.
    Two queries when the stored pattern is current; otherwise the year is computed."""
    year = period.start.year
    print_ = fingerprint(key, geography, rows, year, rule, framework)
    period_key = f"{key}|{framework}" if framework else key
    stored = ProtectedPeriod.objects.filter(
        municipality_id=municipality_id, indicator=period_key, period=period.slug
    ).first()
    if stored is None or stored.fingerprint != print_:
        cells = compute_year(
            municipality_id, key, geography, rows, year, rule, framework, print_=print_
        ).periods[period.slug]
    else:
        cells = stored.cells
    unlabelled = "_unlabelled" in cells
    return cells, unlabelled


def refresh_patterns(
    *,
    municipality_ids: Iterable[int] | None = None,
    keys: Iterable[str] | None = None,
    since: datetime.date | None = None,
) -> int:
    """The job runner's part after a summary refresh: recompute the stored pattern of every
    year from `since` (all years with counts when None) whose fingerprint changed. Returns
    the number of years computed."""
    from wijkteam.organisations.models import Municipality
    from wijkteam.steering import selectors

    chosen = list(keys) if keys is not None else list(selectors.PROTECTED_COUNTS)
    municipalities = Municipality.objects.all()
    if municipality_ids is not None:
        municipalities = municipalities.filter(pk__in=list(municipality_ids))
    computed = 0
    for municipality in municipalities:
        geography = selectors.geography(municipality.pk)
        rule = selectors.steering_rule(municipality.pk)
        months = SummaryCount.objects.filter(team_id__in=list(geography.teams))
        if since is not None:
            months = months.filter(month__gte=since)
        years = sorted({d.year for d in months.dates("month", "year")})
        for key in chosen:
            rows = selectors.rows_of(key)
            for year in years:
                print_ = fingerprint(key, geography, rows, year, rule, "")
                known = (
                    ProtectedPeriod.objects.filter(
                        municipality_id=municipality.pk, indicator=key, year=year
                    )
                    .values_list("fingerprint", flat=True)
                    .first()
                )
                if known != print_:
                    compute_year(municipality.pk, key, geography, rows, year, rule, print_=print_)
                    computed += 1
    return computed


def cell_state(cells: Mapping[str, Mapping[str, int | str]], selection: str, row: str) -> Status:
    found = cells.get(selection, {}).get(row, 0)
    return found if isinstance(found, str) else "shown"  # type: ignore[return-value]


def cell_value(cells: Mapping[str, Mapping[str, int | str]], selection: str, row: str) -> int:
    found = cells.get(selection, {}).get(row, 0)
    return found if isinstance(found, int) else 0


def refresh_patterns_job() -> int:
    """The job runner's run (every 15 minutes, after the summary refresh): this year and the
    one before, only the years whose fingerprint changed."""
    today = timezone.localdate()
    return refresh_patterns(since=datetime.date(today.year - 1, 1, 1))
