"""Server-rendered SVG charts of an indicator table (no script, nothing from a CDN).

Two kinds, both drawn from an `IndicatorTable` that the selectors already protected:
- `bar_chart`: one bar per row for the first column (the chosen period);
- `comparison_chart`: per row one bar per column (this period, the previous period, a year
  earlier), told apart by pattern (solid, hatched, dotted) and not by colour alone.

Every bar has its shown text written next to it, so the chart reads in print, in greyscale and
for colour-blind users, and the page puts the same table beside it. A suppressed cell is drawn
as a gap with its label ("<10" or an en dash) and a dashed outline, never as a bar of zero: a zero would
be a number the viewer may not see. The geometry only ever uses `Cell.value`, which is None for
a suppressed cell, so a hidden number cannot end up in a bar width.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from wijkteam.steering.tables import Cell, IndicatorTable, Row, format_value

LABEL_WIDTH = 230
BAR_AREA = 330
VALUE_SPACE = 90  # room for the value text after the longest bar
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 12
LEGEND_HEIGHT = 26
AXIS_HEIGHT = 22
LABEL_CHARS = 34
# Fills per column (see steering/_chart.html): solid, hatched, dotted, then vertical lines and
# a grid for tables with more columns (a caseload's signals); never colour alone.
FILLS = ("solid", "hatch", "dots", "lines", "grid")


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int  # 0 for a suppressed cell: drawn as a dashed gap, not as a bar
    height: int
    fill: str  # one of FILLS
    text: str  # the cell's text as shown in the table
    text_x: int
    text_y: int
    suppressed: bool
    gap_width: int  # width of the dashed outline of a suppressed cell


@dataclass(frozen=True)
class ChartRow:
    label: str
    full_label: str
    label_y: int
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class LegendItem:
    x: int
    label: str
    fill: str
    y: int = 6


@dataclass(frozen=True)
class Tick:
    x: int
    text: str


@dataclass(frozen=True)
class Chart:
    chart_id: str  # unique on the page: the ids of its patterns, title and description
    kind: str  # "bar" | "comparison"
    title: str
    description: str  # the text alternative: every row and value, suppressed ones named
    width: int
    height: int
    rows: tuple[ChartRow, ...]
    legend: tuple[LegendItem, ...]
    ticks: tuple[Tick, ...]
    plot_left: int
    plot_top: int
    plot_bottom: int
    axis_y: int
    has_suppressed: bool


def _chart_rows(table: IndicatorTable) -> tuple[Row, ...]:
    # The total would dwarf its parts; it is in the table. A table with only a total
    # (one figure for the municipality) is charted by its total.
    if table.rows:
        return table.rows
    return (table.total,) if table.total is not None else ()


def _scale_max(table: IndicatorTable, rows: tuple[Row, ...], columns: int) -> float:
    if table.unit == "share":
        return 1.0
    values = [
        float(cell.value)
        for row in rows
        for cell in row.cells[:columns]
        if cell.value is not None and not cell.suppressed
    ]
    top = max(values, default=0.0)
    return _nice_ceiling(top) if top > 0 else 1.0


def _nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `value`."""
    magnitude = 1.0
    while magnitude * 10 <= value:
        magnitude *= 10
    while magnitude > value and magnitude > 1e-6:
        magnitude /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _tick_steps(scale_max: float, unit: str) -> int:
    """Four steps when each lands on a number the unit shows exactly, else fewer."""
    if unit == "share":
        return 4
    precision = 10 if unit in ("per_1000", "days", "fte") else 1
    for steps in (4, 2):
        if abs(scale_max * precision / steps - round(scale_max * precision / steps)) < 1e-9:
            return steps
    return 1


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def suppressed_phrase(cell: Cell) -> str:
    """How a hidden cell is named in a text alternative (the shown text stays its label)."""
    if cell.reason == "derivable":
        return _("hidden (could otherwise be worked out from other figures)")
    if cell.reason == "denominator":
        return _("hidden (too few to give a percentage)")
    return _("hidden (too small a number)")


def _describe(rows: tuple[Row, ...], columns: tuple[str, ...]) -> str:
    parts = []
    for row in rows:
        values = []
        for label, cell in zip(columns, row.cells, strict=False):
            shown = f"{cell.text}, {suppressed_phrase(cell)}" if cell.suppressed else cell.text
            values.append(f"{label}: {shown}")
        parts.append(f"{row.label}: " + "; ".join(values))
    if not parts:
        return _("No figures for this selection.")
    return ". ".join(parts) + "."


