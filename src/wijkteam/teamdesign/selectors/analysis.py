"""Area analysis, composition totals, competence profile, quickscan comparison.

Figures from other apps (social map, casework) are read through their selectors when those
exist; until then the pages say the figures are not available yet.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from wijkteam.accounts.models import Membership
from wijkteam.casework.selectors import team_indicators
from wijkteam.intake.team_figures import team_intake_indicators
from wijkteam.lifedomains import LifeDomain, domain_label
from wijkteam.organisations.models import RECOMMENDED_MAX_INHABITANTS_PER_TEAM, Area, Team
from wijkteam.teamdesign.models import (
    Competence,
    CompetenceGroup,
    ItemKind,
    Quickscan,
    QuickscanScore,
    ReflectionItem,
    SelfAssessment,
    TeamDesign,
)


def _optional_selector(module: str, name: str) -> Callable[..., Any] | None:
    """Another app's selector, or None while that app does not offer it (yet)."""
    try:
        func = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None
    return func if callable(func) else None


def _call(module: str, name: str, **kwargs: Any) -> Any:
    func = _optional_selector(module, name)
    if func is None:
        return None
    try:
        return func(**kwargs)
    except (TypeError, AttributeError, LookupError):
        # A different signature or missing data: show "not yet available" rather than fail.
        return None


@dataclass
class AreaFact:
    area: Area
    teams_serving: int
    share: Decimal
    providers: int | None


@dataclass
class AreaAnalysis:
    areas: list[AreaFact]
    inhabitants_per_team: Decimal
    too_many_inhabitants: bool
    households_per_domain: list[tuple[str, str]] | None  # (domain, count as shown: "15", "<10")
    uncovered_domains: list[str]
    limit: int = RECOMMENDED_MAX_INHABITANTS_PER_TEAM


def _protected_domains(counts: dict[str, int], municipality_id: int) -> list[tuple[str, str]]:
    """Households per life domain under the steering small-number rules (policy staff read
    this page): below the threshold "<10", others rounded. A household can be in several
    domains and no total is shown, so there is no sum to derive a hidden count from."""
    from collections.abc import Hashable

    from wijkteam.steering.selectors import steering_rule
    from wijkteam.steering.suppression import count_cell, protect

    rule = steering_rule(municipality_id)
    values: dict[Hashable, int] = {label: n for label, n in counts.items()}
    status = protect(values, [], rule)
    return [(label, count_cell(n, status[label], rule).text) for label, n in counts.items()]


def area_analysis(*, design: TeamDesign) -> AreaAnalysis:
    team = design.team
    facts: list[AreaFact] = []
    areas = list(team.areas.all())
    provider_counts = _call(
        "wijkteam.socialmap.selectors", "provider_counts_by_area", area_ids=[a.pk for a in areas]
    )
    total = Decimal(0)
    for area in areas:
        serving = max(area.teams.filter(is_active=True).count(), 1)
        share = Decimal(area.inhabitants) / serving
        total += share
        providers = provider_counts.get(area.pk) if isinstance(provider_counts, dict) else None
        facts.append(AreaFact(area=area, teams_serving=serving, share=share, providers=providers))
    per_domain = _call("wijkteam.casework.selectors", "households_per_domain", team=team)
    domains = (
        _protected_domains(
            {domain_label(code): int(n) for code, n in per_domain.items()},
            team.municipality_id,
        )
        if isinstance(per_domain, dict)
        else None
    )
    return AreaAnalysis(
        areas=facts,
        inhabitants_per_team=total,
        too_many_inhabitants=total > RECOMMENDED_MAX_INHABITANTS_PER_TEAM,
        households_per_domain=domains,
        uncovered_domains=composition_summary(design=design).uncovered_domains,
    )


@dataclass
class CompositionSummary:
    lines: list[Any]
    members: list[Membership]
    planned_fte: Decimal
    actual_fte: Decimal
    covered_domains: list[str]
    uncovered_domains: list[str]
    expertise_source: str

    @property
    def difference(self) -> Decimal:
        return self.actual_fte - self.planned_fte


def composition_summary(*, design: TeamDesign) -> CompositionSummary:
    """Planned functionalities against the team's active members, and the uncovered domains."""
    lines = list(design.composition.all()) if design.pk else []
    members = list(
        Membership.objects.active()
        .filter(team=design.team)
        .select_related("user", "home_organisation")
        .order_by("user__last_name", "user__first_name", "user_id", "role")
    )
    # The social map's expertise map (who in the team knows which domain) wins when the
    # team has filled it in; otherwise the planned composition tells which domains are covered.
    from_map = _call("wijkteam.socialmap.selectors", "uncovered_domains", team=design.team)
    if isinstance(from_map, list) and len(from_map) < len(LifeDomain):
        covered = {code for code in LifeDomain.values if code not in from_map}
        source = "expertise_map"
    else:
        covered = {code for line in lines for code in line.domains}
        source = "composition"
    return CompositionSummary(
        lines=lines,
        members=members,
        planned_fte=sum((line.fte for line in lines), Decimal(0)),
        actual_fte=sum((m.fte for m in members), Decimal(0)),
        covered_domains=[str(label) for code, label in LifeDomain.choices if code in covered],
        uncovered_domains=[str(label) for code, label in LifeDomain.choices if code not in covered],
        expertise_source=source,
    )


