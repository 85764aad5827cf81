"""Starting a team design, saving answers with optimistic locking, freezing versions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wijkteam.organisations.models import Team
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.teamdesign import EDIT_DESIGN, FREEZE_DESIGN
from wijkteam.privacy.services import log_change
from wijkteam.teamdesign.models import Answer, DesignSnapshot, Question, QuestionKind, TeamDesign
from wijkteam.teamdesign.services.instrument import instrument_current


@transaction.atomic
def design_start(*, actor: Actor, team: Team) -> TeamDesign:
    """The team's design, started with the current instrument version if there is none yet."""
    existing = TeamDesign.objects.filter(team=team).first()
    if existing is not None:
        policy.require(actor, EDIT_DESIGN, existing)
        return existing
    design = TeamDesign(
        team=team,
        instrument=instrument_current(municipality=team.municipality),
        created_by=actor.user,
    )
    decision = policy.require(actor, EDIT_DESIGN, design)
    design.save()
    log_change(actor, design, decision, event=AccessEvent.CREATE)
    return design


@dataclass(frozen=True)
class AnswerInput:
    """What the person submitted for one question, with the version their form showed."""

    question: Question
    text: str = ""
    choices: list[str] = field(default_factory=list)
    version: int = 0  # 0: the form showed no answer yet


@dataclass(frozen=True)
class AnswerConflict:
    submitted: AnswerInput
    current: Answer


@dataclass
class SaveResult:
    saved: list[Answer] = field(default_factory=list)
    conflicts: list[AnswerConflict] = field(default_factory=list)


def _clean_choices(question: Question, choices: list[str]) -> list[str]:
    if question.kind == QuestionKind.TEXT:
        return []
    valid = set(question.choices.values_list("code", flat=True))
    unknown = [code for code in choices if code not in valid]
    if unknown:
        raise ValidationError(_("Unknown choice: %(codes)s.") % {"codes": ", ".join(unknown)})
    if question.kind == QuestionKind.CHOICE and len(choices) > 1:
        raise ValidationError(_("Choose one option only."))
    # Keep the order of the instrument, and each code once.
    order = list(question.choices.values_list("code", flat=True))
    return [code for code in order if code in set(choices)]


@transaction.atomic
def answers_save(*, actor: Actor, design: TeamDesign, inputs: list[AnswerInput]) -> SaveResult:
    """Save the changed answers; refuse any whose version is stale (someone saved meanwhile).

    An unchanged answer is skipped, so a stale form only conflicts on what the person really
    changed. Conflicting answers are returned with the newer stored answer; nothing is lost.
    """
    decision = policy.require(actor, EDIT_DESIGN, design)
    result = SaveResult()
    for submitted in inputs:
        question = submitted.question
        if question.block.instrument_id != design.instrument_id:
            raise ValidationError(_("This question belongs to another instrument version."))
        choices = _clean_choices(question, submitted.choices)
        text = submitted.text.strip()
        current = (
            Answer.objects.select_for_update()
            .select_related("updated_by")
            .filter(design=design, question=question)
            .first()
        )
        if current is not None and current.text == text and current.choices == choices:
            continue
        if current is None and not text and not choices:
            continue
        current_version = current.version if current is not None else 0
        if current is not None and submitted.version != current_version:
            result.conflicts.append(AnswerConflict(submitted=submitted, current=current))
            continue
        if current is None:
            current = Answer(design=design, question=question, version=0)
        current.text = text
        current.choices = choices
        current.version = current_version + 1
        current.updated_by = actor.user
        current.save()
        result.saved.append(current)
    if result.saved:
        log_change(actor, design, decision)
    return result


@transaction.atomic
def snapshot_freeze(*, actor: Actor, design: TeamDesign, note: str = "") -> DesignSnapshot:
    """Freeze the current start document as a numbered version (team leader only)."""
    from wijkteam.teamdesign.selectors.document import design_content

    decision = policy.require(actor, FREEZE_DESIGN, design)
    locked = TeamDesign.objects.select_for_update().get(pk=design.pk)
    number = (locked.snapshots.aggregate(n=Max("number"))["n"] or 0) + 1
    snapshot = DesignSnapshot.objects.create(
        design=locked,
        number=number,
        note=note.strip()[:200],
        frozen_by=actor.user,
        content=design_content(design=locked),
    )
    log_change(actor, design, decision, event=AccessEvent.CREATE)
    return snapshot
