"""The shipped ZRM versions are made from the one vocabulary of life domains; migration 0004
moved their stored short codes (domains and latest scores) to it, and back when reversed."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone, translation

from wijkteam.assessments.models import Domain, DomainMapping, LatestScore
from wijkteam.assessments.tests.helpers import first_member, own_instrument, record, zrm
from wijkteam.casework.tests.helpers import make_household
from wijkteam.lifedomains import ZRM_2013_OF_2017, LifeDomain, Zrm2017Domain

migration = importlib.import_module("wijkteam.assessments.migrations.0004_life_domain_codes")


@pytest.mark.django_db
def test_shipped_zrm_domains_are_the_life_domains_in_order() -> None:
    old, new = zrm("2013"), zrm("2017")
    assert list(old.domains.order_by("order").values_list("code", flat=True)) == LifeDomain.values
    assert list(new.domains.order_by("order").values_list("code", flat=True)) == (
        Zrm2017Domain.values
    )
    with translation.override("nl"):
        assert old.domains.get(code="mental_health").name_nl == str(LifeDomain.MENTAL_HEALTH.label)
    pairs = set(DomainMapping.objects.values_list("target__code", "source__code"))
    assert pairs == {(k, v.value) for k, v in ZRM_2013_OF_2017.items()}


@pytest.mark.django_db
def test_shipped_codes_move_from_the_short_codes_and_back(world: Any) -> None:
    member = first_member(make_household(world))
    record(world, member, zrm("2013"), 3, on=timezone.localdate() - dt.timedelta(days=1))
    own = own_instrument(world.municipality)
    own.domains.filter(code="mood").update(code="mental")  # a municipality's own code
    migration.backwards(apps, None)
    assert zrm("2013").domains.filter(code="mental").exists()
    assert LatestScore.objects.get(member=member, domain__code="mental").domain_code == "mental"
    migration.forwards(apps, None)
    assert not Domain.objects.filter(instrument__municipality=None, code="mental").exists()
    latest = LatestScore.objects.get(member=member, domain__code="mental_health")
    assert latest.domain_code == "mental_health"
    assert own.domains.filter(code="mental").exists()  # its own codes are left alone
