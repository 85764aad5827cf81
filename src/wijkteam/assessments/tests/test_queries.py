"""The household summary reads the summary table: bounded queries with 40 measurements."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkteam.accounts.models import User
from wijkteam.assessments import selectors
from wijkteam.assessments.tests.helpers import actor, ladder, make_household, record, zrm
from wijkteam.households.models import Household, Member
from wijkteam.privacy.rules import casework as case_rules


@pytest.fixture(autouse=True)
def _score_every_member(settings: Any) -> None:
    """Volume tests score every member, the child of the test household too (the adult
    instruments are otherwise not for members under ASSESSMENT_ADULT_MIN_AGE)."""
    settings.ASSESSMENT_ADULT_MIN_AGE = 0


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
    household = case_rules.with_involvement(Household.objects.select_related("team"), user).get(
        pk=household.pk
    )
    # What the household file view reads for the partial, and the partial itself.
    summary = selectors.household_file_summary(actor=actor(user), household=household)
    return render_to_string(
        "assessments/_household_summary.html",
        {"household": household, "assessment_summary": summary},
    )


def test_household_summary_with_40_measurements_stays_within_budget(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    big = _with_measurements(world, 40, "Groot")
    user = _fresh(world.member_a)
    with django_assert_max_num_queries(12):
        html = _render_partial(user, big)
        # The plan's scores and the evaluation's trends from one read of the summary.
        progress = selectors.household_summary(actor=actor(user), household=big)
        scores = selectors.domain_scores(progress)
        trends = selectors.trends(progress)
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
    scores = [ScoreInput(code, 4) for code in ("finances", "housing", "justice", "mental_health")]
    counts = []
    for _ in range(2):
        instrument = zrm()  # a fresh object, as in a request
        # One actor, as in a request (its memberships are read once, with the person).
        who = actor(_fresh(world.member_a))
        # as in the view and the API: the member is looked up through the policy first
        selectors.member_for(actor=who, member_id=member.pk, record=True)
        with CaptureQueriesContext(connection) as ctx, django_assert_max_num_queries(12):
            measurement_record(
                actor=who,
                member=member,
                instrument=instrument,
                scores=scores,
                measured_on=dt.date(2026, 6, 1),
            )
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def _statements(ctx: CaptureQueriesContext) -> int:
    control = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "COMMIT")
    return sum(1 for q in ctx.captured_queries if not q["sql"].upper().startswith(control))


def test_recording_through_the_page_is_at_most_12_statements(world: Any, client_for: Any) -> None:
    """The whole POST - session, person, access check, instrument, scale, lock, the writes,
    the summary and its log row - within the household-file budget, with 2 or 40 measurements
    already recorded."""
    instrument = zrm("2017")
    codes = list(instrument.domains.order_by("order").values_list("code", flat=True))
    client = client_for(world.member_a)
    client.get(reverse("core:my_work"))  # the session's idle stamp is written once a minute
    counts = []
    for count, name in ((2, "Klein"), (40, "Groot")):
        member = Member.objects.filter(household=_with_measurements(world, count, name)).first()
        assert member is not None
        data = {"measured_on": "2026-02-01", "moment": "interim"}
        for i, code in enumerate(codes):
            data[f"score_{code}"] = "n" if i == 3 else str(1 + i % 5)
            data[f"remark_{code}"] = ""
        url = reverse("assessments:record", args=[member.pk, instrument.pk])
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(url, data)
        assert response.status_code == 302
        counts.append(_statements(ctx))
        latest = member.measurements.order_by("-pk").first()
        assert latest is not None and latest.instrument_id == instrument.pk
    # Equal up to whether the summary gains rows or only changes them; never above 12.
    assert max(counts) <= 12, counts


def test_a_refused_post_shows_the_hints_again(world: Any, client_for: Any) -> None:
    household = make_household(world, name="Klein")
    member = Member.objects.filter(household=household).order_by("pk").first()
    assert member is not None
    instrument = zrm()
    record(world, member, instrument, 3, on=dt.date(2026, 1, 10))
    url = reverse("assessments:record", args=[member.pk, instrument.pk])
    data = {"measured_on": "2026-02-01", "moment": "interim", "score_finances": "7"}
    response = client_for(world.member_a).post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    # the error, and the previous score read again for the form shown once more
    assert "valt buiten de schaal" in html
    assert 'id="previous-finances">eerder 3 (10 januari 2026)' in html
