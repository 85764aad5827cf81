"""The API takes whole numbers only: "12.000" inhabitants is refused, not read as 12."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.urls import reverse
from rest_framework import serializers

import wijkteam
from wijkteam.api.serializers import StrictIntegerField, StrictSerializer
from wijkteam.organisations.models import Area


@pytest.fixture
def admin(world: Any, client_for: Any) -> Any:
    return client_for(world.admin)


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["12.000", "12,5", "12 000", 12.0, True, "1e3"])
def test_an_integer_with_separators_or_decimals_is_refused_in_dutch(admin: Any, value: Any) -> None:
    response = admin.post(
        reverse("api:area_list"),
        {"name": "Nieuwbouw", "inhabitants": value},
        content_type="application/json",
        headers={"Accept-Language": "nl"},
    )
    assert response.status_code == 400
    assert "heel getal" in str(response.json()["inhabitants"])
    assert not Area.objects.filter(name="Nieuwbouw").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", [12000, "12000"])
def test_a_plain_integer_is_taken_as_it_is(admin: Any, value: Any) -> None:
    response = admin.post(
        reverse("api:area_list"),
        {"name": "Nieuwbouw", "inhabitants": value},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Area.objects.get(name="Nieuwbouw").inhabitants == 12000


def _strict_serializers() -> list[type[StrictSerializer]]:
    for info in pkgutil.walk_packages(wijkteam.__path__, "wijkteam."):
        if info.name.endswith((".api", ".api_plan", ".serializers")) or ".api_" in info.name:
            importlib.import_module(info.name)
    found: list[type[StrictSerializer]] = []
    todo: list[type[Any]] = [StrictSerializer]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if ".tests" not in sub.__module__:
                found.append(sub)
    return found


def test_every_writable_integer_field_of_the_api_is_strict() -> None:
    checked = 0
    for cls in _strict_serializers():
        for name, field in cls().fields.items():
            if isinstance(field, serializers.IntegerField) and not field.read_only:
                assert isinstance(field, StrictIntegerField), f"{cls.__qualname__}.{name}"
                checked += 1
    assert checked >= 10
