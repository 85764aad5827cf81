"""Refused access in the access log, and bursts of refusals.

Every request a logged-in person makes that ends in 403 or 404 writes access-log rows with
outcome "denied": one per object the policy refused in that request (``policy.decide``,
``policy.require``, ``policy.require_scope`` note them), or, when no policy decision was
refused (a list filtered by the policy found nothing, a page that needs a role), one row
naming the URL and its object number. Unknown URLs (nothing resolved) write nothing: a
browser's ``/favicon.ico`` is no refusal.

Why a middleware and not the view: requests run in ``ATOMIC_REQUESTS``, and the 404 rolls
the view's transaction back, row and all. The middleware runs outside that transaction, after
the rollback, and writes the rows in a transaction of its own, so the refusal survives.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Count, Max, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent, AccessLogEntry, AccessOutcome
from wijkteam.privacy.policy import Actor, Decision, Refusal, ViewLevel
from wijkteam.privacy.services import access_log_record

logger = logging.getLogger(__name__)
REFUSED_STATUSES = frozenset({403, 404})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _request_refusal(request: HttpRequest, actor: Actor) -> Refusal | None:
    match = request.resolver_match
    if match is None:
        return None
    object_id = next(iter(match.kwargs.values()), None) if match.kwargs else None
    return Refusal(
        object_type=f"url:{match.view_name}"[:60],
        object_id=str(object_id) if object_id is not None else request.path[:64],
        role=policy.held_roles(actor),
        on_behalf_of="",
        purpose=f"{request.method} {request.path}"[:200],
    )


def denials_record(*, request: HttpRequest, user: User, refusals: list[Refusal]) -> int:
    """Write the refusals of one request (outside its rolled-back transaction)."""
    actor = Actor(
        user=user,
        ip_address=policy.client_ip(request),
        loaded=policy.request_holdings(request, user),  # the roles the request read
    )
    if not refusals:
        fallback = _request_refusal(request, actor)
        refusals = [fallback] if fallback else []
    event = AccessEvent.READ if request.method in SAFE_METHODS else AccessEvent.UPDATE
    _write_refusals(actor, event, refusals)
    return len(refusals)


def _write_refusals(actor: Actor, event: str, refusals: list[Refusal], prefix: str = "") -> None:
    """One "denied" access-log row per refusal, in a transaction of its own."""
    with transaction.atomic():
        for refusal in refusals:
            access_log_record(
                actor=actor,
                event=event,
                object_type=refusal.object_type,
                object_id=refusal.object_id,
                decision=Decision(ViewLevel.NONE, frozenset(), refusal.role, refusal.on_behalf_of),
                outcome=AccessOutcome.DENIED,
                purpose=f"{prefix}{refusal.purpose}"[:200],
            )


@contextmanager
def refusals_logged(actor: Actor, *, where: str) -> Iterator[None]:
    """Outside a request (a job on the job runner, a command acting for a person): when the
    block ends in a refusal (``policy.AccessDenied``), the refused decisions are written to
    the access log with outcome "denied", as the middleware does for a 403/404 answer. The
    rows are written after the block, outside its transaction; the refusal is re-raised."""
    pending, token = policy.collect_refusals()
    try:
        yield
    except policy.AccessDenied as denied:
        policy.stop_collecting_refusals(token)
        token = None
        refusals = pending or [
            Refusal(
                object_type=f"job:{where}"[:60],
                object_id=str(denied)[:64],
                role=policy.held_roles(actor),
                on_behalf_of="",
                purpose=where[:200],
            )
        ]
        try:
            _write_refusals(actor, AccessEvent.UPDATE, refusals, prefix=f"{where}: ")
        except DatabaseError:
            logger.exception("could not log a refused access in %s", where)
        raise
    finally:
        if token is not None:
            policy.stop_collecting_refusals(token)


class DenialLogMiddleware:
    """Collects the policy's refusals during a request; logs them when the answer is 403/404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pending, token = policy.collect_refusals()
        try:
            response = self.get_response(request)
        finally:
            policy.stop_collecting_refusals(token)
        if response.status_code in REFUSED_STATUSES:
            # Read after the view: the API (DRF) sets the token's person on the request.
            user = getattr(request, "user", None)
            if isinstance(user, User) and user.is_authenticated:
                try:
                    denials_record(request=request, user=user, refusals=pending)
                except DatabaseError:  # the refusal stands; the answer must not become a 500
                    logger.exception("could not log a refused access")
        return response


# --- bursts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DenialBurst:
    actor_id: int
    actor_name: str
    count: int
    since: dt.datetime


def burst_window() -> tuple[int, dt.timedelta]:
    return (
        int(settings.DENIAL_BURST_COUNT),
        dt.timedelta(minutes=int(settings.DENIAL_BURST_MINUTES)),
    )


def denial_bursts(rows: QuerySet[AccessLogEntry]) -> list[DenialBurst]:
    """People with at least the threshold of refusals in the last window (settings)."""
    threshold, window = burst_window()
    since = timezone.now() - window
    groups = (
        rows.filter(outcome=AccessOutcome.DENIED, occurred_at__gte=since, actor__isnull=False)
        .values("actor_id")
        .annotate(n=Count("pk"), name=Max("actor_name"))
        .filter(n__gte=threshold)
        .order_by("-n", "name")
    )
    return [DenialBurst(g["actor_id"], g["name"], int(g["n"]), since) for g in groups]
