"""Inzage (GDPR right of access): everything held about one resident, as JSON and as PDF.

"Everything" is found generically: every row that belongs to the resident's household
(what deleting the household would delete, found with Django's deletion collector), the
resident's consents, and the access-log rows about the household and the person. So a new
casework or assessment model is included without changing this file.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections import defaultdict
from typing import Any

from django.db import router
from django.db.models import Model, Q
from django.db.models.deletion import Collector
from django.template.loader import render_to_string
from django.utils import timezone

from wijkteam.households.models import Household, Member
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent, AccessLogEntry
from wijkteam.privacy.policy import Actor, Decision, ViewLevel
from wijkteam.privacy.services import access_log_record

SKIP_FIELDS = {"password", "row_hash", "prev_hash", "lock_version"}


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, Model):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def _row(obj: Model) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIP_FIELDS:
            continue
        if field.is_relation:
            related = getattr(obj, field.name, None)
            data[str(field.verbose_name)] = str(related) if related is not None else None
        else:
            value = getattr(obj, field.attname)
            display = getattr(obj, f"get_{field.name}_display", None)
            data[str(field.verbose_name)] = (
                display() if callable(display) and value else _value(value)
            )
    return data


def _require(actor: Actor, member: Member) -> Decision:
    decision = policy.decide(actor, member.household)
    if decision.level < ViewLevel.FULL:
        raise policy.AccessDenied("inzage needs full access to the household")
    return decision


def inzage_collect(*, actor: Actor, member: Member) -> dict[str, Any]:
    decision = _require(actor, member)
    household: Household = member.household
    collector = Collector(using=router.db_for_write(Household))
    collector.collect([household])
    sections: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for model, instances in collector.data.items():
        for obj in sorted(instances, key=lambda o: o.pk):
            sections[str(model._meta.verbose_name_plural)].append(_row(obj))
    for queryset in collector.fast_deletes:
        for obj in queryset.order_by("pk"):
            sections[str(obj._meta.verbose_name_plural)].append(_row(obj))
    from wijkteam.privacy.models import Consent

    for consent in Consent.objects.filter(member=member).order_by("given_on"):
        sections[str(Consent._meta.verbose_name_plural)].append(_row(consent))
    log = AccessLogEntry.objects.filter(
        Q(object_type__startswith="households.household", object_id=str(household.pk))
        | Q(object_type__startswith="households.member", object_id=str(member.pk))
    ).order_by("occurred_at")
    access_report = [
        {
            "when": row.occurred_at.isoformat(),
            "who": row.actor_name,
            "role": row.actor_role,
            "on_behalf_of": row.on_behalf_of,
            "what": row.get_event_display(),
            "purpose": row.purpose,
        }
        for row in log
    ]
    access_log_record(
        actor=actor,
        event=AccessEvent.EXPORT,
        object_type="households.member.inzage",
        object_id=member.pk,
        decision=decision,
        purpose="inzage (right of access)",
    )
    return {
        "person": f"{member.first_name} {member.last_name}",
        "household": household.name,
        "made_at": timezone.now().isoformat(),
        "made_by": actor.user.get_full_name() or actor.user.username,
        "sections": dict(sorted(sections.items())),
        "access_report": access_report,
    }


def inzage_pdf(data: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("privacy/inzage_pdf.html", {"data": data})
    return HTML(string=html).write_pdf()
