from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkteam.privacy import chain


class Command(BaseCommand):
    help = (
        "Verify the access log: its keyed hash chain, the signed purges and the external "
        "anchors (the anchor file, or an exported one with --anchor). Names what broke and "
        "exits non-zero."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor", type=Path, default=None, help="an exported anchor file to check against"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchor = options["anchor"]
        if anchor is not None and not anchor.exists():
            raise CommandError(f"anchor file {anchor} does not exist")
        result = chain.verify(anchor_file=anchor)
        if not result.ok:
            lines = [f"  {f.kind}: {f.detail}" for f in result.findings]
            raise CommandError(
                f"access log chain BROKEN at row id {result.broken_row_id} "
                f"(seal #{result.broken_seq}): {result.reason}; {result.checked} rows verified "
                "before it\n" + "\n".join(lines)
            )
        anchors = (
            f"{result.anchors} external anchors agree"
            if result.anchors
            else "WARNING: no external anchor found to check against"
        )
        self.stdout.write(
            f"access log chain OK: {result.checked} sealed rows verified, {result.unsealed} not "
            f"yet sealed; {anchors}"
        )
