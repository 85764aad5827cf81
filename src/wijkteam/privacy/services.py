"""Writes of the privacy app: the access log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from wijkteam.privacy.models import AccessEvent, AccessLogEntry, AccessOutcome
from wijkteam.privacy.policy import Actor, Decision, ViewLevel


def access_log_record(
    *,
    actor: Actor,
    event: str,
    object_type: str,
    object_id: str | int,
    decision: Decision | None = None,
    outcome: str = AccessOutcome.GRANTED,
    purpose: str | None = None,
    object_ids: Iterable[int | str] | None = None,
    role: str = "",
    on_behalf_of: str = "",
) -> AccessLogEntry:
    """Append one row to the access log.

    ``object_ids`` names every object a list read showed; ``role`` and ``on_behalf_of`` are
    used when there is no ``decision`` (a list spans objects, see :func:`log_list_read`).

    Must run inside the transaction of the read or change it records (the request's
    transaction, or the service's ``atomic`` block), so that a rolled-back change leaves no
    row and a committed one always has its row.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("access_log_record must run inside a transaction")
    user = actor.user
    return AccessLogEntry.objects.create(
        event=event,
        occurred_at=timezone.now(),
        outcome=outcome,
        actor=user,
        actor_name=(user.get_full_name() or user.username)[:200],
        actor_role=(decision.role if decision and decision.role else role)[:40] or "unknown",
        on_behalf_of=(decision.on_behalf_of if decision else on_behalf_of)[:200] or "-",
        object_type=object_type[:60],
        object_id=str(object_id)[:64],
        object_ids=",".join(str(i) for i in object_ids) or None if object_ids is not None else None,
        purpose=(purpose or actor.purpose)[:200],
        ip_address=actor.ip_address,
    )


INVOLVED_ROLE = "involved professional"  # as the casework rule names it


def log_list_read(
    *,
    actor: Actor,
    object_type: str,
    object_id: str | int,
    shown: Iterable[tuple[int, int | None]],
    decision: Decision | None = None,
) -> None:
    """One access-log row for a list or search result: every object it showed, by id.

    ``shown`` holds (object id, owning team id) per row. Without a ``decision`` the role is
    the person's role in the teams the rows belong to (from the memberships loaded with the
    person: no query), or "involved professional" for a row outside their teams. One INSERT,
    whatever the length of the list; nothing is written for an empty list.
    """
    rows = list(shown)
    if not rows:
        return
    role = on_behalf_of = ""
    if decision is None:
        from wijkteam.privacy import policy

        by_team = {m.team_id: m for m in policy.active_memberships(actor) if m.team_id}
        roles: set[str] = set()
        teams: set[str] = set()
        for _id, team_id in rows:
            membership = by_team.get(team_id) if team_id is not None else None
            if membership is None:
                roles.add(INVOLVED_ROLE)
            else:
                roles.add(membership.role)
                teams.add(membership.team.name if membership.team else "")
        role = ",".join(sorted(roles))
        on_behalf_of = ", ".join(sorted(t for t in teams if t))
    access_log_record(
        actor=actor,
        event=AccessEvent.READ,
        object_type=object_type,
        object_id=object_id,
        decision=decision,
        object_ids=[object_pk for object_pk, _team in rows],
        role=role,
        on_behalf_of=on_behalf_of,
    )


def log_read(
    actor: Actor,
    obj: Model,
    decision: Decision,
    *,
    object_type: str | None = None,
    part_of_file: bool = False,
) -> None:
    """Log a read of ``obj``.

    ``part_of_file=True`` marks a part shown inside a page that already logged the read of the
    whole file (the household file at the full level: its row covers everything on the page,
    such as the assessment summary). It is logged only when the actor (the request: its
    ``Holdings``) did not read this object at the full level before, so a page writes one row
    per read, not one per panel; read on its own (another page, another object), the part is
    logged as always.
    """
    read = (obj._meta.label_lower, obj.pk)
    if part_of_file and read in actor.holdings.full_reads:
        return
    access_log_record(
        actor=actor,
        event=AccessEvent.READ,
        object_type=object_type or obj._meta.label_lower,
        object_id=obj.pk,
        decision=decision,
    )
    if decision.level >= ViewLevel.FULL and object_type is None:
        actor.holdings.full_reads.add(read)


def log_change(
    actor: Actor, obj: Model, decision: Decision, *, event: str = AccessEvent.UPDATE
) -> None:
    access_log_record(
        actor=actor,
        event=event,
        object_type=obj._meta.label_lower,
        object_id=obj.pk,
        decision=decision,
    )


@transaction.atomic
@transaction.atomic
def protocol_settings_save(
    *, actor: Actor, municipality: Any, form: Any, lock_version: int | None = None
) -> Any:
    """Save the tunable part of the information protocol (functional administrator).

    ``lock_version``: the version the page showed (0: not saved yet). A colleague's save
    since raises ``ConflictError`` with the stored settings, who saved them and when; the
    row lock makes a second save with the same version wait and then see the new one."""
    from wijkteam.core.conflicts import ConflictError, row_stamp
    from wijkteam.privacy import policy
    from wijkteam.privacy.models import ProtocolSettings
    from wijkteam.privacy.policy import Action

    policy.require(actor, Action.MANAGE, municipality)
    stored = ProtocolSettings.objects.select_for_update().filter(municipality=municipality).first()
    shown = stored.lock_version if stored else 0
    if lock_version is not None and lock_version != shown:
        raise ConflictError(current=stored, stamp=row_stamp(stored) if stored else None)
    settings_row = form.save(commit=False)
    settings_row.municipality = municipality
    if stored is not None:
        settings_row.pk = stored.pk
        settings_row.lock_version = stored.lock_version + 1
    settings_row.updated_by = actor.user
    settings_row.updated_at = timezone.now()
    settings_row.full_clean()
    settings_row.save()
    return settings_row
