"""Exports: the result logic as a PDF for the steering group's meeting, and the MKBA as PDF
and XLSX. The XLSX carries formulas (not only numbers), so a controller can follow the sums
and change an assumption; a hidden count is written as its text ("<10") and counted as 0
through N(), as in the page."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.organisations.models import Municipality
from wijkteam.results.mkba import HIDDEN, IMMATERIAL, CostFigure, Inputs, Result
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


def _entered(value: object) -> object:
    """A figure the municipality enters: the text "not entered" while it has none (N() is 0)."""
    return _("not entered") if value is None else value


def _missing_text(missing: str, hidden: str) -> str:
    if missing == HIDDEN:
        return _("count hidden (%(hidden)s), left out") % {"hidden": hidden}
    return _("not entered, left out")


def _cost_cells(sheet: Any, r: int, cost: CostFigure) -> None:
    """Columns D-G and K-M of a row with a unit cost: as published, price level, the factor as
    the page rounds it from the two index values (both in the sheet), the indexed cost."""
    sheet.cell(row=r, column=4, value=float(cost.amount))
    sheet.cell(row=r, column=5, value=cost.price_level)
    sheet.cell(row=r, column=12, value=float(cost.index_then or 0))
    sheet.cell(row=r, column=13, value=float(cost.index_now or 0))
    sheet.cell(row=r, column=6, value=f"=ROUND(M{r}/L{r},4)")
    sheet.cell(row=r, column=7, value=f"=ROUND(D{r}*F{r},2)")
    unverified = "" if cost.verified else f" ({_('unverified')})"
    sheet.cell(row=r, column=11, value=f"{cost.source}{unverified}")


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
    b = a.hours_saved
    fixed = [
        (5, _("Cost per FTE per year (EUR)"), a.cost_per_fte),
        (6, _("Coordination hours saved per trajectory"), _entered(b)),
        (7, _("Relapses expected without the team (baseline)"), _entered(a.relapse_baseline)),
        (8, _("Weight of likely cases (0 to 1)"), a.likely_weight),
        (9, _("Team FTE (protected)"), inputs.fte if inputs.fte is not None else inputs.hidden),
        (10, _("Households reached (protected)"), _count(inputs.households, inputs.hidden)),
        (
            11,
            _("Trajectories with one plan and one coordinator (protected)"),
            _count(inputs.trajectories, inputs.hidden),
        ),
    ]
    for row, label, value in fixed:
        sheet.cell(row=row, column=1, value=str(label))
        sheet.cell(row=row, column=2, value=float(value) if isinstance(value, Decimal) else value)
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
    # The lines fed by the registration counts (A extra support, B coordination) are below the
    # C table; their sums are referred to here (rows 13 and 16), so the layout above stays.
    first = 20
    last = first + max(len(inputs.outcomes), 1) - 1
    relapse_row = last + 1
    total = relapse_row + 1
    lines_head = total + 2
    line_rows = {}
    r = lines_head + 2
    for line in result.lines:
        if line.section != "C":
            line_rows[line.key] = r
            r += 1
    referral_rows = [n for k, n in line_rows.items() if k.startswith("referral_")]
    net = r + 1
    sheet["A12"], sheet["B12"] = _("A. Team costs"), "=N(B9)*B5"
    sheet["A13"] = _("A. Extra support (started referrals, below)")
    sheet["B13"] = f"=SUM(H{min(referral_rows)}:H{max(referral_rows)})" if referral_rows else 0
    sheet["A14"], sheet["B14"] = _("A. Costs in total"), "=B12+B13"
    sheet["A16"] = _("B. Savings in organisation and coordination (below)")
    sheet["B16"] = f"=H{line_rows['coordination']}" if "coordination" in line_rows else 0
    sheet["A18"] = _("C. Avoided escalation costs")
    sheet["A18"].font = bold
    for col, h in enumerate(headers, start=1):
        sheet.cell(row=19, column=col, value=str(h)).font = bold
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
        _cost_cells(sheet, r, cost)
        sheet.cell(row=r, column=8, value=f"=N(B{r})*G{r}")
        sheet.cell(row=r, column=9, value=f"=(N(B{r})+N(C{r})*$B$8)*G{r}")
        sheet.cell(row=r, column=10, value=f"=(N(B{r})+N(C{r}))*G{r}")
    # Fewer relapses: (baseline - relapses) x the indexed cost, the same in low/expected/high.
    relapse = next((ln for ln in result.lines if ln.key == "relapse"), None)
    r = relapse_row
    sheet.cell(row=r, column=1, value=_("Fewer relapses than the baseline"))
    sheet.cell(row=r, column=2, value=_count(inputs.relapses, inputs.hidden))
    sheet.cell(row=r, column=3, value=_("relapses (B) against the baseline (B7)"))
    if inputs.relapse_cost is not None:
        _cost_cells(sheet, r, inputs.relapse_cost)
    if relapse is not None and relapse.amount is not None:
        for col in (8, 9, 10):
            sheet.cell(row=r, column=col, value=f"=(N($B$7)-N(B{r}))*G{r}")
    else:
        for col in (8, 9, 10):
            sheet.cell(row=r, column=col, value=0)
        if relapse is not None:
            sheet.cell(row=r, column=11, value=_missing_text(relapse.missing, inputs.hidden))
    sheet.cell(row=total, column=1, value=_("C. In total")).font = bold
    for letter in "HIJ":
        sheet[f"{letter}{total}"] = f"=SUM({letter}{first}:{letter}{relapse_row})"

    sheet.cell(row=lines_head, column=1, value=_("A and B from the registrations")).font = bold
    line_headers = [
        _("Line"),
        _("Count (protected)"),
        _("Hours per trajectory"),
        _("Unit cost as published (EUR)"),
        _("Price level"),
        _("Index factor"),
        _("Indexed unit cost (EUR)"),
        _("Amount (EUR)"),
        "",
        "",
        _("Source"),
        _("Index at price level"),
        _("Index in report year"),
    ]
    for col, h in enumerate(line_headers, start=1):
        sheet.cell(row=lines_head + 1, column=col, value=str(h)).font = bold
    figures = {f"referral_{ref.kind}": ref.cost for ref in inputs.referrals}
    figures["coordination"] = inputs.coordination_rate
    for line in result.lines:
        if line.key not in line_rows:
            continue
        r = line_rows[line.key]
        sheet.cell(row=r, column=1, value=line.label)
        sheet.cell(row=r, column=2, value=_count(line.count, inputs.hidden))
        cost = figures.get(line.key)
        if cost is not None:
            _cost_cells(sheet, r, cost)
        if line.key == "coordination":
            sheet.cell(row=r, column=3, value="=B6")
        if line.amount is None:
            sheet.cell(row=r, column=8, value=0)
            sheet.cell(row=r, column=11, value=_missing_text(line.missing, inputs.hidden))
        elif line.key == "coordination":
            sheet.cell(row=r, column=8, value=f"=N(B{r})*N(C{r})*G{r}")
        else:
            sheet.cell(row=r, column=8, value=f"=N(B{r})*G{r}")
    sheet.cell(row=net, column=1, value=_("Balance B + C - A")).font = bold
    sheet.cell(row=net, column=7, value=_("Low / expected / high"))
    for letter in "HIJ":
        sheet[f"{letter}{net}"] = f"=B16+{letter}{total}-B14"
    left_out = [ln for ln in result.lines if ln.amount is None]
    if left_out:
        sheet.cell(
            row=net + 1,
            column=1,
            value=_("Left out of the sums: %(lines)s")
            % {
                "lines": "; ".join(
                    f"{ln.label} ({_missing_text(ln.missing, inputs.hidden)})" for ln in left_out
                )
            },
        )
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
