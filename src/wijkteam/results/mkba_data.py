"""Selector of the MKBA: the protected counts, the unit costs used and the index factors.

Policy staff only (``results_edit``); counts come from steering's protected tables (team FTE,
new households, started referrals per provision type: steering's protection, secondary
suppression included) and, counted here under the same small-number rule, from the "what was
prevented" registration, the trajectories with an agreed plan and the relapses of steering's
relapse indicator (``steering.sources``): below the threshold a count is hidden ("<10") and
left out of the sums, otherwise rounded as steering rounds it. One access-log row per
calculation (steering's tables log their own read).

The unit figures of the lines fed by those counts (a cost per referral, an hour, a relapse;
``mkba.ASSUMED_COSTS``) have no published source: the municipality enters them as its own
figures; until then the line says "not entered" and is left out of the sums.

Unit costs are indexed with the series the municipality chose (the shipped CBS CPI or its own
series). A year the series cannot give is never bridged by a factor 1: before its first year
or in a gap the calculation stops (``MissingIndex``, shown on the page); after its last year
(this year's index is not published yet) the last value is used and the report says so.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.casework.models import Trajectory
from wijkteam.organisations.models import Municipality, Team
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.results import EDIT
from wijkteam.privacy.services import access_log_record
from wijkteam.results.mkba import (
    ASSUMED_COSTS,
    SHIPPED_UNIT_COSTS,
    Assumptions,
    CostFigure,
    IndexUsed,
    Inputs,
    OutcomeCount,
    ReferralCount,
)
from wijkteam.results.models import IndexChoice, IndexValue, PreventedOutcome, UnitCost
from wijkteam.results.prevented import option_label, outcome_options
from wijkteam.socialmap.models import ServiceType
from wijkteam.steering import selectors as steering
from wijkteam.steering import sources as steering_sources
from wijkteam.steering.suppression import Rule, count_cell
from wijkteam.steering.tables import Period, Selection

SHIPPED_SERIES = "cbs_cpi"
OWN_SERIES = "own"
INDEX_SERIES: dict[str, Promise] = {
    SHIPPED_SERIES: gettext_lazy("CBS consumer price index (2015 = 100)"),
    OWN_SERIES: gettext_lazy("The municipality's own index series"),
}


@dataclass(frozen=True)
class Series:
    """One index series as the MKBA reads it: per year the row used (for the own series the
    newest version of each year)."""

    key: str
    label: str
    values: Mapping[int, IndexValue]


class MissingIndex(Exception):
    """The series has no value for a year the calculation needs (before its first year or a
    gap in it): no euro value is given rather than a guessed factor."""

    def __init__(self, series: Series, years: Collection[int]) -> None:
        self.series, self.years = series, tuple(sorted(set(years)))
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _(
            "The index series “%(series)s” has no value for %(years)s, which the unit costs "
            "need to be indexed to the report year. Add the missing years to the own index "
            "series, or choose another series."
        ) % {"series": self.series.label, "years": ", ".join(map(str, self.years))}


def index_choice(municipality: Municipality) -> str:
    """The series the municipality's MKBA uses: its newest choice, else the shipped CPI."""
    chosen = IndexChoice.objects.filter(municipality=municipality).first()
    return chosen.series if chosen is not None and chosen.series in INDEX_SERIES else SHIPPED_SERIES


def index_series(municipality: Municipality | None = None, key: str | None = None) -> Series:
    """The series ``key`` (default: the municipality's choice, else the shipped CPI)."""
    if key is None:
        key = index_choice(municipality) if municipality is not None else SHIPPED_SERIES
    rows = IndexValue.objects.filter(series=key)
    if key == OWN_SERIES:
        rows = rows.filter(municipality=municipality) if municipality else rows.none()
    else:
        rows = rows.filter(municipality__isnull=True)
    values: dict[int, IndexValue] = {}
    for row in rows.order_by("year", "-version"):
        values.setdefault(row.year, row)
    return Series(key, str(INDEX_SERIES.get(key, key)), values)


def own_index_rows(municipality: Municipality) -> list[IndexValue]:
    """Every version of the municipality's own index values, newest first per year."""
    rows = IndexValue.objects.filter(municipality=municipality, series=OWN_SERIES)
    return list(rows.order_by("-year", "-version"))


def index_choices(municipality: Municipality) -> list[IndexChoice]:
    """Who chose which series when, newest first."""
    return list(IndexChoice.objects.filter(municipality=municipality).select_related("chosen_by"))


def series_year(year: int, years: Collection[int]) -> int | None:
    """The year of the series used for ``year``: itself; a year after the series' last one
    (this year's index is not published yet) uses the last one, and the page says so; a year
    before its first one or in a gap has none (None)."""
    if year in years:
        return year
    if years and year > max(years):
        return max(years)
    return None


def _row(year: int, series: Series) -> IndexValue | None:
    used = series_year(year, series.values)
    return None if used is None else series.values[used]


def index_factor(price_level: int, year: int, series: Series) -> Decimal | None:
    """index(year) / index(price level); None when the series has no value for one of them."""
    now, then = _row(year, series), _row(price_level, series)
    if now is None or then is None:
        return None
    return (Decimal(now.value) / Decimal(then.value)).quantize(Decimal("0.0001"))


def missing_years(years: Collection[int], series: Series) -> tuple[int, ...]:
    return tuple(sorted(y for y in set(years) if _row(y, series) is None))


