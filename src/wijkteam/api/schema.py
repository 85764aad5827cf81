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
