"""Exports: the result logic as a PDF for the steering group's meeting, and the MKBA as PDF
and XLSX. The XLSX carries formulas (not only numbers), so a controller can follow the sums
and change an assumption; a hidden count is written as its text ("<10") and counted as 0
through N(), as in the page."""

from __future__ import annotations

import io
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.organisations.models import Municipality
from wijkteam.results.mkba import IMMATERIAL, CostFigure, Inputs, Result
from wijkteam.results.selectors import LogicView

ESTIMATE_NOTE = _(
    "This is an estimate, not an effect measurement: it shows what the registered outcomes "
    "would be worth with the unit costs and assumptions below, not what the team caused."
)


def _pdf(template: str, context: dict[str, object]) -> bytes:
    from weasyprint import HTML  # imported lazily: loading WeasyPrint is slow

    context = {**context, "printed_on": date_format(timezone.localdate(), "DATE_FORMAT")}
    return HTML(string=render_to_string(template, context)).write_pdf()  # type: ignore[no-any-return]


def logic_pdf(view: LogicView) -> bytes:
    return _pdf("results/logic_pdf.html", {"view": view})


def mkba_pdf(
    *, municipality: Municipality, inputs: Inputs, result: Result, costs: dict[str, CostFigure]
) -> bytes:
    context = {
        "municipality": municipality,
        "inputs": inputs,
        "result": result,
        "rows": [(c, result.avoided[c.key]) for c in inputs.outcomes],
        "costs": sorted(costs.values(), key=lambda c: c.key),
        "note": ESTIMATE_NOTE,
        "immaterial": [str(text) for text in IMMATERIAL],
        "cpi": inputs.series_key == "cbs_cpi",
    }
    return _pdf("results/mkba_pdf.html", context)


def _count(value: int | None, hidden: str) -> object:
    return hidden if value is None else value


