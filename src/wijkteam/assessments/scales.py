"""An instrument's domains and scale values, read once per instrument object.

The record page reads them to build its form and the recording service to validate the
scores; both get the same instrument object in one request, so one query serves both.
"""

from __future__ import annotations

from wijkteam.assessments.models import Domain, Instrument

_CACHE = "_wijkteam_scale"


def instrument_scale(instrument: Instrument) -> tuple[dict[str, Domain], set[int]]:
    """Domains by code (in their order) and the scale's values, in one query (domain x level)."""
    cached: tuple[dict[str, Domain], set[int]] | None = getattr(instrument, _CACHE, None)
    if cached is not None:
        return cached
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
    setattr(instrument, _CACHE, (domains, values))
    return domains, values
