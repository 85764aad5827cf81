"""Inzage (GDPR right of access): what is held about one resident, as JSON and as PDF.

Found generically, so a new casework or assessment model is included without changing this
file: every row that points at the resident's household, directly or through rows that do
(each model's reverse relations, whatever their ``on_delete``: a signal *protects* its
household from deletion, so Django's deletion collector, used before, refused every
household that came in through a signal), the resident's consents, and the access-log rows
about the household and the person.

About one person: a row that belongs to another member (their consent, their scores) is left
out, and another member appears with their name only, never their BSN, date of birth,
address or contact details; a network person without contact details. A parent asking for
a child's data is a separate request (``for_child``), logged with its own purpose.

Readable for the resident: times in the local time zone, choices (roles, purposes, kinds)
as Dutch words, yes/no instead of ``True``/``False``.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections import defaultdict
from collections.abc import Collection, Iterator
from typing import Any

from django.db.models import ForeignKey, Model, OneToOneField, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wijkteam.accounts.models import Role
from wijkteam.households.models import Household, Member, NetworkPerson
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent, AccessLogEntry, Consent, shown_in_list
from wijkteam.privacy.policy import Actor, Decision, ViewLevel
from wijkteam.privacy.purposes import PURPOSE_CHILD, PURPOSE_SELF, PURPOSES, purpose_label
from wijkteam.privacy.services import access_log_record

SKIP_FIELDS = {"password", "row_hash", "prev_hash", "lock_version", "rendered"}
# What identifies or reaches a person: never shown for anyone but the resident asked about.
PERSONAL_DETAILS = {"bsn", "date_of_birth", "street_address", "postcode", "city", "phone", "email"}
NETWORK_CONTACT = {"contact"}

ROLES = {
    **{str(choice.value): choice.label for choice in Role},
    policy.EMERGENCY_ACCESS_ROLE: gettext_lazy("Emergency access"),
    "emergency access": gettext_lazy("Emergency access"),
    "unknown": gettext_lazy("unknown"),
}

# Access-log object types of list reads whose ``object_ids`` are household ids (a signal list
# names signals, so it is not among them).
HOUSEHOLD_LISTS = (
    "households.household.list",
    "households.household.duplicates",
    "casework.caseload",
    "casework.my_work",
)


def role_label(value: str) -> str:
    return ", ".join(str(ROLES.get(part, part)) for part in value.split(","))


def _when(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return _when(value)
    if isinstance(value, dt.date):
        return date_format(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, Model):
        return str(value)
    if value is None or isinstance(value, str | int | float | list | dict):
        return value
    return str(value)


def _row(obj: Model, hidden: Collection[str] = ()) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIP_FIELDS or field.name in hidden:
            continue
        if field.is_relation:
            related = getattr(obj, field.name, None)
            data[str(field.verbose_name)] = str(related) if related is not None else None
        else:
            value = getattr(obj, field.attname)
            display = getattr(obj, f"get_{field.name}_display", None)
            data[str(field.verbose_name)] = (
                display() if callable(display) and value not in (None, "") else _value(value)
            )
    return data


def _other_members(obj: Model, member: Member) -> bool:
    """Does this row belong to another member only (it names members, never this one)?"""
    named = [
        getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if isinstance(field, ForeignKey | OneToOneField) and field.related_model is Member
    ]
    named = [pk for pk in named if pk is not None]
    return bool(named) and member.pk not in named


def _rows_about(household: Household, member: Member) -> Iterator[Model]:
    """Every row that points at the household through reverse relations (depth first)."""
    seen: set[tuple[str, Any]] = set()
    todo: list[Model] = [household]
    while todo:
        parent = todo.pop()
        for relation in parent._meta.related_objects:
            if relation.many_to_many or not relation.related_model.__module__.startswith(
                "wijkteam."
            ):
                continue
            model = relation.related_model
            rows = model._default_manager.filter(**{relation.field.name: parent}).order_by("pk")
            for obj in rows:
                key = (model._meta.label, obj.pk)
                if key in seen or (model is not Member and _other_members(obj, member)):
                    continue
                seen.add(key)
                yield obj
                if model is not Member or obj.pk == member.pk:
                    todo.append(obj)


CHILD_UNTIL = (
    16  # a parent exercises a child's rights until the child is 16 (AVG art. 8, UAVG art. 5)
)


def is_child(member: Member) -> bool:
    """Under 16 today (a member without a date of birth: the professional decides)."""
    born = member.date_of_birth
    if born is None:
        return True
    today = timezone.localdate()
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return age < CHILD_UNTIL


def _require(actor: Actor, member: Member) -> Decision:
    decision = policy.decide(actor, member.household)
    if decision.level < ViewLevel.FULL:
        raise policy.AccessDenied("inzage needs full access to the household")
    return decision


def _section_row(obj: Model, member: Member) -> dict[str, Any]:
    if isinstance(obj, Member) and obj.pk != member.pk:
        return _row(obj, PERSONAL_DETAILS | {"language", "interpreter_needed"})
    if isinstance(obj, NetworkPerson):
        return _row(obj, NETWORK_CONTACT)
    return _row(obj)


def inzage_collect(*, actor: Actor, member: Member, for_child: bool = False) -> dict[str, Any]:
    """What is held about ``member``; ``for_child``: a parent asked for their child's data
    (a separate choice on the request, logged with its own purpose)."""
    decision = _require(actor, member)
    household: Household = member.household
    sections: dict[str, list[dict[str, Any]]] = defaultdict(list)
    sections[str(Household._meta.verbose_name_plural)].append(_row(household))
    found = list(_rows_about(household, member))
    shown = {(type(obj), obj.pk) for obj in found}
    found += [c for c in Consent.objects.filter(member=member) if (Consent, c.pk) not in shown]
    for obj in found:
        sections[str(obj._meta.verbose_name_plural)].append(_section_row(obj, member))
    log = AccessLogEntry.objects.filter(
        Q(object_type__startswith="households.household", object_id=str(household.pk))
        | Q(object_type__startswith="households.member", object_id=str(member.pk))
        # A list or search that showed this household (its ids are household ids).
        | (Q(object_type__in=HOUSEHOLD_LISTS) & shown_in_list(household.pk))
    ).order_by("occurred_at", "pk")
    access_report = [
        {
            "when": _when(row.occurred_at),
            "who": row.actor_name,
            "role": role_label(row.actor_role),
            "on_behalf_of": row.on_behalf_of,
            "what": row.get_event_display(),
            "purpose": purpose_label(row.purpose),
        }
        for row in log
    ]
    purpose = PURPOSE_CHILD if for_child else PURPOSE_SELF
    access_log_record(
        actor=actor,
        event=AccessEvent.EXPORT,
        object_type="households.member.inzage",
        object_id=member.pk,
        decision=decision,
        purpose=purpose,
    )
    return {
        "person": f"{member.first_name} {member.last_name}",
        "household": household.name,
        "asked_for": str(PURPOSES[purpose]),
        "made_at": _when(timezone.now()),
        "made_by": actor.user.get_full_name() or actor.user.username,
        "sections": dict(sorted(sections.items())),
        "access_report": access_report,
    }


def inzage_pdf(data: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("privacy/inzage_pdf.html", {"data": data})
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
