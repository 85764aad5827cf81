"""Recording and deleting measurements: validation, atomicity, moment, summary, access log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from wijkteam.assessments import services
from wijkteam.assessments.models import LatestScore, Measurement, Moment, Score
from wijkteam.assessments.services import ScoreInput
from wijkteam.assessments.summaries import compare_summaries
from wijkteam.assessments.tests.helpers import (
    actor,
    first_member,
    ladder,
    make_household,
    record,
    zrm,
)
from wijkteam.casework import services as case_services
from wijkteam.casework.models import Phase
from wijkteam.casework.tests.helpers import trajectory_of
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import AccessDenied


def _attempt(
    world: Any, member: Any, instrument: Any, scores: list[ScoreInput], on: dt.date
) -> list[str]:
    with pytest.raises(ValidationError) as caught, translation.override("nl"):
        services.measurement_record(
            actor=actor(world.member_a),
            member=member,
            instrument=instrument,
            scores=scores,
            measured_on=on,
        )
    return caught.value.messages


def test_score_outside_the_scale_is_refused_in_dutch_and_nothing_is_stored(world: Any) -> None:
    member = first_member(make_household(world))
    messages = _attempt(
        world,
        member,
        zrm(),
        [ScoreInput("finances", 3), ScoreInput("housing", 6)],
        dt.date(2026, 1, 1),
    )
    assert any("Huisvesting: 6 valt buiten de schaal (1 tot 5)" in m for m in messages), messages
    assert (
        not Measurement.objects.exists()
        and not Score.objects.exists()
        and not LatestScore.objects.exists()
    )


def test_ladder_accepts_six_but_zrm_does_not(world: Any) -> None:
    member = first_member(make_household(world))
    record(world, member, ladder(), {"participation_level": 6})
    _attempt(world, member, zrm(), [ScoreInput("finances", 6)], dt.date(2026, 1, 1))
    assert Measurement.objects.count() == 1


def test_domain_of_another_instrument_is_refused(world: Any) -> None:
    member = first_member(make_household(world))
    messages = _attempt(
        world,
        member,
        zrm("2013"),
        [ScoreInput("finances", 3), ScoreInput("time_use", 2)],
        dt.date(2026, 1, 1),
    )
    assert any("time_use" in m and "is geen domein van" in m for m in messages), messages
    assert not Measurement.objects.exists()


def test_date_before_birth_is_refused(world: Any) -> None:
    member = first_member(make_household(world))  # Anna, born 1980-05-01
    messages = _attempt(world, member, zrm(), [ScoreInput("finances", 3)], dt.date(1980, 4, 30))
    assert "De datum van de meting ligt vóór de geboortedatum van het lid." in messages
    assert not Measurement.objects.exists()


def test_date_in_the_future_is_refused(world: Any) -> None:
    member = first_member(make_household(world))
    noon = timezone.localtime().replace(hour=12, minute=0) + dt.timedelta(days=1)
    with time_machine.travel(noon, tick=False):  # away from midnight, after the fixtures
        today = timezone.localdate()
        tomorrow = today + dt.timedelta(days=1)
        messages = _attempt(world, member, zrm(), [ScoreInput("finances", 3)], tomorrow)
        assert "De datum van de meting ligt in de toekomst." in messages
        record(world, member, zrm(), 3, on=today)  # today itself is fine


def test_a_measurement_needs_at_least_one_score(world: Any) -> None:
    member = first_member(make_household(world))
    with pytest.raises(ValidationError):
        record(world, member, zrm(), None)
    assert not Measurement.objects.exists()


def test_not_discussed_domains_are_stored_empty_and_do_not_replace_the_summary(world: Any) -> None:
    member = first_member(make_household(world))
    first = record(world, member, zrm(), {"finances": 2, "housing": 3}, on=dt.date(2026, 1, 1))
    assert first.scores.count() == 11  # every domain, not discussed ones empty
    assert first.scores.filter(value__isnull=True).count() == 9
    second = record(world, member, zrm(), {"finances": 4}, on=dt.date(2026, 3, 1))
    summary = {s.domain_code: s for s in LatestScore.objects.filter(member=member)}
    assert set(summary) == {"finances", "housing"}
    assert (summary["finances"].first_value, summary["finances"].value) == (2, 4)
    assert summary["finances"].measurement_id == second.pk
    assert summary["housing"].measurement_id == first.pk  # "not discussed" kept the older score
    assert compare_summaries() == []


def test_delete_restores_the_previous_summary_in_the_same_transaction(world: Any) -> None:
    member = first_member(make_household(world))
    record(world, member, zrm(), {"finances": 2}, on=dt.date(2026, 1, 1))
    later = record(world, member, zrm(), {"finances": 5, "justice": 4}, on=dt.date(2026, 2, 1))
    services.measurement_delete(actor=actor(world.member_a), measurement=later)
    summary = {s.domain_code: s.value for s in LatestScore.objects.filter(member=member)}
    assert summary == {"finances": 2}
    assert compare_summaries() == []
    assert (
        AccessLogEntry.objects.filter(object_type="assessments.measurement", event="delete").count()
        == 1
    )


def test_moment_defaults_from_the_trajectory_phase(world: Any) -> None:
    household = make_household(world)
    member = first_member(household)
    assert record(world, member, zrm(), 3).moment == Moment.START
    trajectory = trajectory_of(household)
    trajectory.phase = Phase.EVALUATION
    trajectory.save()
    measurement = record(world, member, zrm(), 3)
    assert measurement.moment == Moment.EVALUATION
    assert measurement.trajectory == trajectory


def test_only_involved_professionals_may_record(world: Any) -> None:
    member = first_member(make_household(world))
    for user in (world.leader_a, world.civil_servant_a, world.member_b, world.admin):
        with pytest.raises(AccessDenied):
            record(world, member, zrm(), 3, user=user)
    assert not Measurement.objects.exists()


def test_recording_is_logged(world: Any) -> None:
    member = first_member(make_household(world))
    measurement = record(world, member, zrm(), 3)
    entry = AccessLogEntry.objects.get(
        object_type="assessments.measurement", object_id=str(measurement.pk)
    )
    assert entry.event == "create" and entry.actor == world.member_a


def test_trajectory_of_another_household_is_refused(world: Any) -> None:
    member = first_member(make_household(world))
    other = make_household(world, name="Anders")
    with pytest.raises(ValidationError):
        services.measurement_record(
            actor=actor(world.member_a), member=member, instrument=zrm(),
            scores=[ScoreInput("finances", 3)], measured_on=dt.date(2026, 1, 1),
            trajectory=trajectory_of(other),
        )  # fmt: skip
    assert case_services is not None
