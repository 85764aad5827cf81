"""The shipped figures come back after a flush (every transactional test flushes), so pages
read the same unit costs and CPI series whatever ran before them."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from wijkteam.results.models import IndexValue, OutcomeOption, UnitCost


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_the_shipped_unit_costs_options_and_cpi_in_place() -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert UnitCost.objects.filter(municipality__isnull=True).exists()
    assert OutcomeOption.objects.filter(municipality__isnull=True).exists()
    assert IndexValue.objects.filter(series="cbs_cpi", year=2015).exists()
