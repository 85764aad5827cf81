"""Writes about people: invitations, memberships, MFA enrolment, API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts import drafts, security
from wijkteam.accounts.models import (
    MUNICIPALITY_ROLES,
    Draft,
    Invitation,
    Membership,
    Role,
    SecrecyStatus,
    User,
)
from wijkteam.accounts.security import hash_token
from wijkteam.core import conflicts
from wijkteam.core.conflicts import ConflictError
from wijkteam.organisations.models import HomeOrganisation, Municipality, Team
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Action, Actor, Decision
from wijkteam.privacy.rules.accounts import DISCARD_DRAFT
from wijkteam.privacy.services import access_log_record

RECOVERY_CODE_COUNT = 10


@dataclass(frozen=True)
class InvitationLink:
    invitation: Invitation
    raw_token: str


def _admin_decision(actor: Actor, municipality: Municipality) -> Decision:
    return policy.require(actor, Action.MANAGE, municipality)


@transaction.atomic
def membership_add(
    *,
    actor: Actor,
    user: User,
    municipality: Municipality,
    team: Team | None,
    role: str,
    secrecy_status: str,
    function_title: str = "",
    fte: Decimal | float | str | None = None,
    home_organisation: HomeOrganisation | None = None,
    valid_from: dt.date | None = None,
) -> Membership:
    """A new role. A team role needs its FTE (no guessed default); a municipality-wide role
    without one gets 0. The same role in the same team cannot overlap in time."""
    decision = _admin_decision(actor, municipality)
    if role in MUNICIPALITY_ROLES:
        team = None
        if secrecy_status == "":
            secrecy_status = SecrecyStatus.NOT_APPLICABLE
        if fte is None:
            fte = Decimal(0)
    elif fte is None:
        raise ValidationError({"fte": _("Enter the FTE this person works in the team.")})
    elif team is None:
        raise ValidationError({"team": _("This role is held in a team: choose the team.")})
    if team is not None and team.municipality_id != municipality.pk:
        raise policy.AccessDenied("team of another municipality")
    if home_organisation is not None and home_organisation.municipality_id != municipality.pk:
        raise policy.AccessDenied("organisation of another municipality")
    if role == Role.CIVIL_SERVANT and secrecy_status != SecrecyStatus.DUTY_TO_REPORT:
        raise ValidationError(
            {"secrecy_status": _("A civil servant in the team has a duty to report.")}
        )
    start = valid_from or timezone.localdate()
    _refuse_overlap(
        user=user, team=team, municipality=municipality, role=role, start=start, end=None
    )
    membership = Membership(
        user=user,
        municipality=municipality,
        team=team,
        role=role,
        secrecy_status=secrecy_status,
        function_title=function_title,
        fte=fte,
        home_organisation=home_organisation,
        valid_from=start,
    )
    membership.full_clean()
    membership.save()
    access_log_record(
        actor=actor,
        event=AccessEvent.CREATE,
        object_type="accounts.membership",
        object_id=membership.pk,
        decision=decision,
        purpose="configuration",
    )
    return membership


def _refuse_overlap(
    *,
    user: User,
    team: Team | None,
    municipality: Municipality,
    role: str,
    start: dt.date,
    end: dt.date | None,
    exclude_pk: int | None = None,
) -> None:
    """The same person cannot hold the same role in the same team (or municipality) twice in
    overlapping periods: it would count their FTE twice."""
    same = Membership.objects.filter(user=user, role=role, municipality=municipality, team=team)
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    # An ended role has valid_until before valid_from when it ended on its first day.
    same = same.filter(
        Q(valid_until__isnull=True)
        | (Q(valid_until__gte=F("valid_from")) & Q(valid_until__gte=start))
    )
    if end is not None:
        same = same.filter(valid_from__lte=end)
    if same.exists():
        # Not tied to one field: the add form has no period, the edit form two dates.
        raise ValidationError(_("This person already has this role in this period."))


# The fields of a role that can be changed afterwards (role, team and secrecy status cannot:
# end the role and add a new one, so the access log keeps telling what held when).
MEMBERSHIP_EDIT_FIELDS = ("function_title", "fte", "home_organisation", "valid_from", "valid_until")


@transaction.atomic
def membership_update(
    *,
    actor: Actor,
    membership: Membership,
    function_title: str,
    fte: Decimal | None,
    home_organisation: HomeOrganisation | None,
    valid_from: dt.date,
    valid_until: dt.date | None,
    rendered: str,
) -> Membership:
    """Change a role's function, FTE, home organisation and period.

    Conflict-safe without a version column: ``rendered`` is the fingerprint of the values the
    form showed (``core.conflicts``); under the row lock, a stored value that differs from it
    means a colleague saved in between, and ``ConflictError`` carries the stored row."""
    decision = _admin_decision(actor, membership.municipality)
    stored = Membership.objects.select_for_update(of=("self",)).get(pk=membership.pk)
    if conflicts.changed_since(rendered, conflicts.values_of(stored, MEMBERSHIP_EDIT_FIELDS)):
        raise ConflictError(current=stored)
    if stored.team_id is not None and fte is None:
        raise ValidationError({"fte": _("Enter the FTE this person works in the team.")})
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The end date cannot be before the start date.")})
    if (
        home_organisation is not None
        and home_organisation.municipality_id != stored.municipality_id
    ):
        raise policy.AccessDenied("organisation of another municipality")
    _refuse_overlap(
        user=stored.user,
        team=stored.team,
        municipality=stored.municipality,
        role=stored.role,
        start=valid_from,
        end=valid_until,
        exclude_pk=stored.pk,
    )
    stored.function_title = function_title
    stored.fte = fte if fte is not None else Decimal(0)
    stored.home_organisation = home_organisation
    stored.valid_from = valid_from
    stored.valid_until = valid_until
    stored.full_clean()
    stored.save()
    access_log_record(
        actor=actor,
        event=AccessEvent.UPDATE,
        object_type="accounts.membership",
        object_id=stored.pk,
        decision=decision,
        purpose="configuration",
    )
    return stored


@transaction.atomic
def membership_end(
    *,
    actor: Actor,
    membership: Membership,
    on: dt.date | None = None,
    successor: User | None = None,
) -> Membership:
    """End a role from ``on`` (today): no access from that day, also when the role started
    that same day. Leaving a team also ends the person's involvements there and hands the
    open trajectories they coordinate to ``successor`` (``ValidationError`` on ``successor``
    when one is needed; see ``casework.services.team_work_hand_over``)."""
    decision = _admin_decision(actor, membership.municipality)
    day = on or timezone.localdate()
    # valid_until is inclusive: the day before; before valid_from when it ends on day one.
    membership.valid_until = day - dt.timedelta(days=1)
    membership.save(update_fields=["valid_until"])
    if (
        membership.team is not None
        and not Membership.objects.active(day)
        .filter(user=membership.user, team=membership.team)
        .exists()
    ):
        from wijkteam.casework.services.trajectory import team_work_hand_over

        team_work_hand_over(
            actor=actor,
            decision=decision,
            team=membership.team,
            leaver=membership.user,
            successor=successor,
            ended_on=day,
        )
    access_log_record(
        actor=actor,
        event=AccessEvent.UPDATE,
        object_type="accounts.membership",
        object_id=membership.pk,
        decision=decision,
        purpose="configuration",
    )
    return membership


@transaction.atomic
def person_invite(
    *,
    actor: Actor,
    municipality: Municipality,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    team: Team | None,
    role: str,
    secrecy_status: str,
    function_title: str = "",
    fte: Decimal | float | str | None = None,
    home_organisation: HomeOrganisation | None = None,
) -> InvitationLink:
    """Create the person with an unusable password, their first membership and an invitation."""
    decision = _admin_decision(actor, municipality)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This login name is already in use.")})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    access_log_record(
        actor=actor,
        event=AccessEvent.CREATE,
        object_type="accounts.user",
        object_id=user.pk,
        decision=decision,
        purpose="configuration",
    )
    membership_add(
        actor=actor,
        user=user,
        municipality=municipality,
        team=team,
        role=role,
        secrecy_status=secrecy_status,
        function_title=function_title,
        fte=fte,
        home_organisation=home_organisation,
    )
    return invitation_create(actor=actor, user=user, municipality=municipality)


@transaction.atomic
def invitation_create(*, actor: Actor, user: User, municipality: Municipality) -> InvitationLink:
    _admin_decision(actor, municipality)
    Invitation.objects.filter(user=user, used_at__isnull=True).update(used_at=timezone.now())
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=hash_token(raw),
        created_by=actor.user,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    return InvitationLink(invitation=invitation, raw_token=raw)


def invitation_find(raw_token: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=hash_token(raw_token)).first()
    )
    if invitation is None or not invitation.is_usable():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str) -> User:
    user = invitation.user
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    # A new invitation is how a forgotten password is reset: tokens made before end too.
    security.api_tokens_revoke_all(user=user)
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return user


# --- MFA --------------------------------------------------------------------------------


def totp_device_pending(user: User) -> TOTPDevice:
    """The unconfirmed TOTP device for enrolment; created once and reused until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


