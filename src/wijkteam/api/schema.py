"""OpenAPI descriptions of Wijkteam's own authentication classes (drf-spectacular)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from rest_framework import serializers

from wijkteam.api import paging
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


# Text without NUL characters; the first also with at least one character that is no space.
TEXT_PATTERN = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
ANY_TEXT_PATTERN = "^[^\\u0000]*$"


class AutoSchema(BaseAutoSchema):
    """drf-spectacular's schema plus what the shared API middleware adds to every endpoint:
    the optional ``Idempotency-Key`` header on each POST (api/idempotency.py)."""

    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> Any:
        """drf-spectacular's field schema, plus the limits it leaves out that the serializer
        enforces: a list that may not be empty (``allow_empty=False``) has ``minItems: 1``."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            isinstance(field, serializers.ListSerializer | serializers.ListField)
            and not field.allow_empty
            and isinstance(schema, dict)
            and schema.get("type") == "array"
        ):
            schema["minItems"] = max(1, schema.get("minItems", 0))
        if (
            direction == "request"
            and type(field) in (serializers.CharField, serializers.EmailField)
            and isinstance(schema, dict)
            and "pattern" not in schema
        ):
            # DRF refuses NUL characters in text, and text of only spaces where a value is
            # required (it trims, then finds it blank).
            required_text = not field.allow_blank and field.trim_whitespace
            schema["pattern"] = TEXT_PATTERN if required_text else ANY_TEXT_PATTERN
        return schema

    def _map_serializer(
        self, serializer: Any, direction: str, bypass_extensions: bool = False
    ) -> Any:
        """A request body of a ``StrictSerializer`` refuses unknown fields (400): say so with
        ``additionalProperties: false``, so a client or fuzzer knows they are not valid."""
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        from wijkteam.api.serializers import StrictSerializer

        strict = isinstance(serializer, StrictSerializer) or (
            isinstance(serializer, type) and issubclass(serializer, StrictSerializer)
        )
        if direction == "request" and strict and schema.get("type") == "object":
            schema["additionalProperties"] = False
        return schema

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self.method == "POST":
            parameters.append(idempotency_parameter())
        kind = getattr(self.view, "paging", None)
        if self.method == "GET" and kind is not None:
            # A paged list (api/paging.py): its cursor, and the page size unless the view
            # documents its own ``limit`` (the social map's search).
            own_limit = getattr(self.view, "paging_own_limit", False)
            parameters.extend(paging.schema_parameters(kind, limit=not own_limit))
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


# --- Every status every operation can answer, with the one error shape ---------------------

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Problem details (RFC 9457): the body of every error. `title` and `detail` "
    "are in Dutch (English with Accept-Language: en). On a 400, `errors` names each field "
    "that was refused; the same messages are also given under the field's own name "
    '(`{"<field>": ["..."]}`), as before. Other members are extensions of one problem '
    "(e.g. `current` on a 409 conflict).",
    "properties": {
        "type": {"type": "string", "description": "Always `about:blank`: see `status`."},
        "title": {"type": "string", "description": "Short summary of the status, in Dutch."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What went wrong this time, in Dutch."},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/ProblemFieldError"},
        },
    },
    "required": ["type", "title", "status", "detail"],
    "additionalProperties": True,
}
PROBLEM_FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "in": {"type": "string", "enum": ["body", "query", "header", "path"]},
        "location": {
            "type": "object",
            "properties": {
                "pointer": {
                    "type": "string",
                    "description": "JSON pointer to the field in the body, e.g. `/team`.",
                },
                "name": {"type": "string"},
                "index": {"type": "integer"},
            },
        },
        "detail": {"type": "string", "description": "The message for this field, in Dutch."},
        "code": {"type": "string"},
    },
    "required": ["in", "detail"],
}
VERSION_HEADER_SCHEMA: dict[str, Any] = {
    "description": "The full version of the API that answered (semantic versioning).",
    "schema": {"type": "string", "example": "1.0.0"},
}
# Why each status can come back; which operations can get it is decided in _statuses().
STATUS_REASONS = {
    400: "The request is not valid (a field, a parameter, or the JSON itself); nothing was "
    "saved. `errors` names each refused field.",
    401: "Not logged in: no valid token or session.",
    403: "Logged in, but this is not allowed (e.g. the second factor is missing or not fresh "
    "enough, or a token where a fresh second factor is needed).",
    404: "Not found, or you have no access to it: the access policy answers both the same way, "
    "so nothing is learnt about records of other teams.",
    409: "Conflicts with what is stored (already registered, changed by someone else since, or "
    "the first request with this Idempotency-Key is still running); nothing was saved.",
    412: "The If-Match version is not the stored one; nothing was saved.",
    413: "The request body is too large; nothing was saved.",
    415: "The body is not sent as `application/json`.",
    422: "This Idempotency-Key was already used for another request.",
    428: "The If-Match header is missing; nothing was saved.",
    503: "The system is busy; nothing was saved. Try again after `Retry-After` seconds.",
}
WRITE_METHODS = ("post", "put", "patch", "delete")


