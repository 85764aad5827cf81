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
4. **Secondary (complementary) suppression**, in two forms:

   - `protect(values, lines, rule)`: one system of linear equations (a table's rows add up to
     its total, teams to the municipality, the teams in an area to the area). A hidden cell
     is *recoverable* when the shown numbers and the equations pin it down, by exact
     elimination over fractions or by bounds ("<10" is 0..9, a dash at least the threshold);
     while one is, one more cell is hidden. Used where one table stands alone (the area
     analysis of team design).
   - `protect_year(...)`: what the dashboard and the report publish. One system per indicator
     and year holds every selection (municipality, areas, teams), every row and total and
     every period (months, quarters, the year), so differences across selections and periods
     (an area minus a team, a quarter minus two of its months) are covered too. Each hidden
     cell gets a *certificate*: another table of counts that agrees with everything shown and
     every label but gives the cell another value (the comment above `YearKey` explains the
     search). Years are independent: no published number adds up two years.

Every request for any selection of the same indicator and year gets the same hidden cells
(a pattern per request would let two requests be combined).

Tests: `tests/test_suppression_property.py` checks with an independent exhaustive search that
each hidden cell has at least two possible values given everything shown;
`tests/test_suppression_same.py` checks that the fast year search gives the plain search's
result. See docs/architecture.md (Steering).
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


# --- the year system: one pattern over teams, areas, rows and months/quarters/year -------------
#
# Everything a reader can see of one indicator in one calendar year is a sum of *atoms*: the
# count of one team, one table row and one month (the summary's grain). A published cell is a
# selection (the municipality "M", an area "A<id>", a team "T<id>") times a row or the table
# total times a period (a month, a quarter, the year). No published number adds up atoms of
# two years, so each year is a system of its own; comparisons with the previous period or a
# year earlier only put cells of the same systems side by side.
#
# **Certificates.** A hidden cell is safe when we can name a second table of atoms that
# agrees with every shown number and every label ("<10" is 0..9, a dash is at least 10), with
# every atom >= 0, and in which the hidden cell has another value. We build it as a
# perturbation d = a x b x c: a on teams (+1 on one team, -1 on another, or +1 on one team),
# b on rows (+1/-1 on two rows, or +1 on one), c on months (+1/-1 on two months, or +1 on one).
# A published cell (teams G, rows R, months P) then changes by a(G) * b(R) * c(P), so we know
# exactly which cells move: those where all three factors are non-zero. Every one of those is
# hidden (the certificate hides the shown ones: secondary suppression), and truth + d or
# truth - d must keep every atom >= 0 and every moved cell inside its label. Then no
# reasoning over what is shown (totals, subtotals, an area minus a team, a quarter minus two
# of its months, the year minus three quarters) can tell the two tables apart, because it
# would see the same numbers. One certificate protects every cell it moves, and a hidden cell
# stays hidden, so the certificates found earlier stay valid; the pattern is safe as soon as
# every hidden cell has one. The search is greedy and cheap: for each hidden cell still
# without a certificate, the candidate that hides the fewest (weighted) shown cells (the first
# such in the options' order). Whether a pair of options fits depends only on the pair (atoms
# and values are fixed, "<10" stays "<10", a shown cell and a dash have the same bound), so it
# is factored into bit masks per option, built once per year; the weight is summed only for
# pairs that fit. tests/test_suppression_same.py checks the result against the plain search.
# If no candidate fits (only in tiny, nearly empty systems), the whole year is shown as
# dashes without any bound, which is trivially safe.

YearKey = tuple[str, str, str]  # (selection, row or "total", period slug)


@dataclass(frozen=True)
class Geography:
    """The teams of a municipality and, per area, the teams working in it."""

    teams: tuple[int, ...]
    areas: Mapping[int, tuple[int, ...]]

    def selections(self) -> dict[str, frozenset[int]]:
        found: dict[str, frozenset[int]] = {"M": frozenset(self.teams)}
        found |= {f"A{a}": frozenset(teams) for a, teams in sorted(self.areas.items())}
        found |= {f"T{t}": frozenset({t}) for t in self.teams}
        return found


@dataclass(frozen=True)
class Calendar:
    """The months of a year grouped in quarters (a test may use a shorter year)."""

    year: int
    quarters: int = 4
    months_per_quarter: int = 3

    @property
    def months(self) -> int:
        return self.quarters * self.months_per_quarter

    def slugs(self) -> list[tuple[str, frozenset[int]]]:
        """Every period of the year with the month indexes it adds up: months, quarters, year."""
        found = [(self.month_slug(m), frozenset({m})) for m in range(self.months)]
        size = self.months_per_quarter
        found += [
            (f"{self.year}-Q{q + 1}", frozenset(range(q * size, (q + 1) * size)))
            for q in range(self.quarters)
        ]
        found.append((str(self.year), frozenset(range(self.months))))
        return found

    def month_slug(self, index: int) -> str:
        return f"{self.year}-{index + 1:02d}"


