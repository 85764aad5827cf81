"""Load the licensed criteria texts of a shipped instrument (the installation's operator).

The shipped instruments (ZRM 2013/2017, participation ladder) are the same for every
municipality of an installation, so nobody changes them in the application. Their criteria
texts belong to the instrument's owner; the party that runs the installation loads them here
when its licence covers the installation:

    wijkteam assessments_load_criteria zrm:2017 --template > zrm-2017.csv
    wijkteam assessments_load_criteria zrm:2017 zrm-2017.csv
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkteam.assessments.instruments import criteria_load_shipped, criteria_template_csv
from wijkteam.assessments.models import Instrument


class Command(BaseCommand):
    help = "Load (or with --template: print an empty file for) a shipped instrument's criteria."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "instrument", help="code:version of a shipped instrument, e.g. zrm:2017"
        )
        parser.add_argument("file", nargs="?", help="a .json or .csv file (see the upload page)")
        parser.add_argument(
            "--template", action="store_true", help="print an empty CSV file with every cell"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code, _sep, version = options["instrument"].partition(":")
        instrument = Instrument.objects.filter(
            municipality__isnull=True, code=code, version=version
        ).first()
        if instrument is None:
            shipped = ", ".join(
                f"{i.code}:{i.version}"
                for i in Instrument.objects.filter(municipality__isnull=True).order_by(
                    "code", "version"
                )
            )
            raise CommandError(
                f"No shipped instrument {options['instrument']!r}. Shipped: {shipped}"
            )
        if options["template"]:
            self.stdout.write(criteria_template_csv(instrument), ending="")
            return
        if not options["file"]:
            raise CommandError("Give the criteria file (or --template).")
        path = Path(options["file"])
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            count = criteria_load_shipped(instrument=instrument, filename=path.name, raw=raw)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(f"{count} criteria texts loaded for {instrument}.")
