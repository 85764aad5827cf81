from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from wijkteam.casework import services as casework
from wijkteam.casework.tests.helpers import make_household, make_plan, trajectory_of
from wijkteam.conftest import World
from wijkteam.households.models import Household, Member
from wijkteam.households.services import MemberInput, household_create
from wijkteam.privacy import retention
from wijkteam.privacy.models import AccessLogEntry, RetentionRecord, RetentionStatistic
from wijkteam.privacy.policy import Actor


def _today() -> dt.date:
    """Today in the app's time zone, read when a test runs (a value read at import time is
    yesterday in a run that passes midnight)."""
    return timezone.localdate()


def _adults(world: World, name: str) -> Household:
    return household_create(
        actor=Actor(user=world.member_a),
        team=world.team_a,
        name=name,
        street_address="Laan 3",
        postcode="1234AB",
        city="Teststad",
        members=[
            MemberInput("Ada", name, dt.date(1960, 1, 1)),
            MemberInput("Bert", name, dt.date(1958, 2, 2)),
        ],
        coordinator=world.member_a,
    )


def _close(world: World, household: Household, frameworks: tuple[str, ...] = ("wmo",)) -> None:
    casework.trajectory_close(
        actor=Actor(user=world.member_a),
        trajectory=trajectory_of(household),
        reason="Doel bereikt",
        frameworks=frameworks,
    )


@pytest.fixture
def city(world: World) -> dict[str, Household]:
    wmo = _adults(world, "Wmo")
    make_plan(world, wmo)
    _close(world, wmo)
    youth = make_household(world, name="Jeugd")  # has a child of about 14
    make_plan(world, youth)
    _close(world, youth, ("jeugdwet", "wmo"))
    withdrawn = _adults(world, "Ingetrokken")
    _close(world, withdrawn)  # closed before any plan
    held = _adults(world, "Bewaard")
    make_plan(world, held)
    _close(world, held)
    retention.legal_hold_set(household=held, hold=True, reason="Lopende rechtszaak")
    running = _adults(world, "Loopt")
    return {"wmo": wmo, "youth": youth, "withdrawn": withdrawn, "held": held, "running": running}


@pytest.mark.django_db
def test_classes_and_dates_follow_the_rules(city) -> None:
    records = {r.household_id: r for r in RetentionRecord.objects.all()}
    for key in ("wmo", "youth", "withdrawn"):
        retention.retention_assign(household=city[key])
    records = {r.household.name: r for r in RetentionRecord.objects.select_related("household")}
    assert records["Wmo"].retention_class == "wmo" and records[
        "Wmo"
    ].delete_after == retention.add_years(_today(), 15)
    assert records["Jeugd"].retention_class == "jeugdwet" and records[
        "Jeugd"
    ].delete_after == retention.add_years(_today(), 20)
    assert records["Ingetrokken"].retention_class == "withdrawn"
    assert records["Ingetrokken"].delete_after == _today() + dt.timedelta(weeks=6)
    assert "Loopt" not in records


@pytest.mark.django_db
def test_purge_dry_run_changes_nothing_and_real_run_destroys_only_expired_unheld(city) -> None:
    later = retention.add_years(_today(), 16)
    households, members = Household.objects.count(), Member.objects.count()
    log_rows = AccessLogEntry.objects.count()
    dry = retention.purge(today=later, dry_run=True, notice_days=0)
    assert sorted(dry.destroyed) == sorted([city["wmo"].pk, city["withdrawn"].pk])
    assert dry.held == [city["held"].pk]
    assert (Household.objects.count(), Member.objects.count()) == (households, members)
    assert not RetentionStatistic.objects.exists()

    real = retention.purge(today=later, dry_run=False, notice_days=0)
    assert sorted(real.destroyed) == sorted(dry.destroyed)
    remaining = set(Household.objects.values_list("name", flat=True))
    assert remaining == {"Jeugd", "Bewaard", "Loopt"}
    assert Member.objects.count() == members - 4
    assert real.rows_deleted.get("casework.Plan", 0) >= 1
    stats = RetentionStatistic.objects.order_by("retention_class")
    assert [s.retention_class for s in stats] == ["withdrawn", "wmo"]
    assert all(s.members == 2 and s.trajectories == 1 for s in stats)
    # The access log stays (its own term of at least 5 years).
    assert AccessLogEntry.objects.count() == log_rows


@pytest.mark.django_db
def test_legal_hold_prevents_purge_until_lifted(city) -> None:
    much_later = retention.add_years(_today(), 30)
    retention.purge(today=much_later, dry_run=False, notice_days=0)
    assert Household.objects.filter(pk=city["held"].pk).exists()
    retention.legal_hold_set(household=city["held"], hold=False)
    retention.purge(today=much_later, dry_run=False, notice_days=0)
    assert not Household.objects.filter(pk=city["held"].pk).exists()
    assert Household.objects.filter(pk=city["running"].pk).exists()


@pytest.mark.django_db
def test_purge_command_reports_a_dry_run(city, capsys) -> None:
    call_command("retention_purge")
    out = capsys.readouterr().out
    assert '"dry_run": true' in out
    assert Household.objects.count() == 5


@pytest.mark.django_db
def test_closing_ends_involvement_and_assigns_retention(world: World) -> None:
    import time_machine

    from wijkteam.privacy import policy
    from wijkteam.privacy.policy import ViewLevel

    household = _adults(world, "Sluiten")
    make_plan(world, household)
    with time_machine.travel(dt.datetime.combine(_today(), dt.time(12)), tick=False):
        _close(world, household)
        assert policy.view_level(Actor(user=world.member_a), household) == ViewLevel.FULL
    assert RetentionRecord.objects.get(household=household).retention_class == "wmo"
    with time_machine.travel(
        dt.datetime.combine(_today() + dt.timedelta(days=1), dt.time(9)), tick=False
    ):
        fresh = type(world.member_a).objects.get(pk=world.member_a.pk)
        assert policy.view_level(Actor(user=fresh), household) == ViewLevel.METADATA


@pytest.mark.django_db
def test_a_new_trajectory_lifts_the_destruction_date(world: World) -> None:
    # Started on the closing day, while the coordinator still works on the file: support
    # runs again, so the purge must not pick the household up at the old date.
    household = _adults(world, "Opnieuw")
    make_plan(world, household)
    _close(world, household)
    assert RetentionRecord.objects.filter(household=household).exists()
    casework.trajectory_start(
        actor=Actor(user=world.member_a), household=household, coordinator=world.member_a
    )
    assert not RetentionRecord.objects.filter(household=household).exists()
    assert retention.retention_assign(household=household) is None
