"""Selector of the MKBA: the protected counts, the unit costs used and the index factors.

Policy staff only (``results_edit``); counts come from steering's protected tables (team FTE,
new households) and from the "what was prevented" registration, each count through the
small-number rule of the municipality: below the threshold it is hidden ("<10") and left out
of the sums, otherwise rounded as steering rounds it. One access-log row per calculation.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from decimal import Decimal

from django.db.models import Count

from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.results import EDIT
from wijkteam.privacy.services import access_log_record
from wijkteam.results.mkba import (
    SHIPPED_UNIT_COSTS,
    Assumptions,
    CostFigure,
    IndexUsed,
    Inputs,
    OutcomeCount,
)
from wijkteam.results.models import IndexValue, PreventedOutcome, UnitCost
from wijkteam.results.prevented import option_label, outcome_options
from wijkteam.steering import selectors as steering
from wijkteam.steering.suppression import Rule, count_cell
from wijkteam.steering.tables import Period, Selection

INDEX_SERIES = "cbs_cpi"


def index_series(series: str = INDEX_SERIES) -> dict[int, IndexValue]:
    return {row.year: row for row in IndexValue.objects.filter(series=series)}


def series_year(year: int, years: Collection[int]) -> int:
    """The year of the series used for ``year``: itself, else the latest before it, else the
    first of the series."""
    known = [y for y in years if y <= year]
    return max(known) if known else min(years)


def index_factor(price_level: int, year: int, series: Mapping[int, IndexValue]) -> Decimal:
    """index(year) / index(price level); a year outside the series uses its nearest year."""
    if not series:
        return Decimal(1)
    now, then = series[series_year(year, series)], series[series_year(price_level, series)]
    return (Decimal(now.value) / Decimal(then.value)).quantize(Decimal("0.0001"))


def index_used(years: Collection[int], series: Mapping[int, IndexValue]) -> tuple[IndexUsed, ...]:
    """The index values behind the factors, with their source and whether they were checked."""
    if not series:
        return ()
    rows = []
    for year in sorted(set(years)):
        row = series[series_year(year, series)]
        rows.append(IndexUsed(year, row.year, Decimal(row.value), row.source, row.verified))
    return tuple(rows)


def unit_costs(
    municipality: Municipality, year: int, series: Mapping[int, IndexValue] | None = None
) -> dict[str, CostFigure]:
    """Per key the municipality's newest own figure, else the newest shipped one, indexed to
    ``year`` (``series``: the index series when the caller has read it already)."""
    rows = UnitCost.objects.filter(municipality__in=[municipality]) | UnitCost.objects.filter(
        municipality__isnull=True
    )
    series = index_series() if series is None else series
    chosen: dict[str, UnitCost] = {}
    for row in rows.order_by("key", "-version"):
        held = chosen.get(row.key)
        if held is None or (held.municipality_id is None and row.municipality_id is not None):
            chosen[row.key] = row
    checked = {
        i.year: i.verified
        for i in index_used({year, *(r.price_level for r in chosen.values())}, series)
    }
    return {
        key: CostFigure(
            key=key,
            item=str(SHIPPED_UNIT_COSTS.get(key, row.item))
            if row.municipality_id is None
            else row.item,
            amount=row.amount,
            unit=row.unit,
            year=row.year,
            price_level=row.price_level,
            source=row.source,
            verified=row.verified,
            own=row.municipality_id is not None,
            version=row.version,
            factor=index_factor(row.price_level, year, series),
            index_verified=checked.get(year, True) and checked.get(row.price_level, True),
        )
        for key, row in chosen.items()
    }


def protected(value: int, rule: Rule) -> int | None:
    """A single count under the small-number rule: hidden (None) below the threshold."""
    cell = count_cell(value, "small" if value < rule.threshold else "shown", rule)
    return None if cell.suppressed else int(cell.value or 0)


def _steering_figures(
    actor: Actor, municipality: Municipality, year: int
) -> tuple[Decimal | None, int | None]:
    period = Period(kind="year", start=datetime.date(year, 1, 1))
    selection = Selection(municipality_id=municipality.pk, period=period)
    tables = {
        t.key: t
        for t in steering.indicator_tables(
            actor=actor, selection=selection, keys=["fte_planned_actual", "new_households"]
        )
    }
    fte = households = None
    if "fte_planned_actual" in tables:
        row = next((r for r in tables["fte_planned_actual"].rows if r.key == "actual"), None)
        if row is not None and row.cells and row.cells[0].value is not None:
            fte = Decimal(str(row.cells[0].value))
    if "new_households" in tables:
        table = tables["new_households"]
        row = table.total or table.rows[0]
        if row.cells and row.cells[0].value is not None:
            households = int(row.cells[0].value)
    return fte, households


def mkba_inputs(
    *, actor: Actor, municipality: Municipality, year: int, assumptions: Assumptions
) -> tuple[Inputs, dict[str, CostFigure]]:
    decision = policy.require_scope(actor, EDIT, municipality=municipality)
    access_log_record(
        actor=actor,
        event=AccessEvent.READ,
        object_type="results.mkba",
        object_id=municipality.pk,
        decision=decision,
        purpose=f"MKBA {year}",
    )
    rule = steering.steering_rule(municipality.pk)
    counts: dict[tuple[str, str], int] = {
        (row["outcome"], row["likelihood"]): row["n"]
        for row in PreventedOutcome.objects.filter(
            trajectory__household__team__municipality=municipality, recorded_at__year=year
        )
        .values("outcome", "likelihood")
        .annotate(n=Count("pk"))
    }
    series = index_series()
    costs = unit_costs(municipality, year, series)
    outcomes = tuple(
        OutcomeCount(
            key=o.key,
            label=option_label(o),
            certain=protected(counts.get((o.key, "certain"), 0), rule),
            likely=protected(counts.get((o.key, "likely"), 0), rule),
            cost=costs.get(o.unit_cost_key) if o.unit_cost_key else None,
        )
        for o in outcome_options(municipality)
        if o.kind == "prevented"
    )
    fte, households = _steering_figures(actor, municipality, year)
    used = {c.cost.price_level for c in outcomes if c.cost is not None}
    index = index_used({year, *used}, series)
    hidden = f"<{rule.threshold}"
    return Inputs(year, fte, households, outcomes, assumptions, hidden, index), costs
