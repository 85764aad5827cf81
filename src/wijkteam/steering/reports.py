"""The periodic report for the steering group: a PDF (WeasyPrint) and an XLSX (openpyxl).

Both are made from the tables the selectors already protected, with per indicator its
definition (the version the table was computed with) and the suppression that was applied.
A hidden cell is written as its shown text ("<10" or an en dash), never as a number: `Cell.value` is
None for it, and only a shown cell's value goes into a numeric XLSX cell.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.organisations.models import Municipality
from wijkteam.steering.definitions import DefinitionVersion, definition_for
from wijkteam.steering.forms import FRAMEWORK_LABELS
from wijkteam.steering.presentation import shown
from wijkteam.steering.tables import Cell, IndicatorTable, Row, Selection

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


@dataclass(frozen=True)
class ReportHeader:
    municipality: str
    period: str
    scope: str  # "the whole municipality", or the chosen area/team/framework
    printed_on: str


def selection_text(selection: Selection, *, area: str = "", team: str = "") -> str:
    parts = []
    if area:
        parts.append(_("area %(name)s") % {"name": area})
    if team:
        parts.append(_("team %(name)s") % {"name": team})
    if selection.framework:
        parts.append(str(FRAMEWORK_LABELS[selection.framework]))
    return ", ".join(parts) if parts else _("the whole municipality")


def _header(municipality: Municipality, selection: Selection, scope: str) -> ReportHeader:
    return ReportHeader(
        municipality=municipality.name,
        period=selection.period.label,
        scope=scope,
        printed_on=date_format(timezone.localdate(), "DATE_FORMAT"),
    )


def report_filename(selection: Selection, extension: str) -> str:
    return f"sturingsrapport-{selection.period.slug}.{extension}"


def _definition(table: IndicatorTable) -> DefinitionVersion | None:
    definition = definition_for(table.key)
    return definition.version(table.definition_version) if definition else None


def report_pdf(
    *, municipality: Municipality, selection: Selection, scope: str, tables: list[IndicatorTable]
) -> bytes:
    from weasyprint import HTML  # imported lazily: loading WeasyPrint is slow

    html = render_to_string(
        "steering/report_pdf.html",
        {
            "header": _header(municipality, selection, scope),
            "tables": [shown(table) for table in tables],
        },
    )
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def _xlsx_value(cell: Cell, unit: str) -> tuple[object, str]:
    """The value for a spreadsheet cell and its number format; a hidden cell stays text."""
    if cell.suppressed or cell.value is None:
        return cell.text, "@"
    if unit == "share":
        return cell.value, "0%"
    if unit in ("per_1000", "days", "fte"):
        return cell.value, "0.0"
    return cell.value, "0"


def _write_row(sheet: Worksheet, row: Row, unit: str) -> None:
    values = [row.label] + [_xlsx_value(cell, unit)[0] for cell in row.cells]
    sheet.append(values)
    line = sheet.max_row
    for index, cell in enumerate(row.cells, start=2):
        sheet.cell(row=line, column=index).number_format = _xlsx_value(cell, unit)[1]


def report_xlsx(
    *, municipality: Municipality, selection: Selection, scope: str, tables: list[IndicatorTable]
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    header = _header(municipality, selection, scope)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Report")
    bold = Font(bold=True)
    sheet.append([_("Steering report"), header.municipality])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Period"), header.period])
    sheet.append([_("Selection"), header.scope])
    sheet.append([_("Made on"), header.printed_on])
    for table in tables:
        sheet.append([])
        sheet.append([table.title])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append(["", *table.columns])
        for row in table.rows:
            _write_row(sheet, row, table.unit)
        if table.total is not None:
            _write_row(sheet, table.total, table.unit)
            sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append([_("Small-number protection"), table.suppression_note])
        sheet.append(
            [_("Definition"), _("version %(number)s") % {"number": table.definition_version}]
        )
    sheet.column_dimensions["A"].width = 42
    for column in ("B", "C", "D"):
        sheet.column_dimensions[column].width = 20

    definitions = workbook.create_sheet(_("Definitions"))
    definitions.append(
        [
            _("Indicator"),
            _("Version"),
            _("Valid from"),
            _("What is counted"),
            _("From which registration"),
            _("Caveats"),
            _("What changed"),
        ]
    )
    for cell in definitions[1]:
        cell.font = bold
    for table in tables:
        version = _definition(table)
        if version is None:
            continue
        definitions.append(
            [
                table.title,
                version.version,
                date_format(version.valid_from, "DATE_FORMAT"),
                str(version.counted),
                str(version.source),
                str(version.caveats),
                str(version.change),
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
