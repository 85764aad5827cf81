"""The short codes the plan (casework) and the shipped ZRM (assessments) used before there was
one vocabulary. Read only by the data migrations that moved stored rows to `LifeDomain` codes
(and back, when a migration is reversed); no code reads or writes the short codes any more.
Codes not named here were the same in both sets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SHORT_TO_CODE: dict[str, str] = {
    "daytime": "daytime_activities",
    "domestic": "domestic_relations",
    "mental": "mental_health",
    "physical": "physical_health",
    "network": "social_network",
    "participation": "community_participation",
}
CODE_TO_SHORT: dict[str, str] = {code: short for short, code in SHORT_TO_CODE.items()}

Recode = Callable[[Any, dict[str, str]], None]
Step = Callable[[Any, Any], None]


def both_ways(recode: Recode) -> tuple[Step, Step]:
    """A data migration's forwards and backwards steps: `recode(apps, mapping)` with the
    short codes to the vocabulary's, and back."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        recode(apps, SHORT_TO_CODE)

    def backwards(apps: Any, schema_editor: Any) -> None:
        recode(apps, CODE_TO_SHORT)

    return forwards, backwards
