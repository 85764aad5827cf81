"""Results: self-sufficiency and participation-ladder change over a trajectory, relapse after
monitoring (#13), and the legal framework of trajectory-based counts, against a hand-built
small city with known answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wijkteam.assessments.models import Domain, Instrument, Measurement, Score
from wijkteam.assessments.shipped import ensure_shipped
from wijkteam.casework.models import Trajectory, TrajectoryFramework
from wijkteam.casework.tests.helpers import actor
from wijkteam.households.models import Member
from wijkteam.steering.measures import measured_cells
from wijkteam.steering.models import SteeringSettings
from wijkteam.steering.selectors import indicator_tables
from wijkteam.steering.sources import relapse_after_monitoring
from wijkteam.steering.summaries import summaries_refresh_all
from wijkteam.steering.suppression import Rule
from wijkteam.steering.tables import Selection
from wijkteam.steering.tests import city


def _scores(world: Any, trajectory: Trajectory, code: str, dated: list[tuple[int, int]]) -> None:
    """A member of the trajectory's household scored on domain `code` (days after the start,
    score) with the shipped instrument that has that domain."""
    domain = Domain.objects.filter(
        code=code,
        instrument__municipality__isnull=True,
        instrument__code__in=["zrm", "participation-ladder"],
    ).first()
    assert domain is not None
    member = Member.objects.create(
        household=trajectory.household, first_name="Sam", last_name="Test"
    )
    for days, value in dated:
        measurement = Measurement.objects.create(
            member=member,
            instrument=domain.instrument,
            moment="start",
            measured_on=trajectory.started_on + dt.timedelta(days=days),
            assessor=world.member_a,
        )
        Score.objects.create(measurement=measurement, domain=domain, value=value)


def _closed(
    world: Any, count: int, *, day: dt.date, closed: dt.date, **extra: Any
) -> list[Trajectory]:
    made = []
    for household in city.households(world, world.team_a, count, day=day):
        trajectory = city.trajectory(world, household, started=day, closed=closed)
        if extra:
            Trajectory.objects.filter(pk=trajectory.pk).update(**extra)
        made.append(trajectory)
    return made


def test_self_sufficiency_and_ladder_first_to_latest_within_the_trajectory(world: Any) -> None:
    ensure_shipped()
    assert Instrument.objects.filter(code="zrm").exists()
    day = city.last_quarter().start + dt.timedelta(days=3)
    closed = _closed(world, 12, day=day, closed=day + dt.timedelta(days=60))
    for trajectory in closed[:6]:
        _scores(world, trajectory, "finances", [(1, 2), (50, 4)])  # up
    for trajectory in closed[6:9]:
        # same within the trajectory; the score after closing does not count
        _scores(world, trajectory, "finances", [(1, 3), (30, 3), (80, 5)])
    for trajectory in closed[9:]:
        _scores(world, trajectory, "finances", [(1, 4), (50, 2)])  # down
    _scores(world, closed[0], "housing", [(1, 3)])  # measured once: no change to tell
    _scores(world, closed[0], "substance_use", [(1, 2), (40, 3)])  # ZRM 2017, as 2013's addiction
    for trajectory in closed[:4]:
        _scores(world, trajectory, "participation_level", [(2, 1), (55, 3)])
    _scores(world, closed[4], "participation_level", [(2, 3), (55, 2)])
    TrajectoryFramework.objects.bulk_create(
        [TrajectoryFramework(trajectory=t, framework="wmo") for t in closed[:7]]
        + [TrajectoryFramework(trajectory=t, framework="participatiewet") for t in closed[5:7]]
    )
    summaries_refresh_all()

    assert city.summed("self_sufficiency_change") == {
        "finances:up": 6,
        "finances:same": 3,
        "finances:down": 3,
        "addiction:up": 1,
    }
    assert city.summed("participation_ladder_movement") == {"up": 4, "down": 1}
    # point 7: by legal framework; a trajectory with two frameworks counts under both
    assert city.summed("self_sufficiency_change", framework="wmo") == {
        "finances:up": 6,
        "finances:same": 1,
        "addiction:up": 1,
    }
    assert city.summed("self_sufficiency_change", framework="participatiewet") == {
        "finances:up": 1,
        "finances:same": 1,
    }
    assert city.summed("self_sufficiency_change", framework="jeugdwet") == {}
    SteeringSettings.objects.create(
        municipality=world.municipality, threshold=5, rounding=1, min_denominator=10
    )
    chosen = Selection(municipality_id=world.municipality.pk, period=city.last_quarter())
    [table] = indicator_tables(actor(world.policy), chosen, keys=["self_sufficiency_change"])
    shown = {row.key: row.cells[0].text for row in table.rows}
    assert [shown[f"finances:{t}"] for t in ("up", "same", "down")] == ["50%", "25%", "25%"]
    assert shown["addiction:up"] == "\u2013"  # a base of 1


def test_relapse_after_monitoring(world: Any) -> None:
    day = city.last_quarter().start + dt.timedelta(days=3)
    watched = {"monitoring_until": day}
    back = _closed(world, 3, day=day - dt.timedelta(days=200), closed=day, **watched)
    for trajectory in back:  # a new trajectory two months after closing: a relapse
        city.trajectory(world, trajectory.household, started=day + dt.timedelta(days=60))
    _closed(world, 2, day=day - dt.timedelta(days=200), closed=day, **watched)  # still pending
    _closed(world, 4, day=day - dt.timedelta(days=200), closed=day)  # closed without monitoring
    long_ago = day - dt.timedelta(days=500)
    [old] = _closed(world, 1, day=long_ago, closed=long_ago, **watched)
    city.trajectory(world, old.household, started=long_ago + dt.timedelta(days=400))  # too late
    summaries_refresh_all()
    assert city.summed("relapse_after_monitoring") == {"relapse": 3, "pending": 2}
    rows = {(m, d): n for _t, m, _f, d, n in relapse_after_monitoring(None)}
    assert rows[(long_ago.replace(day=1), "none")] == 1


def test_shares_within_a_life_domain_need_the_minimum_base() -> None:
    rule = Rule(threshold=5, rounding=1, min_denominator=20)
    counts = {"finances:up": 6, "finances:same": 6, "finances:down": 8, "housing:up": 19}
    dims = ["finances:up", "finances:same", "finances:down", "housing:up", "housing:down"]
    shares = measured_cells("self_sufficiency_change", counts, rule)
    assert [shares[d].text for d in dims] == ["30%", "30%", "40%", "\u2013", "\u2013"]
    assert shares["housing:up"].value is None and shares["housing:up"].reason == "denominator"
    assert measured_cells("self_sufficiency_change", counts, None)["housing:up"].text == "100%"
