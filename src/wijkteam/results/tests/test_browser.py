"""A policy officer builds a small result logic, links an indicator, records a period's
reading and downloads the MKBA as PDF and XLSX (real Chromium, read back, axe clean)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from wijkteam.conftest import axe_violations, browser_login, build_world
from wijkteam.results.shipped import ensure_shipped

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def test_policy_officer_builds_a_result_logic_and_downloads_the_mkba(
    live_server: Any, page: Any, transactional_db: Any
) -> None:
    ensure_shipped()
    world = build_world()
    user = world.policy
    user.set_password(PASSWORD)
    user.save()
    browser_login(page, live_server.url, user.username, PASSWORD, TOTPDevice.objects.get(user=user))

    page.click("nav a:has-text('Resultatenlogica')")
    page.click("main a:has-text('Nieuwe resultatenlogica')")
    page.fill("#id_title", "Bestaanszekerheid")
    page.click("main button:has-text('Opslaan')")
    page.wait_for_url("**/results/*/")

    page.click("main a:has-text('Beoogd effect toevoegen')")
    page.fill("#id_title", "Minder huisuitzettingen")
    page.select_option("#id_indicator_key", "new_households")
    page.click("main button:has-text('Opslaan')")
    page.wait_for_url("**/results/*/")
    assert "Indicator: Nieuwe huishoudens" in page.inner_text("main")

    page.click("main a:has-text('Operationeel resultaat toevoegen')")
    page.fill("#id_title", "Huurachterstand binnen 14 dagen opgepakt")
    page.click("main button:has-text('Opslaan')")
    page.wait_for_url("**/results/*/")
    page.click("main a:has-text('Twee onderdelen verbinden')")
    page.select_option(
        "#id_source", label="Operationeel resultaat: Huurachterstand binnen 14 dagen opgepakt"
    )
    page.select_option("#id_target", label="Beoogd effect: Minder huisuitzettingen")
    page.fill("#id_rationale", "Wie vroeg wordt geholpen, raakt zijn huis niet kwijt")
    page.click("main button:has-text('Opslaan')")
    page.wait_for_url("**/results/*/")
    assert "Draagt bij aan: Minder huisuitzettingen" in page.inner_text("main")

    page.click("main a:has-text('Periodelezing vastleggen')")
    page.fill("#id_reading", "Meer signalen van corporaties")
    page.fill("#id_conclusion", "Vroegsignalering werkt")
    page.fill("#id_adjust_work", "Vaker samen op huisbezoek")
    page.click("main button:has-text('Opslaan')")
    page.wait_for_url("**/results/*/")
    assert "Vaker samen op huisbezoek" in page.inner_text("main")
    assert axe_violations(page) == []

    page.click("main a:has-text('Schatting maatschappelijke kosten en baten')")
    page.wait_for_url("**/results/mkba/")
    page.fill("#id_cost_per_fte", "80000")  # no default: the municipality's own figure
    page.click("main button:has-text('Berekenen')")
    page.wait_for_url("**/results/mkba/?*")
    assert "geen effectmeting" in page.inner_text("main")
    assert axe_violations(page) == []

    with page.expect_download(timeout=90_000) as pdf_info:  # WeasyPrint on a busy machine
        page.click("main a:has-text('Downloaden als pdf')")
    text = subprocess.run(
        ["pdftotext", pdf_info.value.path(), "-"], capture_output=True, check=True
    ).stdout.decode()
    assert "Schatting, geen effectmeting" in text and "niet geverifieerd" in text

    with page.expect_download(timeout=60_000) as xlsx_info:
        page.click("main a:has-text('Downloaden als spreadsheet')")
    sheet = load_workbook(io.BytesIO(Path(xlsx_info.value.path()).read_bytes()))["MKBA"]
    assert sheet["B12"].value == "=N(B9)*B5" and sheet["B14"].value == "=B12+B13"

    page.click("main a:has-text('Indexreeks')")  # the series choice and the own series
    page.wait_for_url("**/results/mkba/index/")
    assert "consumentenprijsindex van het CBS" in page.inner_text("main")
    assert axe_violations(page) == []
