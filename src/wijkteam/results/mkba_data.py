"""Selector of the MKBA: the protected counts, the unit costs used and the index factors.

Policy staff only (``results_edit``); counts come from steering's protected tables (team FTE,
new households) and from the "what was prevented" registration, each count through the
small-number rule of the municipality: below the threshold it is hidden ("<10") and left out
of the sums, otherwise rounded as steering rounds it. One access-log row per calculation.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count

from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.results import EDIT
from wijkteam.privacy.services import access_log_record
from wijkteam.results.mkba import SHIPPED_UNIT_COSTS, Assumptions, CostFigure, Inputs, OutcomeCount
from wijkteam.results.models import IndexValue, PreventedOutcome, UnitCost
from wijkteam.results.prevented import option_label, outcome_options
from wijkteam.steering import selectors as steering
from wijkteam.steering.suppression import Rule, count_cell
from wijkteam.steering.tables import Period, Selection

INDEX_SERIES = "cbs_cpi"


def index_values(series: str = INDEX_SERIES) -> dict[int, Decimal]:
    return dict(IndexValue.objects.filter(series=series).values_list("year", "value"))


def index_factor(price_level: int, year: int, values: dict[int, Decimal]) -> Decimal:
    """index(year) / index(price level); a year outside the series uses its nearest year."""
    if not values:
        return Decimal(1)

    def at(y: int) -> Decimal:
        known = [k for k in values if k <= y] or [min(values)]
        return Decimal(values[max(known)])

    return (at(year) / at(price_level)).quantize(Decimal("0.0001"))


def unit_costs(municipality: Municipality, year: int) -> dict[str, CostFigure]:
    """Per key the municipality's newest own figure, else the newest shipped one."""
    rows = UnitCost.objects.filter(municipality__in=[municipality]) | UnitCost.objects.filter(
        municipality__isnull=True
    )
    values = index_values()
    chosen: dict[str, UnitCost] = {}
    for row in rows.order_by("key", "-version"):
        held = chosen.get(row.key)
        if held is None or (held.municipality_id is None and row.municipality_id is not None):
            chosen[row.key] = row
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
            factor=index_factor(row.price_level, year, values),
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
    costs = unit_costs(municipality, year)
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
    return Inputs(year, fte, households, outcomes, assumptions, f"<{rule.threshold}"), costs
