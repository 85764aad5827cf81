"""The indicator registry: every steering indicator by its stable key.

The key is the contract between the data side (selectors, summaries), the presentation side
(views, charts, exports, API) and the versioned definitions (`definitions.py`). A key never
changes meaning silently: a changed computation raises `definition_version` here and gets a new
definition text.

`audiences` says who may see the indicator: "policy" (policy staff, aggregates over teams,
areas and the municipality) and/or "team_leader" (own team; "per coordinator" indicators are
for the team leader only, because a coordinator is a named person).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Group = Literal["reach", "method", "own_strength", "results", "team"]
Audience = Literal["team_leader", "policy"]

GROUPS: dict[str, Promise] = {
    "reach": _("Reach"),
    "method": _("Working methodically"),
    "own_strength": _("Own strength first"),
    "results": _("Results"),
    "team": _("Team"),
}

BOTH: tuple[Audience, ...] = ("team_leader", "policy")
LEADER_ONLY: tuple[Audience, ...] = ("team_leader",)


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    title: Promise  # lazy Dutch title; str() it where shown
    group: Group
    unit: str  # "count" | "share" | "per_1000" | "days" | "fte"
    audiences: tuple[Audience, ...] = BOTH
    definition_version: int = 1


def _spec(
    key: str,
    title: Promise,
    group: Group,
    unit: str,
    audiences: tuple[Audience, ...] = BOTH,
    definition_version: int = 1,
) -> tuple[str, IndicatorSpec]:
    return key, IndicatorSpec(key, title, group, unit, audiences, definition_version)


INDICATORS: dict[str, IndicatorSpec] = dict(
    [
        # Reach
        _spec("signals_by_partner_kind", _("Signals by kind of partner"), "reach", "count"),
        _spec(
            "signals_by_source", _("Self-referrals and professional referrals"), "reach", "count"
        ),
        _spec("new_households", _("New households"), "reach", "count"),
        _spec(
            "new_households_per_1000",
            _("New households per 1,000 inhabitants"),
            "reach",
            "per_1000",
        ),
        _spec("returning_households", _("Returning households"), "reach", "count"),
        _spec(
            "signal_to_contact_median",
            _("Days from signal to first contact (median)"),
            "reach",
            "days",
        ),
        _spec(
            "signal_contact_within_term",
            _("First contact within the partner's agreed term"),
            "reach",
            "share",
        ),
        _spec(
            "outreach_attempts_per_contact", _("Outreach attempts per contact"), "reach", "count"
        ),
        # Working methodically
        _spec("plan_within_days", _("Trajectories with a plan in time"), "method", "share"),
        _spec(
            "plans_with_goals_results",
            _("Plans with goals and intended results"),
            "method",
            "share",
        ),
        _spec("time_per_phase", _("Days per phase (median)"), "method", "days"),
        _spec(
            "caseload_per_coordinator",
            _("Caseload per coordinator"),
            "method",
            "count",
            LEADER_ONLY,
        ),
        _spec("pitfall_signals", _("Pitfall signals"), "method", "count"),
        # Own strength first
        _spec("solution_frames", _("Solutions by frame"), "own_strength", "share"),
        _spec(
            "referrals_by_provider_type",
            _("Referrals by type of provider and outcome"),
            "own_strength",
            "count",
        ),
        # Results
        _spec(
            "self_sufficiency_change",
            _("Change in self-sufficiency per life domain"),
            "results",
            "share",
        ),
        _spec(
            "participation_ladder_movement",
            _("Movement on the participation ladder"),
            "results",
            "share",
        ),
        _spec(
            "evaluations_question_answered", _("Evaluations: question answered"), "results", "share"
        ),
        _spec("relapse_after_monitoring", _("Relapse after monitoring"), "results", "share"),
        # Team
        _spec("fte_planned_actual", _("Planned and actual FTE"), "team", "fte"),
        _spec("expertise_coverage", _("Expertise coverage per life domain"), "team", "count"),
    ]
)


def indicators_for(audience: Audience) -> list[IndicatorSpec]:
    """The indicators `audience` may see, in registry order."""
    return [spec for spec in INDICATORS.values() if audience in spec.audiences]
