"""Writes of casework: phases, conversation, plan, actions, notes, evaluation, closing.

Every service checks its preconditions, asks the policy for the right to work on the
household file, and records the change in the access log inside its transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.accounts.models import SecrecyStatus, User
from wijkteam.casework.models import (
    Conversation,
    Evaluation,
    Involvement,
    Note,
    NoteKind,
    Phase,
    Plan,
    Trajectory,
)
from wijkteam.casework.services.common import (
    ALLOWED_TRANSITIONS,
    ConflictError,
    _check_team_professional,
    _open,
    _work,
)
from wijkteam.core.conflicts import Stamp, describe, row_stamp, update_versioned
from wijkteam.households.models import Household
from wijkteam.organisations.models import Team
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Actor, Decision
from wijkteam.privacy.rules import casework as rules
from wijkteam.privacy.services import access_log_record, log_change
from wijkteam.results.prevented import prevented_record

# The access-log object type of a re-registration (object id: the household).
REREGISTRATION_LOG_TYPE = "households.household.reregistration"

# --- trajectory ---------------------------------------------------------------------------


@transaction.atomic
def trajectory_start(*, actor: Actor, household: Household, coordinator: User) -> Trajectory:
    """A new trajectory for a household whose last one is closed.

    Only somebody who works on the file may start it: starting one must never be a way
    into a household's history.
    """
    decision = _work(actor, household)
    trajectory = _trajectory_create(actor, household, coordinator, decision)
    from wijkteam.privacy.retention import retention_assign

    # Support runs again: the destruction date set at closing no longer applies.
    retention_assign(household=household)
    return trajectory


@transaction.atomic
def trajectory_start_for_new_household(
    *, actor: Actor, household: Household, coordinator: User, decision: Decision
) -> Trajectory:
    """The first trajectory, started by household_create (whose caller may create households)."""
    policy.require_scope(actor, rules.CREATE_HOUSEHOLD, team=household.team)
    if household.trajectories.exists():
        raise ValidationError(_("This household already has a trajectory."))
    return _trajectory_create(actor, household, coordinator, decision)


@transaction.atomic
def trajectory_restart_for_signal(
    *, actor: Actor, household: Household, coordinator: User, signal_id: int
) -> Trajectory:
    """Re-registration (heraanmelding): a new trajectory for a household whose trajectories
    are all closed, started from a new signal about it (intake checks the signal first).

    Nobody is involved any more after closing, so ``trajectory_start`` (which needs somebody
    who works on the file) cannot help. A team member who may create households in the
    household's team may start it instead, as creating a second household would: the same
    team, the same purpose. The coordinator gets the normal full file, earlier trajectories
    included; the access log names the signal, so the privacy officer can review it.
    """
    decision = policy.require_scope(actor, rules.CREATE_HOUSEHOLD, team=household.team)
    # One re-registration at a time: a second request waits here and then finds the new
    # trajectory open.
    household = Household.objects.select_for_update().select_related("team").get(pk=household.pk)
    if not household.trajectories.exists():
        raise policy.AccessDenied("no earlier trajectory: the household starts with its first")
    purpose = f"re-registration (heraanmelding) from signal {signal_id}"
    restart_actor = dataclasses.replace(actor, purpose=purpose)
    trajectory = _trajectory_create(restart_actor, household, coordinator, decision)
    # A row on the household itself: it shows in the resident's access report (inzage) and
    # the privacy officer can list re-registrations by this object type.
    access_log_record(
        actor=restart_actor,
        event=AccessEvent.CREATE,
        object_type=REREGISTRATION_LOG_TYPE,
        object_id=household.pk,
        decision=decision,
    )
    from wijkteam.privacy.retention import retention_assign

    # Support runs again: the destruction date set at closing no longer applies.
    retention_assign(household=household)
    return trajectory


def _trajectory_create(
    actor: Actor, household: Household, coordinator: User, decision: Decision
) -> Trajectory:
    _check_team_professional(household, policy.person(actor, coordinator))
    if household.trajectories.exclude(phase=Phase.CLOSED).exists():
        raise ValidationError(_("This household already has an open trajectory."))
    trajectory = Trajectory.objects.create(household=household, coordinator=coordinator)
    Involvement.objects.create(trajectory=trajectory, user=coordinator, role=_("Coordinator"))
    # An earlier plan belongs to an earlier trajectory; it is history from now on.
    Plan.objects.filter(household=household, is_current=True).update(is_current=False)
    log_change(actor, trajectory, decision, event=AccessEvent.CREATE)
    return trajectory


@transaction.atomic
def trajectory_advance(
    *,
    actor: Actor,
    trajectory: Trajectory,
    to_phase: str,
    follow_up_on: dt.date | None = None,
    monitoring_until: dt.date | None = None,
) -> Trajectory:
    """Move the trajectory to another phase, if the step is allowed and its conditions hold."""
    decision = _work(actor, trajectory.household)
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if to_phase == Phase.CLOSED:
        raise ValidationError(_("Close a trajectory with a reason."))
    if to_phase not in ALLOWED_TRANSITIONS.get(trajectory.phase, frozenset()):
        raise ValidationError(
            _("A trajectory cannot go from %(from)s to %(to)s.")
            % {
                "from": Phase(trajectory.phase).label,
                "to": Phase(to_phase).label if to_phase in Phase.values else to_phase,
            }
        )
    if (
        to_phase == Phase.SUPPORT
        and not Plan.objects.filter(trajectory=trajectory, is_current=True).exists()
    ):
        raise ValidationError(_("Make a plan before support starts."))
    if to_phase == Phase.MONITORING:
        if not trajectory.evaluated_in_this_phase:
            raise ValidationError(_("Record an evaluation before monitoring starts."))
        today = timezone.localdate()
        if follow_up_on and follow_up_on < today:
            raise ValidationError({"follow_up_on": _("The follow-up date cannot be in the past.")})
        trajectory.follow_up_on = follow_up_on or today + dt.timedelta(weeks=6)
        trajectory.monitoring_until = monitoring_until or today + dt.timedelta(weeks=26)
    trajectory.phase = to_phase
    trajectory.phase_changed_at = timezone.now()
    trajectory.lock_version = F("lock_version") + 1
    trajectory.updated_by = actor.user
    trajectory.updated_at = timezone.now()
    trajectory.save()
    trajectory.refresh_from_db()
    log_change(actor, trajectory, decision)
    return trajectory


@transaction.atomic
def trajectory_update(
    *,
    actor: Actor,
    trajectory: Trajectory,
    lock_version: int,
    direction: str,
    takeover_reason: str = "",
    intensity: str,
    escalated_to: str = "",
    escalated_on: dt.date | None = None,
    escalation_reason: str = "",
    coordinator: User | None = None,
) -> Trajectory:
    """Direction (with the resident or taken over), intensity, escalation and coordinator."""
    decision = _work(actor, trajectory.household)
    _open(trajectory)
    if coordinator is not None and coordinator.pk != trajectory.coordinator_id:
        _check_team_professional(trajectory.household, policy.person(actor, coordinator))
    if direction == "taken_over" and not takeover_reason:
        raise ValidationError({"takeover_reason": _("Say why the direction is taken over.")})
    if escalated_to and not (escalated_on and escalation_reason):
        raise ValidationError(_("For an escalation, record to whom, when and why."))
    changed = Trajectory.objects.filter(pk=trajectory.pk, lock_version=lock_version).update(
        direction=direction,
        takeover_reason=takeover_reason if direction == "taken_over" else "",
        intensity=intensity,
        escalated_to=escalated_to,
        escalated_on=escalated_on,
        escalation_reason=escalation_reason,
        coordinator=coordinator or trajectory.coordinator,
        lock_version=F("lock_version") + 1,
        updated_by=actor.user,
        updated_at=timezone.now(),
    )
    if not changed:
        current = Trajectory.objects.select_related("updated_by").get(pk=trajectory.pk)
        raise ConflictError(current=current, stamp=row_stamp(current))
    trajectory.refresh_from_db()
    _ensure_involved(trajectory, trajectory.coordinator)
    log_change(actor, trajectory, decision)
    return trajectory


def _ensure_involved(trajectory: Trajectory, user: User) -> None:
    """The coordinator is always involved."""
    today = timezone.localdate()
    active = trajectory.involvements.filter(user=user).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    if not active.exists():
        Involvement.objects.create(trajectory=trajectory, user=user, role=_("Coordinator"))


@transaction.atomic
def involvement_end(
    *, actor: Actor, involvement: Involvement, lock_version: int | None = None
) -> Involvement:
    """Stop somebody's involvement (from today); never the coordinator's.

    ``lock_version``: the version the page showed (the button carries it); a colleague's
    change since raises :class:`ConflictError` naming who and when.
    """
    trajectory = involvement.trajectory
    decision = _work(actor, trajectory.household)
    if involvement.user_id == trajectory.coordinator_id:
        raise ValidationError(
            _("The coordinator is always involved; choose another coordinator first.")
        )
    current = Involvement.objects.select_for_update(of=("self",)).select_related("updated_by")
    involvement = current.get(pk=involvement.pk)
    ended = involvement.valid_until is not None and involvement.valid_until < timezone.localdate()
    if ended or (lock_version is not None and involvement.lock_version != lock_version):
        raise ConflictError(current=involvement, stamp=row_stamp(involvement))
    update_versioned(
        Involvement,
        pk=involvement.pk,
        lock_version=involvement.lock_version,
        user=actor.user,
        valid_until=timezone.localdate() - dt.timedelta(days=1),
    )
    involvement.refresh_from_db()
    log_change(actor, trajectory, decision)
    return involvement


@transaction.atomic
def team_work_hand_over(
    *,
    actor: Actor,
    decision: Decision,
    team: Team,
    leaver: User,
    successor: User | None,
    ended_on: dt.date,
) -> int:
    """A person leaves ``team`` (``accounts.membership_end``, whose decision is passed in):
    their involvements in the team's trajectories end with their membership, and the open
    trajectories they coordinate go to ``successor``, who becomes involved.

    Without a successor while they coordinate open trajectories: ``ValidationError`` on
    ``successor`` (the end-membership page asks for one). Returns the number handed over.
    """
    coordinated = list(
        Trajectory.objects.select_for_update()
        .filter(household__team=team, coordinator=leaver)
        .exclude(phase=Phase.CLOSED)
    )
    if coordinated:
        successor_membership = (
            policy.team_membership(successor, team.pk) if successor is not None else None
        )
        if (
            successor is None
            or successor.pk == leaver.pk
            or successor_membership is None
            or successor_membership.role not in rules.CREATOR_ROLES
            or successor_membership.secrecy_status != SecrecyStatus.PROFESSIONAL_SECRECY
        ):
            raise ValidationError(
                {
                    "successor": _(
                        "This person coordinates %(n)d open trajectories in the team. "
                        "Choose a colleague in the team who takes them over."
                    )
                    % {"n": len(coordinated)}
                }
            )
    # Inclusive end dates: the day before the membership's end, even before its start (a
    # membership ended on its first day gave nothing).
    until = ended_on - dt.timedelta(days=1)
    stamp = {"lock_version": F("lock_version") + 1, "updated_by": actor.user}
    now = timezone.now()
    rules.active_involvements(leaver).filter(trajectory__household__team=team).update(
        valid_until=until, updated_at=now, **stamp
    )
    for trajectory in coordinated:
        assert successor is not None
        Trajectory.objects.filter(pk=trajectory.pk).update(
            coordinator=successor, updated_at=now, **stamp
        )
        _ensure_involved(trajectory, successor)
        log_change(actor, trajectory, decision)
    return len(coordinated)


@transaction.atomic
def involvement_add(*, actor: Actor, trajectory: Trajectory, user: User, role: str) -> Involvement:
    decision = _work(actor, trajectory.household)
    _open(trajectory)
    if not role.strip():
        raise ValidationError({"role": _("Describe the person's role.")})
    # Lock the trajectory row: two colleagues adding the same person at once cannot both
    # pass the check below (PostgreSQL READ COMMITTED); the second is told who was first.
    Trajectory.objects.select_for_update().filter(pk=trajectory.pk).first()
    already = (
        rules.active_involvements(user).filter(trajectory=trajectory).select_related("updated_by")
    ).first()
    if already is not None:
        by = row_stamp(already)
        if by.by and by.at:
            raise ValidationError(
                {
                    "user": _("This person is already involved (%(stamp)s)")
                    % {"stamp": describe(by).rstrip(".")}
                }
            )
        raise ValidationError({"user": _("This person is already involved.")})
    if not any(
        m.secrecy_status == SecrecyStatus.PROFESSIONAL_SECRECY
        and m.municipality_id == trajectory.household.team.municipality_id
        for m in policy.active_memberships(user)
    ):
        raise ValidationError(
            {"user": _("Only professionals with professional secrecy can be involved.")}
        )
    involvement = Involvement.objects.create(
        trajectory=trajectory,
        user=user,
        role=role.strip(),
        updated_by=actor.user,
        updated_at=timezone.now(),
    )
    log_change(actor, trajectory, decision)
    return involvement


# --- analysis -----------------------------------------------------------------------------


CONVERSATION_FIELDS = (
    "question_asked",
    "question_behind",
    "strengths",
    "ambitions",
    "participation_level",
    "held_on",
)


@transaction.atomic
def conversation_record(
    *,
    actor: Actor,
    trajectory: Trajectory,
    question_asked: str,
    lock_version: int | None,
    question_behind: str = "",
    strengths: str = "",
    ambitions: str = "",
    participation_level: int | None = None,
    held_on: dt.date | None = None,
) -> Conversation:
    """Record (or rewrite) the kitchen-table conversation.

    ``lock_version`` is the version the form was rendered from (``None``: the form showed
    no conversation yet). A stale version raises :class:`ConflictError` and changes nothing.
    """
    decision = _work(actor, trajectory.household)
    _open(trajectory)
    if not question_asked.strip():
        raise ValidationError({"question_asked": _("Write down the question the household asks.")})
    if participation_level is not None and not 1 <= participation_level <= 6:
        raise ValidationError({"participation_level": _("Choose a level from 1 to 6.")})
    if held_on and held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The conversation cannot be in the future.")})
    values = {
        "question_asked": question_asked.strip(),
        "question_behind": question_behind,
        "strengths": strengths,
        "ambitions": ambitions,
        "participation_level": participation_level,
        "held_on": held_on or timezone.localdate(),
        "author": actor.user,
        "updated_at": timezone.now(),
    }
    # The trajectory row is the lock for its one conversation: two first saves meet here.
    Trajectory.objects.select_for_update().filter(pk=trajectory.pk).first()
    existing = Conversation.objects.filter(trajectory=trajectory).select_related("author").first()
    if existing is None and lock_version is None:
        conversation = Conversation.objects.create(trajectory=trajectory, **values)
        created = True
    else:
        changed = (
            existing is not None
            and lock_version is not None
            and Conversation.objects.filter(pk=existing.pk, lock_version=lock_version).update(
                **values, lock_version=F("lock_version") + 1
            )
        )
        if not changed:
            raise ConflictError(
                current=existing,
                stamp=Stamp.of(existing.author, existing.updated_at) if existing else None,
            )
        conversation = Conversation.objects.get(pk=existing.pk)  # type: ignore[union-attr]
        created = False
    log_change(
        actor, conversation, decision, event=AccessEvent.CREATE if created else AccessEvent.UPDATE
    )
    return conversation


EVALUATION_FIELDS = (
    "question_answered",
    "what_worked",
    "self_reliance",
    "participation",
    "lessons",
)

# --- timeline and evaluation ---------------------------------------------------------------


@transaction.atomic
def note_create(
    *,
    actor: Actor,
    household: Household,
    text: str,
    kind: str = NoteKind.CONTACT,
    occurred_at: dt.datetime | None = None,
) -> Note:
    # Also under emergency access (the log row's role says so); other casework needs WORK.
    decision = policy.require(actor, rules.WRITE_NOTE, household)
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    if kind not in NoteKind.values:
        raise ValidationError({"kind": _("Choose a type of contact.")})
    now = timezone.now()
    if occurred_at and occurred_at > now + dt.timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("A note cannot be about the future.")})
    trajectory = (
        household.trajectories.exclude(phase=Phase.CLOSED).order_by("-started_on", "-pk").first()
    )
    note = Note.objects.create(
        household=household,
        trajectory=trajectory,
        kind=kind,
        text=text.strip(),
        occurred_at=occurred_at or now,
        author=actor.user,
    )
    log_change(actor, note, decision, event=AccessEvent.CREATE)
    return note


@transaction.atomic
def evaluation_record(
    *,
    actor: Actor,
    trajectory: Trajectory,
    question_answered: str,
    self_reliance: str,
    participation: str,
    seen_evaluation_id: int | None,
    what_worked: str = "",
    lessons: str = "",
    prevented: Mapping[str, str] | None = None,
) -> Evaluation:
    """Record an evaluation. ``seen_evaluation_id`` is the latest evaluation the form was
    rendered with (``None``: none yet); if a colleague recorded one since, this one is
    refused with :class:`ConflictError` (and not saved), so nobody evaluates blind.
    ``prevented``: the optional "what was prevented" ticks of the evaluation form, saved in
    this transaction (``None`` leaves what is registered as it is)."""
    decision = _work(actor, trajectory.household)
    if trajectory.phase != Phase.EVALUATION:
        raise ValidationError(_("Move the trajectory to the evaluation phase first."))
    evaluation = Evaluation(
        trajectory=trajectory,
        question_answered=question_answered,
        self_reliance=self_reliance,
        participation=participation,
        what_worked=what_worked,
        lessons=lessons,
        author=actor.user,
    )
    evaluation.full_clean(exclude=["trajectory", "author"])
    evaluation.save()
    # Conditional UPDATE: of two evaluations made from the same page state, one wins.
    moved = Trajectory.objects.filter(pk=trajectory.pk, last_evaluation_id=seen_evaluation_id)
    if not moved.update(last_evaluation=evaluation):
        latest = (
            Evaluation.objects.filter(trajectory=trajectory)
            .exclude(pk=evaluation.pk)
            .select_related("author")
            .order_by("-created_at", "-pk")
            .first()
        )
        stamp = Stamp.of(latest.author, latest.created_at) if latest else None
        raise ConflictError(current=latest, stamp=stamp)
    trajectory.last_evaluation = evaluation
    log_change(actor, evaluation, decision, event=AccessEvent.CREATE)
    if prevented is not None:
        prevented_record(actor=actor, trajectory=trajectory, chosen=prevented)
    return evaluation


@transaction.atomic
def follow_up_set(*, actor: Actor, trajectory: Trajectory, follow_up_on: dt.date) -> Trajectory:
    """Set the next monitoring check-in (it shows on the coordinator's "Mijn werk")."""
    decision = _work(actor, trajectory.household)
    if trajectory.phase != Phase.MONITORING:
        raise ValidationError(_("Follow-ups are for the monitoring phase."))
    if follow_up_on < timezone.localdate():
        raise ValidationError({"follow_up_on": _("The follow-up date cannot be in the past.")})
    Trajectory.objects.filter(pk=trajectory.pk).update(follow_up_on=follow_up_on)
    trajectory.refresh_from_db()
    log_change(actor, trajectory, decision)
    return trajectory
