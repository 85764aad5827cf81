"""The start document: every block, question, answer, decision and the chosen model.

The same structure is built from the live answers or from a frozen version's content, so the
on-screen view, the PDF and old versions all look alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.dateparse import parse_datetime

from wijkteam.teamdesign.models import Answer, Block, Question, TeamDesign

MODEL_QUESTION = "form.model"


def design_content(*, design: TeamDesign) -> dict[str, Any]:
    """The design's current answers and composition as plain JSON (what a version freezes)."""
    answers: dict[str, Any] = {}
    for answer in Answer.objects.filter(design=design).select_related("question", "updated_by"):
        answers[answer.question.code] = {
            "text": answer.text,
            "choices": answer.choices,
            "version": answer.version,
            "updated_by": str(answer.updated_by),
            "updated_at": answer.updated_at.isoformat(),
        }
    composition = [
        {
            "role": line.role,
            "fte": str(line.fte),
            "home_organisation": line.home_organisation,
            "domains": line.domains,
            "motivation": line.motivation,
        }
        for line in design.composition.all()
    ]
    return {"instrument_id": design.instrument_id, "answers": answers, "composition": composition}


@dataclass
class DocRow:
    question: Question
    text: str = ""
    choice_labels: list[str] = field(default_factory=list)
    updated_by: str = ""
    updated_at: dt.datetime | None = None

    @property
    def answered(self) -> bool:
        return bool(self.text or self.choice_labels)


@dataclass
class DocBlock:
    block: Block
    rows: list[DocRow]
    decisions: DocRow | None = None
    open_points: DocRow | None = None

    @property
    def answered_count(self) -> int:
        return sum(1 for row in self.rows if row.answered)


@dataclass
class StartDocument:
    design: TeamDesign
    model_code: str
    model_label: str
    blocks: list[DocBlock]
    composition: list[dict[str, Any]]
    configured_code: str = ""
    configured_label: str = ""

    @property
    def model_differs(self) -> bool:
        """The building blocks chose another model than the team is configured with: the
        access rules and pages follow the configuration, so one of the two needs changing."""
        return bool(self.configured_code) and self.model_code != self.configured_code


def chosen_model(design: TeamDesign, answers: dict[str, Any]) -> str:
    """The organisation model the team chose in block 3, else the one configured for the team."""
    chosen = answers.get(MODEL_QUESTION, {}).get("choices") or []
    return str(chosen[0]) if chosen else design.team.organisation_model


def start_document(*, design: TeamDesign, content: dict[str, Any] | None = None) -> StartDocument:
    content = content if content is not None else design_content(design=design)
    answers: dict[str, Any] = content.get("answers", {})
    model_code = chosen_model(design, answers)
    model_label = design.team.get_organisation_model_display()
    blocks: list[DocBlock] = []
    questions = Question.objects.filter(block__instrument_id=design.instrument_id).prefetch_related(
        "choices"
    )
    by_block: dict[int, list[Question]] = {}
    for question in questions:
        by_block.setdefault(question.block_id, []).append(question)
    for block in Block.objects.filter(instrument_id=design.instrument_id).order_by("order"):
        doc = DocBlock(block=block, rows=[])
        for question in by_block.get(block.pk, []):
            if not question.applies(model_code):
                continue
            data = answers.get(question.code, {})
            labels = {c.code: c.label for c in question.choices.all()}
            row = DocRow(
                question=question,
                text=data.get("text", ""),
                choice_labels=[labels.get(code, code) for code in data.get("choices", [])],
                updated_by=data.get("updated_by", ""),
                updated_at=parse_datetime(data["updated_at"]) if data.get("updated_at") else None,
            )
            if question.code == MODEL_QUESTION and row.choice_labels:
                model_label = row.choice_labels[0]
            if question.code.endswith(".decisions"):
                doc.decisions = row
            elif question.code.endswith(".open_points"):
                doc.open_points = row
            else:
                doc.rows.append(row)
        blocks.append(doc)
    return StartDocument(
        design=design,
        model_code=model_code,
        model_label=model_label,
        blocks=blocks,
        composition=content.get("composition", []),
        configured_code=design.team.organisation_model,
        configured_label=str(design.team.get_organisation_model_display()),
    )
