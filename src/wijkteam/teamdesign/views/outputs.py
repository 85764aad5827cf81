"""The start document and the development plan as PDF (WeasyPrint)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from wijkteam.teamdesign.selectors.access import DesignAccess
from wijkteam.teamdesign.selectors.analysis import composition_summary
from wijkteam.teamdesign.selectors.document import start_document
from wijkteam.teamdesign.views.common import access_for, page


def _pdf(
    request: HttpRequest, access: DesignAccess, template: str, name: str, context: dict[str, Any]
) -> HttpResponse:
    from weasyprint import HTML  # imported here: heavy, and only needed for PDFs

    html = render_to_string(
        template, {"access": access, "now": timezone.localtime(), **context}, request=request
    )
    # No base_url: the PDF templates are self-contained and never fetch anything.
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{name}-{slugify(access.team.name)}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def start_document_pdf_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id)
    if not access.started:
        return page(request, access, "")
    context = {
        "document": start_document(design=access.design),
        "composition": composition_summary(design=access.design),
    }
    return _pdf(request, access, "teamdesign/pdf/start_document.html", "startdocument", context)


@require_GET
def plan_pdf_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id)
    if not access.started:
        return page(request, access, "")
    context = {
        "goals": list(access.design.goals.prefetch_related("actions__owner")),
        "reviews": list(access.design.reviews.all()),
    }
    return _pdf(request, access, "teamdesign/pdf/plan.html", "ontwikkelplan", context)
