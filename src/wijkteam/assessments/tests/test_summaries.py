"""The summary equals a recomputation from history after random writes and deletes."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkteam.assessments import services
from wijkteam.assessments.models import LatestScore, Measurement
from wijkteam.assessments.summaries import (
    compare_summaries,
    current_summaries,
    summaries_from_history,
)
from wijkteam.assessments.tests.helpers import (
    actor,
    first_member,
    ladder,
    make_household,
    record,
    zrm,
)
from wijkteam.households.models import Member

DOMAINS = ["finances", "housing", "justice"]
write = st.tuples(
    st.just("write"),
    st.integers(min_value=0, max_value=1),  # which member
    st.integers(min_value=0, max_value=40),  # day offset (same dates happen: ties by pk)
    st.fixed_dictionaries(
        {code: st.none() | st.integers(min_value=1, max_value=5) for code in DOMAINS}
    ),
)
delete = st.tuples(st.just("delete"), st.integers(min_value=0, max_value=50))
steps = st.lists(st.one_of(write, delete), min_size=1, max_size=12)


def _expected() -> dict[Any, Any]:
    """Recompute naively: for each member and domain, sort the scored history."""
    result: dict[Any, Any] = {}
    for m in Measurement.objects.prefetch_related("scores__domain"):
        for s in m.scores.all():
            if s.value is None:
                continue
            result.setdefault((m.member_id, s.domain_id), []).append(
                (m.measured_on, m.pk, s.value, s.domain.code)
            )
    summary = {}
    for key, items in result.items():
        items.sort()
        first, last = items[0], items[-1]
        summary[key] = {
            "domain_code": first[3], "first_value": first[2], "first_on": first[0],
            "first_measurement_id": first[1], "value": last[2], "measured_on": last[0],
            "measurement_id": last[1],
        }  # fmt: skip
    return summary


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps)
def test_summary_equals_recomputation_after_random_writes_and_deletes(
    world: Any, plan: list[Any]
) -> None:
    with transaction.atomic():
        household = make_household(world)
        members = list(Member.objects.filter(household=household).order_by("pk"))[:2]
        for step in plan:
            if step[0] == "write":
                _kind, who, day, values = step
                if all(v is None for v in values.values()):
                    continue
                record(
                    world,
                    members[who],
                    zrm(),
                    values,
                    on=dt.date(2026, 1, 1) + dt.timedelta(days=day),
                )
            else:
                existing = list(Measurement.objects.order_by("pk"))
                if existing:
                    victim = existing[step[1] % len(existing)]
                    services.measurement_delete(actor=actor(world.member_a), measurement=victim)
            assert current_summaries() == _expected()
            assert compare_summaries() == []
        transaction.set_rollback(True)


def test_check_command_reports_and_fixes_a_tampered_summary(world: Any) -> None:
    member = first_member(make_household(world))
    record(world, member, zrm(), {"finances": 2}, on=dt.date(2026, 1, 1))
    record(world, member, ladder(), {"participation_level": 3}, on=dt.date(2026, 1, 2))
    out = StringIO()
    call_command("assessments_check_summaries", "--strict", stdout=out)
    assert "match" in out.getvalue()
    LatestScore.objects.filter(domain_code="finances").update(value=5)
    with pytest.raises(CommandError):
        call_command("assessments_check_summaries", "--strict", stdout=StringIO())
    out = StringIO()
    call_command("assessments_check_summaries", "--fix", stdout=out)  # without --strict: exit 0
    assert "1 difference" in out.getvalue()
    assert compare_summaries() == []
    assert LatestScore.objects.get(domain_code="finances").value == 2


def test_fold_keeps_the_first_and_the_latest() -> None:
    rows = [
        {"measurement__member_id": 1, "domain_id": 7, "domain__code": "x", "value": v,
         "measurement__measured_on": dt.date(2026, 1, d), "measurement_id": d}
        for v, d in ((3, 1), (1, 2), (4, 3))
    ]  # fmt: skip
    folded = summaries_from_history(rows)[(1, 7)]
    assert (folded["first_value"], folded["value"], folded["measurement_id"]) == (3, 4, 3)
