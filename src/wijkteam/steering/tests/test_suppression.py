from __future__ import annotations

import pytest

from wijkteam.steering.suppression import Line, Rule, count_cell, protect, rounded, share_cell


def test_threshold_below_five_is_refused() -> None:
    with pytest.raises(ValueError):
        Rule(threshold=4)
    assert Rule(threshold=5).threshold == 5


def test_small_counts_are_hidden_zero_included() -> None:
    rule = Rule()
    values = {"a": 0, "b": 9, "c": 10, "d": 25, "e": 30, "total": 74}
    status = protect(values, [Line("total", ("a", "b", "c", "d", "e"))], rule)
    assert status["a"] == "small"
    assert status["b"] == "small"
    # a and b are 0..9 each and add up to 9 given the rest: not pinned, nothing more hidden
    assert "derivable" not in status.values()
    assert status["total"] == "shown"
    assert count_cell(values["b"], status["b"], rule).text == "<10"
    assert count_cell(values["b"], status["b"], rule).value is None


def test_area_minus_one_team_does_not_give_away_the_team() -> None:
    # area = team 1 + team 2 + team 3; team 1 has 4; a reader asks for the area and for teams 2, 3
    values = {"area": 64, "t1": 4, "t2": 30, "t3": 30}
    status = protect(values, [Line("area", ("t1", "t2", "t3"))], Rule())
    assert status["t1"] == "small"
    assert [key for key, state in status.items() if state == "derivable"] == ["t2"]


def test_one_small_row_is_protected_by_hiding_the_next_smallest() -> None:
    values = {"total": 74, "a": 4, "b": 10, "c": 30, "d": 30}
    status = protect(values, [Line("total", ("a", "b", "c", "d"))], Rule())
    assert status == {"total": "shown", "a": "small", "b": "derivable", "c": "shown", "d": "shown"}


def test_two_small_cells_at_their_maximum_are_pinned_and_protected() -> None:
    # bounds alone give it away: 0..9 + 0..9 = 18 means 9 + 9
    values = {"total": 48, "a": 9, "b": 9, "c": 30}
    status = protect(values, [Line("total", ("a", "b", "c"))], Rule())
    assert status["c"] == "derivable" or status["total"] == "derivable"


def test_rounding_to_five() -> None:
    assert [rounded(v, 5) for v in (10, 12, 13, 17, 18)] == [10, 10, 15, 15, 20]
    assert count_cell(13, "shown", Rule()).text == "15"
    assert count_cell(1234, "shown", Rule()).text == "1.235"


def test_share_needs_the_minimum_denominator() -> None:
    rule = Rule(min_denominator=100)
    shown = count_cell(40, "shown", rule)
    assert share_cell(shown, 40, 99, rule).reason == "denominator"
    assert share_cell(shown, 40, 100, rule).text == "40%"
