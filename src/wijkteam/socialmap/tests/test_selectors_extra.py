from __future__ import annotations

import pytest

from wijkteam.socialmap.selectors import provider_counts_by_area
from wijkteam.socialmap.tests.factories import make_service


@pytest.mark.django_db
def test_provider_counts_by_area(world) -> None:  # type: ignore[no-untyped-def]
    m = world.municipality
    make_service(m, "A", provider="P1", areas=[world.area_a])
    make_service(m, "B", provider="P1", areas=[world.area_a])
    make_service(m, "C", provider="P2", areas=[world.area_b])
    make_service(m, "D", provider="P3")  # whole municipality
    counts = provider_counts_by_area(area_ids=[world.area_a.pk, world.area_b.pk])
    assert counts == {world.area_a.pk: 2, world.area_b.pk: 2}
