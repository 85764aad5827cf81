"""Sessions: MFA is mandatory for every account (BIO): a person who passed the password step
but not the second factor reaches only the MFA pages, logout and language choice. Idle
sessions end; what a POST brings after that is kept (``accounts/drafts.py``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from wijkteam.accounts import drafts, services
from wijkteam.accounts.backends import is_verified
from wijkteam.accounts.models import DraftReason, User
from wijkteam.privacy.policy import Actor, client_ip

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
        "accounts:session_status",
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
        if not user.is_authenticated or is_verified(user):
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in ALLOWED_BEFORE_MFA or request.path.startswith(("/api/", "/static/")):
            # The API refuses unverified sessions itself (MFASessionAuthentication).
            return None
        return redirect("accounts:mfa")


class IdleTimeoutMiddleware:
    """Ends a logged-in session after ``SESSION_IDLE_SECONDS`` without a request.

    The session is written at most once a minute (not on every request), which keeps a
    database write off most page views; the idle check itself is exact. The session row lives
    ``SESSION_RECOGNISE_SECONDS`` longer than that: on the idle end the session is flushed
    (nobody stays logged in), and the fresh session remembers whose it was, so that a POST
    arriving later can still be kept for that person (``KeptInputMiddleware``).
    The page's own "how long still?" question (``accounts:session_status``) does not count
    as activity.
    """

    TOUCH_EVERY_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if "_auth_user_id" in session:
            now = int(time.time())
            last = session.get("_last_seen")
            # ">=": the moment the status answer says 0 seconds left, the session has ended
            # (with ">" a POST in that same second was still logged in, and saved).
            if isinstance(last, int) and now - last >= settings.SESSION_IDLE_SECONDS:
                self._end(session, now)
            elif (
                not isinstance(last, int) or now - last >= self.TOUCH_EVERY_SECONDS
            ) and not _is_status_check(request):
                session["_last_seen"] = now  # saved with a fresh expiry date
        return self.get_response(request)

    @staticmethod
    def _end(session: Any, now: int) -> None:
        user_id = str(session["_auth_user_id"])
        # Only a person who passed the second factor is recognised afterwards.
        verified = bool(session.get(DEVICE_ID_SESSION_KEY))
        session.flush()
        session[drafts.LOGIN_NOTICE_KEY] = "ended"
        if verified:
            drafts.remember_expired_owner(session, user_id=user_id, now=now)


def _is_status_check(request: HttpRequest) -> bool:
    return request.method == "GET" and request.path == reverse("accounts:session_status")


def touch(session: Any) -> None:
    """Count this moment as activity: the idle time starts again."""
    session["_last_seen"] = int(time.time())


def seconds_left(session: Any) -> int:
    """Seconds until the idle end, as the idle check computes it (0 when not logged in)."""
    last = session.get("_last_seen")
    if "_auth_user_id" not in session or not isinstance(last, int):
        return 0
    return max(0, settings.SESSION_IDLE_SECONDS - (int(time.time()) - last))


def keep_request_input(request: HttpRequest, *, reason: str, user: User | None) -> str:
    """Keep the typed fields of a failed POST for ``user``; an ``drafts.Outcome`` value.

    ``user`` None: the person is not known (no session), so nothing can be kept.
    """
    if request.method != "POST" or not drafts.keepable_page(request):
        return drafts.Outcome.NOTHING
    if not drafts.same_site(request):
        return drafts.Outcome.NOTHING  # sent from another site: not this person's typing
    fields = drafts.typed_fields(request)
    if not fields:
        return drafts.Outcome.NOTHING
    if user is None or not user.is_active:
        return drafts.Outcome.LOST
    services.draft_keep(
        actor=Actor(user=user, ip_address=client_ip(request), purpose="keep unsaved input"),
        reason=reason,
        url=request.path,
        page_url=drafts.form_page(request),
        fields=fields,
    )
    return drafts.Outcome.KEPT


class KeptInputMiddleware:
    """A POST that arrives without a login (the session ended meanwhile) keeps its input.

    Runs after the CSRF check (a forged POST never gets here) and just before
    ``LoginRequiredMiddleware``, which then sends the person to the login page; that page
    says whether the input was kept ("kept") or could not be ("lost": no session at all).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if request.method != "POST" or request.user.is_authenticated:
            return None
        if getattr(view_func, "login_required", True) is False:
            return None  # the login page itself, invitations, the language switch
        owner_id = drafts.expired_owner(request.session)
        owner = User.objects.filter(pk=owner_id).first() if owner_id is not None else None
        outcome = keep_request_input(request, reason=DraftReason.SESSION_EXPIRED, user=owner)
        if outcome != drafts.Outcome.NOTHING:
            request.session[drafts.LOGIN_NOTICE_KEY] = str(outcome)
        return None


class NoStoreMiddleware:
    """Responses to a logged-in person are never stored by the browser or a proxy.

    Every page and API answer after login may show personal data (a household, a note, a
    name in the menu), so the simplest sound rule is: ``Cache-Control: no-store`` on every
    response to an authenticated request (session or API token; DRF sets ``request.user`` on
    the underlying request). Static files are served by WhiteNoise before this runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META:
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"  # HTTP/1.0 proxies
        return response
