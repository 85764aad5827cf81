"""Privacy officer pages: search and export the access log. They need a fresh second factor."""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkteam.core import conflicts
from wijkteam.households.models import Member
from wijkteam.organisations.models import Municipality
from wijkteam.privacy import (
    chain,
    denials,
    inzage,
    policy,
    protocol,
    retention,
    selectors,
    services,
)
from wijkteam.privacy.forms import LogSearchForm, ProtocolSettingsForm
from wijkteam.privacy.policy import Actor
from wijkteam.ui.forms import save_versioned

FRESH_MFA = dt.timedelta(minutes=15)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _fresh_mfa(request: HttpRequest) -> bool:
    stamp = request.session.get("mfa_verified_at")
    if not stamp:
        return False
    return timezone.now() - dt.datetime.fromisoformat(stamp) < FRESH_MFA


def fresh_mfa_redirect(request: HttpRequest) -> HttpResponse | None:
    """Sensitive pages ask for the second factor again when the last check is too old."""
    if _fresh_mfa(request):
        return None
    target = reverse("accounts:mfa_reverify") + "?" + urlencode({"next": request.get_full_path()})
    return redirect(target)


def _guard(request: HttpRequest) -> tuple[Actor, HttpResponse | None]:
    actor = Actor.from_request(request, purpose="privacy supervision")
    selectors._officer_municipality(actor)
    return actor, fresh_mfa_redirect(request)


def _filters(form: LogSearchForm, before: str | None) -> selectors.LogFilter:
    data = form.cleaned_data
    return selectors.LogFilter(
        person=data.get("person") or "",
        object_type=data.get("object_type") or "",
        object_id=data.get("object_id") or "",
        outcome=data.get("outcome") or "",
        date_from=data.get("date_from"),
        date_until=data.get("date_until"),
        before_id=int(before) if before and before.isdigit() else None,
    )


def accesslog_view(request: HttpRequest) -> HttpResponse:
    actor, redirect_response = _guard(request)
    if redirect_response:
        return redirect_response
    form = LogSearchForm(request.GET or None)
    rows = None
    if request.GET and form.is_valid():
        rows = list(
            selectors.accesslog_search(
                actor=actor, filters=_filters(form, request.GET.get("before"))
            )
        )
    query = request.GET.copy()
    query.pop("before", None)
    return render(
        request,
        "privacy/accesslog.html",
        {
            "form": form,
            "rows": rows,
            "query": query.urlencode(),
            "next_before": rows[-1].pk if rows and len(rows) == selectors.MAX_ROWS else None,
            # The daily dry-run report of the retention purge (counts only, no names).
            "retention_report": retention.retention_report_latest(),
            "today": timezone.localdate(),
            "denial_bursts": selectors.denial_bursts(actor=actor),
            "burst_count": denials.burst_window()[0],
            "burst_minutes": int(denials.burst_window()[1].total_seconds() // 60),
        },
        status=400 if form.errors else 200,
    )


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # Spreadsheet formula injection: a cell must never start a formula.
    return "'" + text if text.startswith(FORMULA_START) else text


def accesslog_anchors_view(request: HttpRequest) -> HttpResponse:
    """The signed anchor lines of one day (``?day=YYYY-MM-DD``, local date) or of all days,
    for the privacy officer to keep outside the system (privacy/chain.py)."""
    _actor, redirect_response = _guard(request)
    if redirect_response:
        return redirect_response
    raw_day = request.GET.get("day", "")
    try:
        day = dt.date.fromisoformat(raw_day) if raw_day else None
    except ValueError:
        messages.error(request, _("That is not a valid date; use the date picker."))
        return redirect("privacy:accesslog")
    lines = chain.anchor_lines(day=day)
    response = HttpResponse("".join(line + "\n" for line in lines), content_type="text/plain")
    name = f"ankers-{day.isoformat()}" if day else "ankers-alle-dagen"
    response["Content-Disposition"] = f'attachment; filename="{name}.jsonl"'
    return response


def accesslog_export_view(request: HttpRequest) -> HttpResponse:
    actor, redirect_response = _guard(request)
    if redirect_response:
        return redirect_response
    form = LogSearchForm(request.GET)
    if not form.is_valid():
        return render(request, "privacy/accesslog.html", {"form": form, "rows": None}, status=400)
    rows = selectors.accesslog_search(actor=actor, filters=_filters(form, None), export=True)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="toegangslog.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            "id",
            "datum_tijd",
            "gebeurtenis",
            "uitkomst",
            "persoon",
            "rol",
            "namens",
            "soort_gegeven",
            "kenmerk",
            "doel",
            "netwerkadres",
            "zegel",
            "getoonde_kenmerken",
        ]
    )
    for row in rows.iterator(chunk_size=2000):
        writer.writerow(
            [
                _cell(v)
                for v in (
                    row.pk,
                    row.occurred_at.isoformat(),
                    row.event,
                    row.outcome,
                    row.actor_name,
                    row.actor_role,
                    row.on_behalf_of,
                    row.object_type,
                    row.object_id,
                    row.purpose,
                    row.ip_address,
                    row.seal_seq,
                    row.object_ids,
                )
            ]
        )
    return response


