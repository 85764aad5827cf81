"""Small fixtures for the result-logic tests (rows made directly: the services are tested in
test_services.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from wijkteam.results.models import Element, ElementKind, ResultLogic


def make_logic(world: Any, title: str = "Minder huisuitzettingen") -> ResultLogic:
    logic, _created = ResultLogic.objects.get_or_create(
        municipality=world.municipality,
        team=None,
        version=1,
        defaults={"title": title, "created_at": timezone.now(), "created_by": world.policy},
    )
    return logic


def make_element(
    world: Any, kind: str = ElementKind.RESULT, title: str = "Huurachterstand binnen 14 dagen"
) -> Element:
    logic = make_logic(world)
    element, _created = Element.objects.get_or_create(logic=logic, kind=kind, title=title)
    return element
