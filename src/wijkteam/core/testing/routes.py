"""The role x route matrix: every named URL must declare what every persona gets.

Each app lists its routes in ``<app>/tests/routes.py`` as ``ROUTES = [Route(...), ...]``.
``core/tests/test_route_matrix.py`` enumerates the URL conf and fails for any route that has
no entry, then checks every persona's status code against the entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONA_NAMES = (
    "anonymous",
    "member_a",
    "member_b",
    "civil_servant_a",
    "leader_a",
    "policy",
    "admin",
    "privacy_officer",
    "other_admin",
)


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    expect: dict[str, int]  # persona -> status code; every persona must be present
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] | None = None
    content_type: str | None = None

    def __post_init__(self) -> None:
        missing = set(PERSONA_NAMES) - set(self.expect)
        if missing:
            raise ValueError(f"{self.name}: no expectation for {sorted(missing)}")


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Every persona gets ``default`` unless named: ``expect(404, member_a=200)``."""
    result = dict.fromkeys(PERSONA_NAMES, default)
    result.update(overrides)
    return result


def ui(allowed: tuple[str, ...], ok: int = 200, denied: int = 404) -> dict[str, int]:
    """A UI page: anonymous is sent to login (302), the allowed get ``ok``, others 404."""
    result = expect(denied, anonymous=302)
    result.update(dict.fromkeys(allowed, ok))
    return result


def api(allowed: tuple[str, ...], ok: int = 200, denied: int = 404) -> dict[str, int]:
    """An API endpoint: anonymous gets 401, the allowed ``ok``, others ``denied``."""
    result = expect(denied, anonymous=401)
    result.update(dict.fromkeys(allowed, ok))
    return result


ALL_LOGGED_IN = (
    "member_a",
    "member_b",
    "civil_servant_a",
    "leader_a",
    "policy",
    "admin",
    "privacy_officer",
    "other_admin",
)
