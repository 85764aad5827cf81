"""The household summary reads the summary table: bounded queries with 40 measurements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkteam.accounts.models import User
from wijkteam.assessments import selectors
from wijkteam.assessments.tests.helpers import actor, ladder, make_household, record, zrm
from wijkteam.households.models import Household, Member
from wijkteam.privacy.rules import casework as case_rules


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def _with_measurements(world: Any, count: int, name: str) -> Household:
    household = make_household(world, name=name)
    members = list(Member.objects.filter(household=household))
    for i in range(count):
        instrument = ladder() if i % 4 == 3 else zrm("2013" if i < count // 2 else "2017")
        record(
            world,
            members[i % 3],
            instrument,
            (i % 5) + 1,
            on=dt.date(2025, 1, 1) + dt.timedelta(days=i),
        )
    return household


def _render_partial(user: User, household: Household) -> str:
    request = RequestFactory().get("/")
    request.user = user
    household = case_rules.with_involvement(Household.objects.select_related("team"), user).get(
        pk=household.pk
    )
    # No context processors: only what the partial itself costs.
    return render_to_string(
        "assessments/_household_summary.html", {"household": household, "request": request}
    )


def test_household_summary_with_40_measurements_stays_within_budget(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    big = _with_measurements(world, 40, "Groot")
    user = _fresh(world.member_a)
    with django_assert_max_num_queries(12):
        html = _render_partial(user, big)
        scores = selectors.domain_scores_for_household(actor=actor(user), household=big)
        trends = selectors.progress_for_household(actor=actor(user), household=big)
    assert "Self-sufficiency matrix" in html or "Zelfredzaamheid" in html
    assert scores and set(trends) == {"self_reliance", "participation"}


def test_summary_query_count_does_not_grow_with_history(world: Any) -> None:
    small = _with_measurements(world, 2, "Klein")
    big = _with_measurements(world, 40, "Groot")
    counts = []
    for household in (small, big):
        user = _fresh(world.member_a)
        with CaptureQueriesContext(connection) as ctx:
            _render_partial(user, household)
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_household_page_query_count_does_not_grow(world: Any, client_for: Any) -> None:
    small = _with_measurements(world, 2, "Klein")
    big = _with_measurements(world, 40, "Groot")
    client = client_for(world.member_a)
    counts = []
    for household in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            assert (
                client.get(reverse("assessments:household", args=[household.pk])).status_code == 200
            )
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_recording_stays_within_budget_and_does_not_grow(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    from wijkteam.assessments.services import ScoreInput, measurement_record

    big = _with_measurements(world, 40, "Groot")
    member = (
        Member.objects.select_related("household__team")
        .filter(household=big)
        .order_by("pk")
        .first()
    )
    assert member is not None
    scores = [ScoreInput(code, 4) for code in ("finances", "housing", "justice", "mental")]
    instrument = zrm()
    counts = []
    for _ in range(2):
        user = _fresh(world.member_a)
        # as in the view and the API: the member is looked up through the policy first
        selectors.member_for(actor=actor(user), member_id=member.pk, record=True)
        with CaptureQueriesContext(connection) as ctx, django_assert_max_num_queries(12):
            measurement_record(
                actor=actor(user),
                member=member,
                instrument=instrument,
                scores=scores,
                measured_on=dt.date(2026, 6, 1),
            )
        counts.append(len(ctx))
    assert counts[0] == counts[1]