def _statuses(method: str, operation: dict[str, Any]) -> set[int]:
    statuses = {401, 403, 404, 503}
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    if parameters or has_body:
        statuses.add(400)
    if method in WRITE_METHODS:
        statuses.update({400, 409, 413})
    if has_body:
        statuses.add(415)
    if method == "post":
        statuses.add(422)  # Idempotency-Key reused (api/idempotency.py)
    if any(p.get("in") == "header" and p.get("name") == "If-Match" for p in parameters):
        statuses.update({409, 412, 428})
    return statuses


def _is_paged(operation: dict[str, Any]) -> bool:
    return any(
        p.get("in") == "query" and p.get("name") == paging.CURSOR
        for p in operation.get("parameters", [])
    )


def _problem_content(existing: dict[str, Any] | None) -> dict[str, Any]:
    """The problem schema, extended by what a view documented for its own error body."""
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    schema = None
    for media in (existing or {}).values():
        schema = media.get("schema")
        if schema:
            break
    if not schema or schema == problem_ref:
        return {"application/problem+json": {"schema": problem_ref}}
    return {"application/problem+json": {"schema": {"allOf": [problem_ref, schema]}}}


def complete_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: every operation lists every status it can answer; each error
    is a problem (``application/problem+json``) and each success carries ``API-Version``,
    as api/middleware.py makes the answers. Generic, so a new endpoint is covered as is."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components["schemas"]["ProblemFieldError"] = PROBLEM_FIELD_ERROR_SCHEMA
    components.setdefault("headers", {})["API-Version"] = VERSION_HEADER_SCHEMA
    components["headers"]["Link"] = paging.LINK_HEADER_SCHEMA
    version_header = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code in _statuses(method, operation):
                responses.setdefault(str(code), {"description": STATUS_REASONS[code]})
            for code, response in responses.items():
                if int(code) >= 400:
                    response["content"] = _problem_content(response.get("content"))
                    if not response.get("description"):
                        response["description"] = STATUS_REASONS.get(int(code), "")
                else:
                    response.setdefault("headers", {}).update(version_header)
                    if code == "200" and _is_paged(operation):
                        response["headers"]["Link"] = {"$ref": "#/components/headers/Link"}
                if code == "503":
                    response.setdefault("headers", {})["Retry-After"] = {
                        "description": "Seconds to wait before trying again.",
                        "schema": {"type": "integer"},
                    }
            operation["responses"] = dict(sorted(responses.items()))
    return result


# --- What the NL GOV API Design Rules ask of the document itself ---------------------------

NOT_FOUND_NOTE = (
    "Follows the access policy of the user interface: what you may not see answers 404, "
    "exactly like what does not exist, and every read of personal data is logged."
)


def describe_document(result: dict[str, Any], request: Any = None, **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: the server the document was asked from (or ``SITE_URL``), a
    contact (``SITE_URL`` and the sender address), every tag declared, and a description
    on every operation."""
    from django.conf import settings

    root = request.build_absolute_uri("/") if request is not None else settings.SITE_URL
    result["servers"] = [{"url": root.rstrip("/"), "description": "This Wijkteam."}]
    result["info"]["contact"] = {
        "name": "Wijkteam, functional management (functioneel beheer)",
        "url": settings.SITE_URL,
        "email": settings.DEFAULT_FROM_EMAIL,
    }
    tags: set[str] = set()
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            tags.update(operation.get("tags", []))
            if not operation.get("description"):
                summary = operation.get("summary", "")
                operation["description"] = f"{summary}. {NOT_FOUND_NOTE}".lstrip(". ")
    result["tags"] = [{"name": tag} for tag in sorted(tags)]
    return result
