"""Progress: the first against the latest score, per domain, per person and per household.

Pure functions over plain values, so they can be tested exhaustively with hypothesis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

UP = "up"
SAME = "same"
DOWN = "down"
NOT_COMPARABLE = "n/a"
TRENDS = (UP, SAME, DOWN, NOT_COMPARABLE)


def classify(first: int | None, latest: int | None) -> str:
    """``up``, ``same`` or ``down``; ``n/a`` when one side is missing."""
    if first is None or latest is None:
        return NOT_COMPARABLE
    if latest > first:
        return UP
    if latest < first:
        return DOWN
    return SAME


def combine(pairs: Iterable[tuple[int | None, int | None]]) -> str:
    """One trend for several domains or people: the sign of the summed differences.

    Pairs with a missing side are left out; with nothing comparable the answer is ``n/a``.
    """
    total = 0
    compared = False
    for first, latest in pairs:
        if first is None or latest is None:
            continue
        compared = True
        total += latest - first
    if not compared:
        return NOT_COMPARABLE
    return UP if total > 0 else DOWN if total < 0 else SAME


@dataclass
class SummaryRow:
    """One LatestScore row in plain values (what the progress needs of it)."""

    instrument_code: str
    version: str
    domain_id: int
    domain_code: str
    domain_name: str
    order: int
    first_value: int
    first_on: dt.date
    first_measurement_id: int
    value: int
    measured_on: dt.date
    measurement_id: int


@dataclass
class DomainProgress:
    domain_code: str
    domain_name: str
    order: int
    first: int | None
    first_on: dt.date | None
    latest: int | None
    latest_on: dt.date | None
    mapped_from: str = ""  # name of the older version's domain when the mapping was applied
    older_version: str = ""  # set on an older version's domain without a one-to-one mapping

    @property
    def trend(self) -> str:
        return classify(self.first, self.latest)


def _progress(row: SummaryRow) -> DomainProgress:
    single = row.first_measurement_id == row.measurement_id
    return DomainProgress(
        domain_code=row.domain_code,
        domain_name=row.domain_name,
        order=row.order,
        first=row.first_value,
        first_on=row.first_on,
        latest=None if single else row.value,
        latest_on=None if single else row.measured_on,
    )


def instrument_progress(
    rows: list[SummaryRow], mapping: dict[int, int]
) -> dict[str, list[DomainProgress]]:
    """Per instrument code, the progress per domain of the newest version the person had.

    Rows of an older version are merged into the newer version's domain only where
    ``mapping`` (older domain id -> newer domain id) says the two are one-to-one; other
    older domains stay separate and are marked as such.
    """
    by_code: dict[str, list[SummaryRow]] = {}
    for row in rows:
        by_code.setdefault(row.instrument_code, []).append(row)
    result: dict[str, list[DomainProgress]] = {}
    for code, group in by_code.items():
        newest = max(group, key=lambda r: (r.measured_on, r.measurement_id)).version
        current = {r.domain_id: r for r in group if r.version == newest}
        items = {domain_id: _progress(r) for domain_id, r in current.items()}
        extra: list[DomainProgress] = []
        for row in group:
            if row.version == newest:
                continue
            target = mapping.get(row.domain_id)
            if target is not None and target in current:
                new = current[target]
                items[target] = DomainProgress(
                    domain_code=new.domain_code,
                    domain_name=new.domain_name,
                    order=new.order,
                    first=row.first_value,
                    first_on=row.first_on,
                    latest=new.value,
                    latest_on=new.measured_on,
                    mapped_from=f"{row.domain_name} ({row.version})",
                )
            else:
                item = _progress(row)
                item.older_version = row.version
                extra.append(item)
        ordered = sorted(items.values(), key=lambda p: p.order)
        result[code] = ordered + sorted(extra, key=lambda p: p.order)
    return result
