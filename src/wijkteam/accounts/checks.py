"""System checks that keep a production installation safe."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def demo_mode_off_in_production(app_configs: Any, **kwargs: Any) -> list[Error]:
    if getattr(settings, "DEMO_MODE", False):
        return [
            Error(
                "WIJKTEAM_DEMO_MODE is on: demo logins and the demo TOTP shortcut are active.",
                hint="Unset WIJKTEAM_DEMO_MODE on any installation holding real data.",
                id="wijkteam.E001",
            )
        ]
    return []
