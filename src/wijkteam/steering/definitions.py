"""Plain-language definitions of the steering indicators, versioned.

Indicators serve learning, so a viewer must be able to see what a figure counts and when that
changed. Every indicator key of the registry (`indicators.py`) has a `Definition` with one or
more `DefinitionVersion`s, oldest first. A table names the definition version it was computed
with (`IndicatorTable.definition_version`); when the computation of an indicator changes, the
registry raises its version and a new `DefinitionVersion` is added here with what changed,
and the old text stays readable on the definition page.

The texts are English msgids with Dutch translations (steering/locale), like the rest of the UI.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FIRST_RELEASE = datetime.date(2026, 12, 1)


@dataclass(frozen=True)
class DefinitionVersion:
    version: int
    valid_from: datetime.date
    counted: Promise  # what is counted
    source: Promise  # from which registration it comes
    caveats: Promise  # known caveats: what the figure does not tell
    change: Promise  # what changed against the previous version


@dataclass(frozen=True)
class Definition:
    key: str
    versions: tuple[DefinitionVersion, ...]  # oldest first

    @property
    def current(self) -> DefinitionVersion:
        return self.versions[-1]

    def version(self, number: int) -> DefinitionVersion | None:
        return next((v for v in self.versions if v.version == number), None)


FIRST = _("First version.")


def _first(counted: Promise, source: Promise, caveats: Promise) -> tuple[DefinitionVersion, ...]:
    return (DefinitionVersion(1, FIRST_RELEASE, counted, source, caveats, FIRST),)


_TEXTS: dict[str, tuple[DefinitionVersion, ...]] = {
    "signals_by_partner_kind": _first(
        _("The signals received in the period, per kind of signalling partner."),
        _("The signals registered at intake, with the partner that reported them."),
        _(
            "A partner that reports more often is not necessarily closer to residents; agreements differ per partner."
        ),
    ),
    "signals_by_source": _first(
        _(
            "The signals received in the period, split into residents who came themselves and referrals by professionals."
        ),
        _("The source chosen when the signal was registered at intake."),
        _(
            "A resident who came themselves after advice from a professional may be registered either way."
        ),
    ),
    "new_households": _first(
        _("Households whose first trajectory started in the period."),
        _("The start date of trajectories in the casework."),
        _("A household that returns after closing is counted as returning, not as new."),
    ),
    "new_households_per_1000": _first(
        _("New households in the period per 1,000 inhabitants of the area."),
        _("The start date of trajectories and the number of inhabitants set for the area."),
        _(
            "The inhabitant count is what the functional administrator entered; an outdated count gives a wrong rate."
        ),
    ),
    "returning_households": _first(
        _(
            "Households with a new trajectory that started within 12 months after an earlier one was closed."
        ),
        _("The start and close dates of trajectories in the casework."),
        _("Returning can be good news (the resident knows where to go) as well as a relapse."),
    ),
    "signal_to_contact_median": _first(
        _(
            "The middle number of calendar days between receiving a signal and the first contact with the resident, for the contacts made in the period."
        ),
        _(
            "The signal's date at intake and the first outreach attempt with the result 'contact made' logged with the signal."
        ),
        _(
            "Signals without any contact yet are not in the median; a contact made without logging an outreach attempt is not seen. Shown only when it rests on at least the smallest number shown."
        ),
    ),
    "signal_contact_within_term": _first(
        _(
            "Of the signals received in the period with a term agreed with the partner (for example 14 days before an eviction), the share with a first contact on or before the deadline; a signal without contact counts as late once its deadline has passed."
        ),
        _(
            "The signal's date and deadline (set from the partner's agreed term) and the first outreach attempt with contact."
        ),
        _(
            "Partners without an agreed term are left out. Signals whose deadline has not passed yet and that had no contact are not counted until it passes."
        ),
    ),
    "outreach_attempts_per_contact": _first(
        _(
            "The number of outreach attempts in the period (ringing, a note, coming again) divided by the attempts in the period that made contact."
        ),
        _("The outreach attempts logged with signals and households, with their result."),
        _(
            "Attempts that were not logged are missing; a high number can also mean the team keeps trying."
        ),
    ),
    "plan_within_days": _first(
        _(
            "The share of trajectories that had a plan within the team's set number of days after the start."
        ),
        _(
            "The trajectory's start date, the date its first plan version was entered and the team's number of days for a plan (42 when the team set none)."
        ),
        _(
            "A plan made on paper and entered later counts from the day it was entered. A trajectory without a plan whose days are not over yet is not counted until they are."
        ),
    ),
    "plans_with_goals_results": _first(
        _(
            "Of the open trajectories with a plan at the end of the month: the share whose plan has at least one goal and at least one intended result, the share with goals but no intended result, and the share without goals. A quarter or a year shows its last month; the current month shows today."
        ),
        _(
            "The plan of each open trajectory's household at that moment (the plan current today, or the last version made by the end of an earlier month), with its goals and intended results."
        ),
        _(
            "It says that goals and results were written down, not whether they are good ones. For earlier months the goals and results are counted as they are in that plan version today."
        ),
    ),
    "time_per_phase": _first(
        _(
            "The middle number of days per phase, for the phases that ended in the period: analysis (start to the kitchen-table conversation), plan (conversation to the first agreed plan), support (plan to the first evaluation), evaluation and monitoring (first evaluation to closing)."
        ),
        _(
            "The dates registered in the casework: start, conversation, agreed plan, evaluation and closing."
        ),
        _(
            "The phase changes themselves are not kept, so the phases are measured between these dates. Short is not always better: some households need more time in a phase."
        ),
    ),
    "caseload_per_coordinator": _first(
        _("The number of open trajectories per coordinator of the team."),
        _("The coordinator's involvement in open trajectories."),
        _("For the team leader only. Households differ a lot in how much work they are."),
    ),
    "pitfall_signals": _first(
        _(
            "Open trajectories with a pitfall signal at the end of the month: no plan after the set number of days, a plan without goals, goals without intended results, and no contact for the set number of days. A quarter or a year shows its last month; the current month shows today, the same numbers as the team's caseload overview."
        ),
        _(
            "The same rules as the team's caseload overview, applied to the trajectories, plans and notes as they stood at the end of each month."
        ),
        _(
            "The days are set per team; a signal is a reason to look, not a judgement. A trajectory can have a plan signal and no recent contact at once: the total counts signals, not trajectories."
        ),
    ),
    "solution_frames": _first(
        _(
            "The share of solutions in the plans per frame: own strength, network, general and prior provisions, tailored provisions."
        ),
        _("The solutions in the plan versions, with the frame chosen for each."),
        _(
            "One household can have solutions in several frames; a solution counts once, in its own frame."
        ),
    ),
    "referrals_by_provider_type": _first(
        _(
            "Referrals proposed in the period, per type of service (general, collective, prior, tailored) and outcome: started (or ended), refused, or not started yet."
        ),
        _(
            "The referrals made from a plan's solution to a service of the social map, and their status."
        ),
        _(
            "The outcome is the status as it is now: a referral from months ago can still move from 'not started yet' to started or refused."
        ),
    ),
    "self_sufficiency_change": _first(
        _(
            "For the trajectories closed in the period, per life domain and household member: whether the latest self-sufficiency score during the trajectory is higher, the same or lower than the first, as a share per life domain."
        ),
        _(
            "The self-sufficiency matrix measurements between the start and the closing of the trajectory (ZRM 2017 domains under their 2013 counterpart where there is one)."
        ),
        _(
            "Only households measured at least twice count; a lower score can also come from a more honest second look."
        ),
    ),
    "participation_ladder_movement": _first(
        _(
            "For the trajectories closed in the period, the share of residents who went up, stayed or went down on the participation ladder between their first and latest measurement during the trajectory."
        ),
        _("The participation ladder measurements between the start and the closing."),
        _("Only residents measured at least twice during the trajectory count."),
    ),
    "evaluations_question_answered": _first(
        _("The share of evaluations in the period in which the resident's question was answered."),
        _("The answer to 'question answered?' in the evaluations with the resident."),
        _("It is the answer given together with the resident, not an independent measure."),
    ),
    "relapse_after_monitoring": _first(
        _(
            "Of the trajectories closed in the period after a monitoring period, the share whose household started a new trajectory within 12 months after closing; the others are 'none' once the 12 months are over, 'not over yet' before."
        ),
        _(
            "The closing date and monitoring period of trajectories and a later new trajectory of the same household."
        ),
        _("A household that moved away or went to another team is not seen."),
    ),
    "fte_planned_actual": _first(
        _("The FTE planned in the team's composition next to the FTE of the current team members."),
        _(
            "The team design's composition (planned) and the FTE of the team's memberships on the last day of the period, or today (actual)."
        ),
        _(
            "FTE is the time agreed on paper, not the hours actually worked. The composition keeps no history, so the planned FTE is known for the current month only."
        ),
    ),
    "expertise_coverage": _first(
        _("Per life domain, the number of team members who hold expertise in it."),
        _("The expertise registered with the current memberships of the team."),
        _(
            "The expertise is what members entered themselves; it keeps no history, so it is known for the current month only."
        ),
    ),
}

DEFINITIONS: dict[str, Definition] = {
    key: Definition(key=key, versions=versions) for key, versions in _TEXTS.items()
}


def definition_for(key: str) -> Definition | None:
    return DEFINITIONS.get(key)
