"""Property: no hidden cell can be worked out from what is shown.

Hypothesis builds a small city: teams with counts per table row, areas that are sets of teams
(overlapping, like areas served by several teams), the municipality, and each selection's table
total. That is exactly the system a reader of the dashboard can request piece by piece. After
`protect`, an independent exhaustive search (not the engine's linear algebra) looks, for every
hidden cell, for a second assignment of the hidden team counts that agrees with every shown
number and with what the labels say ("<T" is 0..T-1, a dash is at least T). If it finds none, the
hidden value is recoverable and the test fails.
"""

from __future__ import annotations

from collections.abc import Hashable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkteam.steering.suppression import Line, Rule, Status, protect

THRESHOLD = 5
UPPER = 45  # the search box for hidden team counts (a reader could guess higher: stricter)


@st.composite
def cities(draw: st.DrawFn) -> tuple[list[list[int]], list[frozenset[int]]]:
    team_count = draw(st.integers(1, 4))
    row_count = draw(st.integers(1, 3))
    counts = [
        [draw(st.one_of(st.integers(0, 9), st.integers(0, 20))) for _row in range(row_count)]
        for _team in range(team_count)
    ]
    areas = draw(
        st.lists(st.frozensets(st.integers(0, team_count - 1), min_size=1), max_size=2, unique=True)
    )
    return counts, areas


def build(
    counts: list[list[int]], areas: list[frozenset[int]]
) -> tuple[dict[Hashable, int], list[Line], dict[Hashable, frozenset[tuple[int, int]]]]:
    """Variables, lines, and which team-row atoms each variable adds up."""
    rows = range(len(counts[0]))
    selections: dict[str, frozenset[int]] = {"M": frozenset(range(len(counts)))}
    selections |= {f"A{i}": teams for i, teams in enumerate(areas)}
    selections |= {f"T{t}": frozenset({t}) for t in range(len(counts))}
    atoms: dict[Hashable, frozenset[tuple[int, int]]] = {}
    for name, teams in selections.items():
        for row in rows:
            atoms[(name, row)] = frozenset((t, row) for t in teams)
        atoms[(name, "total")] = frozenset((t, r) for t in teams for r in rows)
    values = {key: sum(counts[t][r] for t, r in members) for key, members in atoms.items()}
    lines = []
    for name in selections:
        lines.append(Line((name, "total"), tuple((name, row) for row in rows)))
    for row in rows:
        lines.append(Line(("M", row), tuple((f"T{t}", row) for t in range(len(counts)))))
        for i, teams in enumerate(areas):
            lines.append(Line((f"A{i}", row), tuple((f"T{t}", row) for t in sorted(teams))))
    return values, lines, atoms


def _allowed(
    key: Hashable, values: dict[Hashable, int], status: dict[Hashable, Status]
) -> tuple[int, int]:
    state = status[key]
    if state == "shown":
        return values[key], values[key]
    if state == "small":
        return 0, THRESHOLD - 1
    return THRESHOLD, 10**9


def has_other_value(
    target: Hashable,
    values: dict[Hashable, int],
    status: dict[Hashable, Status],
    atoms: dict[Hashable, frozenset[tuple[int, int]]],
) -> bool:
    """Is there an assignment of the team counts, consistent with everything shown, in which
    `target` differs from its true value? Exhaustive depth-first search over the team-row
    counts; each node narrows the counts' ranges by the sums (sound: it only removes values
    that no solution can have), so the search is exact and fast."""
    free = sorted({a for members in atoms.values() for a in members})
    start: dict[tuple[int, int], tuple[int, int]] = {}
    for atom in free:
        low, high = _allowed((f"T{atom[0]}", atom[1]), values, status)
        start[atom] = (low, min(high, UPPER))
    checks = [(members, *_allowed(key, values, status)) for key, members in atoms.items()]

    def narrow(domains: dict[tuple[int, int], tuple[int, int]], rules: list) -> bool:  # type: ignore[type-arg]
        changed = True
        while changed:
            changed = False
            for members, low, high in rules:
                min_sum = sum(domains[a][0] for a in members)
                max_sum = sum(domains[a][1] for a in members)
                if max_sum < low or min_sum > high:
                    return False
                for a in members:
                    a_low, a_high = domains[a]
                    new = (
                        max(a_low, low - (max_sum - a_high)),
                        min(a_high, high - (min_sum - a_low)),
                    )
                    if new != (a_low, a_high):
                        if new[0] > new[1]:
                            return False
                        domains[a] = new
                        min_sum += new[0] - a_low
                        max_sum += new[1] - a_high
                        changed = True
        return True

    def search(domains: dict[tuple[int, int], tuple[int, int]], rules: list) -> bool:  # type: ignore[type-arg]
        if not narrow(domains, rules):
            return False
        open_atoms = [a for a in free if domains[a][0] < domains[a][1]]
        if not open_atoms:
            return True
        atom = min(open_atoms, key=lambda a: domains[a][1] - domains[a][0])
        for value in range(domains[atom][0], domains[atom][1] + 1):
            trial = dict(domains)
            trial[atom] = (value, value)
            if search(trial, rules):
                return True
        return False

    true = values[target]
    others = [(members, low, high) for (members, low, high) in checks]
    below = [*others, (atoms[target], 0, true - 1)]
    above = [*others, (atoms[target], true + 1, 10**9)]
    return search(dict(start), below) or search(dict(start), above)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cities())
def test_no_hidden_cell_can_be_recovered(
    city: tuple[list[list[int]], list[frozenset[int]]],
) -> None:
    counts, areas = city
    values, lines, atoms = build(counts, areas)
    status = protect(values, lines, Rule(threshold=THRESHOLD, rounding=1, min_denominator=5))
    for key, value in values.items():
        if value < THRESHOLD:
            assert status[key] == "small", key
    for key, state in status.items():
        if state != "shown":
            assert has_other_value(key, values, status, atoms), (key, counts, areas, status)
