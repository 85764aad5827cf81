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
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import ExtractYear
from django.utils import timezone

from wijkteam.steering.measures import MEASURED, STATES
from wijkteam.steering.models import ProtectedPeriod, SummaryCount, SummaryStamp
from wijkteam.steering.suppression import (
    Calendar,
    Geography,
    Rule,
    Status,
    YearKey,
    protect_year,
)
from wijkteam.steering.tables import Period

ENGINE_VERSION = "year-certificates-1"  # part of the fingerprint: a new engine recomputes

# Families: tables over the same registrations, protected as one system. Signals by partner
# kind and signals by source: the source "partner" is the sum of the kinds (the intake service
# sets a partner exactly when the source is "partner"), so apart the two could give each
# other's hidden cells away. The family's rows are the kinds ("k:<kind>") and the other
# sources ("s:<source>"); its published sums are every row, the kinds together ("kinds": the
# one table's total and the other's "partner" row) and the total.
FAMILIES = {"signals_by_partner_kind": "signals", "signals_by_source": "signals"}
PARTNER_SOURCE = "partner"


def family_rows() -> list[str]:
    from wijkteam.intake.models import PartnerKind, SourceKind

    kinds = [f"k:{v}" for v in PartnerKind.values]
    return kinds + [f"s:{v}" for v in SourceKind.values if v != PARTNER_SOURCE]


def family_of(key: str, framework: str = "") -> list[str]:
    """The indicators protected together with `key` (itself first), or only `key`."""
    if framework or key not in FAMILIES:
        return [key]
    return [key, *(k for k, f in FAMILIES.items() if f == FAMILIES[key] and k != key)]


def _family_cell(member: str, row: str) -> str:
    """The family's published sum behind a member's row (or "total")."""
    if member == "signals_by_partner_kind":
        return "kinds" if row == "total" else f"k:{row}"
    if row == "total":
        return "total"
    return "kinds" if row == PARTNER_SOURCE else f"s:{row}"


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
    *,
    year_rows: Mapping[str, tuple[int, int, int, int]] | None = None,
) -> str:
    """Names everything the year's pattern depends on (one aggregate query per indicator of
    the family, none when `year_rows` (indicator -> its rows) was read already, see
    `years_rows`)."""
    members = family_of(key, framework)
    found = year_rows or {}
    summary = tuple(
        found[m] if m in found else _year_rows(m, geography.teams, year, framework)
        for m in sorted(members)
    )
    return _digest(key, geography, rows, year, rule, framework, summary)


