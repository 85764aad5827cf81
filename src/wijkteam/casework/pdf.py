"""The plan as a PDF for the resident to read and sign (WeasyPrint)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from wijkteam.casework.models import Trajectory
from wijkteam.casework.selectors import PlanView
from wijkteam.households.models import Household


def plan_pdf(*, view: PlanView, household: Household, trajectory: Trajectory) -> bytes:
    from weasyprint import HTML  # imported lazily: loading WeasyPrint is slow

    html = render_to_string(
        "casework/plan_pdf.html",
        {
            "view": view,
            "household": household,
            "trajectory": trajectory,
            "printed_on": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]
