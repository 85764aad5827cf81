"""The generated city (benchmarks/generator.py) registers what the indicators read, and the
summary built from it passes `steering_recompute --check` (#13 point 8)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from wijkteam.steering.models import SummaryCount
from wijkteam.steering.sources import SOURCES


@pytest.mark.django_db
def test_tiny_generated_city_fills_every_indicator_and_recomputes_true() -> None:
    call_command("generate_city", size="tiny", seed=7, stdout=StringIO())
    call_command("steering_recompute", stdout=StringIO())
    out = StringIO()
    call_command("steering_recompute", "--check", stdout=out)
    assert "matches" in out.getvalue()
    filled = set(SummaryCount.objects.values_list("indicator", flat=True).distinct())
    assert filled == set(SOURCES)
    frameworks = set(SummaryCount.objects.values_list("framework", flat=True).distinct())
    assert frameworks == {"", "wmo", "jeugdwet", "participatiewet"}
