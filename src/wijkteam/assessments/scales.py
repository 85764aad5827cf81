"""An instrument's domains and scale values as one value, read in one query.

The record page reads it to build its form and hands the same value to the recording
service, which validates the scores with it; so one query serves both.
"""

from __future__ import annotations

from dataclasses import dataclass

from wijkteam.assessments.models import Domain, Instrument


@dataclass(frozen=True)
class InstrumentScale:
    """Domains by code (in their order) and the scale's values of one instrument."""

    instrument_id: int
    domains: dict[str, Domain]
    values: frozenset[int]


def instrument_scale(instrument: Instrument) -> InstrumentScale:
    """Read in one query (domain x level)."""
    domains: dict[str, Domain] = {}
    values: set[int] = set()
    for row in (
        Domain.objects.filter(instrument=instrument)
        .order_by("order", "pk")
        .values("pk", "code", "order", "name_nl", "name_en", "instrument__levels__value")
    ):
        if row["code"] not in domains:
            domains[row["code"]] = Domain(
                pk=row["pk"],
                instrument=instrument,
                code=row["code"],
                order=row["order"],
                name_nl=row["name_nl"],
                name_en=row["name_en"],
            )
        if row["instrument__levels__value"] is not None:
            values.add(row["instrument__levels__value"])
    return InstrumentScale(instrument.pk, domains, frozenset(values))
