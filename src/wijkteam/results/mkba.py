"""The social cost-benefit view (MKBA), after the structure of the national MKBA model for
social district teams: (A) costs, (B) savings in organisation and coordination, (C) more
effective trajectories and avoided escalation costs; immaterial gains as text only.

``mkba_compute`` is a pure function over protected counts, unit costs and assumptions, so
its sums can be checked by hand (tests) and written as formulas into the XLSX. The counts
come from ``selectors.mkba_inputs``: every count below the municipality's small-number
threshold is hidden and left out of the sums (its euro value would give it away).
It is an estimate, not an effect measurement: the report says so on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Dutch names of the shipped rows (the database keeps the key; a municipality's own rows
# keep their own text).
SHIPPED_OUTCOMES: dict[str, Promise] = {
    "eviction": _("Eviction"),
    "out_of_home": _("Out-of-home placement of a child"),
    "shelter": _("Shelter or homelessness"),
    "debt": _("Debt escalation or bailiff"),
    "admission": _("Admission (hospital, mental health care)"),
    "school_dropout": _("School drop-out"),
    "income_loss": _("Loss of income"),
    "work": _("Work"),
    "volunteering": _("Volunteering"),
    "debt_free": _("Debt-free"),
}
SHIPPED_UNIT_COSTS: dict[str, Promise] = {
    "shelter_rough_sleeper": _("Shelter, rough sleepers"),
    "shelter_residential": _("Shelter, residential homeless"),
    "shelter_day_night": _("Day and night shelter"),
    "supported_housing": _("Intensive supported housing (addiction/psychiatric)"),
    "debt_assistance": _("Debt assistance"),
    "shelter_place": _("Shelter place (with mental-health support up to EUR 70,000)"),
    "eviction_corporation": _("Eviction, housing corporation's own costs (at least)"),
    "eviction_societal": _("Eviction, societal cost"),
    "eviction_societal_2021": _("Eviction, societal cost (over EUR 100,000 per household)"),
    "out_of_home": _("Out-of-home placement of a child (EUR 40,000-50,000, midpoint)"),
}
IMMATERIAL: tuple[Promise, ...] = (
    _("Children's development"),
    _("Quality of life of residents"),
    _("Liveability of the neighbourhood"),
    _("Fewer relapses (not valued: no registration of relapses yet)"),
    _("Productivity loss avoided (not valued: no published figure chosen)"),
)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CostFigure:
    key: str
    item: str
    amount: Decimal  # as published
    unit: str
    year: int
    price_level: int
    source: str
    verified: bool
    own: bool  # the municipality's own figure
    version: int
    factor: Decimal | None  # index(report year) / index(price level); None: a year missing
    index_verified: bool = True  # both index values behind the factor were checked
    index_then: Decimal | None = None  # the index value at the price level
    index_now: Decimal | None = None  # the index value of the report year

    @property
    def indexed(self) -> Decimal:
        if self.factor is None:  # mkba_inputs refuses a calculation with a year missing
            raise ValueError(f"{self.key}: the index series lacks a year")
        return (self.amount * self.factor).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class OutcomeCount:
    key: str
    label: str
    certain: int | None  # None: hidden by the small-number protection
    likely: int | None
    cost: CostFigure | None  # None: not given a euro value


@dataclass(frozen=True)
class Assumptions:
    cost_per_fte: Decimal  # A: yearly cost of one FTE in the team
    extra_support: Decimal  # A: extra support that earlier and wider reach brings (EUR)
    coordination_saving: Decimal  # B: saving per household reached (EUR)
    likely_weight: Decimal  # share of "likely" cases counted in the expected value (0..1)


@dataclass(frozen=True)
class IndexUsed:
    """One index value the calculation used (the report can say which were checked)."""

    year: int  # asked for: the report year or a price level
    series_year: int  # used: the nearest year of the series when it has no value for ``year``
    value: Decimal
    source: str
    verified: bool


@dataclass(frozen=True)
class Inputs:
    year: int
    fte: Decimal | None  # team FTE (protected; None when hidden)
    households: int | None  # households reached in the year (protected)
    outcomes: tuple[OutcomeCount, ...]
    assumptions: Assumptions
    hidden: str = "<10"  # how a hidden count is shown (the municipality's threshold)
    index: tuple[IndexUsed, ...] = ()  # the index values behind the factors, by year
    series: str = ""  # the name of the index series used
    series_key: str = ""

    @property
    def index_after_series(self) -> tuple[IndexUsed, ...]:
        """Years after the series' last year, which use that year's value (said on the page)."""
        return tuple(i for i in self.index if i.series_year != i.year)


@dataclass(frozen=True)
class Estimate:
    costs: Decimal  # A
    savings: Decimal  # B
    benefits: Decimal  # C
    net: Decimal  # B + C - A


@dataclass(frozen=True)
class Result:
    team_costs: Decimal
    extra_support: Decimal
    coordination: Decimal
    avoided: dict[str, tuple[Decimal, Decimal, Decimal]]  # key -> low, expected, high
    low: Estimate
    expected: Estimate
    high: Estimate
    sensitivity: tuple[tuple[str, Decimal, Decimal], ...]  # label, net at -25%, at +25%


def _avoided(count: OutcomeCount, weight: Decimal) -> Decimal:
    if count.cost is None:
        return Decimal(0)
    cases = Decimal(count.certain or 0) + Decimal(count.likely or 0) * weight
    return (cases * count.cost.indexed).quantize(CENT, ROUND_HALF_UP)


def mkba_compute(inputs: Inputs) -> Result:
    """Low counts certain cases only, expected adds the likely ones at ``likely_weight``,
    high counts every likely case too. Costs (A) and savings (B) are the same in all three."""
    a = inputs.assumptions
    team_costs = ((inputs.fte or Decimal(0)) * a.cost_per_fte).quantize(CENT, ROUND_HALF_UP)
    costs = team_costs + a.extra_support
    coordination = (Decimal(inputs.households or 0) * a.coordination_saving).quantize(CENT)
    avoided = {
        c.key: (_avoided(c, Decimal(0)), _avoided(c, a.likely_weight), _avoided(c, Decimal(1)))
        for c in inputs.outcomes
    }

    def estimate(index: int) -> Estimate:
        benefits = sum((v[index] for v in avoided.values()), Decimal(0))
        return Estimate(costs, coordination, benefits, coordination + benefits - costs)

    expected = estimate(1)
    sensitivity = []
    for count in inputs.outcomes:
        value = avoided[count.key][1]
        if value:
            sensitivity.append(
                (
                    count.label,
                    expected.net - value * Decimal("0.25"),
                    expected.net + value * Decimal("0.25"),
                )
            )
    if team_costs:
        sensitivity.append(
            (
                str(_("Cost per FTE")),
                expected.net + team_costs * Decimal("0.25"),
                expected.net - team_costs * Decimal("0.25"),
            )
        )
    sensitivity.sort(key=lambda row: abs(row[2] - row[1]), reverse=True)
    return Result(
        team_costs=team_costs,
        extra_support=a.extra_support,
        coordination=coordination,
        avoided=avoided,
        low=estimate(0),
        expected=expected,
        high=estimate(2),
        sensitivity=tuple(sensitivity[:5]),
    )
