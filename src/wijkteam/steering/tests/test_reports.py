"""The periodic report: PDF and XLSX read back; hidden cells stay hidden in both."""

from __future__ import annotations

import io
import subprocess
import tempfile
from typing import Any

import pytest
from openpyxl import load_workbook

from wijkteam.steering.reports import report_pdf, report_xlsx
from wijkteam.steering.tables import Period, Selection
from wijkteam.steering.tests.factories import signals_table

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    """The PDF's text as lines in their layout, each with single spaces; lines joined by |."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        result = subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True, text=True
        )
    lines = (" ".join(line.split()) for line in result.stdout.splitlines())
    return "|".join(line for line in lines if line)


def _selection(world: Any) -> Selection:
    return Selection(municipality_id=world.municipality.pk, period=Period.from_slug("2026-Q2"))


def test_pdf_holds_figures_definitions_and_the_suppression(world: Any) -> None:
    content = report_pdf(
        municipality=world.municipality,
        selection=_selection(world),
        scope="de hele gemeente",
        tables=[signals_table()],
    )
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Testgemeente" in text and "kwartaal" in text
    assert "Signalen per soort partner" in text
    assert "|Woningcorporatie 35 30 20|" in text
    assert "|Apotheek <10 15 <10|" in text
    assert "|Huisarts \u2013 10 25|" in text
    assert "Aantallen onder 10 zijn verborgen" in text
    # The definition the table was computed with, in Dutch.
    assert "Het aantal signalen dat in de periode" in text
    assert "versie 1" in text


def test_xlsx_holds_hidden_cells_as_text_never_as_numbers(world: Any) -> None:
    content = report_xlsx(
        municipality=world.municipality,
        selection=_selection(world),
        scope="de hele gemeente",
        tables=[signals_table()],
    )
    book = load_workbook(io.BytesIO(content))
    sheet = book.worksheets[0]
    rows = [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]
    assert ("Woningcorporatie", 35, 30, 20) in rows
    assert ("Apotheek", "<10", 15, "<10") in rows
    assert ("Huisarts", "\u2013", 10, 25) in rows
    notes = [row[1] for row in rows if row and row[0] == "Bescherming van kleine aantallen"]
    assert notes == ["Aantallen onder 10 zijn verborgen; aantallen zijn afgerond op 5."]
    definitions = book.worksheets[1]
    lines = list(definitions.iter_rows(values_only=True))
    assert lines[1][0] == "Signalen per soort partner"
    assert lines[1][1] == 1
    assert str(lines[1][3]).startswith("Het aantal signalen")