def mkba_xlsx(
    *, municipality: Municipality, inputs: Inputs, result: Result, costs: dict[str, CostFigure]
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    a = inputs.assumptions
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "MKBA"
    bold = Font(bold=True)
    sheet["A1"] = _("Social cost-benefit estimate (MKBA) %(year)s, %(name)s") % {
        "year": inputs.year,
        "name": municipality.name,
    }
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = str(ESTIMATE_NOTE)
    sheet["A3"] = _("Index series: %(series)s") % {"series": inputs.series}
    for after in inputs.index_after_series:
        sheet["A3"] = (
            str(sheet["A3"].value)
            + " "
            + _("(no value for %(year)s yet: the value of %(last)s is used)")
            % {"year": after.year, "last": after.series_year}
        )
    sheet["A4"] = _("Assumptions and counts")
    sheet["A4"].font = bold
    fixed = [
        (5, _("Cost per FTE per year (EUR)"), a.cost_per_fte),
        (6, _("Extra support (EUR)"), a.extra_support),
        (7, _("Coordination saving per household (EUR)"), a.coordination_saving),
        (8, _("Weight of likely cases (0 to 1)"), a.likely_weight),
        (9, _("Team FTE (protected)"), inputs.fte if inputs.fte is not None else inputs.hidden),
        (10, _("Households reached (protected)"), _count(inputs.households, inputs.hidden)),
    ]
    for row, label, value in fixed:
        sheet.cell(row=row, column=1, value=str(label))
        sheet.cell(row=row, column=2, value=float(value) if isinstance(value, Decimal) else value)
    sheet["A12"], sheet["B12"] = _("A. Team costs"), "=N(B9)*B5"
    sheet["A13"], sheet["B13"] = _("A. Extra support"), "=B6"
    sheet["A14"], sheet["B14"] = _("A. Costs in total"), "=B12+B13"
    sheet["A16"], sheet["B16"] = _("B. Savings in organisation and coordination"), "=N(B10)*B7"
    sheet["A18"] = _("C. Avoided escalation costs")
    sheet["A18"].font = bold
    headers = [
        _("Outcome"),
        _("Certain"),
        _("Likely"),
        _("Unit cost as published (EUR)"),
        _("Price level"),
        _("Index factor"),
        _("Indexed unit cost (EUR)"),
        _("Low"),
        _("Expected"),
        _("High"),
        _("Source"),
        _("Index at price level"),
        _("Index in report year"),
    ]
    sheet.append([str(h) for h in headers])
    for cell in sheet[19]:
        cell.font = bold
    first = 20
    for offset, count in enumerate(inputs.outcomes):
        r = first + offset
        cost = count.cost
        sheet.cell(row=r, column=1, value=count.label)
        sheet.cell(row=r, column=2, value=_count(count.certain, inputs.hidden))
        sheet.cell(row=r, column=3, value=_count(count.likely, inputs.hidden))
        if cost is None:
            sheet.cell(row=r, column=11, value=_("not given a euro value"))
            for col in (8, 9, 10):
                sheet.cell(row=r, column=col, value=0)
            continue
        sheet.cell(row=r, column=4, value=float(cost.amount))
        sheet.cell(row=r, column=5, value=cost.price_level)
        # The factor as the page rounds it, from the two index values (both in the sheet).
        sheet.cell(row=r, column=12, value=float(cost.index_then or 0))
        sheet.cell(row=r, column=13, value=float(cost.index_now or 0))
        sheet.cell(row=r, column=6, value=f"=ROUND(M{r}/L{r},4)")
        sheet.cell(row=r, column=7, value=f"=ROUND(D{r}*F{r},2)")
        sheet.cell(row=r, column=8, value=f"=N(B{r})*G{r}")
        sheet.cell(row=r, column=9, value=f"=(N(B{r})+N(C{r})*$B$8)*G{r}")
        sheet.cell(row=r, column=10, value=f"=(N(B{r})+N(C{r}))*G{r}")
        unverified = "" if cost.verified else f" ({_('unverified')})"
        sheet.cell(row=r, column=11, value=f"{cost.source}{unverified}")
    last = first + max(len(inputs.outcomes), 1) - 1
    total = last + 1
    sheet.cell(row=total, column=1, value=_("C. In total")).font = bold
    for letter in "HIJ":
        sheet[f"{letter}{total}"] = f"=SUM({letter}{first}:{letter}{last})"
    net = total + 2
    sheet.cell(row=net, column=1, value=_("Balance B + C - A")).font = bold
    sheet.cell(row=net, column=7, value=_("Low / expected / high"))
    for letter in "HIJ":
        sheet[f"{letter}{net}"] = f"=B16+{letter}{total}-B14"
    sheet.cell(row=net + 2, column=1, value=_("Not given a euro value"))
    for i, text in enumerate(IMMATERIAL, start=net + 3):
        sheet.cell(row=i, column=1, value=str(text))
    sheet.column_dimensions["A"].width = 48
    for letter in "BCDEFGHIJ":
        sheet.column_dimensions[letter].width = 14
    sheet.column_dimensions["K"].width = 60
    for letter in "LM":
        sheet.column_dimensions[letter].width = 14

    used = book.create_sheet(_("Unit costs"))
    used.append(
        [
            str(h)
            for h in (
                _("Item"),
                _("Amount (EUR)"),
                _("Unit"),
                _("Year"),
                _("Price level"),
                _("Source"),
                _("Verified"),
                _("Own figure of the municipality"),
                _("Version"),
            )
        ]
    )
    for cost in sorted(costs.values(), key=lambda c: c.key):
        used.append(
            [
                cost.item,
                float(cost.amount),
                cost.unit,
                cost.year,
                cost.price_level,
                cost.source,
                _("yes") if cost.verified else _("no"),
                _("yes") if cost.own else _("no"),
                cost.version,
            ]
        )
    values = book.create_sheet(_("Index"))
    values.append([_("Index series: %(series)s") % {"series": inputs.series}])
    values.append(
        [
            str(h)
            for h in (_("Year"), _("Year of the series"), _("Index"), _("Source"), _("Verified"))
        ]
    )
    for used_value in inputs.index:
        verified = _("yes") if used_value.verified else _("no")
        values.append(
            [
                used_value.year,
                used_value.series_year,
                float(used_value.value),
                used_value.source,
                verified,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
