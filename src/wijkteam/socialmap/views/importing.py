"""Import (upload, column mapping, preview, import) and export of the social map."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.socialmap import EDIT_SOCIAL_MAP, READ_SOCIAL_MAP
from wijkteam.socialmap import background, exporting, importing, selectors
from wijkteam.socialmap.columns import COLUMNS, auto_mapping
from wijkteam.socialmap.forms import ImportModeForm, MappingForm, UploadForm
from wijkteam.socialmap.models import ImportJob, ImportStatus, Service

PREVIEW_ROWS = 200


def _editor(request: HttpRequest) -> tuple[Actor, Municipality]:
    actor = Actor.from_request(request, purpose="social map import")
    municipality = selectors.municipality_for(actor=actor)
    policy.require_scope(actor, EDIT_SOCIAL_MAP, municipality=municipality)
    return actor, municipality


def _job(request: HttpRequest, job_id: int) -> tuple[Actor, ImportJob]:
    actor = Actor.from_request(request, purpose="social map import")
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or not policy.may(actor, EDIT_SOCIAL_MAP, job):
        raise Http404
    return actor, job


@require_http_methods(["GET", "POST"])
def import_upload_view(request: HttpRequest) -> HttpResponse:
    actor, municipality = _editor(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > importing.MAX_BYTES:
                raise importing.ImportFileError(
                    _("The file is larger than 10 MB. Split it into smaller files.")
                )
            parsed = importing.parse_file(upload.name, upload.read())
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            ImportJob.objects.filter(created_by=actor.user, status=ImportStatus.UPLOADED).delete()
            job = ImportJob.objects.create(
                municipality=municipality,
                created_by=actor.user,
                filename=upload.name[:200],
                kind=parsed.kind,
                encoding=parsed.encoding,
                headers=parsed.headers,
                rows=parsed.rows,
                mapping=auto_mapping(parsed.headers),
            )
            if parsed.encoding == "cp1252":
                messages_text = _(
                    "The file was read as Windows-1252 (not UTF-8). Check the accents in the preview."
                )
                from django.contrib import messages

                messages.warning(request, messages_text)
            return redirect("socialmap:import_mapping", job_id=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "socialmap/import_upload.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def import_mapping_view(request: HttpRequest, job_id: int) -> HttpResponse:
    _actor, job = _job(request, job_id)
    if job.status != ImportStatus.UPLOADED:
        return redirect("socialmap:import_result", job_id=job.pk)
    initial = {k: "" if v is None else str(v) for k, v in job.mapping.items()}
    form = MappingForm(request.POST or None, headers=job.headers, initial=initial)
    if request.method == "POST" and form.is_valid():
        job.mapping = importing.clean_mapping(form.mapping(), len(job.headers))
        job.save(update_fields=["mapping"])
        return redirect("socialmap:import_preview", job_id=job.pk)
    missing = importing.missing_columns(importing.clean_mapping(job.mapping, len(job.headers)))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "job": job, "missing": [str(c[1]) for c in COLUMNS if c[0] in missing]}
    return render(request, "socialmap/import_mapping.html", context, status=status)


@require_http_methods(["GET", "POST"])
def import_preview_view(request: HttpRequest, job_id: int) -> HttpResponse:
    actor, job = _job(request, job_id)
    if job.status != ImportStatus.UPLOADED:
        return redirect("socialmap:import_result", job_id=job.pk)
    mapping = importing.clean_mapping(job.mapping, len(job.headers))
    missing = importing.missing_columns(mapping)
    if missing:
        return redirect("socialmap:import_mapping", job_id=job.pk)
    form = ImportModeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and len(job.rows) > background.BACKGROUND_ROWS:
        background.start(job, actor.user, form.cleaned_data["mode"] == "all")
        return redirect("socialmap:import_result", job_id=job.pk)
    if request.method == "POST" and form.is_valid():
        report = importing.import_rows(
            actor=actor,
            municipality=job.municipality,
            rows=job.rows,
            mapping=mapping,
            all_or_nothing=form.cleaned_data["mode"] == "all",
        )
        job.report = report.as_dict()
        job.status = ImportStatus.FAILED if report.refused else ImportStatus.DONE
        job.progress = 100
        job.rows = []
        job.save()
        return redirect("socialmap:import_result", job_id=job.pk)
    results = importing.validate_rows(job.rows, mapping, importing.area_lookup(job.municipality))
    context = {
        "job": job,
        "form": form,
        "results": results[:PREVIEW_ROWS],
        "total": len(results),
        "invalid": sum(1 for r in results if r.errors),
        "cut": len(results) > PREVIEW_ROWS,
    }
    return render(
        request,
        "socialmap/import_preview.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def import_result_view(request: HttpRequest, job_id: int) -> HttpResponse:
    _actor, job = _job(request, job_id)
    if job.status == ImportStatus.UPLOADED:
        return redirect("socialmap:import_preview", job_id=job.pk)
    template = "socialmap/import_result.html"
    if request.headers.get("HX-Request") == "true":
        template = "socialmap/_import_progress.html"  # polled by the progress bar
    context = {
        "job": job,
        "report": job.report,
        # The worker died (no heartbeat within the lease): nothing reached the social map.
        "stopped": job.lost_worker() or job.report.get("crashed", False),
        "waiting": job.status == ImportStatus.RUNNING and job.started_at is None,
    }
    return render(request, template, context)


def export_view(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request, purpose="social map export")
    municipality = selectors.municipality_for(actor=actor)
    policy.require_scope(actor, READ_SOCIAL_MAP, municipality=municipality)
    services = Service.objects.filter(municipality=municipality)
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            exporting.export_xlsx(services),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="sociale-kaart-{stamp}.xlsx"'
        return response
    response = HttpResponse(exporting.export_csv(services), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sociale-kaart-{stamp}.csv"'
    return response
