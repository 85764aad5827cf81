"""Composition, self-assessments, quickscans and the development plan of a team design."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.accounts.models import Membership, User
from wijkteam.lifedomains import LifeDomain
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.teamdesign import EDIT_DESIGN
from wijkteam.privacy.services import log_change
from wijkteam.teamdesign.models import (
    Competence,
    CompositionLine,
    ItemKind,
    PlanAction,
    PlanActionStatus,
    PlanGoal,
    Quickscan,
    QuickscanScore,
    ReflectionItem,
    ReviewMoment,
    SelfAssessment,
    TeamDesign,
    pick,
)


def _require_edit(actor: Actor, design: TeamDesign) -> policy.Decision:
    return policy.require(actor, EDIT_DESIGN, design)


def _check_domains(domains: list[str]) -> list[str]:
    unknown = sorted(set(domains) - set(LifeDomain.values))
    if unknown:
        raise ValidationError(_("Unknown domain: %(codes)s.") % {"codes": ", ".join(unknown)})
    return [code for code in LifeDomain.values if code in set(domains)]


@transaction.atomic
def composition_line_add(
    *,
    actor: Actor,
    design: TeamDesign,
    role: str,
    fte: Decimal,
    home_organisation: str = "",
    domains: list[str] | None = None,
    motivation: str = "",
) -> CompositionLine:
    decision = _require_edit(actor, design)
    if not role.strip():
        raise ValidationError(_("Give the role."))
    if fte < 0 or fte > 20:
        raise ValidationError(_("FTE must be between 0 and 20."))
    line = CompositionLine.objects.create(
        design=design,
        role=role.strip(),
        fte=fte,
        home_organisation=home_organisation.strip(),
        domains=_check_domains(domains or []),
        motivation=motivation.strip(),
    )
    log_change(actor, design, decision)
    return line


@transaction.atomic
def composition_line_delete(*, actor: Actor, line: CompositionLine) -> None:
    decision = _require_edit(actor, line.design)
    line.delete()
    log_change(actor, line.design, decision)


@transaction.atomic
def composition_use_example(*, actor: Actor, design: TeamDesign) -> list[CompositionLine]:
    """Copy the instrument's example composition into the design, as a start to adapt."""
    _require_edit(actor, design)
    language_texts = design.instrument.extra.get("example_composition", [])
    lines = []
    for example in language_texts:
        lines.append(
            composition_line_add(
                actor=actor,
                design=design,
                role=pick(example["role"].get("nl", ""), example["role"].get("en", "")),
                fte=Decimal(str(example.get("fte", 0))),
                domains=list(example.get("domains", [])),
                motivation=pick(
                    example.get("motivation", {}).get("nl", ""),
                    example.get("motivation", {}).get("en", ""),
                ),
            )
        )
    return lines


@transaction.atomic
def assessment_save(
    *,
    actor: Actor,
    design: TeamDesign,
    scores: dict[str, int | None],
    lived_experience: bool,
) -> SelfAssessment:
    """A person's own competence scores (1-5) in this team; only members assess themselves."""
    decision = _require_edit(actor, design)
    valid = set(
        Competence.objects.filter(instrument=design.instrument).values_list("code", flat=True)
    )
    clean: dict[str, int] = {}
    for code, value in scores.items():
        if code not in valid:
            raise ValidationError(_("Unknown competence: %(code)s.") % {"code": code})
        if value is None:
            continue
        if not 1 <= int(value) <= 5:
            raise ValidationError(_("A score is between 1 and 5."))
        clean[code] = int(value)
    assessment, _created = SelfAssessment.objects.update_or_create(
        design=design,
        user=actor.user,
        defaults={"scores": clean, "lived_experience": lived_experience},
    )
    log_change(actor, design, decision)
    return assessment


@transaction.atomic
def quickscan_create(
    *,
    actor: Actor,
    design: TeamDesign,
    held_on: dt.date,
    scores: dict[str, tuple[int | None, str]],
    swot: dict[str, str],
) -> Quickscan:
    """Record a quickscan: a score 1-5 with evidence per golden rule and pitfall, and a SWOT."""
    decision = _require_edit(actor, design)
    items = {
        item.code: item
        for item in ReflectionItem.objects.filter(
            instrument=design.instrument, kind__in=[ItemKind.RULE, ItemKind.PITFALL]
        )
    }
    unknown = sorted(set(scores) - set(items))
    if unknown:
        raise ValidationError(
            _("Unknown rule or pitfall: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    unknown_swot = sorted(set(swot) - {"strengths", "weaknesses", "opportunities", "threats"})
    if unknown_swot:
        raise ValidationError(
            _("Unknown SWOT part: %(codes)s.") % {"codes": ", ".join(unknown_swot)}
        )
    quickscan = Quickscan.objects.create(
        design=design,
        held_on=held_on,
        created_by=actor.user,
        **{key: value.strip() for key, value in swot.items()},
    )
    for code, (score, evidence) in scores.items():
        if score is not None and not 1 <= score <= 5:
            raise ValidationError(_("A score is between 1 and 5."))
        QuickscanScore.objects.create(
            quickscan=quickscan, item=items[code], score=score, evidence=evidence.strip()
        )
    log_change(actor, design, decision, event=AccessEvent.CREATE)
    return quickscan


@transaction.atomic
def plan_goal_add(
    *, actor: Actor, design: TeamDesign, title: str, description: str = ""
) -> PlanGoal:
    decision = _require_edit(actor, design)
    if not title.strip():
        raise ValidationError(_("Give the goal."))
    goal = PlanGoal.objects.create(
        design=design, title=title.strip(), description=description.strip()
    )
    log_change(actor, design, decision)
    return goal


@transaction.atomic
def plan_action_add(
    *,
    actor: Actor,
    goal: PlanGoal,
    description: str,
    owner: User | None = None,
    owner_text: str = "",
    due_on: dt.date | None = None,
) -> PlanAction:
    decision = _require_edit(actor, goal.design)
    if not description.strip():
        raise ValidationError(_("Describe the action."))
    if (
        owner is not None
        and not Membership.objects.active().filter(user=owner, team=goal.design.team).exists()
    ):
        raise ValidationError(_("The owner must be a member of the team; otherwise type a name."))
    action = PlanAction.objects.create(
        goal=goal,
        description=description.strip(),
        owner=owner,
        owner_text="" if owner else owner_text.strip(),
        due_on=due_on,
    )
    log_change(actor, goal.design, decision)
    return action


@transaction.atomic
def action_status_set(*, actor: Actor, action: PlanAction, status: str) -> PlanAction:
    decision = _require_edit(actor, action.goal.design)
    if status not in PlanActionStatus.values:
        raise ValidationError(_("Unknown status."))
    action.status = status
    action.save(update_fields=["status"])
    log_change(actor, action.goal.design, decision)
    return action


@transaction.atomic
def review_add(
    *, actor: Actor, design: TeamDesign, planned_on: dt.date, topic: str = ""
) -> ReviewMoment:
    decision = _require_edit(actor, design)
    review = ReviewMoment.objects.create(design=design, planned_on=planned_on, topic=topic.strip())
    log_change(actor, design, decision)
    return review
