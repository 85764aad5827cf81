"""Closing a trajectory: the open work is settled in the same step, the legal frameworks of
the support are recorded, and they give the file its retention class (privacy/retention.py).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.casework.choices import ActionStatus, LegalFramework, Phase
from wijkteam.casework.models import Action, Trajectory, TrajectoryFramework
from wijkteam.casework.services.common import _open, _work
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.services import log_change
from wijkteam.results.prevented import prevented_record

# What may happen to an open action on closing: it was done, or it is dropped.
ACTION_OUTCOMES = frozenset({ActionStatus.DONE, ActionStatus.CANCELLED})


def open_actions(trajectory: Trajectory) -> list[Action]:
    """The open actions of the trajectory's current plan (closing settles them)."""
    return list(
        Action.objects.filter(
            plan__trajectory=trajectory, plan__is_current=True, status=ActionStatus.OPEN
        ).order_by(F("due_on").asc(nulls_last=True), "pk")
    )


def monitoring_unfinished(trajectory: Trajectory) -> bool:
    """In monitoring, and the agreed monitoring period has not ended yet."""
    return (
        trajectory.phase == Phase.MONITORING
        and trajectory.monitoring_until is not None
        and trajectory.monitoring_until > timezone.localdate()
    )


@transaction.atomic
def trajectory_close(
    *,
    actor: Actor,
    trajectory: Trajectory,
    reason: str,
    frameworks: Collection[str],
    action_outcomes: Mapping[int, str] | None = None,
    end_monitoring: bool = False,
    prevented: Mapping[str, str] | None = None,
) -> Trajectory:
    """Close the trajectory.

    ``frameworks``: the legal frameworks the support fell under (at least one); they decide
    the retention term. ``action_outcomes``: open actions of the current plan that were done
    or are cancelled; the ones not named are cancelled (nothing stays open on a closed file,
    the closing page asks for each one). ``end_monitoring``: the professional
    confirms ending a monitoring period that still runs. ``prevented``: the optional
    "what was prevented" ticks of the closing form (outcome key -> likely/certain, "" for
    not ticked), saved in this transaction; ``None`` leaves what is registered as it is.
    """
    decision = _work(actor, trajectory.household)
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    _open(trajectory)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Give a reason for closing.")
    chosen = set(frameworks)
    if not chosen:
        errors["frameworks"] = _("Choose at least one legal framework of the support.")
    elif not chosen <= set(LegalFramework.values):
        errors["frameworks"] = _("Choose Wmo 2015, Jeugdwet or Participatiewet.")
    pending = open_actions(trajectory)
    outcomes = dict(action_outcomes or {})
    if any(value not in ACTION_OUTCOMES for value in outcomes.values()):
        errors["action_outcomes"] = _("Mark an open action done or cancel it.")
    if not set(outcomes) <= {a.pk for a in pending}:
        errors["action_outcomes"] = _("That action is not open in the plan of this trajectory.")
    if monitoring_unfinished(trajectory) and not end_monitoring:
        assert trajectory.monitoring_until is not None
        errors["end_monitoring"] = _(
            "The monitoring period runs until %(date)s. Confirm that you end it now, or hand "
            "the trajectory over to a colleague instead of closing it."
        ) % {"date": date_format(trajectory.monitoring_until)}
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for action in pending:
        Action.objects.filter(pk=action.pk).update(
            status=outcomes.get(action.pk, ActionStatus.CANCELLED),
            lock_version=F("lock_version") + 1,
            updated_by=actor.user,
            updated_at=now,
        )
        log_change(actor, action, decision)
    trajectory.phase = Phase.CLOSED
    trajectory.closing_reason = reason.strip()
    trajectory.closed_on = timezone.localdate()
    trajectory.phase_changed_at = now
    trajectory.follow_up_on = None
    trajectory.lock_version = F("lock_version") + 1
    trajectory.updated_by = actor.user
    trajectory.updated_at = now
    trajectory.save()
    trajectory.refresh_from_db()
    TrajectoryFramework.objects.bulk_create(
        [TrajectoryFramework(trajectory=trajectory, framework=f) for f in sorted(chosen)]
    )
    # Involvement ends with the trajectory (information protocol): access to the full file
    # stops at the end of the closing day.
    trajectory.involvements.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gt=trajectory.closed_on)
    ).update(valid_until=trajectory.closed_on)
    from wijkteam.privacy.retention import retention_assign

    retention_assign(household=trajectory.household)
    log_change(actor, trajectory, decision)
    if prevented is not None:  # a refusal there undoes the closing too (one transaction)
        prevented_record(actor=actor, trajectory=trajectory, chosen=prevented)
    return trajectory
