"""One look: dates written one way (15 december 2026) and figures with Dutch separators."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from wijkteam.organisations.models import Area

PACKAGE = Path(__file__).resolve().parents[2]
# Formats for machines, not people: form input values (Y-m-d), ISO (c); for people the named
# formats of the active language (Dutch: "j F Y", "j F Y H:i") or those Dutch formats written
# out. The roster names the weekday; the access log needs the second.
MACHINE_OR_NAMED = {
    "Y-m-d", "c", "H:i", "DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "l j F",
    "j F Y", "j F Y H:i", "j F Y H:i:s",
}  # fmt: skip
DATE_FILTER = re.compile(r"""\|date:["']([^"']+)["']""")
PY_DATES = re.compile(r"""strftime\(["']%d-%m-%Y|date_format\([^)]*["']d-m-Y""")


def _product_files(pattern: str) -> list[Path]:
    return [p for p in PACKAGE.rglob(pattern) if "tests" not in p.parts]


def test_templates_write_dates_one_way() -> None:
    odd = {
        f"{path.relative_to(PACKAGE)}: {fmt}"
        for path in _product_files("*.html")
        for fmt in DATE_FILTER.findall(path.read_text())
        if fmt not in MACHINE_OR_NAMED
    }
    assert odd == set()


def test_python_code_writes_dates_one_way() -> None:
    odd = [
        str(path.relative_to(PACKAGE))
        for path in _product_files("*.py")
        if PY_DATES.search(path.read_text())
    ]
    assert odd == []


def test_the_house_date_and_figure_formats_in_dutch() -> None:
    import datetime as dt

    template = Template("{% load ui_format %}{{ day|date }} · {{ n|figure }} · {{ x|figure }}")
    with translation.override("nl"):
        text = template.render(Context({"day": dt.date(2026, 12, 15), "n": 12000, "x": 8123.6}))
    assert text == "15 december 2026 · 12.000 · 8.124"


@pytest.mark.django_db
def test_inhabitants_are_shown_with_dutch_thousands_separators(world: Any, client_for: Any) -> None:
    Area.objects.filter(pk=world.area_a.pk).update(inhabitants=12345)
    page = client_for(world.member_a).get(
        reverse("organisations:team_detail", kwargs={"team_id": world.team_a.pk})
    )
    assert "12.345" in page.content.decode()
