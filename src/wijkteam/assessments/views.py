"""Pages: the household and person overviews, recording a measurement, the instruments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wijkteam.assessments import instruments as instrument_services
from wijkteam.assessments import selectors, services
from wijkteam.assessments.chart import bar_chart
from wijkteam.assessments.forms import (
    CriteriaUploadForm,
    InstrumentCreateForm,
    InstrumentForm,
    NewVersionForm,
    RecordForm,
)
from wijkteam.assessments.scales import instrument_scale
from wijkteam.privacy.policy import Actor
from wijkteam.ui.forms import add_service_error


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, purpose="assessments")


def household_view(request: HttpRequest, household_id: int) -> HttpResponse:
    data = selectors.household_assessments(actor=_actor(request), household_id=household_id)
    return render(
        request, "assessments/household.html", {"data": data, "household": data.household}
    )


def member_view(request: HttpRequest, member_id: int) -> HttpResponse:
    data = selectors.member_assessments(actor=_actor(request), member_id=member_id)
    charts = [
        (
            code,
            bar_chart(
                rows, scale_max=6 if code == selectors.LADDER else 5, title=data.member.full_name
            ),
        )
        for code, rows in data.progress.instruments.items()
    ]
    context = {
        "data": data,
        "member": data.member,
        "household": data.member.household,
        "charts": charts,
    }
    return render(request, "assessments/member.html", context)


def record_view(request: HttpRequest, member_id: int, instrument_id: int) -> HttpResponse:
    actor = _actor(request)
    member, _decision = selectors.member_for(actor=actor, member_id=member_id, record=True)
    instrument = selectors.instrument_for_recording(
        actor=actor, member=member, instrument_id=instrument_id
    )
    trajectory = selectors.current_trajectory(member=member)
    posted = request.method == "POST"
    # A posted form needs the domains only; the hints are read when the form is shown.
    scale = instrument_scale(instrument)  # one read for the form and the service
    rows = selectors.record_rows(
        member=member, instrument=instrument, with_hints=not posted, scale=scale
    )
    form = RecordForm(
        request.POST or None, rows=rows, initial={"moment": services.moment_for(trajectory)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_record(
                actor=actor,
                member=member,
                instrument=instrument,
                scores=form.score_inputs(),
                measured_on=form.cleaned_data["measured_on"],
                moment=form.cleaned_data["moment"],
                trajectory=trajectory,
                scale=scale,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Measurement saved."))
            return redirect("assessments:member", member_id=member.pk)
    if posted:  # shown again with its errors: with the previous scores and criteria
        form.rows = selectors.record_rows(member=member, instrument=instrument, scale=scale)
    context: dict[str, Any] = {
        "form": form,
        "member": member,
        "household": member.household,
        "instrument": instrument,
        "levels": selectors.levels_of(instrument=instrument),
    }
    return render(request, "assessments/record.html", context, status=400 if form.errors else 200)


@require_POST
def measurement_delete_view(request: HttpRequest, measurement_id: int) -> HttpResponse:
    actor = _actor(request)
    measurement = selectors.measurement_for_work(actor=actor, measurement_id=measurement_id)
    member_id = measurement.member_id
    services.measurement_delete(actor=actor, measurement=measurement)
    messages.success(request, _("Measurement deleted."))
    return redirect("assessments:member", member_id=member_id)


# --- instruments (functional administrator) ----------------------------------------------


def instrument_list_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    instruments = selectors.instrument_list(actor=actor)
    context = {
        "instruments": instruments,
        "manageable": selectors.manageable_instrument_ids(actor=actor, instruments=instruments),
        "may_create": bool(selectors.municipalities_for_new_instruments(actor=actor)),
    }
    return render(request, "assessments/instrument_list.html", context)


def instrument_create_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    municipalities = selectors.municipalities_for_new_instruments(actor=actor)
    if not municipalities:
        raise Http404
    form = InstrumentCreateForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = instrument_services.instrument_create(
                actor=actor,
                municipality=form.municipality(),
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                version=form.cleaned_data["version"],
                domains=form.cleaned_data["domains"],
                levels=form.cleaned_data["levels"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Instrument created."))
            return redirect("assessments:instrument_edit", instrument_id=instrument.pk)
    return render(
        request,
        "assessments/instrument_create.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _managed(request: HttpRequest, instrument_id: int) -> tuple[Actor, Any]:
    actor = _actor(request)
    return actor, selectors.instrument_get(actor=actor, instrument_id=instrument_id, manage=True)


def instrument_edit_view(request: HttpRequest, instrument_id: int) -> HttpResponse:
    actor, instrument = _managed(request, instrument_id)
    form = InstrumentForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            instrument_services.instrument_update(
                actor=actor,
                instrument=instrument,
                name=form.cleaned_data["name"],
                is_active=form.cleaned_data["is_active"],
                domain_names=form.labels("domain"),
                level_labels=form.labels("level"),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Instrument saved."))
            return redirect("assessments:instrument_edit", instrument_id=instrument.pk)
    context = {
        "form": form,
        "instrument": instrument,
        "version_form": NewVersionForm(),
        "mapping": selectors.mapping_table(instrument),
        "domain_rows": form.label_rows("domain"),
        "level_rows": form.label_rows("level"),
        "criteria_count": selectors.criteria_count(instrument=instrument),
    }
    return render(
        request, "assessments/instrument_edit.html", context, status=400 if form.errors else 200
    )


@require_POST
def instrument_new_version_view(request: HttpRequest, instrument_id: int) -> HttpResponse:
    actor, instrument = _managed(request, instrument_id)
    form = NewVersionForm(request.POST)
    if form.is_valid():
        try:
            copy = instrument_services.instrument_new_version(
                actor=actor, instrument=instrument, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("New version created."))
            return redirect("assessments:instrument_edit", instrument_id=copy.pk)
    else:
        messages.error(request, _("Fill in the new version."))
    return redirect("assessments:instrument_edit", instrument_id=instrument.pk)


def criteria_upload_view(request: HttpRequest, instrument_id: int) -> HttpResponse:
    actor, instrument = _managed(request, instrument_id)
    form = CriteriaUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = instrument_services.criteria_load(
                actor=actor, instrument=instrument, filename=upload.name, raw=upload.read()
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("%(count)s criteria texts loaded.") % {"count": count})
            return redirect("assessments:instrument_edit", instrument_id=instrument.pk)
    context = {"form": form, "instrument": instrument}
    return render(
        request, "assessments/criteria_upload.html", context, status=400 if form.errors else 200
    )


def criteria_template_view(request: HttpRequest, instrument_id: int) -> HttpResponse:
    _unused, instrument = _managed(request, instrument_id)
    response = HttpResponse(
        instrument_services.criteria_template_csv(instrument),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"criteria-{instrument.code}-{instrument.version}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
