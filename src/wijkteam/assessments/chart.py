"""Geometry for the server-rendered bar chart (inline SVG, no script, no colour-only coding).

Per domain two bars: the first score (hatched) and the latest score (solid), each with its
number written next to it, so the chart reads in print, in greyscale and for colour-blind
users. The table next to it holds the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from wijkteam.assessments.progress import DomainProgress

LABEL_WIDTH = 250
BAR_AREA = 300
ROW_HEIGHT = 34
BAR_HEIGHT = 12
TOP = 30


@dataclass
class Bar:
    y: int
    width: int
    value: int | None
    text_x: int


@dataclass
class ChartRow:
    label: str
    label_y: int
    first: Bar
    latest: Bar
    trend: str


@dataclass
class Chart:
    rows: list[ChartRow]
    width: int
    height: int
    scale_max: int
    ticks: list[tuple[int, int]]  # (x, value)
    label: str
    legend_y: int
    axis_y: int = 0
    label_width: int = LABEL_WIDTH


def _bar(value: int | None, y: int, scale_max: int) -> Bar:
    width = round(BAR_AREA * (value or 0) / scale_max)
    return Bar(y=y, width=width, value=value, text_x=LABEL_WIDTH + width + 6)


def bar_chart(rows: list[DomainProgress], *, scale_max: int, title: str) -> Chart:
    chart_rows = []
    for index, row in enumerate(rows):
        top = TOP + index * ROW_HEIGHT
        chart_rows.append(
            ChartRow(
                label=row.domain_name,
                label_y=top + BAR_HEIGHT + 2,
                first=_bar(row.first, top, scale_max),
                latest=_bar(row.latest, top + BAR_HEIGHT + 2, scale_max),
                trend=row.trend,
            )
        )
    summary = "; ".join(
        _("%(domain)s: first %(first)s, latest %(latest)s")
        % {
            "domain": r.domain_name,
            "first": r.first if r.first is not None else "-",
            "latest": r.latest if r.latest is not None else "-",
        }
        for r in rows
    )
    height = TOP + len(rows) * ROW_HEIGHT + 24
    return Chart(
        rows=chart_rows,
        width=LABEL_WIDTH + BAR_AREA + 40,
        height=height,
        scale_max=scale_max,
        ticks=[(LABEL_WIDTH + round(BAR_AREA * v / scale_max), v) for v in range(1, scale_max + 1)],
        label=f"{title}. {summary}",
        legend_y=14,
        axis_y=height - 4,
    )
