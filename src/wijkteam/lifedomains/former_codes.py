"""The short codes the plan (casework) and the shipped ZRM (assessments) used before there was
one vocabulary. Read only by the data migrations that moved stored rows to `LifeDomain` codes
(and back, when a migration is reversed); no code reads or writes the short codes any more.
Codes not named here were the same in both sets."""

from __future__ import annotations

SHORT_TO_CODE: dict[str, str] = {
    "daytime": "daytime_activities",
    "domestic": "domestic_relations",
    "mental": "mental_health",
    "physical": "physical_health",
    "network": "social_network",
    "participation": "community_participation",
}
CODE_TO_SHORT: dict[str, str] = {code: short for short, code in SHORT_TO_CODE.items()}
