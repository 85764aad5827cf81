"""OpenAPI descriptions of Wijkteam's own authentication classes (drf-spectacular)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
