"""The progress classification (hypothesis) and the merge across instrument versions."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from wijkteam.assessments.progress import (
    DOWN,
    NOT_COMPARABLE,
    SAME,
    UP,
    SummaryRow,
    classify,
    combine,
    instrument_progress,
)

values = st.integers(min_value=1, max_value=6)
maybe = st.none() | values
pairs = st.lists(st.tuples(maybe, maybe), max_size=15)


@given(maybe, maybe)
def test_classification_matches_the_definition(first: int | None, latest: int | None) -> None:
    trend = classify(first, latest)
    if first is None or latest is None:
        assert trend == NOT_COMPARABLE
    else:
        assert trend == (UP if latest > first else DOWN if latest < first else SAME)


@given(values, values)
def test_classification_is_antisymmetric(first: int, latest: int) -> None:
    mirrored = {UP: DOWN, DOWN: UP, SAME: SAME}
    assert classify(latest, first) == mirrored[classify(first, latest)]


@given(pairs)
def test_combined_trend_follows_the_summed_change(
    items: list[tuple[int | None, int | None]],
) -> None:
    comparable = [(a, b) for a, b in items if a is not None and b is not None]
    result = combine(items)
    if not comparable:
        assert result == NOT_COMPARABLE
        return
    total = sum(b - a for a, b in comparable)
    assert result == classify(0, total)


@given(st.lists(st.tuples(values, values).filter(lambda p: p[1] > p[0]), min_size=1))
def test_when_every_domain_goes_up_the_whole_goes_up(items: list[tuple[int, int]]) -> None:
    assert combine(items) == UP


@given(st.lists(st.tuples(values, values), min_size=1))
def test_combined_trend_is_antisymmetric(items: list[tuple[int, int]]) -> None:
    mirrored = {UP: DOWN, DOWN: UP, SAME: SAME}
    assert combine([(b, a) for a, b in items]) == mirrored[combine(items)]


def _row(
    version: str, domain_id: int, code: str, first: int, latest: int, day: int, mid: int
) -> SummaryRow:
    return SummaryRow(
        instrument_code="zrm", version=version, domain_id=domain_id, domain_code=code,
        domain_name=code, order=domain_id, first_value=first, first_on=dt.date(2026, 1, day),
        first_measurement_id=mid, value=latest, measured_on=dt.date(2026, 1, day), measurement_id=mid,
    )  # fmt: skip


def test_mapping_is_applied_only_where_one_to_one() -> None:
    rows = [
        _row("2013", 1, "finances", 2, 2, 1, 10),
        _row("2013", 2, "daytime_activities", 3, 3, 1, 10),
        _row("2017", 21, "finances", 4, 4, 5, 11),
        _row("2017", 22, "time_use", 2, 2, 5, 11),
    ]
    progress = instrument_progress(rows, {1: 21})["zrm"]
    by_code = {(p.domain_code, p.older_version): p for p in progress}
    finances = by_code[("finances", "")]
    assert (finances.first, finances.latest, finances.trend) == (2, 4, UP)
    assert finances.mapped_from == "finances (2013)"
    assert by_code[("time_use", "")].trend == NOT_COMPARABLE  # only one measurement
    daytime = by_code[("daytime_activities", "2013")]  # no one-to-one counterpart: kept apart
    assert daytime.trend == NOT_COMPARABLE and daytime.mapped_from == ""


@given(st.lists(st.tuples(values, values, st.booleans()), min_size=1, max_size=11))
def test_single_version_progress_keeps_every_domain_and_its_trend(
    items: list[tuple[int, int, bool]],
) -> None:
    rows = [
        _row("2013", i + 1, f"d{i}", first, latest, 1, 10) if single else
        SummaryRow("zrm", "2013", i + 1, f"d{i}", f"d{i}", i + 1, first, dt.date(2026, 1, 1), 10,
                   latest, dt.date(2026, 2, 1), 11)
        for i, (first, latest, single) in enumerate(items)
    ]  # fmt: skip
    progress = instrument_progress(rows, {})["zrm"]
    assert [p.domain_code for p in progress] == [f"d{i}" for i in range(len(items))]
    for p, (first, latest, single) in zip(progress, items, strict=True):
        assert p.trend == (NOT_COMPARABLE if single else classify(first, latest))
