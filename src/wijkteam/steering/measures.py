"""The rows of the indicators, and the figures that are not counts of people.

`DIMENSIONS` gives the rows (dimension value, Dutch label) of every computed indicator that is
not a single total. `measured_cells` turns summed summary counts into the figures of the
indicators that cannot be added up: medians from day buckets, a ratio, FTE, expertise counts.

Small-number protection for these figures: a median or a ratio is shown only when it rests on at
least the municipality's threshold of signals / trajectories / contacts (fewer: "<10"); FTE and
expertise describe the team's staff, not residents, and are shown as they are. A rate per
1,000 inhabitants is computed from the already protected (rounded) count, never from the exact
one, so it gives nothing away that the count table hides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.utils.translation import gettext as _

from wijkteam.intake.models import OutreachOutcome
from wijkteam.lifedomains import ZRM_2013_OF_2017, LifeDomain, Zrm2017Domain
from wijkteam.socialmap.models import ServiceType
from wijkteam.steering.sources import PHASES, REFERRAL_OUTCOMES
from wijkteam.steering.suppression import Rule
from wijkteam.steering.tables import DASH, Cell, format_number, format_value

Choices = Sequence[tuple[str, str]]

TRENDS = ("up", "same", "down")


def _trend_labels() -> dict[str, str]:
    return {"up": _("higher"), "same": _("the same"), "down": _("lower")}


def _zrm_domains() -> list[tuple[str, str]]:
    # ZRM 2017 domains without a one-to-one 2013 domain keep their own code.
    own = [(v, label) for v, label in Zrm2017Domain.choices if v not in ZRM_2013_OF_2017]
    return [(str(v), str(label)) for v, label in LifeDomain.choices + own]


def _self_sufficiency() -> Choices:
    labels = _trend_labels()
    return [
        (f"{code}:{trend}", f"{name}: {labels[trend]}")
        for code, name in _zrm_domains()
        for trend in TRENDS
    ]


def _referrals() -> Choices:
    outcomes = {"started": _("started"), "refused": _("refused"), "open": _("not started yet")}
    return [
        (f"{kind}:{outcome}", f"{label}: {outcomes[outcome]}")
        for kind, label in ServiceType.choices
        for outcome in REFERRAL_OUTCOMES
    ]


def _phases() -> dict[str, str]:
    return {
        "analysis": _("Analysis (start to kitchen-table conversation)"),
        "plan": _("Plan (conversation to agreed plan)"),
        "support": _("Support (plan to first evaluation)"),
        "after_evaluation": _("Evaluation and monitoring (first evaluation to closing)"),
    }


DIMENSIONS: dict[str, Callable[[], Choices]] = {
    "signal_contact_within_term": lambda: [
        ("within", _("Within the agreed term")),
        ("late", _("After the agreed term")),
    ],
    "outreach_attempts_per_contact": lambda: [("per_contact", _("Attempts per contact made"))],
    "plan_within_days": lambda: [
        ("in_time", _("Plan in time")),
        ("late", _("Plan late or not yet")),
    ],
    "time_per_phase": lambda: list(_phases().items()),
    "plans_with_goals_results": lambda: [
        ("goals_and_results", _("Goals and intended results")),
        ("goals_only", _("Goals, no intended results")),
        ("no_goals", _("No goals")),
    ],
    "pitfall_signals": lambda: [
        ("no_plan", _("No plan")),
        ("plan_without_goals", _("Plan without goals")),
        ("goals_without_results", _("Goals without results")),
        ("no_recent_contact", _("No recent contact")),
    ],
    "referrals_by_provider_type": _referrals,
    "self_sufficiency_change": _self_sufficiency,
    "participation_ladder_movement": lambda: [
        (trend, label) for trend, label in _trend_labels().items()
    ],
    "relapse_after_monitoring": lambda: [
        ("relapse", _("New trajectory within 12 months")),
        ("none", _("No new trajectory within 12 months")),
        ("pending", _("12 months not over yet")),
    ],
    "signal_to_contact_median": lambda: [("median", _("Median days"))],
    "fte_planned_actual": lambda: [("planned", _("Planned")), ("actual", _("Actual"))],
    "expertise_coverage": lambda: [(str(v), str(label)) for v, label in LifeDomain.choices],
}

# Figures that are not protected counts: computed here from the summed summary counts.
MEASURED = (
    "signal_to_contact_median",
    "outreach_attempts_per_contact",
    "time_per_phase",
    "fte_planned_actual",
    "expertise_coverage",
    "self_sufficiency_change",
)
# Indicators over trajectories: they have rows per legal framework (see sources.py).
BY_FRAMEWORK = frozenset(
    {
        "returning_households",
        "plan_within_days",
        "time_per_phase",
        "evaluations_question_answered",
        "solution_frames",
        "referrals_by_provider_type",
        "self_sufficiency_change",
        "participation_ladder_movement",
        "relapse_after_monitoring",
    }
)
# Indicators that are a state (the value of the period's last month), not summed over months.
STATES = frozenset(
    {"fte_planned_actual", "expertise_coverage", "plans_with_goals_results", "pitfall_signals"}
)


def median_of(buckets: Mapping[int, int]) -> float | None:
    """The exact median of the values counted in `buckets` (value -> how many)."""
    total = sum(buckets.values())
    if total <= 0:
        return None
    lower, upper = (total - 1) // 2, total // 2  # 0-based positions of the middle value(s)
    seen = 0
    found: list[int] = []
    for value in sorted(buckets):
        count = buckets[value]
        for position in (lower, upper):
            if seen <= position < seen + count:
                found.append(value)
        seen += count
    return (found[0] + found[-1]) / 2


def _small(rule: Rule | None, base: int) -> bool:
    return rule is not None and base < rule.threshold


def _hidden(rule: Rule) -> Cell:
    return Cell(None, f"<{rule.threshold}", True, "small")


def _figure(value: float | None, decimals: int = 1) -> Cell:
    if value is None:
        return Cell(None, DASH, True, "denominator")
    return Cell(value, format_number(value, decimals=decimals), False)


def median_cell(buckets: Mapping[int, int], rule: Rule | None) -> Cell:
    base = sum(buckets.values())
    if _small(rule, base):
        assert rule is not None
        return _hidden(rule)
    return _figure(median_of(buckets))


def _days(counts: Mapping[str, int], prefix: str = "") -> dict[int, int]:
    found: dict[int, int] = {}
    for dimension, n in counts.items():
        if prefix:
            phase, _sep, days = dimension.partition(":")
            if phase != prefix:
                continue
        else:
            days = dimension
        if days.isdigit():
            found[int(days)] = found.get(int(days), 0) + n
    return found


def measured_cells(key: str, counts: Mapping[str, int], rule: Rule | None) -> dict[str, Cell]:
    """The figure per row of a MEASURED indicator from its summed counts per dimension;
    `rule` None: the own team, not protected."""
    if key == "signal_to_contact_median":
        return {"median": median_cell(_days(counts), rule)}
    if key == "time_per_phase":
        return {phase: median_cell(_days(counts, phase), rule) for phase in PHASES}
    if key == "outreach_attempts_per_contact":
        contacts = counts.get(OutreachOutcome.CONTACT, 0)
        if _small(rule, contacts):
            assert rule is not None
            return {"per_contact": _hidden(rule)}
        ratio = sum(counts.values()) / contacts if contacts else None
        return {"per_contact": _figure(ratio)}
    if key == "fte_planned_actual":
        return {d: _figure(counts[d] / 100 if d in counts else None) for d in ("planned", "actual")}
    if key == "self_sufficiency_change":
        return domain_shares(counts, [d for d, _label in DIMENSIONS[key]()], rule)
    if key == "expertise_coverage":
        return {d: _figure(counts.get(d, 0), 0) for d, _label in DIMENSIONS[key]()}
    raise KeyError(key)


def per_1000_cell(count: Cell, inhabitants: int) -> Cell:
    """A rate per 1,000 inhabitants from a protected count cell (hidden stays hidden)."""
    if count.suppressed or count.value is None:
        return Cell(None, count.text, True, count.reason)
    if inhabitants <= 0:
        return Cell(None, DASH, True, "denominator")
    return _figure(count.value / inhabitants * 1000)


def domain_shares(
    counts: Mapping[str, int], dimensions: Sequence[str], rule: Rule | None
) -> dict[str, Cell]:
    """Shares within each life domain ("<domain>:up" of "<domain>:*"), shown only when the
    domain's base reaches the minimum base for a percentage.

    Not a protected count table: 15 domains x 3 trends in one linear system made the
    protection take most of a minute per request (measured on a two-team city) and hid nearly
    every cell. No count is shown, only shares of a base of at least the minimum (default 100),
    so a reader cannot subtract two selections to reach a small number: the bases are not shown.
    """
    shares: dict[str, Cell] = {}
    for dimension in dimensions:
        domain = dimension.partition(":")[0]
        base = sum(counts.get(f"{domain}:{trend}", 0) for trend in TRENDS)
        if base == 0 or (rule is not None and base < rule.min_denominator):
            shares[dimension] = Cell(None, DASH, True, "denominator")
        else:
            share = counts.get(dimension, 0) / base
            shares[dimension] = Cell(round(share, 3), format_value(share, "share"), False)
    return shares
