"""Writes of households: register a household with its members, add and correct members,
network persons and relations.

The new-household page and the API register through :func:`household_register`; intake
creates the household of a signal through :func:`household_create`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.core.conflicts import update_versioned
from wijkteam.households.bsn import is_valid_bsn
from wijkteam.households.models import Household, Member, MemberRelation, NetworkPerson
from wijkteam.households.work import work
from wijkteam.organisations.models import Team
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent, Consent
from wijkteam.privacy.policy import Actor, Decision
from wijkteam.privacy.rules import casework as rules
from wijkteam.privacy.services import access_log_record, log_change


@dataclass(frozen=True)
class MemberInput:
    first_name: str
    last_name: str
    date_of_birth: dt.date | None = None
    bsn: str = ""
    street_address: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    language: str = ""
    interpreter_needed: bool = False

    @classmethod
    def of(cls, value: MemberInput | Mapping[str, Any]) -> MemberInput:
        if isinstance(value, MemberInput):
            return value
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in value.items() if k in known and v is not None})


@dataclass(frozen=True)
class DuplicateMatch:
    """An existing household that may be the one being registered.

    ``disclosed`` is False when the person may not see who lives there (metadata only, or
    another team of the municipality): then no household id, name or member name is given,
    only the team and :attr:`notice` ("… exists in team X; ask its coordinator").
    """

    household_id: int | None
    household_name: str
    member_name: str
    reason: str  # "bsn" or "name_birth_address"
    team_name: str = ""
    disclosed: bool = True

    @property
    def notice(self) -> str:
        if self.disclosed:
            return ""
        if self.reason == "bsn":
            return _("A household with this BSN exists in %(team)s; ask its coordinator.") % {
                "team": self.team_name
            }
        return _(
            "A household with a resident of this name, date of birth and address exists in "
            "%(team)s; ask its coordinator."
        ) % {"team": self.team_name}


def validate_member(data: MemberInput) -> None:
    errors: dict[str, str] = {}
    if not data.first_name.strip():
        errors["first_name"] = _("Enter a first name.")
    if not data.last_name.strip():
        errors["last_name"] = _("Enter a last name.")
    if data.bsn and not is_valid_bsn(data.bsn):
        errors["bsn"] = _(
            "This is not a valid BSN: it must have nine digits and pass the 11-check."
        )
    if data.date_of_birth and data.date_of_birth > timezone.localdate():
        errors["date_of_birth"] = _("A date of birth cannot be in the future.")
    if errors:
        raise ValidationError(errors)


def _require_creator(actor: Actor, team: Team) -> Decision:
    return policy.require_scope(actor, rules.CREATE_HOUSEHOLD, team=team)


def household_find_duplicates(
    *,
    actor: Actor,
    members: Sequence[MemberInput | Mapping[str, Any]],
    street_address: str = "",
    postcode: str = "",
    exclude_household_id: int | None = None,
    open_only: bool = False,
) -> list[DuplicateMatch]:
    """Existing households of the municipality with the same BSN, or the same name, date of
    birth and address. Used to warn before creating a household; a household the actor may
    not see the residents of is named only by its team (no name behind a BSN).
    """
    inputs = [MemberInput.of(m) for m in members]
    bsns = [m.bsn for m in inputs if m.bsn]
    condition = Q(bsn__in=bsns) if bsns else Q(pk__in=[])
    norm_street = street_address.strip()
    norm_postcode = postcode.replace(" ", "").upper()
    for m in inputs:
        if m.date_of_birth is None or not m.first_name or not m.last_name:
            continue
        own_street = m.street_address.strip() or norm_street
        own_postcode = (m.postcode.replace(" ", "").upper()) or norm_postcode
        address = Q(street_address__iexact=own_street) | Q(
            street_address="", household__street_address__iexact=own_street
        )
        if own_postcode:
            address &= Q(postcode__iexact=own_postcode) | Q(
                postcode="", household__postcode__iexact=own_postcode
            )
        condition |= (
            Q(
                first_name__iexact=m.first_name.strip(),
                last_name__iexact=m.last_name.strip(),
                date_of_birth=m.date_of_birth,
            )
            & address
        )
    # The whole municipality is searched, so nobody registers a resident a second time in
    # another team; what is shown depends on the policy's decision per household.
    candidates = Member.objects.filter(
        condition, household__team__municipality_id__in=policy.municipality_ids(actor)
    )
    if exclude_household_id:
        candidates = candidates.exclude(household_id=exclude_household_id)
    if open_only:  # households the team still works with (a trajectory not closed)
        candidates = candidates.filter(household_id__in=work().open_household_ids())
    found = list(candidates.order_by("household_id", "pk")[:20])
    households = {
        h.pk: h
        for h in rules.with_involvement(
            Household.objects.filter(pk__in={m.household_id for m in found}).select_related("team"),
            actor.user,
        )
    }
    matches: list[DuplicateMatch] = []
    masked: set[tuple[int, str]] = set()
    for member in found:
        household = households[member.household_id]
        reason = "bsn" if member.bsn and member.bsn in bsns else "name_birth_address"
        if rules.IDENTITY in policy.decide(actor, household).actions:
            matches.append(DuplicateMatch(household.pk, household.name, member.full_name, reason))
        elif (household.pk, reason) not in masked:  # one notice per household and reason
            masked.add((household.pk, reason))
            matches.append(DuplicateMatch(None, "", "", reason, household.team.name, False))
    if matches:
        teams = {m.team_id: m for m in policy.active_memberships(actor) if m.team_id}
        access_log_record(
            actor=actor,
            event=AccessEvent.READ,
            object_type="households.household.duplicates",
            object_id=",".join(sorted({str(pk) for pk in households}))[:64],
            object_ids=sorted(households),
            role=",".join(sorted({m.role for m in teams.values()})),
            on_behalf_of=", ".join(sorted(m.team.name for m in teams.values() if m.team)),
        )
    return matches


def _check_bsn_once(household: Household, bsn: str, *, member_id: int | None = None) -> None:
    """One resident once per household (the database refuses it too)."""
    if not bsn:
        return
    same = Member.objects.filter(household=household, bsn=bsn)
    if member_id is not None:
        same = same.exclude(pk=member_id)
    if same.exists():
        raise ValidationError({"bsn": _("A member with this BSN is already in this household.")})


def _check_bsns_distinct(inputs: Sequence[MemberInput]) -> None:
    bsns = [m.bsn.strip() for m in inputs if m.bsn.strip()]
    if len(bsns) != len(set(bsns)):
        raise ValidationError(_("The same BSN is entered for two members."))


class BsnInOtherHousehold(ValidationError):
    """The BSN is a member of another open household of the municipality: the caller warns
    and asks to confirm. ``matches`` are masked by the policy like duplicate warnings."""

    def __init__(self, matches: list[DuplicateMatch]) -> None:
        messages = []
        for match in matches:
            if match.disclosed:
                messages.append(
                    _(
                        "This BSN is also a member of the open household %(name)s. Check that "
                        "this is right and confirm."
                    )
                    % {"name": match.household_name}
                )
            else:
                messages.append(
                    _(
                        "This BSN is also a member of an open household in %(team)s; ask its "
                        "coordinator. Check that this is right and confirm."
                    )
                    % {"team": match.team_name}
                )
        super().__init__({"bsn": messages})
        self.matches = matches


def _member_build(household: Household, data: MemberInput) -> Member:
    validate_member(data)
    return Member(
        household=household,
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        date_of_birth=data.date_of_birth,
        bsn=data.bsn.strip(),
        street_address=data.street_address,
        postcode=data.postcode.replace(" ", "").upper(),
        city=data.city,
        phone=data.phone,
        email=data.email,
        language=data.language,
        interpreter_needed=data.interpreter_needed,
    )


@dataclass(frozen=True)
class Registered:
    household: Household
    phase: str | None  # the phase its first work started in; None without one


def household_create(
    *,
    actor: Actor,
    team: Team,
    name: str,
    street_address: str = "",
    postcode: str = "",
    city: str = "",
    members: Sequence[MemberInput | Mapping[str, Any]] = (),
    coordinator: User | None = None,
    start_trajectory: bool = True,
) -> Household:
    """Create a household with its members; by default start its first work (casework's
    trajectory, in analysis, through :func:`wijkteam.households.work.work`), coordinated by
    ``coordinator`` (the actor when not given), so somebody is involved.

    Duplicates are not checked here: :func:`household_register` does that first (the page
    and the API); intake's "new household from a signal" and the demo call this directly.
    """
    return _household_create(
        actor=actor,
        team=team,
        name=name,
        street_address=street_address,
        postcode=postcode,
        city=city,
        members=members,
        coordinator=coordinator,
        start_trajectory=start_trajectory,
    ).household


@transaction.atomic
def _household_create(
    *,
    actor: Actor,
    team: Team,
    name: str,
    street_address: str,
    postcode: str,
    city: str,
    members: Sequence[MemberInput | Mapping[str, Any]],
    coordinator: User | None,
    start_trajectory: bool,
) -> Registered:
    decision = _require_creator(actor, team)
    if not name.strip():
        raise ValidationError({"name": _("Enter a name for the household.")})
    household = Household.objects.create(
        team=team,
        name=name.strip(),
        street_address=street_address.strip(),
        postcode=postcode.replace(" ", "").upper(),
        city=city.strip(),
        created_by=actor.user,
    )
    inputs = [MemberInput.of(m) for m in members]
    _check_bsns_distinct(inputs)
    built = [_member_build(household, m) for m in inputs]
    Member.objects.bulk_create(built)
    log_change(actor, household, decision, event=AccessEvent.CREATE)
    if start_trajectory:
        phase = work().start(
            actor=actor,
            household=household,
            coordinator=coordinator or actor.user,
            decision=decision,
        )
        return Registered(household=household, phase=phase)
    return Registered(household=household, phase=None)


class PossibleDuplicates(Exception):
    """Residents being registered may already be known: nothing was created. ``matches`` are
    masked by the policy (see :class:`DuplicateMatch`)."""

    def __init__(self, matches: list[DuplicateMatch]) -> None:
        super().__init__("possible duplicates")
        self.matches = matches


def household_register(
    *,
    actor: Actor,
    team: Team,
    name: str,
    street_address: str = "",
    postcode: str = "",
    city: str = "",
    members: Sequence[MemberInput | Mapping[str, Any]] = (),
    confirm_duplicates: bool = False,
) -> Registered:
    """Register a household, as the new-household page and ``POST /api/v1/households/`` do:
    the members' details are checked first (before anything is searched), then the
    municipality is searched for the same residents; possible duplicates raise
    :class:`PossibleDuplicates` unless ``confirm_duplicates`` (the person checked them).
    Then :func:`household_create`: the household, its members and its first trajectory
    (coordinated by the actor), in one transaction.

    The duplicate check stays outside that transaction on purpose: its access-log row (who
    was shown which households) must stay when the registration stops at the warning.
    """
    inputs = [MemberInput.of(m) for m in members]
    for member in inputs:
        validate_member(member)
    if not confirm_duplicates:
        matches = household_find_duplicates(
            actor=actor, members=inputs, street_address=street_address, postcode=postcode
        )
        if matches:
            raise PossibleDuplicates(matches)
    return _household_create(
        actor=actor,
        team=team,
        name=name,
        street_address=street_address,
        postcode=postcode,
        city=city,
        members=inputs,
        coordinator=None,
        start_trajectory=True,
    )


def _warn_bsn_elsewhere(actor: Actor, household: Household, member: Member) -> None:
    """Raise :class:`BsnInOtherHousehold` when the member's BSN is in another open household
    of the municipality (masked by the policy)."""
    elsewhere = [
        m
        for m in household_find_duplicates(
            actor=actor,
            members=[MemberInput(member.first_name, member.last_name, bsn=member.bsn)],
            exclude_household_id=household.pk,
            open_only=True,
        )
        if m.reason == "bsn"
    ]
    if elsewhere:
        raise BsnInOtherHousehold(elsewhere)


def _require_work(actor: Actor, household: Household) -> Decision:
    return policy.require(actor, rules.WORK, household)


@transaction.atomic
def member_add(
    *,
    actor: Actor,
    household: Household,
    data: MemberInput | Mapping[str, Any],
    confirm_other_household: bool = False,
) -> Member:
    """Add a resident. The same BSN twice in one household is refused; a BSN that is a
    member of another open household of the municipality raises
    :class:`BsnInOtherHousehold` unless ``confirm_other_household`` (the person checked)."""
    decision = _require_work(actor, household)
    member = _member_build(household, MemberInput.of(data))
    # The household row is the lock: two colleagues adding the same resident meet here.
    Household.objects.select_for_update().filter(pk=household.pk).first()
    _check_bsn_once(household, member.bsn)
    if member.bsn and not confirm_other_household:
        _warn_bsn_elsewhere(actor, household, member)
    member.save()
    log_change(actor, household, decision, event=AccessEvent.UPDATE)
    return member


# The access-log object type of a member's removal (object id: the removed member).
MEMBER_REMOVAL_LOG_TYPE = "households.member"


@transaction.atomic
def member_remove(*, actor: Actor, member: Member, reason: str) -> None:
    """Remove a member added by mistake, with a reason (on the timeline and in the log).

    Never the only member, and never one with consents or measurements recorded: those are
    records about a real resident (correct the details instead)."""
    household = member.household
    decision = _require_work(actor, household)
    Household.objects.select_for_update().filter(pk=household.pk).first()
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this member is removed.")})
    if not Member.objects.filter(household=household).exclude(pk=member.pk).exists():
        raise ValidationError(
            _("%(name)s is the only member of this household and cannot be removed.")
            % {"name": member.full_name}
        )
    # Measurements (assessments) point at the member: asked through their relation, so
    # households imports no app above it.
    if (
        Consent.objects.filter(member=member).exists()
        or Member.objects.filter(pk=member.pk, measurements__isnull=False).exists()
    ):
        raise ValidationError(
            _(
                "Consents or measurements are recorded for %(name)s, so this is a real "
                "resident: correct the details instead of removing them."
            )
            % {"name": member.full_name}
        )
    member_id = member.pk
    member.delete()
    access_log_record(
        actor=actor,
        event=AccessEvent.DELETE,
        object_type=MEMBER_REMOVAL_LOG_TYPE,
        object_id=member_id,
        decision=decision,
        purpose="remove a member added by mistake",
    )
    work().timeline_note(
        actor=actor,
        household=household,
        text=_("A member was removed from the household. Reason: %(reason)s")
        % {"reason": reason.strip()},
    )


MEMBER_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "bsn",
    "phone",
    "email",
    "language",
    "interpreter_needed",
)
HOUSEHOLD_FIELDS = ("name", "street_address", "postcode", "city")


@transaction.atomic
def member_update(
    *,
    actor: Actor,
    member: Member,
    data: MemberInput | Mapping[str, Any],
    lock_version: int,
    confirm_other_household: bool = False,
) -> Member:
    """Correct a member's details (the same checks as when adding: a BSN changed to one in
    another open household raises :class:`BsnInOtherHousehold` unless confirmed).

    ``lock_version`` is the version the form was rendered from: a colleague's save since
    raises :class:`ConflictError` (who, when and the stored row) and changes nothing.
    """
    household = member.household
    decision = _require_work(actor, household)
    fresh = _member_build(household, MemberInput.of(data))
    _check_bsn_once(household, fresh.bsn, member_id=member.pk)
    if fresh.bsn and fresh.bsn != member.bsn and not confirm_other_household:
        _warn_bsn_elsewhere(actor, household, fresh)
    update_versioned(
        Member,
        pk=member.pk,
        lock_version=lock_version,
        user=actor.user,
        **{field: getattr(fresh, field) for field in MEMBER_FIELDS},
    )
    member.refresh_from_db()
    log_change(actor, household, decision, event=AccessEvent.UPDATE)
    return member


@transaction.atomic
def household_update(
    *,
    actor: Actor,
    household: Household,
    lock_version: int,
    name: str,
    street_address: str = "",
    postcode: str = "",
    city: str = "",
) -> Household:
    """Change the household's name and address (optimistic locking as ``member_update``)."""
    decision = _require_work(actor, household)
    if not name.strip():
        raise ValidationError({"name": _("Enter a name for the household.")})
    update_versioned(
        Household,
        pk=household.pk,
        lock_version=lock_version,
        user=actor.user,
        name=name.strip(),
        street_address=street_address.strip(),
        postcode=postcode.replace(" ", "").upper(),
        city=city.strip(),
    )
    household.refresh_from_db()
    log_change(actor, household, decision, event=AccessEvent.UPDATE)
    return household


