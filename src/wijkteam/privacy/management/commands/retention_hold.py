from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkteam.households.models import Household
from wijkteam.privacy import retention


class Command(BaseCommand):
    help = "Put a household's file under legal hold (no destruction), or lift it with --lift."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("household_id", type=int)
        parser.add_argument("--reason", default="")
        parser.add_argument("--lift", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        household = Household.objects.filter(pk=options["household_id"]).first()
        if household is None:
            raise CommandError("No such household.")
        if not options["lift"] and not options["reason"].strip():
            raise CommandError("A legal hold needs --reason.")
        record = retention.legal_hold_set(
            household=household, hold=not options["lift"], reason=options["reason"]
        )
        self.stdout.write(
            f"household {household.pk}: legal hold {'on' if record.legal_hold else 'off'}"
        )
