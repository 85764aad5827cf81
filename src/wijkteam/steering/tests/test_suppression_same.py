"""The fast year protection hides exactly what the straightforward search hid.

`suppression.protect_year` was made fast (2026-12-02: the fit of a pair of options factored
into bit masks, each team-month option built once per year); `year_reference.py` keeps the
search as it was. For generated years (teams and overlapping areas, one to four rows, a
published sum of rows, a short or a full year, months not yet begun, thresholds, sparse and
full counts, nearly empty years that end unlabelled) both must give the same values, the same
status of every cell and the same "unlabelled". Examples are derandomized, so every run checks
the same inputs. Pure Python, so the tests run once per full run (marker ``once``).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkteam.steering.suppression import Calendar, Geography, Rule, protect_year
from wijkteam.steering.tests.year_reference import reference_protect_year

pytestmark = pytest.mark.once

Year = tuple[
    dict[tuple[int, str, int], int],
    Geography,
    list[str],
    Calendar,
    Rule,
    int | None,
    dict[str, frozenset[str]] | None,
]


@st.composite
def years(draw: st.DrawFn, *, full: bool = False) -> Year:
    team_count = draw(st.integers(1, 3 if full else 5))
    teams = tuple(draw(st.permutations(range(11, 11 + team_count))))
    area_count = draw(st.integers(0, 3))
    areas = {
        100 + a: tuple(sorted(draw(st.sets(st.sampled_from(teams), min_size=1))))
        for a in range(area_count)
    }
    rows = [f"r{i}" for i in range(draw(st.integers(1, 3 if full else 4)))]
    groups = None
    if len(rows) >= 3 and draw(st.booleans()):
        groups = {"sum": frozenset(rows[:2])}
    calendar = Calendar(2025) if full else Calendar(2026, quarters=2, months_per_quarter=2)
    months_open = draw(st.one_of(st.none(), st.integers(0, calendar.months)))
    threshold = draw(st.sampled_from([5, 10]))
    rule = Rule(threshold=threshold, rounding=draw(st.sampled_from([1, 5])), min_denominator=100)
    dense = draw(st.booleans())
    counts = st.integers(0, 2 * threshold) if dense else st.sampled_from([0, 0, 0, 1, 2, 9, 12])
    atoms = {
        (t, r, m): draw(counts)
        for t in teams
        for r in rows
        for m in range(calendar.months)
        if dense or draw(st.integers(0, 3)) == 0
    }
    return atoms, Geography(teams, areas), rows, calendar, rule, months_open, groups


def assert_same(year: Year) -> bool:
    atoms, geography, rows, calendar, rule, months_open, groups = year
    fast = protect_year(
        atoms, geography, rows, calendar, rule, months_open=months_open, groups=groups
    )
    reference = reference_protect_year(
        atoms, geography, rows, calendar, rule, months_open=months_open, groups=groups
    )
    assert fast[0] == reference[0]
    assert fast[2] == reference[2]
    different = {k: (fast[1][k], s) for k, s in reference[1].items() if fast[1].get(k) != s}
    assert not different, different
    assert set(fast[1]) == set(reference[1])
    return fast[2]


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(years())
def test_short_years_are_protected_as_by_the_reference(year: Year) -> None:
    assert_same(year)


@settings(
    max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(years(full=True))
def test_full_years_are_protected_as_by_the_reference(year: Year) -> None:
    assert_same(year)


def test_a_nearly_empty_year_ends_unlabelled_as_by_the_reference() -> None:
    """One team, two rows, two months, a single count of 9: no certificate fits the labels
    (the loose search runs); both engines must take it the same way."""
    calendar = Calendar(2026, quarters=2, months_per_quarter=1)
    year: Year = (
        {(1, "r0", 0): 9},
        Geography((1,), {}),
        ["r0", "r1"],
        calendar,
        Rule(),
        None,
        None,
    )
    assert assert_same(year) is True


def test_a_family_year_is_protected_as_by_the_reference() -> None:
    """A year like the signals family: kinds and sources with the kinds' sum published, two
    teams in two areas, counts in some months only."""
    rows = ["k:a", "k:b", "k:c", "s:x", "s:y"]
    atoms = {
        (t, r, m): (3 * t + 5 * i + 7 * m) % 13
        for t in (1, 2)
        for i, r in enumerate(rows)
        for m in range(12)
        if (t + i + m) % 3 == 0
    }
    year: Year = (
        atoms,
        Geography((1, 2), {7: (1,), 8: (1, 2)}),
        rows,
        Calendar(2026),
        Rule(),
        9,
        {"kinds": frozenset(r for r in rows if r.startswith("k:"))},
    )
    assert_same(year)