def _digest(
    key: str,
    geography: Geography,
    rows: Sequence[str],
    year: int,
    rule: Rule,
    framework: str,
    summary: tuple[object, ...],
) -> str:
    members = family_of(key, framework)
    parts = (
        ENGINE_VERSION,
        FAMILIES[key] if len(members) > 1 else key,
        framework,
        year,
        tuple(rows) if len(members) == 1 else tuple(family_rows()),
        geography.teams,
        tuple(sorted(geography.areas.items())),
        (rule.threshold, rule.rounding, rule.min_denominator),
        months_open(year),
        summary,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def stamp(
    key: str,
    geography: Geography,
    rows: Sequence[str],
    year: int,
    rule: Rule,
    framework: str,
    *,
    versions: Mapping[tuple[str, int], tuple[int, int]],
) -> str:
    """The fingerprint's cheap stand-in: the same parts, with the summary versions
    (`SummaryStamp`, see `years_stamps`) in place of the scan of the year's summary rows."""
    members = sorted(family_of(key, framework))
    summary = ("stamps", *(versions.get((m, year), (0, 0)) for m in members))
    return _digest(key, geography, rows, year, rule, framework, summary)


def years_stamps(
    keys: Iterable[str], team_ids: Sequence[int], years: Iterable[int], framework: str
) -> dict[tuple[str, int], tuple[int, int]]:
    """Per (indicator, year): how many stamps the teams have and their versions summed, in one
    query (a few rows per team). Every write of a count raises a version, so the sum only
    grows: equal numbers mean the summary of those teams is unchanged."""
    rows = (
        SummaryStamp.objects.filter(
            indicator__in=list(keys),
            framework=framework,
            team_id__in=list(team_ids),
            year__in=sorted(set(years)),
        )
        .values_list("indicator", "year")
        .annotate(n=Count("pk"), v=Sum("version"))
        .order_by()
    )
    return {(key, year): (n, int(v or 0)) for key, year, n, v in rows}


def years_rows(
    keys: Iterable[str], team_ids: Sequence[int], years: Iterable[int], framework: str
) -> dict[tuple[str, int], tuple[int, int, int, int]]:
    """`_year_rows` of several indicators and years in one grouped query (missing: zeros)."""
    chosen_years = sorted(set(years))
    chosen_keys = list(keys)
    found = {(k, y): (0, 0, 0, 0) for k in chosen_keys for y in chosen_years}
    if not chosen_years or not chosen_keys:
        return found
    rows = (
        SummaryCount.objects.filter(
            indicator__in=chosen_keys,
            framework=framework,
            team_id__in=list(team_ids),
            month__gte=datetime.date(chosen_years[0], 1, 1),
            month__lt=datetime.date(chosen_years[-1] + 1, 1, 1),
        )
        .annotate(y=ExtractYear("month"))
        .values_list("indicator", "y")
        .annotate(n=Count("pk"), s=Sum("count"), w=Sum(F("count") * F("pk")), top=Max("pk"))
        .order_by()
    )
    for key, year, n, total, weighted, top in rows:
        if (key, year) in found:
            found[(key, year)] = (n or 0, total or 0, weighted or 0, top or 0)
    return found


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
    stamp_: str = "",
) -> ProtectedYear:
    """Protect one indicator and year from the summary and store every period of it (for a
    measured indicator, measures.MEASURED: its counts summed per selection, see `_sums`).
    `stamp_`: the summary versions read before the rows (see `stamp`); none: a request
    checks the full fingerprint until the job has stamped the year."""
    print_ = print_ or fingerprint(key, geography, rows, year, rule, framework)
    members = family_of(key, framework)
    if len(members) > 1:
        return _compute_family(municipality_id, members, geography, year, rule, print_, stamp_)[key]
    if key in MEASURED:
        periods = _sums(key, geography, year, framework)
        _store(municipality_id, _period_key(key, framework), year, print_, periods, stamp_)
        return ProtectedYear(periods, False)
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
    if key in STATES:
        values, status, unlabelled = protect_states(atoms, geography, rows, year, rule)
    else:
        values, status, unlabelled = protect_year(
            atoms, geography, rows, Calendar(year), rule, months_open=months_open(year)
        )
    periods = _periods_of(values, status, unlabelled)
    _store(municipality_id, _period_key(key, framework), year, print_, periods, stamp_)
    return ProtectedYear(periods, unlabelled)


def _period_key(key: str, framework: str) -> str:
    return f"{key}|{framework}" if framework else key


def _sums(key: str, geography: Geography, year: int, framework: str) -> dict[str, Cells]:
    """A measured indicator's counts per dimension summed for every selection and period of
    `year` (a state: the period's last month begun), for the request to read its selection's
    sums instead of adding up every team's months (not shown as such: measures.measured_cells
    turns them into medians and ratios and applies the threshold)."""
    calendar = Calendar(year)
    begun = months_open(year)
    by_team: dict[tuple[int, int], dict[str, int]] = {}
    for team_id, dimension, month, count in SummaryCount.objects.filter(
        indicator=key,
        framework=framework,
        team_id__in=list(geography.teams),
        month__gte=datetime.date(year, 1, 1),
        month__lt=datetime.date(year + 1, 1, 1),
    ).values_list("team_id", "dimension", "month", "count"):
        dims = by_team.setdefault((team_id, month.month - 1), {})
        dims[dimension] = dims.get(dimension, 0) + count
    periods: dict[str, Cells] = {}
    for slug, months in calendar.slugs():
        if key in STATES:  # the last month begun (none begun: the last month, empty)
            started = [m for m in months if m < begun]
            months = frozenset({max(started) if started else max(months)})
        cells: Cells = {}
        for name, teams in geography.selections().items():
            summed: dict[str, int | str] = {}
            for team_id in teams:
                for index in months:
                    for dim, n in by_team.get((team_id, index), {}).items():
                        summed[dim] = int(summed.get(dim, 0)) + n
            cells[name] = summed
        periods[slug] = cells
    return periods


def _periods_of(
    values: Mapping[YearKey, int], status: Mapping[YearKey, Status], unlabelled: bool
) -> dict[str, Cells]:
    periods: dict[str, Cells] = {}
    for (selection, row, slug), value in values.items():
        state: Status = status[(selection, row, slug)]
        periods.setdefault(slug, {}).setdefault(selection, {})[row] = (
            value if state == "shown" else state
        )
    if unlabelled:
        for cells in periods.values():
            cells["_unlabelled"] = {}
    return periods


