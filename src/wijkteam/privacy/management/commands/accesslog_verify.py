from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wijkteam.privacy import chain


class Command(BaseCommand):
    help = "Verify the access log's hash chain; names the first broken row and exits non-zero."

    def handle(self, *args: Any, **options: Any) -> None:
        result = chain.verify()
        if not result.ok:
            raise CommandError(
                f"access log chain BROKEN at row id {result.broken_row_id} "
                f"(seal #{result.broken_seq}): {result.reason}; {result.checked} rows verified before it"
            )
        self.stdout.write(
            f"access log chain OK: {result.checked} sealed rows verified, {result.unsealed} not yet sealed"
        )