@login_not_required
def protocol_view(request: HttpRequest, municipality_id: int) -> HttpResponse:
    """The information protocol in plain language; public, so residents can read it."""
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is None:
        raise Http404
    return render(
        request,
        "privacy/protocol.html",
        {"municipality": municipality, "rows": protocol.protocol_rows(municipality)},
    )


def _stored_settings(municipality_id: int) -> tuple[int, dict[str, Any]]:
    stored = protocol.settings_for(municipality_id)
    return (stored.lock_version if stored.pk else 0), protocol.settings_values(stored)


@require_http_methods(["GET", "POST"])
def protocol_settings_view(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request, purpose="configuration")
    municipality = policy.municipalities_managed_by(actor).order_by("pk").first()
    if municipality is None:
        raise Http404
    instance = protocol.settings_for(municipality.pk)
    version = instance.lock_version if instance.pk else 0
    form = ProtocolSettingsForm(
        request.POST or None,
        instance=instance,
        initial=conflicts.version_initial(version, protocol.settings_values(instance)),
    )
    conflicts.add_version_fields(form)
    conflict = None
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned(
            form,
            lambda _data, version, _rendered: services.protocol_settings_save(
                actor=actor, municipality=municipality, form=form, lock_version=version
            ),
            stored=lambda _error: _stored_settings(municipality.pk),
        )
        if outcome.saved:
            messages.success(request, _("Saved."))
            return redirect("privacy:protocol_settings")
        conflict = outcome.conflict
    status = 409 if conflict else 400 if form.errors else 200
    return render(
        request,
        "privacy/protocol_settings.html",
        {"form": form, "municipality": municipality, "conflict": conflict},
        status=status,
    )


def _member_for_inzage(request: HttpRequest, member_id: int) -> tuple[Actor, Member]:
    actor = Actor.from_request(request, purpose="inzage (right of access)")
    member = (
        Member.objects.select_related("household", "household__team").filter(pk=member_id).first()
    )
    if member is None or policy.view_level(actor, member.household) < policy.ViewLevel.FULL:
        raise Http404
    return actor, member


def _inzage_for(request: HttpRequest, member_id: int) -> dict[str, Any] | HttpResponse:
    """The export, or a 400 with the reason: a parent's request for a child (the box on the
    household file) is a separate choice, only for a child under 16."""
    actor, member = _member_for_inzage(request, member_id)
    for_child = request.GET.get("for_child") in ("1", "on")
    if for_child and not inzage.is_child(member):
        return HttpResponse(
            _("A parent can only ask for the data of a child under 16."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return inzage.inzage_collect(actor=actor, member=member, for_child=for_child)


def inzage_json_view(request: HttpRequest, member_id: int) -> HttpResponse:
    data = _inzage_for(request, member_id)
    if isinstance(data, HttpResponse):
        return data
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="inzage-{member_id}.json"'
    return response


def inzage_pdf_view(request: HttpRequest, member_id: int) -> HttpResponse:
    data = _inzage_for(request, member_id)
    if isinstance(data, HttpResponse):
        return data
    response = HttpResponse(inzage.inzage_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage-{member_id}.pdf"'
    return response
