"""PDFs: a long table repeats its header on every page and never splits a row; the theme font.

Rendered by the real view and WeasyPrint, read back page by page with poppler's pdftotext.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from wijkteam.casework import services
from wijkteam.casework.models import OwnerKind
from wijkteam.casework.tests.helpers import actor, make_household, make_plan

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils missing",
)

ROWS = 45
# Long enough to wrap over several lines in the "What" column: a split row shows as parts of
# one row (its start, its end, its owner) on different pages.
FILLER = "afspraak maken met de schuldhulp en de papieren samen doornemen aan de keukentafel " * 2


def _pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    count = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


@pytest.fixture
def long_plan_pdf(world: Any, client_for: Any, tmp_path: Path) -> Path:
    household = make_household(world)
    plan = make_plan(world, household, actions=0)
    for i in range(ROWS):
        services.action_add(
            actor=actor(world.member_a),
            plan=plan,
            solution=None,
            text=f"Start{i:02d} {FILLER.strip()} Eind{i:02d}",
            owner_kind=OwnerKind.NETWORK,
            owner_name=f"Wie{i:02d}",
            due_on=None,
        )
    response = client_for(world.member_a).get(reverse("casework:plan_pdf", args=[household.pk]))
    assert response.status_code == 200
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(response.content)
    return pdf


def test_a_long_pdf_table_repeats_its_header_never_splits_a_row_and_uses_the_theme_fonts(
    long_plan_pdf: Path,
) -> None:
    pages = _pages(long_plan_pdf)
    with translation.override("nl"):
        header = [translation.gettext(word) for word in ("What", "Who", "When")]
    pages_with_rows = 0
    for number, text in enumerate(pages, start=1):
        starts = set(re.findall(r"Start(\d\d)", text))
        ends = set(re.findall(r"Eind(\d\d)", text))
        owners = set(re.findall(r"Wie(\d\d)", text))
        # One row's cells (the start and end of "What", and "Who") all on the same page.
        assert starts == ends == owners, f"page {number}: a row is split over two pages"
        if starts:
            pages_with_rows += 1
            assert any(all(word in line for word in header) for line in text.splitlines()), (
                f"page {number} has rows but no table header"
            )
    assert pages_with_rows >= 3  # the table really runs over several pages
    assert set().union(*(re.findall(r"Start(\d\d)", t) for t in pages)) == {
        f"{i:02d}" for i in range(ROWS)
    }

    fonts = subprocess.run(
        ["pdffonts", str(long_plan_pdf)], capture_output=True, text=True, check=True
    ).stdout
    # The theme's fonts (Noto Sans text, Noto Serif headings), embedded; no system fallback.
    assert re.search(r"Noto-?Sans", fonts) and re.search(r"Noto-?Serif", fonts), fonts
    assert "DejaVu" not in fonts, fonts
