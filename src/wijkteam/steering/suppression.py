"""Small-number protection for everything policy staff can see.

Rules (the municipality's steering settings hold the numbers; see `models.SteeringSettings`):

1. **Primary suppression.** A count below the threshold (default 10, never below 5) is hidden
   and shown as "<10", zero included. Showing zeros looks harmless but is not: a reader who
   knows that a hidden cell is at least 1 can pin it down (four hidden cells under a hidden
   total of 4 are all 1), so "<10" must mean 0 to 9.
2. **Rounding.** Shown counts are rounded to the rounding base (default 5). Protection below
   never relies on rounding: it treats every shown number as known exactly.
3. **Minimum denominator.** A share is shown only when its denominator is at least the minimum
   (default 100) and the count behind it is itself shown; otherwise a dash with reason
   "denominator".
4. **Secondary (complementary) suppression.** Every number that can be shown for one indicator
   and period is one variable in a linear system: each table row per selection, each table
   total, and the same cells for every other selection the viewer may ask for (the
   municipality, every area, every team). The equations are what a reader knows: the rows of a
   table add up to its total, the teams add up to the municipality, and the teams working in an
   area add up to the area. A hidden cell is *recoverable* when it is uniquely determined by the
   shown numbers and those equations, either by exact linear algebra (its unit vector lies in the
   row space of the equations over the hidden cells: Gaussian elimination over fractions) or by
   bounds (a reader knows a "<10" cell is 0..9 and a dash cell is at least the threshold; bounds
   are propagated over every equation until they no longer change). While some hidden cell is
   recoverable, one more cell is hidden: the smallest shown cell (at least the threshold) that
   shares an equation with it, else the smallest shown cell in any equation with a hidden cell.

**Overlapping selections** (an area against the same area without one team, a team against the
municipality): because the teams and areas are variables of the *same* system, a difference of two
selections is just another linear combination of shown numbers, and the elimination above
catches it. We compute the pattern for the whole system, so every request for any selection of
the same indicator and period gets the same hidden cells (a pattern per request would let two
requests be combined).

The property test (`tests/test_suppression_property.py`) generates tables with team and area
lines and checks with an independent exhaustive search that each hidden cell has at least two
possible values given everything shown.

Known limit: cells of different period kinds (a quarter and its three months) are separate
systems; a reader who requests a quarter and two of its months can subtract. See
docs/architecture.md (Steering).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from django.utils.translation import gettext as _

from wijkteam.steering.tables import DASH, Cell, format_number, format_value

Status = Literal["shown", "small", "derivable"]

MIN_THRESHOLD = 5


@dataclass(frozen=True)
class Rule:
    threshold: int = 10
    rounding: int = 5
    min_denominator: int = 100

    def __post_init__(self) -> None:
        if self.threshold < MIN_THRESHOLD:
            raise ValueError(f"threshold below {MIN_THRESHOLD}")
        if not 1 <= self.rounding <= self.threshold:
            raise ValueError("rounding base must be between 1 and the threshold")
        if self.min_denominator < self.threshold:
            raise ValueError("minimum denominator below the threshold")

    def note(self) -> str:
        parts = [
            _("Numbers below %(threshold)s are hidden (shown as <%(threshold)s).")
            % {"threshold": self.threshold},
            _(
                "Some other numbers are hidden too (shown as a dash), so that a hidden number "
                "cannot be worked out from totals or other selections."
            ),
        ]
        if self.rounding > 1:
            parts.append(
                _("Numbers are rounded to the nearest %(base)s, so totals may not add up.")
                % {"base": self.rounding}
            )
        parts.append(
            _("Percentages are shown only when they are based on at least %(minimum)s.")
            % {"minimum": self.min_denominator}
        )
        return " ".join(parts)


@dataclass(frozen=True)
class Line:
    """One equation a reader knows: the children add up to the parent."""

    parent: Hashable
    children: tuple[Hashable, ...]


_PATTERNS: dict[object, dict[Hashable, Status]] = {}
PATTERN_CACHE_SIZE = 512


def protect(
    values: Mapping[Hashable, int], lines: Sequence[Line], rule: Rule
) -> dict[Hashable, Status]:
    """The suppression pattern for every variable in `values` (all must be >= 0).

    The pattern depends only on the numbers, the lines and the rule, so it is remembered per
    process: every selection of one indicator and period shares one system, and a dashboard
    asked again finds it ready."""
    cache_key = (tuple(sorted(values.items(), key=repr)), tuple(lines), rule)
    known = _PATTERNS.get(cache_key)
    if known is None:
        known = _protect(values, lines, rule)
        if len(_PATTERNS) >= PATTERN_CACHE_SIZE:
            _PATTERNS.clear()
        _PATTERNS[cache_key] = known
    return dict(known)


def _protect(
    values: Mapping[Hashable, int], lines: Sequence[Line], rule: Rule
) -> dict[Hashable, Status]:
    status: dict[Hashable, Status] = {
        key: ("small" if value < rule.threshold else "shown") for key, value in values.items()
    }
    lines = [line for line in lines if line.children]
    by_key: dict[Hashable, list[int]] = {}
    for index, line in enumerate(lines):
        for key in (line.parent, *line.children):
            by_key.setdefault(key, []).append(index)
    while True:
        exposed = recoverable(values, lines, status, rule)
        if not exposed:
            return status
        extra = _pick_secondary(values, lines, status, by_key, exposed, rule)
        if extra is None:
            return status
        status[extra] = "derivable"


def _pick_secondary(
    values: Mapping[Hashable, int],
    lines: Sequence[Line],
    status: Mapping[Hashable, Status],
    by_key: Mapping[Hashable, list[int]],
    exposed: Sequence[Hashable],
    rule: Rule,
) -> Hashable | None:
    def candidates(line_indexes: Iterable[int]) -> list[Hashable]:
        found = []
        for index in line_indexes:
            line = lines[index]
            for key in (line.parent, *line.children):
                if status[key] == "shown" and values[key] >= rule.threshold:
                    found.append(key)
        return found

    near = candidates(by_key.get(exposed[0], ()))
    if not near:
        near = candidates(
            i
            for i, line in enumerate(lines)
            if any(status[k] != "shown" for k in (line.parent, *line.children))
        )
    if not near:
        return None

    def lone_lines(key: Hashable) -> int:
        """Lines in which `key` would be the only hidden cell: each would expose it at once.
        Preferring cells already sharing lines with hidden cells closes the cycle of hidden
        cells instead of starting a chain of new exposures."""
        count = 0
        for index in by_key.get(key, ()):
            line = lines[index]
            if not any(status[k] != "shown" for k in (line.parent, *line.children) if k != key):
                count += 1
        return count

    return min(near, key=lambda key: (lone_lines(key), values[key], repr(key)))


def recoverable(
    values: Mapping[Hashable, int],
    lines: Sequence[Line],
    status: Mapping[Hashable, Status],
    rule: Rule,
) -> list[Hashable]:
    """Hidden variables a reader can determine exactly (linear algebra, then bounds)."""
    hidden = [key for key, state in status.items() if state != "shown"]
    if not hidden:
        return []
    found = _determined_by_equations(values, lines, status, hidden)
    if found:
        return found
    return _determined_by_bounds(values, lines, status, rule)


def _determined_by_equations(
    values: Mapping[Hashable, int],
    lines: Sequence[Line],
    status: Mapping[Hashable, Status],
    hidden: Sequence[Hashable],
) -> list[Hashable]:
    column = {key: i for i, key in enumerate(hidden)}
    rows: list[list[Fraction]] = []
    for line in lines:
        row = [Fraction(0)] * len(hidden)
        touched = False
        for key, sign in ((line.parent, -1), *((child, 1) for child in line.children)):
            if status[key] != "shown":
                row[column[key]] += sign
                touched = True
        if touched:
            rows.append(row)
    pivots = _rref(rows, len(hidden))
    return [
        hidden[col]
        for r, col in pivots
        if all(value == 0 for c, value in enumerate(rows[r]) if c != col)
    ]


def _rref(rows: list[list[Fraction]], width: int) -> list[tuple[int, int]]:
    """Reduce `rows` in place to reduced row echelon form; return (row, pivot column) pairs."""
    pivots: list[tuple[int, int]] = []
    r = 0
    for col in range(width):
        pivot = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][col]
        rows[r] = [value / lead for value in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][col] != 0:
                factor = rows[i][col]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append((r, col))
        r += 1
        if r == len(rows):
            break
    return pivots


def known_bounds(
    values: Mapping[Hashable, int], status: Mapping[Hashable, Status], rule: Rule
) -> dict[Hashable, tuple[int, float]]:
    """What a reader knows of each variable before using any equation."""
    bounds: dict[Hashable, tuple[int, float]] = {}
    for key, state in status.items():
        if state == "shown":
            bounds[key] = (values[key], values[key])
        elif state == "small":
            bounds[key] = (0, rule.threshold - 1)
        else:
            bounds[key] = (rule.threshold, float("inf"))
    return bounds


def propagate(
    bounds: dict[Hashable, tuple[int, float]], lines: Sequence[Line]
) -> dict[Hashable, tuple[int, float]] | None:
    """Tighten `bounds` over every line until stable; None when they contradict."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            low_sum = sum(bounds[c][0] for c in line.children)
            high_sum = sum(bounds[c][1] for c in line.children)
            p_low, p_high = bounds[line.parent]
            new_parent = (max(p_low, low_sum), min(p_high, high_sum))
            if new_parent[0] > new_parent[1]:
                return None
            if new_parent != (p_low, p_high):
                bounds[line.parent] = new_parent
                changed = True
            p_low, p_high = bounds[line.parent]
            for child in line.children:
                c_low, c_high = bounds[child]
                others_low = low_sum - c_low
                others_high = high_sum - c_high
                new_low = max(c_low, p_low - others_high) if others_high != float("inf") else c_low
                new_high = min(c_high, p_high - others_low)
                new = (int(max(new_low, c_low)), new_high)
                if new[0] > new[1]:
                    return None
                if new != (c_low, c_high):
                    bounds[child] = new
                    low_sum += new[0] - c_low
                    high_sum += new[1] - c_high
                    changed = True
    return bounds


