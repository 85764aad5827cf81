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
    _("Productivity loss avoided (not valued: no published figure chosen)"),
)
# Figures no published source gives per unit (searched: the national MKBA tool's manual and
# CBS give totals, not a cost per referral, an hour saved or a relapse): the municipality
# enters them as its own sourced figure (a UnitCost row of its own); until then the line shows
# "not entered" and is left out of the sums. Key -> name, unit.
ASSUMED_COSTS: dict[str, tuple[Promise, Promise]] = {
    "referral_general": (
        _("Extra support: a started referral to a general provision"),
        _("per referral"),
    ),
    "referral_collective": (
        _("Extra support: a started referral to a collective provision"),
        _("per referral"),
    ),
    "referral_prior": (
        _("Extra support: a started referral to a prior provision"),
        _("per referral"),
    ),
    "referral_tailored": (
        _("Extra support: a started referral to a tailored provision"),
        _("per referral"),
    ),
    "coordination_hour": (_("Coordination: one hour of a professional"), _("per hour")),
    "relapse": (_("A relapse: a new trajectory after closing"), _("per relapse")),
}
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
class ReferralCount:
    """A: the referrals of one provision type proposed in the year that started (or ended)."""

    kind: str  # socialmap ServiceType
    label: str
    count: int | None  # None: hidden by the small-number protection
    cost: CostFigure | None  # None: the municipality has not entered a figure


@dataclass(frozen=True)
class Assumptions:
    cost_per_fte: Decimal  # A: yearly cost of one FTE in the team
    likely_weight: Decimal  # share of "likely" cases counted in the expected value (0..1)
    hours_saved: Decimal | None = (
        None  # B: coordination hours saved per trajectory; None: not entered
    )
    relapse_baseline: int | None = None  # C: relapses expected without the team; None: not entered


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
    referrals: tuple[ReferralCount, ...] = ()  # A: extra support
    trajectories: int | None = None  # B: trajectories with an agreed plan (protected)
    coordination_rate: CostFigure | None = None  # B: cost of an hour; None: not entered
    relapses: int | None = None  # C: relapses after trajectories closed in the year (protected)
    relapses_pending: int | None = None  # closed in the year, 12 months not over (protected)
    relapse_cost: CostFigure | None = None  # C: cost of a relapse; None: not entered

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


NOT_ENTERED = "not_entered"
HIDDEN = "hidden"


@dataclass(frozen=True)
class Line:
    """A line fed by a registration count (A extra support, B coordination, C relapses).
    ``amount`` None: left out of the sums, because a figure is not entered (``enter_cost``: the
    unit cost to enter, ``enter_field``: the calculator's field) or the count is hidden."""

    key: str
    section: str  # "A", "B" or "C"
    label: str
    count: int | None
    amount: Decimal | None
    missing: str = ""  # "", NOT_ENTERED or HIDDEN
    enter_cost: str = ""
    enter_field: str = ""


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
    lines: tuple[Line, ...] = ()
    relapse: Decimal = Decimal(0)  # C: fewer relapses (the same in low, expected and high)

    @property
    def missing(self) -> tuple[Line, ...]:
        """The lines left out of the sums (the range says which)."""
        return tuple(line for line in self.lines if line.amount is None)


def _avoided(count: OutcomeCount, weight: Decimal) -> Decimal:
    if count.cost is None:
        return Decimal(0)
    cases = Decimal(count.certain or 0) + Decimal(count.likely or 0) * weight
    return (cases * count.cost.indexed).quantize(CENT, ROUND_HALF_UP)


Factor = tuple[Decimal | None, str, str]  # value (None: not entered), unit-cost key, form field


def _line(
    key: str,
    section: str,
    label: str,
    count: int | None,
    factors: tuple[Factor, ...],
    needed: tuple[Factor, ...] = (),
) -> Line:
    """count x every factor. A factor or a ``needed`` figure that is None is a figure not
    entered (named by its unit-cost key or form field); a hidden count (None) is left out."""
    for value, cost_key, field in (*needed, *factors):
        if value is None:
            return Line(key, section, label, count, None, NOT_ENTERED, cost_key, field)
    if count is None:
        return Line(key, section, label, None, None, HIDDEN)
    amount = Decimal(count)
    for value, _cost_key, _field in factors:
        amount *= value or Decimal(0)
    return Line(key, section, label, count, amount.quantize(CENT, ROUND_HALF_UP))


def registered_lines(inputs: Inputs) -> tuple[Line, ...]:
    """A: started referrals x a cost per referral of their type; B: trajectories with one
    plan and one coordinator x hours saved x the indexed cost of an hour; C: (baseline -
    relapses) x the indexed cost of a relapse (negative when there were more than the baseline)."""
    a = inputs.assumptions
    lines = [
        _line(
            f"referral_{r.kind}",
            "A",
            r.label,
            r.count,
            ((r.cost.indexed if r.cost else None, f"referral_{r.kind}", ""),),
        )
        for r in inputs.referrals
    ]
    rate, cost, baseline = inputs.coordination_rate, inputs.relapse_cost, a.relapse_baseline
    lines.append(
        _line(
            "coordination",
            "B",
            str(_("Trajectories with one plan and one coordinator")),
            inputs.trajectories,
            (
                (a.hours_saved, "", "hours_saved"),
                (rate.indexed if rate else None, "coordination_hour", ""),
            ),
        )
    )
    fewer = None if baseline is None or inputs.relapses is None else baseline - inputs.relapses
    lines.append(
        _line(
            "relapse",
            "C",
            str(_("Fewer relapses than the baseline")),
            fewer,
            ((cost.indexed if cost else None, "relapse", ""),),
            needed=((None if baseline is None else Decimal(baseline), "", "relapse_baseline"),),
        )
    )
    return tuple(lines)


def mkba_compute(inputs: Inputs) -> Result:
    """Low counts certain cases only, expected adds the likely ones at ``likely_weight``,
    high counts every likely case too. Costs (A), savings (B) and fewer relapses are the same
    in all three. A line without its figure or with a hidden count is left out (``missing``)."""
    a = inputs.assumptions
    team_costs = ((inputs.fte or Decimal(0)) * a.cost_per_fte).quantize(CENT, ROUND_HALF_UP)
    lines = registered_lines(inputs)

    def total(section: str) -> Decimal:
        return sum((ln.amount or Decimal(0) for ln in lines if ln.section == section), Decimal(0))

    extra_support, coordination, relapse = total("A"), total("B"), total("C")
    costs = team_costs + extra_support
    avoided = {
        c.key: (_avoided(c, Decimal(0)), _avoided(c, a.likely_weight), _avoided(c, Decimal(1)))
        for c in inputs.outcomes
    }

    def estimate(index: int) -> Estimate:
        benefits = sum((v[index] for v in avoided.values()), relapse)
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
    for line in lines:
        if line.amount:
            sign = -1 if line.section == "A" else 1  # a cost 25% lower raises the balance
            change = line.amount * Decimal("0.25") * sign
            sensitivity.append((line.label, expected.net - change, expected.net + change))
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
        extra_support=extra_support,
        coordination=coordination,
        avoided=avoided,
        low=estimate(0),
        expected=expected,
        high=estimate(2),
        sensitivity=tuple(sensitivity[:5]),
        lines=lines,
        relapse=relapse,
    )
