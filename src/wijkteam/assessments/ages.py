"""Which instruments fit a member's age: the self-sufficiency matrix and the participation
ladder are adult instruments (``ASSESSMENT_ADULT_MIN_AGE``, default 18)."""

from __future__ import annotations

from django.conf import settings

from wijkteam.assessments.models import Instrument
from wijkteam.households.models import Member

ADULT_INSTRUMENT_CODES = frozenset({"zrm", "participation-ladder"})


def fits_age(instrument: Instrument, member: Member) -> bool:
    """An adult instrument for a member younger than the threshold does not fit; without a
    date of birth the age is unknown and every instrument is offered."""
    age = member.age
    if instrument.code not in ADULT_INSTRUMENT_CODES or age is None:
        return True
    return age >= settings.ASSESSMENT_ADULT_MIN_AGE