def _determined_by_bounds(
    values: Mapping[Hashable, int],
    lines: Sequence[Line],
    status: Mapping[Hashable, Status],
    rule: Rule,
) -> list[Hashable]:
    """Hidden variables with one possible value. Propagation alone is not exact when lines
    cross (a team is in a municipality line and in its own total line), so each hidden
    variable is also tried below and above its true value with a complete branch-and-narrow
    search; a search that runs out of its budget counts as "recoverable" (hide more)."""
    start = known_bounds(values, status, rule)
    cap = 2 * max(values.values(), default=0) + rule.threshold
    start = {key: (low, min(high, cap)) for key, (low, high) in start.items()}
    narrowed = propagate(dict(start), lines)
    hidden = [key for key, state in status.items() if state != "shown"]
    if narrowed is None:  # cannot happen for true values; treat as fully exposed
        return hidden
    found = [key for key in hidden if narrowed[key][0] == narrowed[key][1]]
    if found:
        return found
    for key in hidden:
        true = values[key]
        below = {**narrowed, key: (narrowed[key][0], min(narrowed[key][1], true - 1))}
        above = {**narrowed, key: (max(narrowed[key][0], true + 1), narrowed[key][1])}
        budget = [SEARCH_BUDGET]
        if not (
            _feasible(below, lines, hidden, budget, values)
            or _feasible(above, lines, hidden, budget, values)
        ):
            return [key]
    return []