@dataclass
class CompetenceRow:
    competence: Competence
    scores: list[int]

    @property
    def average(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None

    @property
    def is_gap(self) -> bool:
        return not any(score >= 4 for score in self.scores)


@dataclass
class CompetenceProfile:
    groups: list[tuple[str, list[CompetenceRow]]]
    assessments: list[SelfAssessment]
    lived_experience: int = 0

    @property
    def gaps(self) -> list[Competence]:
        return [row.competence for _label, rows in self.groups for row in rows if row.is_gap]


def competence_profile(*, design: TeamDesign) -> CompetenceProfile:
    assessments = list(design.assessments.select_related("user")) if design.pk else []
    groups: list[tuple[str, list[CompetenceRow]]] = []
    competences = Competence.objects.filter(instrument=design.instrument)
    for group, label in CompetenceGroup.choices:
        rows = [
            CompetenceRow(
                competence=c,
                scores=[s for a in assessments if (s := a.score_for(c)) is not None],
            )
            for c in competences
            if c.group == group
        ]
        groups.append((str(label), rows))
    return CompetenceProfile(
        groups=groups,
        assessments=assessments,
        lived_experience=sum(1 for a in assessments if a.lived_experience),
    )


@dataclass(frozen=True)
class SystemFigure:
    """A figure from the registration next to a quickscan rule: its value now (None: no
    data yet) and what it counts, so the team knows what the number says."""

    value: int | float | None
    definition: str
    share: bool = False

    @property
    def display(self) -> str:
        if self.value is None:
            return ""
        if self.share:
            return f"{number_format(round(self.value * 100))}%"
        return number_format(self.value, force_grouping=True)


# What each figure counts; the rules name them in the instrument (``system_indicator``).
SYSTEM_FIGURE_DEFINITIONS: dict[str, Any] = {
    "signals_overdue": gettext_lazy(
        "The team's open signals whose deadline (the term agreed with the partner) has passed, "
        "today."
    ),
    "outreach_attempts": gettext_lazy(
        "Outreach attempts (calling, a note, a visit) the team logged in the last 6 weeks."
    ),
    "share_signals_from_residents": gettext_lazy(
        "Of the signals the team received in the last 6 weeks, the share that came from "
        "residents themselves (not through a partner or a colleague)."
    ),
    "share_tailored_solutions": gettext_lazy(
        "Share of the solutions in the team's current plans that are a tailored provision."
    ),
    "households_without_recent_contact": gettext_lazy(
        "Open trajectories of the team without a note in the last 6 weeks."
    ),
    "households_without_plan": gettext_lazy(
        "Open trajectories of the team whose household has no current plan."
    ),
    "plans_without_goals": gettext_lazy(
        "Current plans of the team's open trajectories without a goal."
    ),
    "plans_without_intended_results": gettext_lazy(
        "Current plans of the team's open trajectories with goals but no intended result."
    ),
}
SHARE_FIGURES = frozenset({"share_tailored_solutions", "share_signals_from_residents"})


def system_indicators(*, team: Team) -> dict[str, SystemFigure]:
    """The figures from the registration for the quickscan's rules and pitfalls: counts of
    the team's casework and intake (aggregates only, never a row of personal data)."""
    values: dict[str, Any] = {**team_indicators(team=team), **team_intake_indicators(team=team)}
    return {
        key: SystemFigure(values.get(key), str(definition), key in SHARE_FIGURES)
        for key, definition in SYSTEM_FIGURE_DEFINITIONS.items()
    }


@dataclass
class CompareRow:
    item: ReflectionItem
    before: QuickscanScore | None
    after: QuickscanScore | None
    outcome: str = field(default="")


IMPROVED, SLIPPED, SAME, UNSCORED = "improved", "slipped", "same", "unscored"


def quickscan_compare(*, earlier: Quickscan, later: Quickscan) -> list[CompareRow]:
    """Per rule and pitfall: improved, slipped or the same between two quickscans.

    A higher score is better for rules and pitfalls alike (for a pitfall, 5 = well avoided).
    """
    if earlier.held_on > later.held_on:
        earlier, later = later, earlier
    before = {s.item_id: s for s in earlier.scores.all()}
    after = {s.item_id: s for s in later.scores.all()}
    rows = []
    items = ReflectionItem.objects.filter(
        pk__in=set(before) | set(after), kind__in=[ItemKind.RULE, ItemKind.PITFALL]
    ).order_by("kind", "order")
    for item in sorted(items, key=lambda i: (i.kind != ItemKind.RULE, i.order)):
        a, b = before.get(item.pk), after.get(item.pk)
        if a is None or b is None or a.score is None or b.score is None:
            outcome = UNSCORED
        elif b.score > a.score:
            outcome = IMPROVED
        elif b.score < a.score:
            outcome = SLIPPED
        else:
            outcome = SAME
        rows.append(CompareRow(item=item, before=a, after=b, outcome=outcome))
    return rows