@transaction.atomic
def network_person_remove(*, actor: Actor, person: NetworkPerson) -> None:
    """Someone is no longer part of the household's network."""
    household = person.household
    decision = _require_work(actor, household)
    person.delete()
    log_change(actor, household, decision, event=AccessEvent.UPDATE)


@transaction.atomic
def network_person_add(
    *,
    actor: Actor,
    household: Household,
    name: str,
    relation_type: str,
    contributes: str = "",
    contact: str = "",
) -> NetworkPerson:
    decision = _require_work(actor, household)
    if not name.strip():
        raise ValidationError({"name": _("Enter a name.")})
    person = NetworkPerson(
        household=household,
        name=name.strip(),
        relation_type=relation_type,
        contributes=contributes,
        contact=contact,
    )
    person.full_clean()
    person.save()
    log_change(actor, household, decision, event=AccessEvent.UPDATE)
    return person


@transaction.atomic
def member_relation_add(
    *, actor: Actor, household: Household, from_member: Member, kind: str, to_member: Member
) -> MemberRelation:
    decision = _require_work(actor, household)
    if from_member.household_id != household.pk or to_member.household_id != household.pk:
        raise ValidationError(_("Both people must be members of this household."))
    if from_member.pk == to_member.pk:
        raise ValidationError(_("Choose two different members."))
    if MemberRelation.objects.filter(
        from_member=from_member, kind=kind, to_member=to_member
    ).exists():
        raise ValidationError(_("This relation is already recorded."))
    relation = MemberRelation.objects.create(
        household=household, from_member=from_member, kind=kind, to_member=to_member
    )
    log_change(actor, household, decision, event=AccessEvent.UPDATE)
    return relation
