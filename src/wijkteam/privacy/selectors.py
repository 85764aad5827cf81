"""Reads for the privacy officer: searching and exporting the access log (never content)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from wijkteam.accounts.models import Membership
from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.denials import DenialBurst
from wijkteam.privacy.denials import denial_bursts as find_bursts
from wijkteam.privacy.models import AccessEvent, AccessLogEntry, shown_in_list
from wijkteam.privacy.policy import Actor, Decision
from wijkteam.privacy.rules.privacy import SUPERVISE
from wijkteam.privacy.services import access_log_record

MAX_ROWS = 200


@dataclass(frozen=True)
class LogFilter:
    person: str = ""  # login name or part of the name of who acted
    object_type: str = ""
    object_id: str = ""
    outcome: str = ""  # "granted" or "denied"; empty: both
    date_from: dt.date | None = None
    date_until: dt.date | None = None
    before_id: int | None = None  # keyset pagination: rows with a smaller id


def _supervision(actor: Actor) -> tuple[Municipality, Decision]:
    """The municipality whose access log the person supervises (policy scope SUPERVISE)."""
    for membership in policy.active_memberships(actor):
        if membership.team_id is None:
            decision = policy.decide_scope(actor, SUPERVISE, municipality=membership.municipality)
            if SUPERVISE in decision.actions:
                return membership.municipality, decision
    raise policy.AccessDenied("not a privacy officer")


def _officer_municipality(actor: Actor) -> Municipality:
    return _supervision(actor)[0]


def _municipality_rows(municipality: Municipality) -> QuerySet[AccessLogEntry]:
    people = Membership.objects.filter(municipality=municipality).values("user_id")
    return AccessLogEntry.objects.filter(actor_id__in=people)


def denial_bursts(*, actor: Actor) -> list[DenialBurst]:
    """People of the officer's municipality with a burst of refused accesses right now.

    Names and counts only (no objects); the officer searches the log for the details."""
    return find_bursts(_municipality_rows(_officer_municipality(actor)))


def accesslog_search(
    *, actor: Actor, filters: LogFilter, export: bool = False
) -> QuerySet[AccessLogEntry]:
    """Log rows of people who work (or worked) in the officer's municipality, newest first.

    The search itself is logged, with its criteria as purpose, so the officer's own use of the
    log is auditable too.
    """
    municipality, decision = _supervision(actor)
    rows = _municipality_rows(municipality)
    if filters.person:
        rows = rows.filter(
            Q(actor__username__iexact=filters.person) | Q(actor_name__icontains=filters.person)
        )
    if filters.object_type:
        rows = rows.filter(object_type=filters.object_type)
    if filters.object_id:  # also the list reads (household list, search, Mijn werk) that showed it
        rows = rows.filter(Q(object_id=filters.object_id) | shown_in_list(filters.object_id))
    if filters.outcome:
        rows = rows.filter(outcome=filters.outcome)
    if filters.date_from:
        rows = rows.filter(occurred_at__date__gte=filters.date_from)
    if filters.date_until:
        rows = rows.filter(occurred_at__date__lte=filters.date_until)
    if filters.before_id:
        rows = rows.filter(pk__lt=filters.before_id)
    criteria = ", ".join(
        f"{k}={v}" for k, v in vars(filters).items() if v not in ("", None) and k != "before_id"
    )
    access_log_record(
        actor=actor,
        event=AccessEvent.EXPORT if export else AccessEvent.READ,
        object_type="privacy.accesslog",
        object_id=municipality.pk,
        decision=decision,
        purpose=f"privacy supervision: {criteria or 'all'}"[:200],
    )
    ordered = rows.order_by("-pk")
    return ordered if export else ordered[:MAX_ROWS]