def _bar(cell: Cell, *, x: int, y: int, fill: str, scale_max: float) -> Bar:
    if cell.suppressed or cell.value is None:
        gap = 28
        return Bar(x, y, 0, BAR_HEIGHT, fill, cell.text, x + gap + 6, y + BAR_HEIGHT - 3, True, gap)
    ratio = max(0.0, min(float(cell.value) / scale_max, 1.0))
    width = round(BAR_AREA * ratio)
    return Bar(
        x, y, width, BAR_HEIGHT, fill, cell.text, x + width + 6, y + BAR_HEIGHT - 3, False, 0
    )


def _build(table: IndicatorTable, *, kind: str, columns: int, chart_id: str) -> Chart:
    rows = _chart_rows(table)
    column_labels = table.columns[:columns]
    scale_max = _scale_max(table, rows, columns)
    legend_height = (LEGEND_HEIGHT + 18 * ((columns - 1) // 3)) if columns > 1 else 0
    top = legend_height + 8
    row_height = columns * BAR_HEIGHT + (columns - 1) * BAR_GAP + ROW_GAP
    chart_rows = []
    for index, row in enumerate(rows):
        row_top = top + index * row_height
        bars = tuple(
            _bar(
                cell,
                x=LABEL_WIDTH,
                y=row_top + i * (BAR_HEIGHT + BAR_GAP),
                fill=FILLS[i % len(FILLS)],
                scale_max=scale_max,
            )
            for i, cell in enumerate(row.cells[:columns])
        )
        block = columns * BAR_HEIGHT + (columns - 1) * BAR_GAP
        chart_rows.append(ChartRow(_short(row.label), row.label, row_top + block // 2 + 4, bars))
    plot_bottom = top + len(rows) * row_height - ROW_GAP + 4
    steps = _tick_steps(scale_max, table.unit)
    ticks = tuple(
        Tick(
            LABEL_WIDTH + round(BAR_AREA * i / steps),
            format_value(scale_max * i / steps, table.unit),
        )
        for i in range(steps + 1)
    )
    legend = tuple(
        LegendItem(
            LABEL_WIDTH - 200 + (i % 3) * 190, label, FILLS[i % len(FILLS)], 6 + (i // 3) * 18
        )
        for i, label in enumerate(column_labels)
    )
    description = _describe(rows, column_labels)
    has_suppressed = any(bar.suppressed for row in chart_rows for bar in row.bars)
    return Chart(
        chart_id=chart_id,
        kind=kind,
        title=table.title,
        description=description,
        width=LABEL_WIDTH + BAR_AREA + VALUE_SPACE,
        height=plot_bottom + AXIS_HEIGHT,
        rows=tuple(chart_rows),
        legend=legend if columns > 1 else (),
        ticks=ticks,
        plot_left=LABEL_WIDTH,
        plot_top=top - 4,
        plot_bottom=plot_bottom,
        axis_y=plot_bottom + 15,
        has_suppressed=has_suppressed,
    )


def bar_chart(table: IndicatorTable, *, chart_id: str = "") -> Chart:
    """One bar per row for the first column (the chosen period)."""
    return _build(table, kind="bar", columns=1, chart_id=chart_id or f"wt-bar-{table.key}")


def comparison_chart(table: IndicatorTable, *, chart_id: str = "") -> Chart:
    """Per row one bar per column: the period next to the previous one and a year earlier."""
    columns = max(1, min(len(table.columns), len(FILLS)))
    return _build(
        table, kind="comparison", columns=columns, chart_id=chart_id or f"wt-cmp-{table.key}"
    )


_PATTERNS = (
    '<pattern id="{id}-hatch" patternUnits="userSpaceOnUse" width="6" height="6"'
    ' patternTransform="rotate(45)">\n      <rect width="6" height="6" fill="#ffffff"/>\n'
    '      <line x1="0" y1="0" x2="0" y2="6" stroke="#1a1a1a" stroke-width="2"/>\n'
    "    </pattern>\n"
    '    <pattern id="{id}-lines" patternUnits="userSpaceOnUse" width="5" height="5">\n'
    '      <rect width="5" height="5" fill="#ffffff"/>\n'
    '      <line x1="2.5" y1="0" x2="2.5" y2="5" stroke="#1a1a1a" stroke-width="1.5"/>\n'
    "    </pattern>\n"
    '    <pattern id="{id}-grid" patternUnits="userSpaceOnUse" width="6" height="6">\n'
    '      <rect width="6" height="6" fill="#d9d9d9"/>\n'
    '      <path d="M0 0H6M0 0V6" stroke="#1a1a1a" stroke-width="1"/>\n'
    "    </pattern>\n"
    '    <pattern id="{id}-dots" patternUnits="userSpaceOnUse" width="5" height="5">\n'
    '      <rect width="5" height="5" fill="#ffffff"/>\n'
    '      <circle cx="2.5" cy="2.5" r="1.3" fill="#1a1a1a"/>\n'
    "    </pattern>"
)


def _fill(chart: Chart, fill: str) -> str:
    return "#154273" if fill == "solid" else f"url(#{chart.chart_id}-{fill})"


def render_chart(chart: Chart) -> SafeString:
    """The chart as inline SVG. Written out here rather than by a template: a dashboard has
    about twenty charts of some hundred elements each, and the template engine spent more
    time on them than the selector on the whole page (every attribute escaped and localized
    one by one)."""
    cid = escape(chart.chart_id)
    out = [
        '<figure class="wt-steering-chart">\n'
        f'<svg class="wt-chart" role="img" aria-labelledby="{cid}-title {cid}-desc"'
        f' width="{chart.width}" height="{chart.height}"'
        f' viewBox="0 0 {chart.width} {chart.height}" xmlns="http://www.w3.org/2000/svg">\n'
        f'  <title id="{cid}-title">{escape(chart.title)}</title>\n'
        f'  <desc id="{cid}-desc">{escape(chart.description)}</desc>\n'
        f"  <defs>\n    {_PATTERNS.format(id=cid)}\n  </defs>\n"
        '  <g aria-hidden="true">\n'
    ]
    for item in chart.legend:
        out.append(
            f'    <rect x="{item.x}" y="{item.y}" width="14" height="12" stroke="#1a1a1a"'
            f' fill="{escape(_fill(chart, item.fill))}"/>\n'
            f'    <text x="{item.x + 20}" y="{item.y + 10}" font-size="12" fill="#1a1a1a">'
            f"{escape(item.label)}</text>\n"
        )
    out.append("    ")
    for tick in chart.ticks:
        out.append(
            f'<line x1="{tick.x}" y1="{chart.plot_top}" x2="{tick.x}" y2="{chart.plot_bottom}"'
            ' stroke="#767676" stroke-dasharray="2 3"/>'
            f'<text x="{tick.x}" y="{chart.axis_y}" font-size="11" text-anchor="middle"'
            f' fill="#1a1a1a">{escape(tick.text)}</text>'
        )
    out.append(
        f'\n    <line x1="{chart.plot_left}" y1="{chart.plot_top}" x2="{chart.plot_left}"'
        f' y2="{chart.plot_bottom}" stroke="#1a1a1a"/>\n'
    )
    hidden = escape(_("(hidden)"))
    for row in chart.rows:
        out.append(
            f'    <text x="{chart.plot_left - 8}" y="{row.label_y}" font-size="12"'
            f' text-anchor="end" fill="#1a1a1a">{escape(row.label)}</text>\n'
        )
        for bar in row.bars:
            text = escape(bar.text)
            if bar.suppressed:
                out.append(
                    f'    <rect class="wt-chart__gap" x="{bar.x}" y="{bar.y}"'
                    f' width="{bar.gap_width}" height="{bar.height}" fill="none"'
                    ' stroke="#1a1a1a" stroke-dasharray="3 2"/>\n'
                    f'    <text x="{bar.text_x}" y="{bar.text_y}" font-size="11"'
                    f' fill="#1a1a1a">{text} {hidden}</text>\n'
                )
            else:
                out.append(
                    f'    <rect x="{bar.x}" y="{bar.y}" width="{bar.width}"'
                    f' height="{bar.height}" stroke="#1a1a1a"'
                    f' fill="{escape(_fill(chart, bar.fill))}"/>\n'
                    f'    <text x="{bar.text_x}" y="{bar.text_y}" font-size="11"'
                    f' fill="#1a1a1a">{text}</text>\n'
                )
    out.append("  </g>\n</svg>\n")
    if chart.has_suppressed:
        note = _(
            "A dashed box marks a hidden figure: too small to show, or one that would let a"
            " hidden figure be worked out. It is not a zero."
        )
        out.append(f'<figcaption class="utrecht-paragraph wt-hint">{escape(note)}</figcaption>')
    out.append("</figure>")
    return SafeString("".join(out))
