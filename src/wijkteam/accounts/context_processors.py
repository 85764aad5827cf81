"""What every logged-in page needs to warn before the idle end (``ui/static/ui/session.js``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from wijkteam.accounts.backends import is_verified
from wijkteam.accounts.middleware import seconds_left


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not is_verified(user):
        return {}
    return {
        # The server's own count, so the page never guesses (another tab may have renewed).
        "session_seconds_left": seconds_left(request.session),
        "session_warn_seconds": min(settings.SESSION_WARN_SECONDS, settings.SESSION_IDLE_SECONDS),
    }
