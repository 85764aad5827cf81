"""Building blocks for assessment tests: a household with members and recorded measurements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wijkteam.accounts.models import User
from wijkteam.assessments import services
from wijkteam.assessments.models import Domain, Instrument, Level, Measurement
from wijkteam.assessments.shipped import ensure_shipped
from wijkteam.casework.tests.helpers import actor, make_household
from wijkteam.households.models import Household, Member

__all__ = [
    "actor",
    "first_member",
    "ladder",
    "make_household",
    "own_instrument",
    "record",
    "zrm",
]


def zrm(version: str = "2013") -> Instrument:
    ensure_shipped()
    return Instrument.objects.get(code="zrm", version=version)


def ladder() -> Instrument:
    ensure_shipped()
    return Instrument.objects.get(code="participation-ladder")


def own_instrument(
    municipality: Any, code: str = "wellbeing", version: str = "1", name: str = "Welzijnsmeter"
) -> Instrument:
    """An instrument owned by the municipality: two domains, a scale of 1 to 3."""
    instrument = Instrument.objects.create(
        municipality=municipality, code=code, name=name, version=version
    )
    for order, (dcode, nl, en) in enumerate(
        (("mood", "Stemming", "Mood"), ("contacts", "Contacten", "Contacts")), start=1
    ):
        Domain.objects.create(
            instrument=instrument, code=dcode, order=order, name_nl=nl, name_en=en
        )
    for value, nl, en in ((1, "Zorgelijk", "Worrying"), (2, "Matig", "Fair"), (3, "Goed", "Good")):
        Level.objects.create(instrument=instrument, value=value, label_nl=nl, label_en=en)
    return instrument


def first_member(household: Household) -> Member:
    return Member.objects.filter(household=household).order_by("pk").first()  # type: ignore[return-value]


def record(
    world: Any,
    member: Member,
    instrument: Instrument,
    values: dict[str, int | None] | int | None,
    *,
    on: dt.date | None = None,
    user: User | None = None,
) -> Measurement:
    """Record a measurement; ``values`` maps domain codes to scores, or is one value for all."""
    codes = list(
        Domain.objects.filter(instrument=instrument)
        .order_by("order")
        .values_list("code", flat=True)
    )
    if not isinstance(values, dict):
        values = dict.fromkeys(codes, values)
    return services.measurement_record(
        actor=actor(user or world.member_a),
        member=member,
        instrument=instrument,
        scores=[services.ScoreInput(code, value) for code, value in values.items()],
        measured_on=on or dt.date(2026, 1, 10),
    )
