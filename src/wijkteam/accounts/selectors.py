"""Reads about people, through the access policy (and logged: staff data is personal data)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from wijkteam.accounts import drafts
from wijkteam.accounts.models import ApiToken, Draft, Membership, Role, SecrecyStatus, User
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Action, Actor
from wijkteam.privacy.services import access_log_record, log_read


def people_list(*, actor: Actor) -> QuerySet[User]:
    """Everyone in the municipalities the actor administers; one log row for the list read."""
    municipality = policy.municipalities_managed_by(actor).order_by("pk").first()
    if municipality is None:
        raise policy.AccessDenied("not a functional administrator")
    decision = policy.require(actor, Action.MANAGE, municipality)
    access_log_record(
        actor=actor,
        event=AccessEvent.READ,
        object_type="accounts.user.list",
        object_id=municipality.pk,
        decision=decision,
    )
    # Roles that ended are history: the list shows what each person holds now (or will).
    today = timezone.localdate()
    current = Membership.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    return policy.people_managed_by(actor).prefetch_related(
        Prefetch("memberships", queryset=current.select_related("team", "home_organisation"))
    )


def person_get(*, actor: Actor, user_id: int) -> User:
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise policy.AccessDenied("no such person")
    decision = policy.require(actor, Action.MANAGE, person)
    log_read(actor, person, decision)
    return person


def my_memberships(*, actor: Actor) -> Sequence[Membership]:
    return policy.active_memberships(actor)


@dataclass(frozen=True)
class DraftView:
    """Kept input, decrypted, for the person who typed it."""

    pk: int
    reason: str
    url: str
    page_url: str
    created_at: dt.datetime
    expires_at: dt.datetime
    fields: list[tuple[str, str]]


def _draft_view(actor: Actor, draft: Draft) -> DraftView | None:
    decision = policy.require(actor, Action.VIEW, draft)
    fields = drafts.decrypt(user_id=actor.user.pk, ciphertext=draft.ciphertext)
    if fields is None:
        return None
    access_log_record(
        actor=actor,
        event=AccessEvent.READ,
        object_type="accounts.draft",
        object_id=draft.pk,
        decision=decision,
    )
    return DraftView(
        pk=draft.pk,
        reason=draft.get_reason_display(),
        url=draft.url,
        page_url=draft.page_url,
        created_at=draft.created_at,
        expires_at=draft.expires_at,
        fields=fields,
    )


def _live_drafts(user: User) -> QuerySet[Draft]:
    return Draft.objects.filter(user=user, expires_at__gt=timezone.now())


def draft_count(*, actor: Actor) -> int:
    """How many drafts the person has (no content read, so nothing to log)."""
    return _live_drafts(actor.user).count()


def draft_list(*, actor: Actor) -> list[DraftView]:
    """The person's own kept input, newest first; one access-log row per draft shown."""
    views = (_draft_view(actor, draft) for draft in _live_drafts(actor.user))
    return [view for view in views if view is not None]


def draft_get(*, actor: Actor, draft_id: int) -> DraftView:
    draft = Draft.objects.filter(pk=draft_id, expires_at__gt=timezone.now()).first()
    if draft is None:
        raise policy.AccessDenied("no such draft")
    view = _draft_view(actor, draft)
    if view is None:
        raise policy.AccessDenied("draft no longer readable")
    return view


def api_token_list(*, actor: Actor) -> list[ApiToken]:
    """The person's own API tokens that still work, newest first (no content: nothing logged)."""
    now = timezone.now()
    return list(
        ApiToken.objects.filter(user=actor.user, revoked_at__isnull=True, expires_at__gt=now)
    )


@dataclass(frozen=True)
class LockoutView:
    """A login name blocked from one network address (django-axes), for the administrator."""

    pk: int
    person: User
    ip_address: str
    failures: int
    last_attempt: dt.datetime
    until: dt.datetime


def lockout_list(*, actor: Actor) -> list[LockoutView]:
    """Current lockouts of people the actor administers; one access-log row for the list."""
    municipality = policy.municipalities_managed_by(actor).order_by("pk").first()
    if municipality is None:
        raise policy.AccessDenied("not a functional administrator")
    decision = policy.require(actor, Action.MANAGE, municipality)
    cooloff = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = list(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=timezone.now() - cooloff,
        ).order_by("-attempt_time")
    )
    people = {
        person.username: person
        for person in policy.people_managed_by(actor).filter(
            username__in={a.username for a in attempts}
        )
    }
    shown = [
        LockoutView(
            pk=a.pk,
            person=people[a.username],
            ip_address=a.ip_address or "",
            failures=a.failures_since_start,
            last_attempt=a.attempt_time,
            until=a.attempt_time + cooloff,
        )
        for a in attempts
        if a.username in people
    ]
    access_log_record(
        actor=actor,
        event=AccessEvent.READ,
        object_type="accounts.lockout.list",
        object_id=municipality.pk,
        decision=decision,
    )
    return shown


def team_successors(*, actor: Actor, membership: Membership) -> list[User]:
    """Who may take over a leaver's coordinator roles: the team's other team members and
    team leaders with professional secrecy (for the end-membership page's choice)."""
    if membership.team_id is None:
        return []
    policy.require(actor, Action.MANAGE, membership.municipality)
    others = (
        Membership.objects.active()
        .filter(
            team_id=membership.team_id,
            role__in=(Role.TEAM_MEMBER, Role.TEAM_LEADER),
            secrecy_status=SecrecyStatus.PROFESSIONAL_SECRECY,
            user__is_active=True,
        )
        .exclude(user_id=membership.user_id)
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=others).order_by("last_name", "first_name", "pk"))
