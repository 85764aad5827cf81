"""MFA is mandatory for every account (BIO): a person who passed the password step but not
the second factor reaches only the MFA pages, logout and language choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
