"""Writes of the intake app: signals, feedback, outreach attempts and the duty roster.

Every service is atomic, checks the access policy, validates, and writes one access-log row
for the personal data it changes in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.accounts.models import Membership, Role, User
from wijkteam.intake.models import (
    DutyShift,
    OutreachAttempt,
    Signal,
    SignalFeedback,
    SignallingPartner,
    SignalStatus,
    SourceKind,
)
from wijkteam.organisations.models import Area, Team
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import AccessDenied, Actor, Decision
from wijkteam.privacy.rules.intake import EDIT, SIGNALS, TEAM_CONFIG
from wijkteam.privacy.services import log_change

if TYPE_CHECKING:
    from wijkteam.intake.linking import Restarted

ROSTER_ROLES = (Role.TEAM_MEMBER,)  # the core members who take turns on duty
# A browser clock a few minutes ahead is not "the future" (minute precision in the form).
OUTREACH_CLOCK_SLACK = dt.timedelta(minutes=5)


def _require_team_edit(actor: Actor, team: Team) -> Decision:
    decision = policy.decide_scope(actor, SIGNALS, team=team)
    if not (decision.allowed and EDIT in decision.actions):
        raise AccessDenied("register signals for this team")
    return decision


def default_deadline(partner: SignallingPartner | None, received: dt.datetime) -> dt.date | None:
    """Eviction prevention and similar agreements: the partner gives the team N days."""
    if partner is None or not partner.deadline_days:
        return None
    return timezone.localtime(received).date() + dt.timedelta(days=partner.deadline_days)


@transaction.atomic
def signal_register(
    *,
    actor: Actor,
    team: Team,
    concern: str,
    subject_name: str = "",
    subject_address: str = "",
    source_kind: str = SourceKind.PARTNER,
    partner: SignallingPartner | None = None,
    signaller: str = "",
    channel: str = "phone",
    urgency: str = "normal",
    deadline: dt.date | None = None,
    received_at: dt.datetime | None = None,
    area: Area | None = None,
) -> Signal:
    decision = _require_team_edit(actor, team)
    if area is not None and not team.areas.filter(pk=area.pk).exists():
        raise ValidationError({"area": _("This area is not one of the team's areas.")})
    if partner is not None and partner.team_id != team.pk:
        raise ValidationError({"partner": _("This partner belongs to another team.")})
    if source_kind == SourceKind.PARTNER and partner is None:
        raise ValidationError({"partner": _("Choose the signalling partner, or another source.")})
    if source_kind != SourceKind.PARTNER:
        partner = None
    received = received_at or timezone.now()
    signal = Signal(
        team=team,
        source_kind=source_kind,
        partner=partner,
        signaller=signaller.strip(),
        channel=channel,
        subject_name=subject_name.strip(),
        subject_address=subject_address.strip(),
        area=area,
        concern=concern.strip(),
        urgency=urgency,
        deadline=deadline or default_deadline(partner, received),
        received_at=received,
        created_by=actor.user,
    )
    if not signal.subject_name and not signal.subject_address:
        raise ValidationError({"subject_name": _("Give the resident's name, address or both.")})
    if signal.deadline and signal.deadline < timezone.localtime(received).date():
        raise ValidationError({"deadline": _("The deadline cannot be before the signal came in.")})
    signal.full_clean()
    signal.save()
    log_change(actor, signal, decision, event=AccessEvent.CREATE)
    return signal


def _require_signal_edit(actor: Actor, signal: Signal) -> Decision:
    return policy.require(actor, EDIT, signal)


def _require_open(signal: Signal) -> None:
    if not signal.is_open:
        raise ValidationError(_("This signal is already linked or closed."))


@transaction.atomic
def signal_close(*, actor: Actor, signal: Signal, reason: str) -> Signal:
    decision = _require_signal_edit(actor, signal)
    _require_open(signal)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for closing this signal.")})
    signal.status = SignalStatus.CLOSED
    signal.close_reason = reason
    signal.save(update_fields=["status", "close_reason", "updated_at"])
    log_change(actor, signal, decision)
    return signal


@transaction.atomic
def signal_link_household(*, actor: Actor, signal: Signal, household_id: int) -> Signal:
    """Link the signal to an existing household of the same team (found via its selectors)."""
    decision = _require_signal_edit(actor, signal)
    _require_open(signal)
    from wijkteam.intake import linking

    if not linking.household_visible(actor=actor, household_id=household_id, team=signal.team):
        raise ValidationError({"household": _("This household does not exist in your team.")})
    signal.household_id = household_id
    signal.status = SignalStatus.LINKED
    signal.save(update_fields=["household", "status", "updated_at"])
    # The outreach so far becomes part of the household's history too.
    signal.outreach_attempts.filter(household__isnull=True).update(household_id=household_id)
    log_change(actor, signal, decision)
    return signal


@transaction.atomic
def signal_link_new_household(*, actor: Actor, signal: Signal, data: dict[str, Any]) -> Signal:
    """Create a household through the households service and link the signal to it."""
    _require_signal_edit(actor, signal)
    _require_open(signal)
    from wijkteam.intake import linking

    household_id = linking.household_create(actor=actor, team=signal.team, data=data)
    return signal_link_household(actor=actor, signal=signal, household_id=household_id)


def signal_restart_refusal(*, actor: Actor, signal: Signal) -> str | None:
    """Why no new trajectory can start from this signal; ``None`` when it can.

    A re-registration (heraanmelding) needs a signal that is linked (not closed) to a
    household of the signal's team whose trajectories are all closed. While a trajectory is
    open, its professionals take the signal up themselves.
    """
    from wijkteam.intake import linking

    if signal.status == SignalStatus.CLOSED:
        return _("This signal is closed.")
    if signal.status != SignalStatus.LINKED or signal.household_id is None:
        return _("Link the signal to the household first.")
    state = linking.household_restart_state(
        actor=actor, household_id=signal.household_id, team=signal.team
    )
    if state == linking.RESTART_UNKNOWN:
        return _("This household does not exist in your team.")
    if state == linking.RESTART_OPEN:
        return _("This household already has an open trajectory.")
    if state == linking.RESTART_NONE:
        return _("A new trajectory can only follow a closed one.")
    return None


@transaction.atomic
def signal_restart_trajectory(
    *, actor: Actor, signal: Signal, coordinator: User | None = None
) -> Restarted:
    """Re-registration (heraanmelding): start a new trajectory for the known household this
    signal is linked to, after its last trajectory was closed.

    Allowed for the team members who may create households in the signal's team; the
    coordinator (the actor when not given) must be a professional of that team. The casework
    service creates the trajectory and writes the access-log rows naming this signal; the
    signal stays linked.
    """
    from wijkteam.intake import linking

    _require_signal_edit(actor, signal)
    if not linking.may_start_work(actor=actor, team=signal.team):
        raise AccessDenied("may not start work for this team")
    refusal = signal_restart_refusal(actor=actor, signal=signal)
    if refusal is not None:
        raise ValidationError(refusal)
    assert signal.household_id is not None  # checked by signal_restart_refusal
    return linking.trajectory_restart(
        actor=actor,
        household_id=signal.household_id,
        coordinator=coordinator or actor.user,
        signal_id=signal.pk,
    )


@transaction.atomic
def signal_feedback_record(
    *, actor: Actor, signal: Signal, given_to: str, content: str, given_on: dt.date | None = None
) -> SignalFeedback:
    decision = _require_signal_edit(actor, signal)
    day = given_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"given_on": _("Feedback cannot be given in the future.")})
    feedback = SignalFeedback(
        signal=signal,
        given_to=given_to.strip(),
        content=content.strip(),
        given_on=day,
        given_by=actor.user,
    )
    feedback.full_clean()
    feedback.save()
    log_change(actor, feedback, decision, event=AccessEvent.CREATE)
    return feedback


@transaction.atomic
def outreach_attempt_record(
    *,
    actor: Actor,
    kind: str,
    outcome: str,
    signal: Signal | None = None,
    household: Any = None,
    note: str = "",
    attempted_at: dt.datetime | None = None,
    next_attempt_on: dt.date | None = None,
) -> OutreachAttempt:
    """Log one attempt to reach a resident, for a signal and/or a household of the team.

    ``attempted_at`` defaults to now; attempts are often logged afterwards, never ahead.
    ``next_attempt_on`` plans the next try (shown in Mijn werk to who is on duty that day).
    The first attempt on a new signal starts the work on it (status "in progress").
    """
    if signal is not None:
        decision = _require_signal_edit(actor, signal)
        team = signal.team
        household = household or signal.household
    elif household is not None:
        team = household.team
        decision = _require_team_edit(actor, team)
        if not policy.decide(actor, household).allowed:
            raise AccessDenied("household not visible")
    else:
        raise ValidationError(_("An outreach attempt belongs to a signal or a household."))
    if household is not None and household.team_id != team.pk:
        raise ValidationError({"household": _("This household does not exist in your team.")})
    at = attempted_at or timezone.now()
    if at > timezone.now() + OUTREACH_CLOCK_SLACK:
        raise ValidationError({"attempted_at": _("An attempt cannot be in the future.")})
    if next_attempt_on is not None and next_attempt_on < timezone.localtime(at).date():
        raise ValidationError(
            {"next_attempt_on": _("The next attempt cannot be before this attempt.")}
        )
    attempt = OutreachAttempt(
        team=team,
        signal=signal,
        household=household,
        kind=kind,
        outcome=outcome,
        note=note.strip(),
        attempted_at=at,
        next_attempt_on=next_attempt_on,
        made_by=actor.user,
    )
    attempt.full_clean()
    attempt.save()
    if signal is not None and signal.status == SignalStatus.NEW:
        signal.status = SignalStatus.IN_PROGRESS
        signal.save(update_fields=["status", "updated_at"])
    log_change(actor, attempt, decision, event=AccessEvent.CREATE)
    return attempt


# --- signalling partners (organisation data) ----------------------------------------------


@transaction.atomic
def partner_save(
    *, actor: Actor, team: Team, partner: SignallingPartner | None, data: dict[str, Any]
) -> SignallingPartner:
    decision = policy.decide_scope(actor, TEAM_CONFIG, team=team)
    if EDIT not in decision.actions:
        raise AccessDenied("change partners of this team")
    partner = partner or SignallingPartner(team=team)
    if partner.team_id != team.pk:
        raise AccessDenied("partner of another team")
    contact = data.get("contact_person")
    if (
        contact is not None
        and not Membership.objects.active().filter(user=contact, team=team).exists()
    ):
        raise ValidationError({"contact_person": _("The contact person must be in this team.")})
    for key in ("name", "kind", "partner_contact", "agreement", "deadline_days", "is_active"):
        if key in data:
            setattr(partner, key, data[key])
    partner.contact_person = contact
    partner.full_clean()
    partner.save()
    return partner


# --- duty roster ----------------------------------------------------------------------------


def roster_members(team: Team, on: dt.date | None = None) -> list[User]:
    """The core members who take turns, in a stable order (name, then id)."""
    ids = (
        Membership.objects.active(on)
        .filter(team=team, role__in=ROSTER_ROLES, user__is_active=True)
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "pk"))


def working_days(start: dt.date, count: int) -> list[dt.date]:
    days: list[dt.date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


@transaction.atomic
def duty_roster_generate(
    *, actor: Actor, team: Team, start: dt.date, working_day_count: int
) -> list[DutyShift]:
    """Each core member in turn one working day (weekends skipped): with N members, one day in N.

    Shifts already planned in the period are replaced.
    """
    decision = policy.decide_scope(actor, TEAM_CONFIG, team=team)
    if EDIT not in decision.actions:
        raise AccessDenied("plan the roster of this team")
    if not 1 <= working_day_count <= 260:
        raise ValidationError({"working_day_count": _("Plan between 1 and 260 working days.")})
    members = roster_members(team, start)
    if not members:
        raise ValidationError(_("This team has no team members to put on the roster."))
    days = working_days(start, working_day_count)
    DutyShift.objects.filter(team=team, date__gte=days[0], date__lte=days[-1]).delete()
    shifts = DutyShift.objects.bulk_create(
        DutyShift(team=team, date=day, user=members[i % len(members)]) for i, day in enumerate(days)
    )
    log_change(actor, team, decision, event=AccessEvent.UPDATE)
    return shifts


@transaction.atomic
def duty_shift_set(
    *, actor: Actor, team: Team, date: dt.date, user: User | None
) -> DutyShift | None:
    """Put one person on duty on one day (or nobody, with ``user=None``)."""
    decision = policy.decide_scope(actor, TEAM_CONFIG, team=team)
    if EDIT not in decision.actions:
        raise AccessDenied("change the roster of this team")
    if user is None:
        DutyShift.objects.filter(team=team, date=date).delete()
        log_change(actor, team, decision)
        return None
    if (
        not Membership.objects.active(date)
        .filter(team=team, user=user, user__is_active=True)
        .exists()
    ):
        raise ValidationError({"user": _("Only people in this team can be on duty.")})
    shift, _created = DutyShift.objects.update_or_create(
        team=team, date=date, defaults={"user": user}
    )
    log_change(actor, shift, decision)
    return shift
