"""Consent and disclosures on a legal ground: inputs to sharing and referrals.

``consent_for`` is what referrals and other sharing call: it answers whether a living
consent of one of the household's members names the recipient.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.core.conflicts import ConflictError, row_stamp, update_versioned
from wijkteam.households.models import Household, Member
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent, Consent, DataCategory, Disclosure
from wijkteam.privacy.policy import Action, Actor
from wijkteam.privacy.services import access_log_record
from wijkteam.socialmap.models import Provider

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class ConsentResult:
    allowed: bool
    status: str  # "given", "missing", "legal_ground"
    note: str = ""


def _living(on: dt.date) -> Q:
    return (
        Q(given_on__lte=on)
        & (Q(expires_on__isnull=True) | Q(expires_on__gte=on))
        & (Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
    )


def consent_for(
    *, household: Household, recipient: Provider | str, on: dt.date | None = None
) -> ConsentResult:
    """Is there a living consent naming ``recipient``? A provider of the social map is found
    by its link first (a renamed provider stays the same recipient); a name is compared
    with the other recipients typed on a consent."""
    day = on or timezone.localdate()
    name = recipient.name if isinstance(recipient, Provider) else recipient
    wanted = name.strip().casefold()
    consents = Consent.objects.filter(_living(day), member__household=household)
    if isinstance(recipient, Provider):
        linked = consents.filter(recipient_providers=recipient).order_by("-given_on").first()
        if linked is not None:
            return ConsentResult(
                True, "given", _("Consent of %(date)s") % {"date": date_format(linked.given_on)}
            )
    for consent in consents:
        if any(other.casefold() == wanted for other in consent.other_recipient_list):
            return ConsentResult(
                True, "given", _("Consent of %(date)s") % {"date": date_format(consent.given_on)}
            )
    ground = Disclosure.objects.filter(household=household, recipient__iexact=name.strip()).first()
    if ground is not None:
        return ConsentResult(True, "legal_ground", ground.get_legal_ground_display())
    return ConsentResult(
        False, "missing", _("No valid consent for %(recipient)s.") % {"recipient": name}
    )


def _require_work(actor: Actor, household: Household) -> policy.Decision:
    decision = policy.decide(actor, household)
    if decision.level < policy.ViewLevel.FULL or Action.VIEW not in decision.actions:
        raise policy.AccessDenied("no full access to this household")
    return decision


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    member: Member,
    purpose: str,
    recipients: list[str],
    data_categories: list[str],
    given_by: str,
    form: str,
    given_on: dt.date,
    expires_on: dt.date | None = None,
    document: Any = None,
    recipient_providers: Sequence[Provider] = (),
) -> Consent:
    """``recipient_providers``: chosen from the social map; ``recipients``: the others by
    name. A name that is a provider of the municipality (the API sends names) is linked to
    that provider, so the referral finds it by the link."""
    decision = _require_work(actor, member.household)
    municipality_id = member.household.team.municipality_id
    providers = list(recipient_providers)
    if any(p.municipality_id != municipality_id for p in providers):
        raise ValidationError(
            {"recipient_providers": _("Choose organisations of this municipality's social map.")}
        )
    names = [r.strip() for r in recipients if r.strip()]
    if names:
        # At most CONSENT_RECIPIENTS_MAX names: one query, case-insensitive on both databases.
        same_name = Q()
        for n in names:
            same_name |= Q(name__iexact=n)
        by_name = {
            p.name.casefold(): p
            for p in Provider.objects.filter(same_name, municipality_id=municipality_id)
        }
        providers += [by_name[n.casefold()] for n in names if n.casefold() in by_name]
        names = [n for n in names if n.casefold() not in by_name]
    if document is not None:
        if document.size > MAX_DOCUMENT_BYTES:
            raise ValidationError({"document": _("The document is larger than 5 MB.")})
        if not str(document.name).lower().endswith((".pdf", ".jpg", ".jpeg", ".png")):
            raise ValidationError({"document": _("Upload the signed form as PDF, JPG or PNG.")})
    unknown = set(data_categories) - set(DataCategory.values)
    if unknown or not data_categories:
        raise ValidationError({"data_categories": _("Choose at least one known data category.")})
    if not names and not providers:
        raise ValidationError({"recipients": _("Name at least one recipient organisation.")})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("Consent cannot be given in the future.")})
    consent = Consent(
        member=member,
        purpose=purpose,
        recipients="\n".join(names),
        data_categories=sorted(data_categories),
        given_by=given_by,
        form=form,
        given_on=given_on,
        expires_on=expires_on,
        recorded_by=actor.user,
    )
    if document is not None:
        consent.document = document
    consent.full_clean()
    consent.save()
    consent.recipient_providers.set({p.pk: p for p in providers}.values())
    access_log_record(
        actor=actor,
        event=AccessEvent.CREATE,
        object_type="privacy.consent",
        object_id=consent.pk,
        decision=decision,
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *,
    actor: Actor,
    consent: Consent,
    on: dt.date | None = None,
    lock_version: int | None = None,
) -> Consent:
    """Withdraw a consent. ``lock_version`` is the version the page showed; a consent that a
    colleague changed or withdrew since raises ``ConflictError`` (who and when)."""
    decision = _require_work(actor, consent.member.household)
    stored = (
        Consent.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=consent.pk)
    )
    if stored.withdrawn_on is not None:
        raise ConflictError(current=stored, stamp=row_stamp(stored))
    update_versioned(
        Consent,
        pk=consent.pk,
        lock_version=stored.lock_version if lock_version is None else lock_version,
        user=actor.user,
        withdrawn_on=on or timezone.localdate(),
    )
    consent.refresh_from_db()
    access_log_record(
        actor=actor,
        event=AccessEvent.UPDATE,
        object_type="privacy.consent",
        object_id=consent.pk,
        decision=decision,
    )
    return consent


@transaction.atomic
def disclosure_record(
    *,
    actor: Actor,
    household: Household,
    recipient: str,
    legal_ground: str,
    explanation: str,
    disclosed_on: dt.date | None = None,
) -> Disclosure:
    decision = _require_work(actor, household)
    if len(explanation.strip()) < 20:
        raise ValidationError(
            {"explanation": _("Explain the legal ground in at least 20 characters.")}
        )
    disclosure = Disclosure(
        household=household,
        recipient=recipient.strip(),
        legal_ground=legal_ground,
        explanation=explanation.strip(),
        disclosed_on=disclosed_on or timezone.localdate(),
        recorded_by=actor.user,
    )
    disclosure.full_clean()
    disclosure.save()
    access_log_record(
        actor=actor,
        event=AccessEvent.EXPORT,
        object_type="privacy.disclosure",
        object_id=disclosure.pk,
        decision=decision,
        purpose=f"disclosure without consent: {legal_ground}",
    )
    return disclosure
