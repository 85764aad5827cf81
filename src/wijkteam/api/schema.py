"""OpenAPI descriptions of Wijkteam's own authentication classes (drf-spectacular)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema

from wijkteam.api.idempotency import schema_parameter as idempotency_parameter


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    target_class = "wijkteam.api.authentication.ExpiringTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'Personal token, valid 30 days: "Authorization: Token <key>". '
            "Created on the account page after logging in with two factors.",
        }


class MFASessionScheme(OpenApiAuthenticationExtension):
    target_class = "wijkteam.api.authentication.MFASessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "The browser session, after password and second factor.",
        }


class AutoSchema(BaseAutoSchema):
    """drf-spectacular's schema plus what the shared API middleware adds to every endpoint:
    the optional ``Idempotency-Key`` header on each POST (api/idempotency.py)."""

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self.method == "POST":
            parameters.append(idempotency_parameter())
        return parameters


def _resolve(schema: Any, components: dict[str, Any]) -> Any:
    """The schema itself, or the component a ``$ref`` points at."""
    if isinstance(schema, dict) and "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return components.get(name, {})
    return schema


def _default_fits(schema: dict[str, Any], components: dict[str, Any]) -> bool:
    """Whether a property's ``default`` is one of its own values (enum, format, length).

    Django's ``blank=True`` text fields with choices or an e-mail format keep ``''`` as their
    model default; drf-spectacular copies it next to an enum or ``format: email`` that ``''``
    does not satisfy, and an OpenAPI validator rejects the whole document for it.
    """
    default = schema["default"]
    parts = [_resolve(part, components) for part in schema.get("allOf", [])] + [schema]
    for part in parts:
        if "enum" in part and default not in part["enum"]:
            return False
        if part.get("format") == "email" and isinstance(default, str) and "@" not in default:
            return False
        if isinstance(default, str) and len(default) < part.get("minLength", 0):
            return False
    return True


def _walk(node: Any) -> Any:
    """Every dict inside ``node`` (depth first), the node itself included."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def drop_impossible_defaults(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: remove a ``default`` its own schema rejects (the server still
    applies it when the field is left out; the field stays optional)."""
    components = result.get("components", {}).get("schemas", {})
    for node in _walk(result):
        if "default" in node and not _default_fits(node, components):
            del node["default"]
    return result
