"""The consent hook for referrals.

A referral passes personal data to another organisation, so it needs a living consent of
one of the household's members that names the recipient organisation, or a recorded
disclosure on a legal ground (the privacy app's consent registry decides).
"""

from __future__ import annotations

from django.db.models import Model

from wijkteam.households.models import Household, Member
from wijkteam.privacy.consent import ConsentResult, consent_for
from wijkteam.socialmap.models import Provider

__all__ = ["ConsentResult", "consent_check"]


def consent_check(*, person_or_household: Model, recipient: Model | str) -> ConsentResult:
    if isinstance(person_or_household, Household):
        household = person_or_household
    elif isinstance(person_or_household, Member):
        household = person_or_household.household
    else:
        raise TypeError(f"consent is asked for a household or a member, not {person_or_household}")
    # A provider is passed on as such: the consent names it by its link, not by its spelling.
    if isinstance(recipient, Provider):
        return consent_for(household=household, recipient=recipient)
    name = recipient if isinstance(recipient, str) else str(getattr(recipient, "name", recipient))
    return consent_for(household=household, recipient=name)
