"""Issue 15 point 8: the matrix and the ladder are adult instruments, offered by age."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wijkteam.assessments.tests.helpers import ladder, make_household, own_instrument, record, zrm

pytestmark = pytest.mark.django_db


def _links(client: Any, household: Any, member: Any) -> str:
    page = client.get(reverse("assessments:household", args=[household.pk])).content.decode()
    return page.split(f'id="member-{member.pk}"')[1].split("</section>")[0]


def test_young_children_are_not_offered_the_matrix_or_the_ladder(
    world: Any, client_for: Any, settings: Any
) -> None:
    household = make_household(world)
    child = household.members.get(first_name="Cleo")  # about 14
    adult = household.members.get(first_name="Anna")
    matrix, steps, own = zrm(), ladder(), own_instrument(world.municipality)
    client = client_for(world.member_a)
    for_child, for_adult = _links(client, household, child), _links(client, household, adult)
    for instrument in (matrix, steps):
        record_url = reverse("assessments:record", args=[child.pk, instrument.pk])
        assert record_url not in for_child
        assert reverse("assessments:record", args=[adult.pk, instrument.pk]) in for_adult
    assert reverse("assessments:record", args=[child.pk, own.pk]) in for_child
    with pytest.raises(ValidationError) as refused:
        record(world, child, matrix, 3)
    assert "bedoeld voor volwassenen" in str(refused.value)
    settings.ASSESSMENT_ADULT_MIN_AGE = 12  # configurable
    assert reverse("assessments:record", args=[child.pk, matrix.pk]) in _links(
        client, household, child
    )