SEARCH_BUDGET = 2000  # nodes per search; running out counts as "recoverable" (hide more)


def _feasible(
    bounds: dict[Hashable, tuple[int, float]],
    lines: Sequence[Line],
    hidden: Sequence[Hashable],
    budget: list[int],
    guide: Mapping[Hashable, int],
) -> bool:
    """Is there an integer solution within `bounds`? False also when the budget runs out.

    Each split tries first the half that holds the true value (`guide`): the true values
    satisfy every line, so a second solution is usually found close to them, quickly."""
    if bounds[hidden[0]][0] > bounds[hidden[0]][1] or any(
        low > high for low, high in bounds.values()
    ):
        return False
    budget[0] -= 1
    if budget[0] < 0:
        return False
    result = propagate(dict(bounds), lines)
    if result is None:
        return False
    open_keys = [key for key in hidden if result[key][0] < result[key][1]]
    if not open_keys:
        return True
    key = min(open_keys, key=lambda k: (result[k][1] - result[k][0], repr(k)))
    low, high = result[key]
    true = guide[key]
    if low <= true <= high:
        halves = [(true, true), (low, true - 1), (true + 1, high)]
    else:
        middle = int(low + (high - low) // 2)
        halves = [(low, middle), (middle + 1, high)]
    return any(
        _feasible({**result, key: half}, lines, hidden, budget, guide)
        for half in halves
        if half[0] <= half[1]
    )


# --- cells as shown ---------------------------------------------------------------------------


def rounded(value: int, base: int) -> int:
    """Round to the nearest multiple of `base`, halves up (12 -> 10, 13 -> 15 for base 5)."""
    if base <= 1:
        return value
    return (value + base // 2) // base * base


def count_cell(value: int, state: Status, rule: Rule, unit: str = "count") -> Cell:
    if state == "small":
        return Cell(None, f"<{rule.threshold}", True, "small")
    if state == "derivable":
        return Cell(None, DASH, True, "derivable")
    shown = rounded(value, rule.rounding)
    return Cell(shown, format_value(shown, unit), False)


def share_cell(numerator_cell: Cell, numerator: int, denominator: int, rule: Rule) -> Cell:
    """A percentage of a protected count; hidden when the count is or the base is too small."""
    if numerator_cell.suppressed:
        return Cell(None, numerator_cell.text, True, numerator_cell.reason)
    if denominator < rule.min_denominator or denominator == 0:
        return Cell(None, DASH, True, "denominator")
    share = numerator / denominator
    return Cell(round(share, 3), format_value(share, "share"), False)


def plain_cell(value: float | None, unit: str, *, decimals: int = 1) -> Cell:
    """A figure that is not a count of people (a median, an FTE); None shows as a dash."""
    if value is None:
        return Cell(None, DASH, True, "denominator")
    return Cell(value, format_number(value, decimals=decimals), False)
