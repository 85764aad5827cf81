"""The consent hook for referrals.

A referral passes personal data to another organisation, so it needs a living consent of
one of the household's members that names the recipient organisation, or a recorded
disclosure on a legal ground (the privacy app's consent registry decides).
"""

from __future__ import annotations

from django.db.models import Model

from wijkteam.households.models import Household
from wijkteam.privacy.consent import ConsentResult, consent_for
from wijkteam.socialmap.models import Provider

__all__ = ["ConsentResult", "consent_check"]


def consent_check(*, person_or_household: Model, recipient: Model | str) -> ConsentResult:
    household = (
        person_or_household
        if isinstance(person_or_household, Household)
        else person_or_household.household  # type: ignore[attr-defined]
    )
    # A provider is passed on as such: the consent names it by its link, not by its spelling.
    if isinstance(recipient, Provider):
        return consent_for(household=household, recipient=recipient)
    name = recipient if isinstance(recipient, str) else str(getattr(recipient, "name", recipient))
    return consent_for(household=household, recipient=name)