# weights of hiding a shown cell: a municipality cell hurts most, a team's month least
_GEO_WEIGHT = {"M": 400, "A": 20, "T": 1}
_TIME_WEIGHT = (1, 3, 2)  # month, quarter, year (the year to date is given up first)
PARTNER_TEAMS = 4  # partner teams tried per team in a certificate

# the options of a certificate's two factors (see protect_year)
_TeamMonthOption = tuple[int, tuple[tuple[int, int, int], ...], tuple[tuple[str, str, int], ...]]
_RowOption = tuple[int, int, int, int, tuple[tuple[str, int], ...]]


def protect_year(
    atoms: Mapping[tuple[int, str, int], int],
    geography: Geography,
    rows: Sequence[str],
    calendar: Calendar,
    rule: Rule,
    *,
    months_open: int | None = None,
    groups: Mapping[str, frozenset[str]] | None = None,
) -> tuple[dict[YearKey, int], dict[YearKey, Status], bool]:
    """Values and the suppression pattern of every published cell of one indicator and year,
    and whether the year is *unlabelled* (see below).

    `atoms` maps (team, row, month index) to a count (missing: 0). With more than one row each
    selection also has a table total ("total"). When some hidden cell has no certificate under
    the labels ("<10" is 0..9, a dash at least 10), every hidden cell of the year is shown as a
    dash instead (status "derivable", the year unlabelled: the reader then knows only that a
    dash is a whole number >= 0, and one count moved by one always fits).

    `months_open`: how many months of the year have begun (the current year); the later
    months are 0 for everyone to know, so a certificate never moves a count there and their
    cells ("<10") need none.

    `groups`: further published sums of rows (name -> its rows), for a family of tables over
    the same atoms (e.g. signals by partner kind beside signals by source, where the source
    "partner" is the sum of the kinds): the whole family is then one system."""
    open_count = calendar.months if months_open is None else max(0, months_open)
    teams = list(geography.teams)
    rows = list(rows)
    has_total = len(rows) > 1
    geo = geography.selections()
    dim_sets: dict[str, frozenset[str]] = {r: frozenset({r}) for r in rows}
    if has_total:
        dim_sets["total"] = frozenset(rows)
    dim_sets |= dict(groups or {})
    dim_names = list(dim_sets)
    periods = calendar.slugs()
    time_names = [slug for slug, _m in periods]
    time_sets = dict(periods)
    time_level = {
        slug: (0 if len(ms) == 1 else 2 if len(ms) == calendar.months else 1)
        for slug, ms in periods
    }

    # values: per team first, then per selection
    per_team: dict[tuple[int, str, str], int] = {}
    for t in teams:
        for d, dset in dim_sets.items():
            for p, mset in time_sets.items():
                per_team[(t, d, p)] = sum(atoms.get((t, r, m), 0) for r in dset for m in mset)
    values: dict[YearKey, int] = {}
    for g, gset in geo.items():
        for d in dim_names:
            for p in time_names:
                values[(g, d, p)] = sum(per_team[(t, d, p)] for t in gset)
    status: dict[YearKey, Status] = {
        key: ("small" if value < rule.threshold else "shown") for key, value in values.items()
    }

    units_of_team: dict[int, list[str]] = {t: [] for t in teams}
    for g, gset in geo.items():
        for t in gset:
            units_of_team[t].append(g)
    areas_of_team = {
        t: frozenset(u for u in units if u[0] == "A") for t, units in units_of_team.items()
    }
    periods_of_month: dict[int, list[str]] = {m: [] for m in range(calendar.months)}
    for p, mset in time_sets.items():
        for m in mset:
            periods_of_month[m].append(p)
    size = calendar.months_per_quarter

    def partners(t: int, inside: frozenset[int]) -> list[int]:
        """Other teams, the ones working in the same areas first (moving a count between
        them leaves their areas unchanged); at most a handful, plus every team outside
        `inside` when the cell is an area (the partner must leave the area)."""
        others = sorted((len(areas_of_team[t] ^ areas_of_team[o]), o) for o in teams if o != t)
        near = [o for _n, o in others[:PARTNER_TEAMS]]
        if len(inside) > 1:
            near += [o for _n, o in others if o not in inside][:PARTNER_TEAMS]
        return list(dict.fromkeys(near))

    def months_near(m: int) -> list[int]:
        same = [o for o in range(m // size * size, (m // size + 1) * size) if o != m]
        near = same + [o for o in range(calendar.months) if o // size != m // size]
        return [o for o in near if o < open_count]

    def team_month_options(g: str, p: str) -> list[dict[tuple[int, int], int]]:
        """Signed (team, month) supports whose sum over the cell's teams and months is not
        zero: one point, a point and a partner point, or a rectangle of four."""
        gset, mset = geo[g], time_sets[p]
        anchors_t = sorted(gset) if g[0] != "M" else list(teams)
        options: list[dict[tuple[int, int], int]] = []
        for t1 in anchors_t:
            near_t = partners(t1, gset if g[0] == "A" else frozenset())
            for m1 in sorted(m for m in mset if m < open_count):
                near_m = months_near(m1)
                for t2 in near_t:
                    for m2 in near_m:
                        rect = {(t1, m1): 1, (t1, m2): -1, (t2, m1): -1, (t2, m2): 1}
                        options.append(rect)
                for t2 in near_t:
                    for m2 in [m1, *near_m]:
                        options.append({(t1, m1): 1, (t2, m2): -1})
                for m2 in near_m:
                    options.append({(t1, m1): 1, (t1, m2): -1})
                options.append({(t1, m1): 1})
        return [
            o for o in options if sum(s for (t, m), s in o.items() if t in gset and m in mset) != 0
        ]

    def geo_time_touch(support: Mapping[tuple[int, int], int]) -> dict[tuple[str, str], int]:
        moved: dict[tuple[str, str], int] = {}
        for (t, m), sign in support.items():
            for g in units_of_team[t]:
                for p in periods_of_month[m]:
                    moved[(g, p)] = moved.get((g, p), 0) + sign
        return {k: s for k, s in moved.items() if s}

    def dim_options(d: str) -> list[dict[str, int]]:
        if d == "total":
            return [{r: 1} for r in rows]
        if d not in rows:  # a group: move one of its rows, alone or against one outside it
            inside = sorted(dim_sets[d])
            pairs = [{r: 1, o: -1} for r in inside for o in rows if o not in dim_sets[d]]
            return pairs + [{r: 1} for r in inside]
        options: list[dict[str, int]] = [{d: 1, r: -1} for r in rows if r != d]
        options.append({d: 1})
        return options

    def dim_touch(support: Mapping[str, int]) -> dict[str, int]:
        moved = {d: sum(s for r, s in support.items() if r in dset) for d, dset in dim_sets.items()}
        return {d: s for d, s in moved.items() if s}

    threshold = rule.threshold
    small = {key for key, state in status.items() if state == "small"}  # fixed until the end
    loose = False

    def weight(key: YearKey) -> int:
        level = time_level[key[2]]
        return _GEO_WEIGHT[key[0][0]] * _TIME_WEIGHT[level] * (2 if key[1] == "total" else 1)

    weights = {key: weight(key) for key in values}

    # Each factor's options once per year. A team-month option is (id, support, moved): its
    # signed (team, month) points and the signed (selection, period) pairs it moves; equal
    # supports share an id (the same option serves a team's cell, its areas' and the
    # municipality's). A row option is (support +, support -, moved +, moved -, moved): bit
    # masks of its rows and of the row cells it moves up and down. Every sign is +1 or -1
    # (one point against one other, or a rectangle: see the options).
    dim_options_of = {d: dim_options(d) for d in dim_names}
    row_bit: dict[str, int] = {}
    for found_options in dim_options_of.values():
        for option in found_options:
            for r in option:
                row_bit.setdefault(r, 1 << len(row_bit))
    dim_bit = {d: 1 << i for i, d in enumerate(dim_names)}

    def mask(bits: Mapping[str, int], names: Iterable[str]) -> int:
        found = 0
        for name in names:
            found |= bits[name]
        return found

    row_cache: dict[str, list[_RowOption]] = {}
    for d, found_options in dim_options_of.items():
        row_cache[d] = []
        for option in found_options:
            moved = tuple(dim_touch(option).items())
            if any(s not in (1, -1) for s in (*option.values(), *(s for _dd, s in moved))):
                raise AssertionError(f"a row option's sign is not +1 or -1: {option}")
            row_cache[d].append(
                (
                    mask(row_bit, (r for r, s in option.items() if s == 1)),
                    mask(row_bit, (r for r, s in option.items() if s == -1)),
                    mask(dim_bit, (dd for dd, s in moved if s == 1)),
                    mask(dim_bit, (dd for dd, s in moved if s == -1)),
                    moved,
                )
            )
    gt_by_support: dict[tuple[tuple[int, int, int], ...], _TeamMonthOption] = {}
    gt_cache: dict[tuple[str, str], list[_TeamMonthOption]] = {}

    def team_month(g: str, p: str) -> list[_TeamMonthOption]:
        found = gt_cache.get((g, p))
        if found is None:
            found = []
            for option in team_month_options(g, p):
                support = tuple((t, m, s) for (t, m), s in option.items())
                known = gt_by_support.get(support)
                if known is None:
                    moved = tuple((gg, pp, s) for (gg, pp), s in geo_time_touch(option).items())
                    known = gt_by_support[support] = (len(gt_by_support), support, moved)
                found.append(known)
            gt_cache[(g, p)] = found
        return found

    # Whether a pair fits, factored: the rows whose atom at a point would go below 0, and the
    # row cells of a (selection, period) that would leave their label, per delta. Atoms and
    # values never change, "<10" cells stay "<10" until the end, and a shown cell has the same
    # bound as the dash it may become (at least the threshold), so these hold for the year.
    atom_masks: dict[tuple[int, int, int], int] = {}
    cell_masks: dict[tuple[str, str, int], int] = {}

    def rows_below_zero(t: int, m: int, n: int) -> int:
        found = atom_masks.get((t, m, n))
        if found is None:
            found = atom_masks[(t, m, n)] = mask(
                row_bit, (r for r in row_bit if atoms.get((t, r, m), 0) + n < 0)
            )
        return found

    def cells_outside_label(g: str, p: str, n: int) -> int:
        found = cell_masks.get((g, p, n))
        if found is None:
            out = []
            for d in dim_names:
                key = (g, d, p)
                new = values[key] + n
                if (new < 0 or new >= threshold) if key in small else new < threshold:
                    out.append(d)
            found = cell_masks[(g, p, n)] = mask(dim_bit, out)
        return found

    # per team-month option id: for truth + d, the rows (moved up, moved down) whose atoms
    # would go below 0 and the row cells (moved up, moved down) leaving their label; for
    # truth - d the same with up and down exchanged
    profiles: dict[int, tuple[int, int, int, int]] = {}

    def profile(gt: _TeamMonthOption) -> tuple[int, int, int, int]:
        found = profiles.get(gt[0])
        if found is None:
            up_rows = down_rows = up_cells = down_cells = 0
            for t, m, s in gt[1]:
                up_rows |= rows_below_zero(t, m, s)
                down_rows |= rows_below_zero(t, m, -s)
            for gg, pp, s in gt[2]:
                up_cells |= cells_outside_label(gg, pp, s)
                down_cells |= cells_outside_label(gg, pp, -s)
            found = profiles[gt[0]] = (up_rows, down_rows, up_cells, down_cells)
        return found

    def best_certificate(key: YearKey) -> dict[YearKey, int] | None:
        """The cells moved by the first pair of options (in the options' order) of those that
        fit and hide the least weight of shown cells; a pair hiding nothing ends the search.
        A pair fits when truth + d or truth - d keeps every atom >= 0 and, unless the year is
        loose, every moved cell inside its label."""
        g, d, p = key
        dims = row_cache[d]
        best: tuple[int, _TeamMonthOption, _RowOption] | None = None
        for gt in team_month(g, p):
            up_rows, down_rows, up_cells, down_cells = profile(gt)
            if loose:
                up_cells = down_cells = 0
            for dim in dims:
                plus_rows, minus_rows, plus_cells, minus_cells, moved = dim
                if (
                    plus_rows & up_rows
                    or minus_rows & down_rows
                    or plus_cells & up_cells
                    or minus_cells & down_cells
                ) and (
                    plus_rows & down_rows
                    or minus_rows & up_rows
                    or plus_cells & down_cells
                    or minus_cells & up_cells
                ):
                    continue
                bound = best[0] if best is not None else None
                cost = 0
                for gg, pp, _s1 in gt[2]:
                    for dd, _s2 in moved:
                        cell = (gg, dd, pp)
                        if status[cell] == "shown":
                            cost += weights[cell]
                    if bound is not None and cost >= bound:
                        break
                if bound is not None and cost >= bound:
                    continue
                best = (cost, gt, dim)
                if cost == 0:
                    break
            if best is not None and best[0] == 0:
                break
        if best is None:
            return None
        return {(gg, dd, pp): s1 * s2 for gg, pp, s1 in best[1][2] for dd, s2 in best[2][4]}

    certified: set[YearKey] = set()
    future = {p for p, mset in time_sets.items() if min(mset) >= open_count}
    order = sorted(
        (key for key, state in status.items() if state != "shown" and key[2] not in future),
        key=lambda k: (-weight(k), k),
    )
    for key in order:
        if key in certified:
            continue
        cells = best_certificate(key)
        if cells is None and not loose:
            loose = True  # certificates found so far stay valid under looser bounds
            cells = best_certificate(key)
        if cells is None:  # cannot happen: one point +1 always fits loose bounds
            return values, {k: "derivable" for k in values}, True
        for cell in cells:
            if status[cell] == "shown":
                status[cell] = "derivable"
            certified.add(cell)
    if loose:
        status = {k: ("derivable" if state == "small" else state) for k, state in status.items()}
    return values, status, loose
