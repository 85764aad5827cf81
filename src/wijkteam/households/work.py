"""The work done with a household, as households sees it without importing casework.

casework is the layer above households: registering a household starts its first
trajectory, the household lists show the phase of its latest one, a BSN counts as "in
another open household" while that household's trajectory is not closed, and removing a
member is written on the household's timeline; the member and network pages are for whom
works on the file. households
asks these questions of the :class:`HouseholdWork` protocol; casework registers its answer at
start-up (``casework/apps.py`` calls :func:`work_register`), so the lower app names the
upper one nowhere. See docs/architecture.md, "Which app owns which noun".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.db.models.expressions import BaseExpression

    from wijkteam.accounts.models import User
    from wijkteam.households.models import Household
    from wijkteam.privacy.policy import Actor, Decision


class HouseholdWork(Protocol):
    def start(
        self, *, actor: Actor, household: Household, coordinator: User, decision: Decision
    ) -> str:
        """Start the first work on a household just registered (inside the registration's
        transaction, with the registration's decision); return the phase it starts in."""
        ...

    def household_for_work(self, *, actor: Actor, household_id: int, log: bool) -> Household:
        """The household for somebody who works on it (the policy's WORK right on its
        latest trajectory; AccessDenied otherwise). ``log``: a page shows its content, so
        the read is logged (a change made with it is logged by the service instead)."""
        ...

    def latest_phase(self) -> BaseExpression:
        """An expression on a household query (``OuterRef("pk")``): the phase of its latest
        work, or null when it has none."""
        ...

    def phase_label(self, phase: str) -> str:
        """The phase as the UI names it."""
        ...

    def open_household_ids(self) -> QuerySet[Any]:
        """The ids of the households whose work is not closed (a subquery)."""
        ...

    def timeline_note(self, *, actor: Actor, household: Household, text: str) -> None:
        """Write ``text`` on the household's timeline (a member removed, and why)."""
        ...


_registered: list[HouseholdWork] = []


def work_register(work: HouseholdWork) -> None:
    """Called once at start-up by the app that does the work (casework)."""
    _registered[:] = [work]


def work() -> HouseholdWork:
    if not _registered:
        raise ImproperlyConfigured("No app registered the work on households (casework).")
    return _registered[0]
