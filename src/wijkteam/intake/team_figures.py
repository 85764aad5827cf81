"""Aggregate reads of a team's intake for the team-development quickscan.

Counts only: no signal, resident or attempt leaves this module, so the figures need no
per-row access decision (like ``casework.selectors.team_indicators``). Kept apart from
``selectors.py`` because these are team figures, not reads of personal data.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from wijkteam.intake.models import OPEN_STATUSES, OutreachAttempt, Signal, SourceKind
from wijkteam.organisations.models import Team

RECENT_WEEKS = 6


# Residents who came to the team themselves, not through a partner or a colleague.
FROM_RESIDENTS = (SourceKind.RESIDENT, SourceKind.SELF_REFERRAL)


def team_intake_indicators(*, team: Team) -> dict[str, int | float | None]:
    """- signals_overdue: the team's open signals whose deadline has passed (today);
    - outreach_attempts: outreach attempts the team logged in the last RECENT_WEEKS weeks;
    - share_signals_from_residents: of the signals received in those weeks, the share that
      came from residents themselves (None without signals)."""
    today = timezone.localdate()
    since = timezone.now() - dt.timedelta(weeks=RECENT_WEEKS)
    recent = Signal.objects.filter(team=team, received_at__gte=since)
    received = recent.count()
    from_residents = recent.filter(source_kind__in=FROM_RESIDENTS).count() if received else 0
    return {
        "share_signals_from_residents": round(from_residents / received, 3) if received else None,
        "signals_overdue": Signal.objects.filter(
            team=team, status__in=OPEN_STATUSES, deadline__lt=today
        ).count(),
        "outreach_attempts": OutreachAttempt.objects.filter(
            team=team, attempted_at__gte=since
        ).count(),
    }
