"""Screenshots for reviewers: the household file, Mijn werk and the plan PDF.

Run through ``scripts/screenshots.sh``, which makes a throwaway demo database, starts the app
on a loopback port and calls this command with its address. The command logs in through the
real login pages as a demo team member (her real TOTP code), opens the pages in Debian's
headless Chromium and writes PNG files; the plan PDF is rendered by the app (WeasyPrint) and
its first page turned into a PNG with poppler's ``pdftoppm``. Nothing is fetched from outside
the loopback address.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

DEMO_LOGIN = "fenna"  # a team member who coordinates households in the demo
CHROMIUM_ARGS = [  # as in the browser tests (conftest.py): Debian's Chromium, headless
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Command(BaseCommand):
    help = "Take screenshots of the household file, Mijn werk and the plan PDF of a demo."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--base-url", required=True, help="where the demo app runs")
        parser.add_argument("--out", default="docs/screenshots", help="folder for the PNGs")

    def handle(self, *args: Any, base_url: str, out: str, **options: Any) -> None:
        from django_otp.oath import TOTP
        from django_otp.plugins.otp_totp.models import TOTPDevice
        from playwright.sync_api import sync_playwright

        from wijkteam.accounts.models import User
        from wijkteam.casework.models import Plan
        from wijkteam.tooling.management.commands.demo import DEMO_PASSWORD

        user = User.objects.filter(username=DEMO_LOGIN, is_demo_account=True).first()
        if user is None:
            raise CommandError("No demo data here: run `wijkteam demo` first.")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        plan = (
            Plan.objects.filter(is_current=True, trajectory__coordinator=user)
            .order_by("household__name")
            .first()
        )
        if device is None or plan is None:
            raise CommandError("The demo has no household with a plan for the demo login.")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        base = base_url.rstrip("/")
        with sync_playwright() as playwright:
            chromium = shutil.which("chromium") or "/usr/bin/chromium"
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")
            page.goto(f"{base}/login/")
            page.fill("#id_username", DEMO_LOGIN)
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_url("**/mfa/verify/")
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            page.fill("#id_code", f"{totp.token():0{device.digits}d}")
            page.click("main button[type=submit]")
            page.wait_for_url("**/my-work/")
            shots = {
                "my-work.png": reverse("core:my_work"),
                "household-file.png": reverse("casework:household_file", args=[plan.household_id]),
                "plan.png": reverse("casework:plan", args=[plan.household_id]),
            }
            for name, path in shots.items():
                page.goto(f"{base}{path}")
                page.screenshot(path=str(folder / name), full_page=True)
                self.stdout.write(f"wrote {folder / name}")
            answer = page.request.get(
                f"{base}{reverse('casework:plan_pdf', args=[plan.household_id])}"
            )
            content = answer.body()
            if answer.status != 200 or not content.startswith(b"%PDF"):
                raise CommandError(f"The plan PDF did not come back (status {answer.status}).")
            browser.close()
        with tempfile.TemporaryDirectory() as scratch:
            pdf = Path(scratch) / "plan.pdf"
            pdf.write_bytes(content)
            pdftoppm = shutil.which("pdftoppm") or "/usr/bin/pdftoppm"
            subprocess.run(  # noqa: S603 - our own file names, no shell
                [
                    pdftoppm,
                    "-png",
                    "-r",
                    "70",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(folder / "plan-pdf"),
                ],
                check=True,
            )
        self.stdout.write(f"wrote {folder / 'plan-pdf.png'}")
