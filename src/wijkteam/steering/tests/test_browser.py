"""A policy officer opens the dashboard, filters, downloads the PDF and XLSX (real Chromium)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from wijkteam.conftest import axe_violations, browser_login, build_world
from wijkteam.steering.forms import default_period
from wijkteam.steering.indicators import INDICATORS
from wijkteam.steering.tests.test_reports import pdf_text

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def test_policy_officer_filters_and_downloads_the_report(
    live_server: Any, page: Any, transactional_db: Any
) -> None:
    world = build_world()
    user = world.policy
    user.set_password(PASSWORD)
    user.save()
    browser_login(page, live_server.url, user.username, PASSWORD, TOTPDevice.objects.get(user=user))

    page.click("nav a:has-text('Sturing')")
    page.wait_for_url("**/steering/")
    assert axe_violations(page) == []
    assert page.locator("main svg[role=img]").count() >= 1

    # Filter with the keyboard-usable GET form: a year and an area.
    year = default_period().start.year
    page.select_option("#steering-period", str(year))
    page.select_option("#steering-area", str(world.area_a.pk))
    page.focus("main form.wt-steering-filter button[type=submit]")
    page.keyboard.press("Enter")  # the filters work from the keyboard
    page.wait_for_url(f"**/steering/?*area={world.area_a.pk}*")
    assert f"period={year}" in page.url
    assert "gebied Wijk A" in page.inner_text("main")
    assert axe_violations(page) == []

    with page.expect_download(timeout=90_000) as pdf_info:  # WeasyPrint on a busy machine
        page.click("main button:has-text('Downloaden als pdf')")
    pdf = pdf_info.value
    assert pdf.suggested_filename == f"sturingsrapport-{year}.pdf"
    text = pdf_text(Path(pdf.path()).read_bytes())
    assert "Sturingsrapport — Testgemeente" in text
    assert f"Periode: {year}. Keuze: gebied Wijk A." in text
    assert "Bescherming van kleine aantallen" in text

    with page.expect_download(timeout=60_000) as xlsx_info:
        page.click("main button:has-text('Downloaden als spreadsheet')")
    book = load_workbook(io.BytesIO(Path(xlsx_info.value.path()).read_bytes()))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:2] == ("Sturingsrapport", "Testgemeente")
    assert rows[2][1].startswith("gebied Wijk A")
    notes = [row for row in rows if row and row[0] == "Bescherming van kleine aantallen"]
    titles = [row[0] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert notes and len(notes) == len(titles)
    # The test city registered nothing: every figure about residents is below the threshold,
    # so those sections hold no number at all, only the texts of hidden cells. The team's own
    # staff figures (FTE, expertise) are not about residents and are shown as they are.
    with translation.override("nl"):
        staff = {str(spec.title) for spec in INDICATORS.values() if spec.group == "team"}
    figures, section = [], ""
    for row in rows[4:]:
        if row and row[0] and all(v is None for v in row[1:]):
            section = str(row[0])  # an indicator's title row
        elif section not in staff:
            figures += [v for v in row[1:] if v is not None]
    assert figures and all(isinstance(v, str) for v in figures)
    assert {"<10"} <= set(figures)
