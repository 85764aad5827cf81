"""Aggregate reads of a team's intake for the team-development quickscan (#15 point 12).

Counts only: no signal, resident or attempt leaves this module, so the figures need no
per-row access decision (like ``casework.selectors.team_indicators``). Kept apart from
``selectors.py`` because these are team figures, not reads of personal data.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wijkteam.intake.models import OPEN_STATUSES, OutreachAttempt, Signal
from wijkteam.organisations.models import Team

RECENT_WEEKS = 6


def team_intake_indicators(*, team: Team) -> dict[str, int]:
    """- signals_overdue: the team's open signals whose deadline has passed (today);
    - outreach_attempts: outreach attempts the team logged in the last RECENT_WEEKS weeks."""
    today = timezone.localdate()
    since = timezone.now() - dt.timedelta(weeks=RECENT_WEEKS)
    return {
        "signals_overdue": Signal.objects.filter(
            team=team, status__in=OPEN_STATUSES, deadline__lt=today
        ).count(),
        "outreach_attempts": OutreachAttempt.objects.filter(
            team=team, attempted_at__gte=since
        ).count(),
    }
