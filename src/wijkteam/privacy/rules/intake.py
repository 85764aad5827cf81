"""Access rules for signals, outreach, signalling partners and the duty roster.

Decisions:

* Signals, feedback and outreach attempts hold personal data about residents who have not
  asked for help yet. Team members and the team leader of the signal's team see everything
  (FULL) and may work on it (EDIT). A civil servant in that team has a duty to report, so sees
  only METADATA: that a signal exists, its status, urgency and deadline — never the concern,
  the name, the address or what outreach found. Everybody else (other teams, policy staff,
  the privacy officer, functional administrators) gets NONE: a 404, learning nothing.
* Signalling partners are organisation data, not client data: everyone in the team and the
  functional administrator of the municipality may read them; the team leader and the
  functional administrator may change them.
* The duty roster: everyone in the team and the functional administrator may read it; the
  team leader and the functional administrator may generate or change it.
"""

from __future__ import annotations

from wijkteam.accounts.models import Role
from wijkteam.intake.models import (
    DutyShift,
    OutreachAttempt,
    Signal,
    SignalFeedback,
    SignallingPartner,
)
from wijkteam.organisations.models import Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import NO_ACCESS, Action, Actor, Decision, ViewLevel

EDIT = "edit"  # register outreach, link, close, feed back (signals); change (partners, roster)

CASEWORK_ROLES = frozenset({Role.TEAM_MEMBER, Role.TEAM_LEADER})


def signal_team_decision(actor: Actor, team_id: int, team_name: str = "") -> Decision:
    """The view on the signals of one team (also used for list pages and new signals)."""
    membership = policy.team_membership(actor, team_id)
    if membership is None:
        return NO_ACCESS
    if membership.role in CASEWORK_ROLES:
        return Decision(ViewLevel.FULL, frozenset({Action.VIEW, EDIT}), membership.role, team_name)
    if membership.role == Role.CIVIL_SERVANT:
        return Decision(ViewLevel.METADATA, frozenset({Action.VIEW}), membership.role, team_name)
    return NO_ACCESS


def team_config_decision(actor: Actor, team: Team) -> Decision:
    """Partners and roster: the team reads, the team leader and functional admin change."""
    if Role.FUNCTIONAL_ADMIN in policy.municipality_roles(actor, team.municipality_id):
        return Decision(
            ViewLevel.FULL, frozenset({Action.VIEW, EDIT}), Role.FUNCTIONAL_ADMIN, team.name
        )
    membership = policy.team_membership(actor, team.pk)
    if membership is None:
        return NO_ACCESS
    actions: set[str] = {Action.VIEW}
    if membership.role == Role.TEAM_LEADER:
        actions.add(EDIT)
    return Decision(ViewLevel.FULL, frozenset(actions), membership.role, team.name)


@policy.rule(Signal)
def _signal_rule(actor: Actor, signal: Signal) -> Decision:
    return signal_team_decision(actor, signal.team_id, signal.team.name)


@policy.rule(SignalFeedback)
def _feedback_rule(actor: Actor, feedback: SignalFeedback) -> Decision:
    return _signal_rule(actor, feedback.signal)


@policy.rule(OutreachAttempt)
def _outreach_rule(actor: Actor, attempt: OutreachAttempt) -> Decision:
    return signal_team_decision(actor, attempt.team_id, attempt.team.name)


@policy.rule(SignallingPartner)
def _partner_rule(actor: Actor, partner: SignallingPartner) -> Decision:
    return team_config_decision(actor, partner.team)


@policy.rule(DutyShift)
def _duty_rule(actor: Actor, shift: DutyShift) -> Decision:
    return team_config_decision(actor, shift.team)


# --- scope decisions: the same answers for a team as a whole (lists, new signals, config) --

SIGNALS = "intake_signals"  # a team's signals: a list, a new signal, outreach
TEAM_CONFIG = "intake_team_config"  # a team's signalling partners and duty roster


def _with_scope_action(decision: Decision, action: str) -> Decision:
    if not decision.allowed:
        return decision
    actions = decision.actions | {action}
    return Decision(decision.level, actions, decision.role, decision.on_behalf_of)


@policy.scope_rule(SIGNALS)
def _signals_scope_rule(actor: Actor, scope: policy.Scope) -> Decision:
    if scope.team is None:
        return NO_ACCESS
    decision = signal_team_decision(actor, scope.team.pk, scope.team.name)
    return _with_scope_action(decision, SIGNALS)


@policy.scope_rule(TEAM_CONFIG)
def _team_config_scope_rule(actor: Actor, scope: policy.Scope) -> Decision:
    if scope.team is None:
        return NO_ACCESS
    return _with_scope_action(team_config_decision(actor, scope.team), TEAM_CONFIG)
