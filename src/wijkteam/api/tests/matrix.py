"""Every API operation, found from the URL conf and the OpenAPI schema, with who may call it.

The bad-input tests (``test_bad_input_matrix.py``) run over this list, so a new endpoint is
covered the day it is added: its request body comes from the schema, its URL arguments and
allowed personas from the role x route matrix (``<app>/tests/routes.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.urls import resolve

from wijkteam.core.testing.routes import PERSONA_NAMES, Route
from wijkteam.core.tests.test_route_matrix import DECLARED

# Where the matrix entry is a read (GET) but the same URL also takes a write that only some
# of those readers may do, the persona that may write.
WRITERS = {
    ("api:area_list", "post"): "admin",
    ("api:area_detail", "patch"): "admin",
    ("api:home_organisation_list", "post"): "admin",
    ("api:home_organisation_detail", "patch"): "admin",
    ("assessments_api:instrument_detail", "patch"): "admin",
}


@dataclass(frozen=True)
class Operation:
    route: Route
    method: str
    body_schema: dict[str, Any] | None

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.route.name}"

    def persona(self) -> str:
        if (self.route.name, self.method) in WRITERS:
            return WRITERS[(self.route.name, self.method)]
        allowed = [
            p
            for p in PERSONA_NAMES
            if p != "anonymous" and self.route.expect[p] not in (302, 401, 403, 404)
        ]
        assert allowed, f"{self.route.name}: nobody may call it"
        return allowed[0]


@cache
def schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def resolve_ref(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema()["components"]["schemas"][name]
    if "allOf" in node and len(node["allOf"]) == 1:
        return resolve_ref(node["allOf"][0])
    return node


@cache
def operations() -> list[Operation]:
    found: list[Operation] = []
    for path, methods in schema()["paths"].items():
        url_name = resolve(re.sub(r"\{\w+\}", "1", path)).view_name
        route = DECLARED[url_name]
        for method, spec in methods.items():
            body = spec.get("requestBody", {}).get("content", {}).get("application/json")
            found.append(Operation(route, method, resolve_ref(body["schema"]) if body else None))
    return sorted(found, key=lambda op: op.id)


def writes() -> list[Operation]:
    """Operations that take a JSON body."""
    return [op for op in operations() if op.body_schema is not None]
