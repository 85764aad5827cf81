"""Remove the demo accounts (``wijkteam demo``) before an installation holds real data.

With demo mode off, Wijkteam refuses to start while demo accounts exist (their password and
TOTP keys are public; see ``accounts/checks.py``). This command removes them with their
memberships, devices, invitations, tokens and sessions. System checks are skipped, since
the start-up check is what sends people here.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wijkteam.accounts.security import demo_accounts_remove


class Command(BaseCommand):
    help = "Remove every demo account (memberships, devices, tokens, sessions); logged."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_accounts_remove()
        w = self.stdout.write
        w(f"Demo accounts deleted: {len(result.deleted)} ({', '.join(result.deleted) or '-'})")
        w(
            f"Demo accounts made unusable (the access log refers to them): "
            f"{len(result.deactivated)} ({', '.join(result.deactivated) or '-'})"
        )
        w(
            "The fictional demo municipality and its data are not removed; start from an "
            "empty database for real data."
        )
