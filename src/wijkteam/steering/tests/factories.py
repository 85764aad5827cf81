"""Indicator tables built by hand for the presentation tests (charts, exports)."""

from __future__ import annotations

from wijkteam.steering.tables import Cell, IndicatorTable, Row


def cell(value: int | float, text: str | None = None) -> Cell:
    return Cell(value=value, text=text if text is not None else str(value), suppressed=False)


def hidden(reason: str = "small") -> Cell:
    return Cell(
        value=None, text="<10" if reason == "small" else "\u2013", suppressed=True, reason=reason
    )


def signals_table() -> IndicatorTable:
    """Signals by partner kind: the pharmacy's count is small, the GP's is derivable."""
    return IndicatorTable(
        key="signals_by_partner_kind",
        title="Signalen per soort partner",
        unit="count",
        columns=("2e kwartaal 2026", "1e kwartaal 2026", "2e kwartaal 2025"),
        rows=(
            Row("housing", "Woningcorporatie", (cell(35), cell(30), cell(20))),
            Row("pharmacy", "Apotheek", (hidden(), cell(15), hidden())),
            Row("gp", "Huisarts", (hidden("derivable"), cell(10), cell(25))),
        ),
        total=Row("total", "Totaal", (cell(60), cell(55), cell(50))),
        suppression_note="Aantallen onder 10 zijn verborgen; aantallen zijn afgerond op 5.",
        definition_version=1,
    )
