"""Reads about people, through the access policy (and logged: staff data is personal data)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from wijkteam.accounts.models import Membership, User
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Action, Actor
from wijkteam.privacy.services import access_log_record, log_read


def people_list(*, actor: Actor) -> QuerySet[User]:
    """Everyone in the municipalities the actor administers; one log row for the list read."""
    municipality = policy.municipalities_managed_by(actor.user).order_by("pk").first()
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
    return policy.people_managed_by(actor.user).prefetch_related(
        Prefetch(
            "memberships", queryset=Membership.objects.select_related("team", "home_organisation")
        )
    )


def person_get(*, actor: Actor, user_id: int) -> User:
    person = User.objects.filter(pk=user_id).first()
    if person is None:
        raise policy.AccessDenied("no such person")
    decision = policy.require(actor, Action.MANAGE, person)
    log_read(actor, person, decision)
    return person


def my_memberships(*, actor: Actor) -> list[Membership]:
    return policy.active_memberships(actor.user)
