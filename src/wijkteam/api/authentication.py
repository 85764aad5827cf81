"""API authentication: an MFA-verified browser session, or a personal expiring token.

A token can only be created from a session that passed MFA, so both routes rest on MFA.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.request import Request


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
        user, token = super().authenticate_credentials(key)
        age = timezone.now() - token.created
        if age > dt.timedelta(days=settings.API_TOKEN_VALID_DAYS):
            raise exceptions.AuthenticationFailed(_("The token has expired. Create a new one."))
        return user, token
