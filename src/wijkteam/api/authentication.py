"""API authentication: an MFA-verified browser session, or a personal expiring token.

A token can only be created from a session that passed MFA, so both routes rest on MFA.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.request import Request

from wijkteam.accounts.backends import account_usable
from wijkteam.accounts.security import api_token_authenticate


class MFASessionAuthentication(SessionAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = request._request.user
        if not getattr(user, "is_verified", lambda: False)():
            return None
        return result


class ExpiringTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is not None and "HTTP_ACCEPT_LANGUAGE" not in request.META:
            # A script with a token sends no language cookie: its messages follow the person's
            # chosen language unless the request asks for one (Accept-Language).
            translation.activate(result[0].preferred_language)
            request._request.LANGUAGE_CODE = translation.get_language()
        return result

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        # Tokens are stored as SHA-256 hashes (accounts.ApiToken); expired, revoked and
        # unknown tokens get the same answer, so a guess learns nothing.
        token = api_token_authenticate(key)
        if token is None or not account_usable(token.user):
            raise exceptions.AuthenticationFailed(
                _("The token is not valid (expired or revoked). Create a new one.")
            )
        return token.user, token
