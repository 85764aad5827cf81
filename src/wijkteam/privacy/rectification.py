"""Rectification: correcting a resident's data on request, with every change recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from wijkteam.households.bsn import is_valid_bsn
from wijkteam.households.models import Member
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent, Rectification
from wijkteam.privacy.policy import Actor, ViewLevel
from wijkteam.privacy.services import access_log_record
from wijkteam.ui.widgets import DateInput

FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "bsn",
    "street_address",
    "postcode",
    "city",
    "phone",
    "email",
    "language",
)


@transaction.atomic
def member_rectify(
    *, actor: Actor, member: Member, changes: dict[str, Any], reason: str
) -> list[Rectification]:
    decision = policy.decide(actor, member.household)
    if decision.level < ViewLevel.FULL:
        raise policy.AccessDenied("rectification needs the full file")
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the data is corrected (e.g. the resident's request).")}
        )
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be corrected here.") for name in unknown})
    if changes.get("bsn") and not is_valid_bsn(str(changes["bsn"])):
        raise ValidationError(
            {"bsn": _("This is not a valid BSN: it must have nine digits and pass the 11-check.")}
        )
    birth = changes.get("date_of_birth")
    if isinstance(birth, dt.date) and birth > timezone.localdate():
        raise ValidationError({"date_of_birth": _("A date of birth cannot be in the future.")})
    records = []
    for name, new in changes.items():
        old = getattr(member, name)
        if (old or "") == (new or ""):
            continue
        setattr(member, name, new)
        records.append(
            Rectification(
                member=member,
                field_name=name,
                old_value="" if old is None else str(old),
                new_value="" if new is None else str(new),
                reason=reason.strip(),
                rectified_by=actor.user,
            )
        )
    if not records:
        return []
    member.full_clean()
    # A new version of the member: an edit form rendered before this rectification is then
    # refused as stale (core/conflicts.py) instead of silently writing the old value back.
    member.lock_version += 1
    member.updated_by = actor.user
    member.updated_at = timezone.now()
    member.save()
    Rectification.objects.bulk_create(records)
    access_log_record(
        actor=actor,
        event=AccessEvent.UPDATE,
        object_type="households.member",
        object_id=member.pk,
        decision=decision,
        purpose=f"rectification: {', '.join(r.field_name for r in records)}"[:200],
    )
    return records


class RectifyForm(forms.ModelForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("For example: the resident asked for it and showed a document."),
    )

    class Meta:
        model = Member
        fields = list(FIELDS)
        widgets = {"date_of_birth": DateInput()}


@require_http_methods(["GET", "POST"])
def member_rectify_view(request: HttpRequest, member_id: int) -> HttpResponse:
    actor = Actor.from_request(request, purpose="rectification")
    member = (
        Member.objects.select_related("household", "household__team").filter(pk=member_id).first()
    )
    if member is None or policy.view_level(actor, member.household) < ViewLevel.FULL:
        raise Http404
    original = {name: getattr(member, name) for name in FIELDS}
    form = RectifyForm(request.POST or None, instance=Member.objects.get(pk=member.pk))
    if request.method == "POST" and form.is_valid():
        changes = {n: form.cleaned_data[n] for n in FIELDS if form.cleaned_data[n] != original[n]}
        try:
            member_rectify(
                actor=actor, member=member, changes=changes, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The data has been corrected and the change recorded."))
            return redirect(reverse("casework:household_file", args=[member.household_id]))
    history = (
        Rectification.objects.filter(member=member)
        .select_related("rectified_by")
        .order_by("-rectified_at")
    )
    return render(
        request,
        "privacy/rectify.html",
        {"form": form, "member": member, "history": history},
        status=400 if form.errors else 200,
    )
