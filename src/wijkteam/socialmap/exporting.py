"""Export of the social map as CSV or XLSX, with formula injection neutralised."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db.models import QuerySet

from wijkteam.socialmap.columns import KEYS
from wijkteam.socialmap.importing import FORMULA_START
from wijkteam.socialmap.models import Service


def guard(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _yes_no(value: bool) -> str:
    return "ja" if value else "nee"


def service_rows(services: QuerySet[Service]) -> list[list[Any]]:
    rows = []
    for s in services.select_related("provider").prefetch_related("areas").order_by("external_id"):
        values: dict[str, Any] = {
            "external_id": s.external_id,
            "provider": s.provider.name,
            "name": s.name,
            "service_type": s.service_type,
            "description": s.description,
            "domains": ",".join(s.domains),
            "target_groups": s.target_groups,
            "min_age": "" if s.min_age is None else str(s.min_age),
            "max_age": "" if s.max_age is None else str(s.max_age),
            "areas": ";".join(sorted(a.name for a in s.areas.all())),
            "address": s.address,
            "latitude": "" if s.latitude is None else str(s.latitude),
            "longitude": "" if s.longitude is None else str(s.longitude),
            "contact": s.contact,
            "opening_hours": s.opening_hours,
            "accessibility": s.accessibility,
            "costs": s.costs,
            "is_free": _yes_no(s.is_free),
            "needs_indication": _yes_no(s.needs_indication),
            "how_to_refer": s.how_to_refer,
            "active_from": s.active_from.isoformat() if s.active_from else "",
            "active_until": s.active_until.isoformat() if s.active_until else "",
            "last_checked": s.last_checked.isoformat(),
        }
        rows.append([guard(values[key]) for key in KEYS])
    return rows


def export_csv(services: QuerySet[Service]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(KEYS)
    writer.writerows(service_rows(services))
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(services: QuerySet[Service]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("sociale kaart")
    sheet.append(KEYS)
    for row in service_rows(services):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
