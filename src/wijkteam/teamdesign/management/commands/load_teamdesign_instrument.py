"""Load (or refresh) the shipped team-design instrument; safe to run more than once."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from wijkteam.teamdesign.loader import load_instrument


class Command(BaseCommand):
    help = "Load the shipped team-design instrument (building blocks, rules, pitfalls)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            instrument = load_instrument(apps.get_model)
        self.stdout.write(f"Loaded {instrument.code} version {instrument.version}.")