def _store(
    municipality_id: int,
    period_key: str,
    year: int,
    print_: str,
    periods: Mapping[str, Cells],
    stamp_: str = "",
) -> None:
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
                    stamp=stamp_,
                    cells=cells,
                )
                for slug, cells in periods.items()
            ]
        )


def _compute_family(
    municipality_id: int,
    members: Sequence[str],
    geography: Geography,
    year: int,
    rule: Rule,
    print_: str,
    stamp_: str = "",
) -> dict[str, ProtectedYear]:
    """Protect a family (FAMILIES) as one system and store every member's periods."""
    rows = family_rows()
    wanted = set(rows)
    atoms: dict[tuple[int, str, int], int] = {}
    for indicator, team_id, dimension, month, count in SummaryCount.objects.filter(
        indicator__in=list(members),
        framework="",
        team_id__in=list(geography.teams),
        month__gte=datetime.date(year, 1, 1),
        month__lt=datetime.date(year + 1, 1, 1),
    ).values_list("indicator", "team_id", "dimension", "month", "count"):
        row = _family_cell(indicator, dimension)
        if row in wanted:  # the source "partner" is the kinds' sum, not an atom
            atom = (team_id, row, month.month - 1)
            atoms[atom] = atoms.get(atom, 0) + count
    groups = {"kinds": frozenset(r for r in rows if r.startswith("k:"))}
    values, status, unlabelled = protect_year(
        atoms, geography, rows, Calendar(year), rule, months_open=months_open(year), groups=groups
    )
    found: dict[str, ProtectedYear] = {}
    for member in members:
        from wijkteam.steering.selectors import rows_of

        # the member's rows behind each family cell (rows_of once: it builds the labels)
        rows_behind: dict[str, list[str]] = {}
        for row in [*rows_of(member), "total"]:
            rows_behind.setdefault(_family_cell(member, row), []).append(row)
        member_values: dict[YearKey, int] = {}
        member_status: dict[YearKey, Status] = {}
        for (selection, cell, slug), value in values.items():
            for row in rows_behind.get(cell, ()):
                member_values[(selection, row, slug)] = value
                member_status[(selection, row, slug)] = status[(selection, cell, slug)]
        periods = _periods_of(member_values, member_status, unlabelled)
        _store(municipality_id, member, year, print_, periods, stamp_)
        found[member] = ProtectedYear(periods, unlabelled)
    return found


def protect_states(
    atoms: Mapping[tuple[int, str, int], int],
    geography: Geography,
    rows: Sequence[str],
    year: int,
    rule: Rule,
) -> tuple[dict[YearKey, int], dict[YearKey, Status], bool]:
    """The pattern of a state indicator (a count at each month's end, measures.STATES): no
    published number adds up two months (a quarter and the year show their last month begun),
    so each month is its own system of selections and rows, protected like a year of one
    month; the quarter and the year copy the pattern of their last month begun."""
    calendar = Calendar(year)
    begun = months_open(year)
    single = Calendar(year, quarters=1, months_per_quarter=1)
    first_slug = single.month_slug(0)
    by_month: list[tuple[dict[tuple[str, str], int], dict[tuple[str, str], Status]]] = []
    unlabelled = False
    for month in range(calendar.months):
        if month >= begun:  # not begun: zero for everyone to know, like protect_year
            names = list(geography.selections())
            dims = [*rows, *(["total"] if len(rows) > 1 else [])]
            by_month.append(
                (
                    {(g, d): 0 for g in names for d in dims},
                    {(g, d): "small" for g in names for d in dims},
                )
            )
            continue
        month_atoms = {(t, r, 0): n for (t, r, m), n in atoms.items() if m == month}
        values, status, blank = protect_year(
            month_atoms, geography, rows, single, rule, months_open=1
        )
        unlabelled = unlabelled or blank
        by_month.append(
            (
                {(g, d): v for (g, d, p), v in values.items() if p == first_slug},
                {(g, d): s for (g, d, p), s in status.items() if p == first_slug},
            )
        )
    out_values: dict[YearKey, int] = {}
    out_status: dict[YearKey, Status] = {}
    for slug, months in calendar.slugs():
        started = [m for m in months if m < begun]
        source = by_month[max(started) if started else min(months)]
        for (g, d), value in source[0].items():
            out_values[(g, d, slug)] = value
            out_status[(g, d, slug)] = source[1][(g, d)]
    return out_values, out_status, unlabelled


