"""The shipped instrument: every point of the model is present, loading is idempotent,
and administrators adapt it through new versions without touching existing designs."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from wijkteam.privacy.policy import AccessDenied
from wijkteam.teamdesign import services
from wijkteam.teamdesign.loader import read_data
from wijkteam.teamdesign.models import (
    Block,
    Competence,
    DesignInstrument,
    ItemKind,
    Question,
    ReflectionItem,
    TeamDesign,
)
from wijkteam.teamdesign.tests.helpers import actor, start

pytestmark = pytest.mark.django_db

BLOCKS = ["assignment", "setup", "form", "steering", "competences", "principles"]
RULES = [f"rule{n:02d}" for n in range(1, 11)]
PITFALLS = [f"pitfall{n:02d}" for n in range(1, 11)]


def shipped() -> DesignInstrument:
    return services.instrument_current(municipality=None)  # type: ignore[arg-type]


def test_shipped_instrument_has_the_six_blocks_ten_rules_and_ten_pitfalls() -> None:
    instrument = shipped()
    assert list(instrument.blocks.order_by("order").values_list("code", flat=True)) == BLOCKS
    items = ReflectionItem.objects.filter(instrument=instrument)
    assert sorted(items.filter(kind=ItemKind.RULE).values_list("code", flat=True)) == RULES
    assert sorted(items.filter(kind=ItemKind.PITFALL).values_list("code", flat=True)) == PITFALLS
    assert items.filter(kind=ItemKind.SWOT).count() == 4
    for block in Block.objects.filter(instrument=instrument):
        codes = set(block.questions.values_list("code", flat=True))
        assert f"{block.code}.decisions" in codes and f"{block.code}.open_points" in codes
    groups = set(Competence.objects.filter(instrument=instrument).values_list("group", flat=True))
    assert groups == {"generalist", "complex", "personal"}


def test_every_checklist_point_of_the_model_is_covered_by_shipped_data() -> None:
    """Each point of DOMAIN.md §3 and §8 (listed in the JSON's checklist) maps to real rows."""
    instrument = shipped()
    data = read_data()
    known = set(
        Question.objects.filter(block__instrument=instrument).values_list("code", flat=True)
    ) | set(ReflectionItem.objects.filter(instrument=instrument).values_list("code", flat=True))
    sources = {entry["source"] for entry in data["checklist"]}
    sections = {"DOMAIN.md §3", "DOMAIN.md §8"} | {f"DOMAIN.md §3.{n}" for n in range(1, 7)}
    assert sections <= sources
    missing = [
        (entry["point"], code)
        for entry in data["checklist"]
        for code in entry["covered_by"]
        if code not in known
    ]
    assert missing == []
    assert all(entry["covered_by"] for entry in data["checklist"])
    # Every golden rule and pitfall is named by the checklist itself.
    named = {code for entry in data["checklist"] for code in entry["covered_by"]}
    assert set(RULES) | set(PITFALLS) <= named
    assert {f"{b}.decisions" for b in BLOCKS} <= named


def test_every_question_and_item_has_dutch_and_english_text() -> None:
    instrument = shipped()
    for q in Question.objects.filter(block__instrument=instrument):
        assert q.text_nl and q.text_en, q.code
    for item in ReflectionItem.objects.filter(instrument=instrument):
        assert item.title_nl and item.title_en, item.code


def test_texts_follow_the_active_language() -> None:
    block = shipped().blocks.get(code="assignment")
    with translation.override("en"):
        assert block.title == "Assignment"
    with translation.override("nl"):
        assert block.title == "Opgave"


def test_loading_again_is_idempotent() -> None:
    shipped()  # loaded by the migration (or again, after a flushing browser test)
    counts = (
        DesignInstrument.objects.count(),
        Question.objects.count(),
        ReflectionItem.objects.count(),
    )
    call_command("load_teamdesign_instrument")
    call_command("load_teamdesign_instrument")
    assert counts == (
        DesignInstrument.objects.count(),
        Question.objects.count(),
        ReflectionItem.objects.count(),
    )
    assert counts[0] >= 1


def test_admin_adapts_a_draft_and_publishes_while_old_designs_keep_their_version(
    world: Any,
) -> None:
    old_design = start(world)
    admin = actor(world.admin)
    draft = services.instrument_draft_create(actor=admin, municipality=world.municipality)
    assert not draft.is_published
    assert draft.version == old_design.instrument.version + 1
    assert (
        Question.objects.filter(block__instrument=draft).count()
        == Question.objects.filter(block__instrument=old_design.instrument).count()
    )
    question = Question.objects.get(block__instrument=draft, code="form.model")
    services.instrument_texts_update(
        actor=admin, obj=question, texts={"text_nl": "Welk model kiezen wij?"}
    )
    services.instrument_publish(actor=admin, instrument=draft)

    old_design.refresh_from_db()
    assert old_design.instrument_id != draft.pk
    assert services.instrument_current(municipality=world.municipality) == draft
    new_design = services.design_start(actor=actor(world.member_b), team=world.team_b)
    assert new_design.instrument == draft
    with pytest.raises(ValidationError):
        services.instrument_texts_update(actor=admin, obj=question, texts={"text_nl": "Later"})


def test_only_the_municipality_admin_manages_its_instrument(world: Any) -> None:
    draft = services.instrument_draft_create(
        actor=actor(world.admin), municipality=world.municipality
    )
    with pytest.raises(AccessDenied):
        services.instrument_publish(actor=actor(world.other_admin), instrument=draft)
    with pytest.raises(AccessDenied):
        services.instrument_draft_create(
            actor=actor(world.leader_a), municipality=world.municipality
        )
    assert TeamDesign.objects.count() == 0
