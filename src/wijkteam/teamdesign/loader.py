"""Load the shipped instrument (``data/teamdesign_v1.json``) into the database, idempotently.

Used by the data migration (with historical models) and by the management command
``load_teamdesign_instrument`` (with the real ones); running it again updates the texts of
the shipped version in place and adds what is missing, never duplicates.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone

DATA_FILE = Path(__file__).resolve().parent / "data" / "teamdesign_v1.json"
COMPETENCE_GROUPS = ("generalist", "complex", "personal")

GetModel = Callable[[str, str], Any]


def read_data(path: Path = DATA_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _t(value: Any, language: str) -> str:
    if isinstance(value, dict):
        return str(value.get(language, ""))
    return str(value or "")


def _texts(item: dict[str, Any], **fields: str) -> dict[str, str]:
    """``_texts(q, text="text")`` -> ``{"text_nl": ..., "text_en": ...}``."""
    result: dict[str, str] = {}
    for target, source in fields.items():
        result[f"{target}_nl"] = _t(item.get(source), "nl")
        result[f"{target}_en"] = _t(item.get(source), "en")
    return result


def load_instrument(
    get_model: GetModel,
    data: dict[str, Any] | None = None,
    instrument_model: str = "DesignInstrument",
) -> Any:
    """Create or update the shipped instrument version; returns its row. `instrument_model`:
    the model's name in the migration state that calls it (before 0004: "Instrument")."""
    data = data or read_data()
    DesignInstrument = get_model("teamdesign", instrument_model)
    Block = get_model("teamdesign", "Block")
    Question = get_model("teamdesign", "Question")
    Choice = get_model("teamdesign", "Choice")
    ReflectionItem = get_model("teamdesign", "ReflectionItem")
    Competence = get_model("teamdesign", "Competence")

    meta = data["instrument"]
    extra = {
        key: data[key]
        for key in ("score_scale", "example_composition", "development_plan_prompts", "checklist")
        if key in data
    }
    instrument, created = DesignInstrument.objects.update_or_create(
        municipality=None,
        code=meta["code"],
        version=meta["version"],
        defaults={**_texts(meta, name="name", description="description"), "extra": extra},
    )
    if created or instrument.published_at is None:
        instrument.published_at = timezone.now()
        instrument.save(update_fields=["published_at"])

    for block_data in data["building_blocks"]:
        block, _c = Block.objects.update_or_create(
            instrument=instrument,
            code=block_data["code"],
            defaults={
                "order": block_data["order"],
                **_texts(block_data, title="title", intro="intro"),
            },
        )
        for q in block_data["questions"]:
            question, _c = Question.objects.update_or_create(
                block=block,
                code=q["code"],
                defaults={
                    "order": q["order"],
                    "kind": q["kind"],
                    "applies_to": q.get("applies_to") or [],
                    **_texts(q, text="text", help="help"),
                },
            )
            for order, c in enumerate(q.get("choices", []), start=1):
                Choice.objects.update_or_create(
                    question=question,
                    code=c["code"],
                    defaults={"order": order, **_texts(c, label="label")},
                )

    items = [("rule", r) for r in data["golden_rules"]] + [("pitfall", p) for p in data["pitfalls"]]
    items += [("swot", s) for s in data.get("swot", [])]
    items += [("dilemma", d) for d in data.get("dilemmas", [])]
    for position, (kind, item) in enumerate(items, start=1):
        ReflectionItem.objects.update_or_create(
            instrument=instrument,
            code=item["code"],
            defaults={
                "kind": kind,
                "order": item.get("order", position),
                "system_indicator": item.get("system_indicator") or "",
                **_texts(
                    item,
                    title="title",
                    explanation="prompt" if kind == "swot" else "explanation",
                    evidence_hint="evidence_hint",
                ),
            },
        )

    position = 0
    for group in COMPETENCE_GROUPS:
        for competence in data["competences"].get(group, []):
            position += 1
            Competence.objects.update_or_create(
                instrument=instrument,
                code=competence["code"],
                defaults={
                    "group": group,
                    "order": position,
                    **_texts(competence, label="label", help="help"),
                },
            )
    return instrument