def protected_periods(
    municipality_id: int,
    rows_of: Mapping[str, Sequence[str]],
    geography: Geography,
    periods: Sequence[Period],
    rule: Rule,
    framework: str = "",
    *,
    selection: str | None = None,
) -> dict[tuple[str, str], Cells]:
    """The protected cells of every indicator in `rows_of` (key -> its rows) and period, by
    (key, period slug); for a measured indicator (measures.MEASURED) its summed counts per
    selection (`_sums`). Two queries in all when the stored rows are current: the summary
    versions of every indicator and year in one (`years_stamps`), the stored rows in the
    other, whatever the number of indicators and teams. A row whose stamp differs (the
    summary changed since, or the job has not stamped it yet) is checked against the full
    fingerprint (one scan of the years' summary rows), and its year computed and stored when
    that differs too.

    With `selection` ("M", "A<id>", "T<id>") only that selection's cells are read from the
    stored rows (the database takes them out of the JSON: a large city's row holds every
    team and area); a year computed here comes back whole."""
    years = {p.start.year for p in periods}
    every = sorted({m for k in rows_of for m in family_of(k, framework)})
    versions = years_stamps(every, geography.teams, years, framework)
    chosen = ProtectedPeriod.objects.filter(
        municipality_id=municipality_id,
        indicator__in=[_period_key(k, framework) for k in rows_of],
        period__in=sorted({p.slug for p in periods}),
    )
    stored: dict[tuple[str, str], tuple[str, str, Cells]] = {}
    if selection is None:
        for indicator, slug, stored_print, stored_stamp, cells in chosen.values_list(
            "indicator", "period", "fingerprint", "stamp", "cells"
        ):
            stored[(indicator, slug)] = (stored_print, stored_stamp, cells)
    else:
        for indicator, slug, stored_print, stored_stamp, own in chosen.annotate(
            own=KeyTransform(selection, "cells")
        ).values_list("indicator", "period", "fingerprint", "stamp", "own"):
            stored[(indicator, slug)] = (stored_print, stored_stamp, {selection: own or {}})
    counts: dict[tuple[str, int], tuple[int, int, int, int]] | None = None  # read when needed
    found: dict[tuple[str, str], Cells] = {}
    computed: dict[tuple[str, int], ProtectedYear] = {}  # a family member: once per year
    for key, rows in rows_of.items():
        for period in periods:
            year = period.start.year
            row = stored.get((_period_key(key, framework), period.slug))
            now = stamp(key, geography, rows, year, rule, framework, versions=versions)
            if row is not None and row[1] == now:
                found[(key, period.slug)] = row[2]
                continue
            if counts is None:
                counts = years_rows(every, geography.teams, years, framework)
            family = {m: counts[(m, year)] for m in family_of(key, framework)}
            print_ = fingerprint(key, geography, rows, year, rule, framework, year_rows=family)
            if row is not None and row[0] == print_:  # current, not stamped yet: the job does
                found[(key, period.slug)] = row[2]
                continue
            if (key, year) not in computed:
                members = family_of(key, framework)
                if len(members) > 1:
                    made = _compute_family(
                        municipality_id, members, geography, year, rule, print_, now
                    )
                    computed |= {(m, year): found_year for m, found_year in made.items()}
                else:
                    computed[(key, year)] = compute_year(
                        municipality_id,
                        key,
                        geography,
                        rows,
                        year,
                        rule,
                        framework,
                        print_=print_,
                        stamp_=now,
                    )
            found[(key, period.slug)] = computed[(key, year)].periods[period.slug]
    return found


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

    chosen = (
        list(keys) if keys is not None else [*selectors.PROTECTED_COUNTS, *selectors.STORED_SUMS]
    )
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
        # the versions first: a count written after them makes the stamp stale, never wrong
        every = sorted({m for k in chosen for m in family_of(k)})
        versions = years_stamps(every, geography.teams, years, "")
        for key in chosen:
            rows = selectors.rows_of(key)
            for year in years:
                now = stamp(key, geography, rows, year, rule, "", versions=versions)
                print_ = fingerprint(key, geography, rows, year, rule, "")
                stored = ProtectedPeriod.objects.filter(
                    municipality_id=municipality.pk, indicator=key, year=year
                )
                known = stored.values_list("fingerprint", "stamp").first()
                if known is None or known[0] != print_:
                    compute_year(
                        municipality.pk, key, geography, rows, year, rule, print_=print_, stamp_=now
                    )
                    computed += 1
                elif known[1] != now:  # current: only stamp it, for requests to trust
                    stored.update(stamp=now)
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
