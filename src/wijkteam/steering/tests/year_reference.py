"""The year protection as it was before it was made fast (2026-12-02), kept verbatim as the
reference that `test_suppression_same.py` compares `suppression.protect_year` with: the fast
engine must give the same values, the same hidden cells and the same "unlabelled" for every
input. Only the function's name differs; do not change it along with the engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wijkteam.steering.suppression import Calendar, Geography, Rule, Status, YearKey

# weights of hiding a shown cell: a municipality cell hurts most, a team's month least
_GEO_WEIGHT = {"M": 400, "A": 20, "T": 1}
_TIME_WEIGHT = (1, 3, 2)  # month, quarter, year (the year to date is given up first)
PARTNER_TEAMS = 4  # partner teams tried per team in a certificate


def reference_protect_year(
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
    loose = [False]

    def fits(
        cell_delta: dict[YearKey, int], atom_delta: dict[tuple[int, str, int], int], sign: int
    ) -> bool:
        for atom, delta in atom_delta.items():
            if atoms.get(atom, 0) + sign * delta < 0:
                return False
        if loose[0]:
            return True
        for key, delta in cell_delta.items():
            new = values[key] + sign * delta
            if status[key] == "small":
                if new < 0 or new >= threshold:
                    return False
            elif new < threshold:
                return False
        return True

    def weight(key: YearKey) -> int:
        level = time_level[key[2]]
        return _GEO_WEIGHT[key[0][0]] * _TIME_WEIGHT[level] * (2 if key[1] == "total" else 1)

    gt_cache: dict[tuple[str, str], list[tuple[dict[tuple[int, int], int], dict]]] = {}  # type: ignore[type-arg]
    dim_cache: dict[str, list[tuple[dict[str, int], dict[str, int]]]] = {}

    def best_certificate(key: YearKey) -> dict[YearKey, int] | None:
        g, d, p = key
        if (g, p) not in gt_cache:
            gt_cache[(g, p)] = [(o, geo_time_touch(o)) for o in team_month_options(g, p)]
        if d not in dim_cache:
            dim_cache[d] = [(o, dim_touch(o)) for o in dim_options(d)]
        best: tuple[int, dict[YearKey, int]] | None = None
        for gt_support, gt_moved in gt_cache[(g, p)]:
            for d_support, d_moved in dim_cache[d]:
                cells = {
                    (gg, dd, pp): s1 * s2
                    for (gg, pp), s1 in gt_moved.items()
                    for dd, s2 in d_moved.items()
                }
                cost = 0
                for c in cells:
                    if status[c] == "shown":
                        cost += weight(c)
                if best is not None and cost >= best[0]:
                    continue
                moved_atoms = {
                    (t, r, m): s1 * s2
                    for (t, m), s1 in gt_support.items()
                    for r, s2 in d_support.items()
                }
                if fits(cells, moved_atoms, 1) or fits(cells, moved_atoms, -1):
                    best = (cost, cells)
                    if cost == 0:
                        return cells
        return best[1] if best is not None else None

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
        if cells is None and not loose[0]:
            loose[0] = True  # certificates found so far stay valid under looser bounds
            cells = best_certificate(key)
        if cells is None:  # cannot happen: one point +1 always fits loose bounds
            return values, {k: "derivable" for k in values}, True
        for cell in cells:
            if status[cell] == "shown":
                status[cell] = "derivable"
            certified.add(cell)
    if loose[0]:
        status = {k: ("derivable" if state == "small" else state) for k, state in status.items()}
    return values, status, loose[0]