def index_used(years: Collection[int], series: Series) -> tuple[IndexUsed, ...]:
    """The index values behind the factors, with their source and whether they were checked."""
    rows = []
    for year in sorted(set(years)):
        row = _row(year, series)
        if row is not None:
            rows.append(IndexUsed(year, row.year, Decimal(row.value), row.source, row.verified))
    return tuple(rows)


def unit_costs(
    municipality: Municipality, year: int, series: Series | None = None
) -> dict[str, CostFigure]:
    """Per key the municipality's newest own figure, else the newest shipped one, indexed to
    ``year`` (``series``: default the municipality's chosen series). A figure whose price
    level or report year the series lacks has no factor (None)."""
    rows = UnitCost.objects.filter(municipality__in=[municipality]) | UnitCost.objects.filter(
        municipality__isnull=True
    )
    series = index_series(municipality) if series is None else series
    chosen: dict[str, UnitCost] = {}
    for row in rows.order_by("key", "-version"):
        held = chosen.get(row.key)
        if held is None or (held.municipality_id is None and row.municipality_id is not None):
            chosen[row.key] = row
    now = _row(year, series)
    figures = {}
    for key, row in chosen.items():
        then = _row(row.price_level, series)
        if key in ASSUMED_COSTS:
            item = str(ASSUMED_COSTS[key][0])
        elif row.municipality_id is None:
            item = str(SHIPPED_UNIT_COSTS.get(key, row.item))
        else:
            item = row.item
        figures[key] = CostFigure(
            key=key,
            item=item,
            amount=row.amount,
            unit=row.unit,
            year=row.year,
            price_level=row.price_level,
            source=row.source,
            verified=row.verified,
            own=row.municipality_id is not None,
            version=row.version,
            factor=index_factor(row.price_level, year, series),
            index_verified=(now is None or now.verified) and (then is None or then.verified),
            index_then=None if then is None else Decimal(then.value),
            index_now=None if now is None else Decimal(now.value),
        )
    return figures


def protected(value: int, rule: Rule) -> int | None:
    """A single count under the small-number rule: hidden (None) below the threshold."""
    cell = count_cell(value, "small" if value < rule.threshold else "shown", rule)
    return None if cell.suppressed else int(cell.value or 0)


def _steering_figures(
    actor: Actor, municipality: Municipality, year: int
) -> tuple[Decimal | None, int | None, dict[str, int | None]]:
    """Team FTE, new households and the started referrals per provision type, as steering's
    protected tables give them for the year (a hidden cell: None)."""
    period = Period(kind="year", start=datetime.date(year, 1, 1))
    selection = Selection(municipality_id=municipality.pk, period=period)
    keys = ["fte_planned_actual", "new_households", "referrals_by_provider_type"]
    tables = {
        t.key: t for t in steering.indicator_tables(actor=actor, selection=selection, keys=keys)
    }
    referrals: dict[str, int | None] = {kind: None for kind in ServiceType.values}
    if "referrals_by_provider_type" in tables:
        for line in tables["referrals_by_provider_type"].rows:
            kind, _sep, outcome = line.key.partition(":")
            if outcome == "started" and kind in referrals and line.cells:
                value = line.cells[0].value
                referrals[kind] = None if value is None else int(value)
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
    return fte, households, referrals


def _trajectories(municipality: Municipality, year: int, rule: Rule) -> int | None:
    """B: trajectories open at some time in the year with an agreed plan (one household, one
    plan; every trajectory has one coordinator), protected."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = (
        Trajectory.objects.filter(
            household__team__municipality=municipality,
            started_on__lte=end,
            plans__agreed_on__isnull=False,
            plans__agreed_on__lte=end,
        )
        .exclude(closed_on__lt=start)
        .values("pk")
        .distinct()
    )
    return protected(rows.count(), rule)


def _relapses(municipality: Municipality, year: int, rule: Rule) -> tuple[int | None, int | None]:
    """C: of the trajectories closed in the year after monitoring, those whose household started
    a new one within 12 months (steering's relapse indicator, counted here as one protected
    count), and those whose 12 months are not over yet."""
    teams = set(Team.objects.filter(municipality=municipality).values_list("pk", flat=True))
    totals = {"relapse": 0, "pending": 0}
    for team_id, month, framework, dimension, n in steering_sources.relapse_after_monitoring(
        datetime.date(year, 1, 1)
    ):
        if team_id in teams and month.year == year and framework == "" and dimension in totals:
            totals[dimension] += n
    return protected(totals["relapse"], rule), protected(totals["pending"], rule)


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
    series = index_series(municipality)
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
    fte, households, started = _steering_figures(actor, municipality, year)
    referrals = tuple(
        ReferralCount(str(kind), str(label), started[str(kind)], costs.get(f"referral_{kind}"))
        for kind, label in ServiceType.choices
    )
    relapses, pending = _relapses(municipality, year, rule)
    rate, relapse_cost = costs.get("coordination_hour"), costs.get("relapse")
    figures = [c.cost for c in outcomes] + [r.cost for r in referrals] + [rate, relapse_cost]
    used = {year, *(f.price_level for f in figures if f is not None)}
    missing = missing_years(used, series)
    if missing:
        raise MissingIndex(series, missing)
    inputs = Inputs(
        year,
        fte,
        households,
        outcomes,
        assumptions,
        hidden=f"<{rule.threshold}",
        index=index_used(used, series),
        series=series.label,
        series_key=series.key,
        referrals=referrals,
        trajectories=_trajectories(municipality, year, rule),
        coordination_rate=rate,
        relapses=relapses,
        relapses_pending=pending,
        relapse_cost=relapse_cost,
    )
    return inputs, costs
