"""Typed read models of the steering side: periods, selections and indicator tables.

This module is the interface between the data half (selectors, suppression, summaries) and the
presentation half (views, charts, exports, API) of the steering app. Everything here is a frozen
dataclass without database access, so a view or a test can build a table by hand.

Every number a viewer sees is a `Cell`; its `text` is already formatted the Dutch way ("1.234",
"42%", "3,5") or shows why it is hidden ("<10" for a small count, a dash for a cell hidden so that a
hidden neighbour cannot be worked out). `value` is None whenever `suppressed` is true, so nothing
downstream (a chart, an XLSX cell, a JSON field) can leak a hidden number by accident.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

PeriodKind = Literal["month", "quarter", "year"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("month", "quarter", "year")

Unit = Literal["count", "share", "per_1000", "days", "fte"]
DASH = "\u2013"  # shown for a cell hidden by secondary suppression
Reason = Literal["", "small", "derivable", "denominator"]

FRAMEWORKS: tuple[str, ...] = ("wmo", "jeugdwet", "participatiewet")


def _months_in(kind: PeriodKind) -> int:
    return {"month": 1, "quarter": 3, "year": 12}[kind]


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + (day.month - 1) + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """A calendar month, quarter or year; `end` is exclusive (the first day after it)."""

    kind: PeriodKind
    start: datetime.date

    def __post_init__(self) -> None:
        if self.kind not in PERIOD_KINDS:
            raise ValueError(f"unknown period kind {self.kind!r}")
        if self.start.day != 1 or (self.start.month - 1) % _months_in(self.kind) != 0:
            raise ValueError(f"{self.start} does not start a {self.kind}")

    @classmethod
    def containing(cls, day: datetime.date, kind: PeriodKind) -> Period:
        size = _months_in(kind)
        month = ((day.month - 1) // size) * size + 1
        return cls(kind=kind, start=datetime.date(day.year, month, 1))

    @property
    def end(self) -> datetime.date:
        return _add_months(self.start, _months_in(self.kind))

    def previous(self) -> Period:
        return Period(kind=self.kind, start=_add_months(self.start, -_months_in(self.kind)))

    def year_earlier(self) -> Period:
        return Period(kind=self.kind, start=_add_months(self.start, -12))

    def months(self) -> tuple[datetime.date, ...]:
        """The first day of every month in the period (the grain of the summary tables)."""
        return tuple(_add_months(self.start, i) for i in range(_months_in(self.kind)))

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day < self.end

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{MONTHS[self.start.month]} {self.start.year}"
        if self.kind == "quarter":
            return _("quarter %(number)s %(year)s") % {
                "number": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        return str(self.start.year)

    @property
    def slug(self) -> str:
        """A stable text form for URLs and exports: 2026-05, 2026-Q2, 2026."""
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @classmethod
    def from_slug(cls, slug: str) -> Period:
        """Parse `slug`; raises ValueError on anything else (the caller shows a Dutch message)."""
        text = slug.strip()
        try:
            if len(text) == 4:
                return cls(kind="year", start=datetime.date(int(text), 1, 1))
            year_text, _sep, rest = text.partition("-")
            year = int(year_text)
            if rest[:1].upper() == "Q":
                quarter = int(rest[1:])
                if not 1 <= quarter <= 4:
                    raise ValueError(slug)
                return cls(kind="quarter", start=datetime.date(year, (quarter - 1) * 3 + 1, 1))
            return cls(kind="month", start=datetime.date(year, int(rest), 1))
        except (ValueError, IndexError) as exc:
            raise ValueError(f"not a period: {slug!r}") from exc


@dataclass(frozen=True)
class Selection:
    """What the viewer asked for: one municipality, one period, optionally an area/team/framework."""

    municipality_id: int
    period: Period
    area_id: int | None = None
    team_id: int | None = None
    framework: str | None = None  # "wmo" | "jeugdwet" | "participatiewet" | None (all)

    def __post_init__(self) -> None:
        if self.framework is not None and self.framework not in FRAMEWORKS:
            raise ValueError(f"unknown framework {self.framework!r}")


@dataclass(frozen=True)
class Cell:
    value: int | float | None  # None when suppressed
    text: str  # as shown: "35", "42%", "<10" / a dash (suppressed), Dutch number format
    suppressed: bool
    reason: str = ""  # "", "small" (primary), "derivable" (secondary), "denominator"

    def __post_init__(self) -> None:
        if self.suppressed and self.value is not None:
            raise ValueError("a suppressed cell carries no value")


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class IndicatorTable:
    key: str  # indicator key from the registry
    title: str  # Dutch (gettext)
    unit: str  # "count" | "share" | "per_1000" | "days" | "fte"
    columns: tuple[str, ...]  # usually (this period, previous period, a year earlier)
    rows: tuple[Row, ...]
    total: Row | None
    suppression_note: str  # Dutch: which rule was applied, threshold, rounding
    definition_version: int  # the definition version this table was computed with


def format_number(value: int | float, *, decimals: int = 0) -> str:
    """Dutch number format: a dot between thousands, a comma before decimals ("1.234,5")."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_value(value: int | float, unit: str) -> str:
    if unit == "share":
        return f"{format_number(value * 100)}%"
    if unit in ("per_1000", "days", "fte"):
        return format_number(value, decimals=1)
    return format_number(value)
