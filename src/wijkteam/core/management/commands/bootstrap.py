"""Set up a new installation: the municipality and its first functional administrator."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from wijkteam.accounts import services as account_services
from wijkteam.accounts.models import User
from wijkteam.organisations.services import municipality_bootstrap


class Command(BaseCommand):
    help = (
        "Create the municipality and its first functional administrator; prints an invitation link."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--municipality", required=True)
        parser.add_argument("--username", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"Login name {options['username']!r} already exists.")
        municipality = municipality_bootstrap(name=options["municipality"])
        user = account_services.first_admin_create(
            municipality=municipality,
            username=options["username"],
            first_name=options["first_name"],
            last_name=options["last_name"],
            email=options["email"],
        )
        link = account_services.bootstrap_invitation(user=user)
        self.stdout.write(
            f"Functional administrator created. Invitation link (valid once):\n"
            f"  {options['base_url'].rstrip('/')}/invitation/{link.raw_token}/"
        )
