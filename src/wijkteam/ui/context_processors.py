from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from wijkteam.accounts.models import Role, User
from wijkteam.privacy import policy


def wijkteam(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    is_admin = False
    if isinstance(user, User) and user.is_authenticated and user.is_verified():  # type: ignore[attr-defined]
        is_admin = policy.has_role(user, Role.FUNCTIONAL_ADMIN)
    return {"demo_mode": settings.DEMO_MODE, "nav_is_admin": is_admin}
