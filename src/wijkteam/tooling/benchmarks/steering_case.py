"""The municipality steering dashboard in `wijkteam benchmark` (issue #13, "Scale").

The page is `/steering/` for a policy officer (the last full quarter, every indicator). The
selector is `steering.selectors.indicator_tables`. The floor is hand-written SQL over the
summary table: one grouped sum per indicator and row over the municipality's teams for the
three columns of the page (the quarter, the one before, a year earlier). Items compared: every
count cell the page shows of the plain count indicators (not hidden, not a percentage), as
rounded; the floor rounds its sums the same way, for the same cells, so a wrong number or a
number shown from another selection makes `items_match` false.

The floor sums the summary rows per request; the page reads what the job stored (the
patterns and the measured sums, checked against the summary stamps), so on a large city the
page can be faster than this floor (a ratio below 1): the floor names what the summary alone
costs, not the least a request can do.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.db import connection
from django.utils import timezone

from wijkteam.accounts.models import Membership, Role, User
from wijkteam.organisations.models import Municipality
from wijkteam.steering import measures, selectors
from wijkteam.steering.suppression import rounded
from wijkteam.steering.tables import IndicatorTable, Period, Selection

PLAIN_COUNTS = tuple(
    k
    for k in selectors.PROTECTED_COUNTS
    if k not in selectors.SHARE_OF_TOTAL and k not in getattr(measures, "GROUPED_SHARES", ())
)


PREPARED: dict[str, Any] = {}  # what `prepare` did, for the report's meta


def prepare(municipality: Municipality) -> None:
    """What the job runner does before anyone reads: refresh the summary and the stored
    suppression patterns (timed: the job's cost, not the request's)."""
    from wijkteam.steering.protection import refresh_patterns
    from wijkteam.steering.summaries import summaries_refresh_all

    started = time.perf_counter()
    rows = summaries_refresh_all()
    summary_s = time.perf_counter() - started
    started = time.perf_counter()
    years = refresh_patterns(municipality_ids=[municipality.pk])
    PREPARED.clear()
    PREPARED.update(
        {
            "summary_rows": rows,
            "summary_refresh_s": round(summary_s, 2),
            "pattern_years_computed": years,
            "pattern_refresh_s": round(time.perf_counter() - started, 2),
            "teams": len(selectors.geography(municipality.pk).teams),
        }
    )


def last_quarter() -> Period:
    return Period.containing(timezone.localdate(), "quarter").previous()


def policy_user(municipality: Municipality) -> User:
    """A policy officer of the municipality (the generated city has none: one is added)."""
    found = (
        Membership.objects.filter(municipality=municipality, role=Role.POLICY_STAFF)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found.user
    user = User.objects.create(
        username=f"benchmark_policy_{municipality.pk}", first_name="Beleid", last_name="Test"
    )
    Membership.objects.create(
        user=user,
        municipality=municipality,
        role=Role.POLICY_STAFF,
        secrecy_status="not_applicable",
        function_title="beleidsmedewerker",
    )
    return user


def selection(municipality: Municipality) -> Selection:
    return Selection(municipality_id=municipality.pk, period=last_quarter())


def selector_items(tables: list[IndicatorTable]) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for table in tables:
        if table.key not in PLAIN_COUNTS:
            continue
        rows = [*table.rows, *([table.total] if table.total is not None else [])]
        shown[table.key] = sorted(
            [row.key, column, cell.value]
            for row in rows
            for column, cell in enumerate(row.cells)
            if not cell.suppressed
        )
    return {"shown": shown}


def floor(municipality_id: int, rounding: int) -> dict[str, Any]:
    """The same counts straight from the summary (one grouped query per column), for the cells
    the stored pattern shows (one query over `steering_protectedperiod`)."""
    period = last_quarter()
    columns = [period, period.previous(), period.year_earlier()]
    keys = list(PLAIN_COUNTS)
    marks = ", ".join(["%s"] * len(keys))
    states = sorted(measures.STATES)
    state_marks = ", ".join(["%s"] * len(states))
    sums: dict[tuple[str, int, str], int] = {}
    shown_marks: dict[tuple[str, int], dict[str, Any]] = {}
    with connection.cursor() as cursor:
        for column, p in enumerate(columns):
            cursor.execute(
                "SELECT s.indicator, s.dimension, SUM(s.count) FROM steering_summarycount s"  # noqa: S608 (only %s placeholders go in)
                " JOIN organisations_team t ON t.id = s.team_id"
                f" WHERE t.municipality_id = %s AND s.indicator IN ({marks})"
                " AND s.framework = '' AND s.month < %s"
                # a state (measures.STATES) is its period's last month, a count all months
                f" AND s.month >= CASE WHEN s.indicator IN ({state_marks}) THEN %s ELSE %s END"
                " GROUP BY s.indicator, s.dimension",
                [municipality_id, *keys, p.end, *states, p.months()[-1], p.start],
            )
            for indicator, dimension, total in cursor.fetchall():
                sums[(indicator, column, dimension)] = int(total)
                key_total = (indicator, column, "total")
                sums[key_total] = sums.get(key_total, 0) + int(total)
        slugs = [p.slug for p in columns]
        cursor.execute(
            "SELECT indicator, period, cells FROM steering_protectedperiod"  # noqa: S608 (only %s placeholders go in)
            f" WHERE municipality_id = %s AND indicator IN ({marks})"
            " AND period IN (%s, %s, %s)",
            [municipality_id, *keys, *slugs],
        )
        for indicator, slug, cells in cursor.fetchall():
            loaded = json.loads(cells) if isinstance(cells, str) else cells
            shown_marks[(indicator, slugs.index(slug))] = loaded.get("M", {})
    found: dict[str, Any] = {}
    for key in keys:
        found[key] = sorted(
            [row, column, rounded(sums.get((key, column, row), 0), rounding)]
            for column in range(len(columns))
            for row, mark in shown_marks.get((key, column), {}).items()
            if isinstance(mark, int)
        )
    return {"shown": found}
