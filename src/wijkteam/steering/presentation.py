"""Typed read models for showing indicator tables: chart, table, definition, caseload links.

Built from the tables the selectors return (already protected against small numbers); nothing
here reads the database. The dashboards, the PDF report and the tests use the same shapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString

from wijkteam.steering.charts import comparison_chart, render_chart, suppressed_phrase
from wijkteam.steering.definitions import DefinitionVersion, definition_for
from wijkteam.steering.indicators import GROUPS, INDICATORS
from wijkteam.steering.tables import Cell, IndicatorTable, Row

# The caseload's ?signal= values (casework/selectors/overview.py::SIGNALS).
CASELOAD_SIGNALS = ("no_plan", "plan_without_goals", "goals_without_results", "no_recent_contact")


@dataclass(frozen=True)
class CellView:
    text: str
    hidden_note: str  # for screen readers and print: why a hidden cell is hidden ("" if shown)


@dataclass(frozen=True)
class RowView:
    label: str
    cells: tuple[CellView, ...]
    link: str  # to the matching caseload filter (team leader), or ""


@dataclass(frozen=True)
class ShownTable:
    table: IndicatorTable
    chart: SafeString
    rows: tuple[RowView, ...]
    total: RowView | None
    definition: DefinitionVersion | None
    definition_url: str


@dataclass(frozen=True)
class Group:
    key: str
    label: Promise
    tables: tuple[ShownTable, ...]


def _cell(cell: Cell) -> CellView:
    return CellView(cell.text, suppressed_phrase(cell) if cell.suppressed else "")


def _row(row: Row, link: str = "") -> RowView:
    return RowView(row.label, tuple(_cell(c) for c in row.cells), link)


def caseload_link(team_id: int, table_key: str, row_key: str) -> str:
    """The caseload filter behind a row of the team leader's dashboard, if there is one."""
    query: dict[str, str | int] = {"team": team_id}
    if table_key == "caseload_per_coordinator":
        number = row_key.rpartition(":")[2]
        if not number.isdigit():
            return ""
        query["coordinator"] = int(number)
    elif table_key == "pitfall_signals" and row_key in CASELOAD_SIGNALS:
        query["signal"] = row_key
    else:
        return ""
    return f"{reverse('casework:caseload')}?{urlencode(query)}"


def shown(table: IndicatorTable, *, team_id: int | None = None) -> ShownTable:
    definition = definition_for(table.key)
    version = definition.version(table.definition_version) if definition else None
    url = reverse("steering:definition", kwargs={"key": table.key}) if definition else ""
    rows = tuple(
        _row(row, caseload_link(team_id, table.key, row.key) if team_id else "")
        for row in table.rows
    )
    return ShownTable(
        table=table,
        chart=render_chart(comparison_chart(table)),
        rows=rows,
        total=_row(table.total) if table.total is not None else None,
        definition=version,
        definition_url=url,
    )


def grouped(tables: list[IndicatorTable], *, team_id: int | None = None) -> list[Group]:
    by_group: dict[str, list[ShownTable]] = {key: [] for key in GROUPS}
    for table in tables:
        spec = INDICATORS.get(table.key)
        by_group.setdefault(spec.group if spec else "team", []).append(
            shown(table, team_id=team_id)
        )
    return [Group(key, GROUPS[key], tuple(items)) for key, items in by_group.items() if items]
