"""Every indicator has a versioned plain-Dutch definition that matches the registry."""

from __future__ import annotations

from django.utils import translation

from wijkteam.steering.definitions import DEFINITIONS
from wijkteam.steering.indicators import INDICATORS


def test_every_indicator_has_a_definition_at_the_registry_version() -> None:
    assert set(DEFINITIONS) == set(INDICATORS)
    for key, spec in INDICATORS.items():
        definition = DEFINITIONS[key]
        assert definition.current.version == spec.definition_version, key
        numbers = [v.version for v in definition.versions]
        assert numbers == list(range(1, len(numbers) + 1)), key
        dates = [v.valid_from for v in definition.versions]
        assert dates == sorted(dates), key


def test_definitions_are_shown_in_dutch() -> None:
    with translation.override("nl"):
        current = DEFINITIONS["new_households"].current
        assert str(current.counted) != "Households whose first trajectory started in the period."
        assert str(current.change) == "Eerste versie."