def totp_device_confirmed(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def totp_enrol_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm enrolment when the code matches; returns fresh recovery codes, else None."""
    if device.user_id != user.pk or device.confirmed:
        return None
    if not device.verify_token(code.strip().replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return recovery_codes_regenerate(user=user)


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name="Herstelcodes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return codes


def mfa_verify(*, user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """Check a TOTP or recovery code against the person's confirmed devices."""
    cleaned = code.strip().replace(" ", "").replace("-", "")
    if not cleaned:
        return None
    totp = totp_device_confirmed(user)
    if totp is not None and len(cleaned) == 6 and totp.verify_token(cleaned):
        return totp
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(cleaned):
            return device
    return None


@transaction.atomic
def first_admin_create(
    *, municipality: Municipality, username: str, first_name: str, last_name: str, email: str
) -> User:
    """The installation's first functional administrator, created from the command line.

    There is no acting person yet, so this is the one write outside the access policy; it is
    only reachable through the ``bootstrap`` management command on the server itself.
    """
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    Membership.objects.create(
        user=user,
        municipality=municipality,
        team=None,
        role=Role.FUNCTIONAL_ADMIN,
        secrecy_status=SecrecyStatus.NOT_APPLICABLE,
        function_title="Functioneel beheerder",
        fte="1.0",
    )
    return user


def bootstrap_invitation(*, user: User) -> InvitationLink:
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=hash_token(raw),
        created_by=None,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    return InvitationLink(invitation=invitation, raw_token=raw)


# --- kept input (drafts; see accounts/drafts.py) ------------------------------------------


@transaction.atomic
def draft_keep(
    *, actor: Actor, reason: str, url: str, page_url: str, fields: list[tuple[str, str]]
) -> Draft:
    """Keep a POST's typed fields for ``actor.user``, encrypted, for DRAFT_KEEP_SECONDS."""
    if not fields:
        raise ValidationError(_("There is nothing to keep."))
    now = timezone.now()
    draft = Draft.objects.create(
        user=actor.user,
        reason=reason,
        url=url[:500],
        page_url=page_url[:500],
        field_names=sorted({name for name, _value in fields}),
        ciphertext=drafts.encrypt(user_id=actor.user.pk, fields=fields),
        created_at=now,
        expires_at=now + dt.timedelta(seconds=settings.DRAFT_KEEP_SECONDS),
    )
    decision = policy.decide(actor, draft)
    access_log_record(
        actor=actor,
        event=AccessEvent.CREATE,
        object_type="accounts.draft",
        object_id=draft.pk,
        decision=decision,
    )
    return draft


@transaction.atomic
def draft_discard(*, actor: Actor, draft_id: int) -> None:
    """Throw kept input away (the person's own; anyone else gets AccessDenied)."""
    draft = Draft.objects.select_for_update().filter(pk=draft_id).first()
    if draft is None or draft.expires_at <= timezone.now():
        raise policy.AccessDenied("no such draft")
    decision = policy.require(actor, DISCARD_DRAFT, draft)
    access_log_record(
        actor=actor,
        event=AccessEvent.DELETE,
        object_type="accounts.draft",
        object_id=draft.pk,
        decision=decision,
    )
    draft.delete()


def draft_purge() -> int:
    """Delete every expired draft; returns how many. For the job runner (every few minutes).

    An expired draft is already unreadable (Fernet's time to live); this removes the row.
    Nobody reads it, so no access-log row is written.
    """
    deleted, _per_model = Draft.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
