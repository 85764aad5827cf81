"""MFA is mandatory for every account (BIO): a person who passed the password step but not
the second factor reaches only the MFA pages, logout and language choice."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

ALLOWED_BEFORE_MFA = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:mfa",
        "accounts:mfa_setup",
        "accounts:mfa_verify",
        "accounts:invitation_accept",
        "set_language",
        "core:health",
    }
)


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in ALLOWED_BEFORE_MFA or request.path.startswith(("/api/", "/static/")):
            # The API refuses unverified sessions itself (MFASessionAuthentication).
            return None
        return redirect("accounts:mfa")


class IdleTimeoutMiddleware:
    """Ends a logged-in session after ``SESSION_COOKIE_AGE`` seconds without a request.

    The session is written at most once a minute (not on every request), which keeps a
    database write off most page views; the idle check itself is exact.
    """

    TOUCH_EVERY_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if "_auth_user_id" in session:
            now = int(time.time())
            last = session.get("_last_seen")
            if isinstance(last, int) and now - last > settings.SESSION_COOKIE_AGE:
                session.flush()
            elif not isinstance(last, int) or now - last >= self.TOUCH_EVERY_SECONDS:
                session["_last_seen"] = now  # saved with a fresh expiry date
        return self.get_response(request)
