"""Steering reads: protected aggregates for policy staff, the own team for its team leader.

`indicator_tables` reads only the monthly summary counts (`summaries.py`), never notes or the
access log, asks the access policy for an aggregate-read scope decision, writes one aggregate
read to the access log, and protects every number with `suppression.protect` over the whole
municipality (every team and area of the same indicator and period), so that no combination of
requests for different selections can give a hidden number away.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.casework.choices import Answered, Frame
from wijkteam.intake.models import PartnerKind, SourceKind
from wijkteam.organisations.models import Area, Municipality, Team
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import AccessDenied, Actor
from wijkteam.privacy.rules.steering import READ_AGGREGATES, READ_TEAM
from wijkteam.privacy.services import access_log_record
from wijkteam.steering import measures, protection
from wijkteam.steering.indicators import INDICATORS
from wijkteam.steering.models import SteeringSettings, SummaryCount
from wijkteam.steering.suppression import (
    Geography,
    Rule,
    Status,
    count_cell,
    share_cell,
)
from wijkteam.steering.tables import Cell, IndicatorTable, Period, Row, Selection, format_value

# The rows of each computed indicator: (dimension value, label) in display order.
Choices = Sequence[tuple[str, str]]


def _dimensions(key: str) -> Choices:
    if key == "signals_by_partner_kind":
        return [(str(v), str(label)) for v, label in PartnerKind.choices]
    if key == "signals_by_source":
        return [(str(v), str(label)) for v, label in SourceKind.choices]
    if key == "evaluations_question_answered":
        return [(str(v), str(label)) for v, label in Answered.choices]
    if key == "solution_frames":
        return [(str(v), str(label)) for v, label in Frame.choices]
    if key in measures.DIMENSIONS:
        return measures.DIMENSIONS[key]()
    return [("all", str(INDICATORS[key].title))]


# Indicators computed from the summary so far; the other registry keys are not built yet.
COMPUTED: tuple[str, ...] = (
    "signals_by_partner_kind",
    "signals_by_source",
    "new_households",
    "returning_households",
    "evaluations_question_answered",
    "solution_frames",
    "plans_with_goals_results",
    "pitfall_signals",
    # computed from the summary by steering.measures (rows in measures.DIMENSIONS)
    "new_households_per_1000",
    "signal_to_contact_median",
    "signal_contact_within_term",
    "outreach_attempts_per_contact",
    "plan_within_days",
    "time_per_phase",
    "referrals_by_provider_type",
    "self_sufficiency_change",
    "participation_ladder_movement",
    "relapse_after_monitoring",
    "fte_planned_actual",
    "expertise_coverage",
)
# The counts protected by a stored year pattern (protection.py); the others are measures.
PROTECTED_COUNTS: tuple[str, ...] = tuple(
    k for k in COMPUTED if k not in measures.MEASURED and k != "new_households_per_1000"
)
# The measured indicators whose sums per selection the job stores beside the patterns
# (protection._sums): a request reads its selection's sums instead of every team's months.
STORED_SUMS: tuple[str, ...] = tuple(measures.MEASURED)
SHARE_OF_TOTAL = {
    "plans_with_goals_results",
    "evaluations_question_answered",
    "solution_frames",
    "signal_contact_within_term",
    "plan_within_days",
    "participation_ladder_movement",
    "relapse_after_monitoring",
}


def steering_rule(municipality_id: int) -> Rule:
    settings = SteeringSettings.objects.filter(municipality_id=municipality_id).first()
    return settings.rule() if settings is not None else Rule()


@dataclass(frozen=True)
class _City:
    team_ids: tuple[int, ...]
    areas: dict[int, tuple[int, ...]]  # area -> the teams working in it
    municipality_id: int = 0

    def selections(self) -> dict[str, tuple[int, ...]]:
        found = {"M": self.team_ids}
        found |= {f"A{a}": teams for a, teams in self.areas.items()}
        found |= {f"T{t}": (t,) for t in self.team_ids}
        return found


def _city(municipality_id: int) -> _City:
    team_ids = tuple(
        Team.objects.filter(municipality_id=municipality_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    areas: dict[int, list[int]] = {
        pk: []
        for pk in Area.objects.filter(municipality_id=municipality_id).values_list("pk", flat=True)
    }
    for team_id, area_id in Team.areas.through.objects.filter(team_id__in=team_ids).values_list(
        "team_id", "area_id"
    ):
        areas.setdefault(area_id, []).append(team_id)
    return _City(team_ids, {a: tuple(sorted(t)) for a, t in areas.items()}, municipality_id)


def _team_counts(
    key: str, team_ids: Iterable[int], period: Period, framework: str = ""
) -> dict[tuple[int, str], int]:
    return _many_team_counts([key], team_ids, [period], framework)[(key, period.slug)]


def _first_month(key: str, period: Period) -> datetime.date:
    if key in measures.STATES:  # a state: the value of the period's last month (so far)
        return min(period.months()[-1], timezone.localdate().replace(day=1))
    return period.start


def _many_team_counts(
    keys: Sequence[str], team_ids: Iterable[int], periods: Sequence[Period], framework: str = ""
) -> dict[tuple[str, str], dict[tuple[int, str], int]]:
    """Per (indicator, period slug): the summed counts per (team, dimension), in one query
    for every indicator and period."""
    found: dict[tuple[str, str], dict[tuple[int, str], int]] = {
        (k, p.slug): {} for k in keys for p in periods
    }
    if not keys or not periods:
        return found
    rows = (
        SummaryCount.objects.filter(
            indicator__in=list(keys),
            month__gte=min(p.start for p in periods),
            month__lt=max(p.end for p in periods),
            team_id__in=list(team_ids),
            framework=framework,
        )
        .values_list("indicator", "team_id", "dimension", "month")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for key, team_id, dimension, month, n in rows:
        for period in periods:
            if _first_month(key, period) <= month < period.end:
                counts = found[(key, period.slug)]
                counts[(team_id, dimension)] = counts.get((team_id, dimension), 0) + int(n)
    return found


def _summed_counts(
    keys: Sequence[str], team_ids: Iterable[int], periods: Sequence[Period], framework: str = ""
) -> dict[tuple[str, str], dict[str, int]]:
    """Per (indicator, period slug): the counts per dimension summed over `team_ids`, summed
    by the database in one query for every indicator and period (a few hundred rows back,
    not every team's month)."""
    found: dict[tuple[str, str], dict[str, int]] = {(k, p.slug): {} for k in keys for p in periods}
    distinct = list({p.slug: p for p in periods}.values())
    if not keys or not distinct:
        return found
    states = [k for k in keys if k in measures.STATES]
    column = Case(
        *(
            When(
                Q(indicator__in=states, month__gte=_first_month(states[0], p))
                | (~Q(indicator__in=states) & Q(month__gte=p.start)),
                month__lt=p.end,
                then=Value(i),
            )
            if states
            else When(month__gte=p.start, month__lt=p.end, then=Value(i))
            for i, p in enumerate(distinct)
        ),
        default=Value(-1),
        output_field=IntegerField(),
    )
    rows = (
        SummaryCount.objects.filter(
            indicator__in=list(keys),
            month__gte=min(p.start for p in distinct),
            month__lt=max(p.end for p in distinct),
            team_id__in=list(team_ids),
            framework=framework,
        )
        .annotate(column=column)
        .values_list("indicator", "dimension", "column")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for key, dimension, index, n in rows:
        if index >= 0:
            counts = found[(key, distinct[index].slug)]
            counts[dimension] = counts.get(dimension, 0) + int(n)
    return found


def _column(
    cells: protection.Cells, key: str, name: str
) -> tuple[dict[Hashable, int], dict[Hashable, Status]]:
    """The selection `name`'s counts for one indicator and period from its stored pattern,
    and their suppression pattern. Hidden counts come back as 0 with their status; nothing
    reads them."""
    rows = rows_of(key)
    values: dict[Hashable, int] = {}
    status: dict[Hashable, Status] = {}
    for dim in [*rows, *(["total"] if len(rows) > 1 else [])]:
        values[(name, dim)] = protection.cell_value(cells, name, dim)
        status[(name, dim)] = protection.cell_state(cells, name, dim)
    return values, status


def rows_of(key: str) -> list[str]:
    """The table rows (dimension values) of a protected count indicator."""
    return [d for d, _label in _dimensions(key)]


def geography(municipality_id: int) -> Geography:
    city = _city(municipality_id)
    return Geography(city.team_ids, city.areas)


def _selection_name(selection: Selection, city: _City) -> str:
    if selection.team_id is not None:
        if selection.team_id not in city.team_ids:
            raise AccessDenied("team outside the municipality")
        if selection.area_id is not None and selection.team_id not in city.areas.get(
            selection.area_id, ()
        ):
            raise AccessDenied("team does not work in the area")
        return f"T{selection.team_id}"
    if selection.area_id is not None:
        if selection.area_id not in city.areas:
            raise AccessDenied("area outside the municipality")
        return f"A{selection.area_id}"
    return "M"


def _periods(period: Period) -> tuple[Period, Period, Period]:
    return period, period.previous(), period.year_earlier()


def _table(
    key: str,
    rows_cells: dict[str, list[Cell]],
    total_cells: list[Cell] | None,
    periods: Sequence[Period],
    note: str,
    unit: str | None = None,
) -> IndicatorTable:
    spec = INDICATORS[key]
    rows = tuple(Row(dim, label, tuple(rows_cells[dim])) for dim, label in _dimensions(key))
    total = Row("total", _("Total"), tuple(total_cells)) if total_cells is not None else None
    return IndicatorTable(
        key=key,
        title=str(spec.title),
        unit=unit or spec.unit,
        columns=tuple(p.label for p in periods),
        rows=rows,
        total=total,
        suppression_note=note,
        definition_version=spec.definition_version,
    )


def indicator_tables(
    actor: Actor, selection: Selection, keys: Sequence[str] | None = None
) -> list[IndicatorTable]:
    """The protected tables for `selection` (policy staff of the municipality only).

    Raises AccessDenied (views: 404) for anyone else, and for an area or team outside the
    municipality. Unknown keys are ignored; a legal-framework filter gives no tables, because
    no registration holds the legal framework yet.
    """
    municipality = Municipality.objects.filter(pk=selection.municipality_id).first()
    if municipality is None:
        raise AccessDenied("no such municipality")
    decision = policy.require_scope(actor, READ_AGGREGATES, municipality=municipality)
    city = _city(municipality.pk)
    name = _selection_name(selection, city)
    wanted = [
        k for k in (keys or COMPUTED) if k in COMPUTED and "policy" in INDICATORS[k].audiences
    ]
    if selection.framework is not None:  # only trajectories have a legal framework
        wanted = [k for k in wanted if k in measures.BY_FRAMEWORK]
    if name.startswith("T"):  # a rate per 1,000 inhabitants needs an area as the unit
        wanted = [k for k in wanted if k != "new_households_per_1000"]
    access_log_record(
        actor=actor,
        event=AccessEvent.READ,
        object_type="steering.aggregates",
        object_id=municipality.pk,
        decision=decision,
        purpose=f"aggregates {name} {selection.period.slug} {','.join(wanted)}"[:200],
    )
    framework = selection.framework or ""
    rule = steering_rule(municipality.pk)
    periods = _periods(selection.period)
    protected = [k for k in wanted if k in PROTECTED_COUNTS]
    if "new_households_per_1000" in wanted and "new_households" not in protected:
        protected.append("new_households")
    measured = [k for k in wanted if k in measures.MEASURED]
    stored_sums = [] if framework else [k for k in measured if k in STORED_SUMS]
    cells = protection.protected_periods(
        municipality.pk,
        {k: rows_of(k) for k in [*protected, *stored_sums]},
        Geography(city.team_ids, city.areas),
        periods,
        rule,
        framework,
        selection=name,
    )
    direct = [k for k in measured if k not in stored_sums]
    counts = _summed_counts(direct, city.selections()[name], periods, framework)
    for key in stored_sums:
        for period in periods:
            own = cells[(key, period.slug)].get(name, {})
            counts[(key, period.slug)] = {d: n for d, n in own.items() if isinstance(n, int)}
    tables = []
    for key in wanted:
        if key in measures.MEASURED or key == "new_households_per_1000":
            tables.append(_measured_table(key, city, name, periods, rule, cells, counts))
            continue
        dims = [d for d, _label in _dimensions(key)]
        rows_cells: dict[str, list[Cell]] = {d: [] for d in dims}
        total_cells: list[Cell] | None = [] if len(dims) > 1 else None
        for period in periods:
            values, status = _column(cells[(key, period.slug)], key, name)
            total_value = values.get((name, "total"), 0)
            total_cell = count_cell(total_value, status.get((name, "total"), "shown"), rule)
            for dim in dims:
                cell = count_cell(values[(name, dim)], status[(name, dim)], rule)
                if key in SHARE_OF_TOTAL:
                    cell = _share(cell, values[(name, dim)], total_value, total_cell, rule)
                rows_cells[dim].append(cell)
            if total_cells is not None:
                total_cells.append(total_cell)
        tables.append(_table(key, rows_cells, total_cells, periods, rule.note()))
    return tables


def _measured_table(
    key: str,
    city: _City,
    name: str,
    periods: Sequence[Period],
    rule: Rule,
    cells: dict[tuple[str, str], protection.Cells],
    counts: dict[tuple[str, str], dict[str, int]],
) -> IndicatorTable:
    """A median, ratio, FTE or rate (measures.py) for the selection `name`; a rate per 1,000
    inhabitants comes from the protected count of new households."""
    dims = [d for d, _label in _dimensions(key)]
    rows_cells: dict[str, list[Cell]] = {d: [] for d in dims}
    inhabitants = _inhabitants(name, city) if key == "new_households_per_1000" else 0
    for period in periods:
        if key == "new_households_per_1000":
            values, status = _column(cells[("new_households", period.slug)], "new_households", name)
            count = count_cell(values[(name, "all")], status[(name, "all")], rule)
            rows_cells["all"].append(measures.per_1000_cell(count, inhabitants))
            continue
        figures = measures.measured_cells(key, counts[(key, period.slug)], rule)
        for dim in dims:
            rows_cells[dim].append(figures[dim])
    return _table(key, rows_cells, None, periods, rule.note())


def _inhabitants(name: str, city: _City) -> int:
    areas = Area.objects.filter(pk__in=list(city.areas))
    if name.startswith("A"):
        areas = areas.filter(pk=int(name[1:]))
    return sum(a.inhabitants or 0 for a in areas.only("inhabitants"))


def _share(cell: Cell, count: int, total: int, total_cell: Cell, rule: Rule) -> Cell:
    if total_cell.suppressed:
        return Cell(None, cell.text if cell.suppressed else total_cell.text, True, "denominator")
    return share_cell(cell, count, total, rule)


def team_leader_tables(actor: Actor, team: Team, period: Period) -> list[IndicatorTable]:
    """The own team for its team leader: caseload and pitfall signals per coordinator (now),
    and the team's own counts for the period, the previous one and a year earlier.

    Not suppressed: the team leader sees the team's caseload and files anyway. Raises
    AccessDenied (views: 404) for anyone but a team leader of `team`.
    """
    from wijkteam.casework.selectors import caseload

    decision = policy.require_scope(actor, READ_TEAM, team=team)
    access_log_record(
        actor=actor,
        event=AccessEvent.READ,
        object_type="steering.team",
        object_id=team.pk,
        decision=decision,
        purpose=f"team figures {period.slug}",
    )
    load = caseload(actor=actor, team=team)
    signal_labels = (
        _("Open"),
        _("No plan"),
        _("Plan without goals"),
        _("Goals without results"),
        _("No recent contact"),
    )
    names = ("open", "no_plan", "plan_without_goals", "goals_without_results", "no_recent_contact")

    def row_for(key: str, label: str, line: object) -> Row:
        return Row(
            key,
            label,
            tuple(
                Cell(getattr(line, n), format_value(getattr(line, n), "count"), False)
                for n in names
            ),
        )

    coordinator_rows = tuple(
        row_for(
            str(line.coordinator.pk) if line.coordinator else "none",
            (line.coordinator.get_full_name() or line.coordinator.username)
            if line.coordinator
            else _("No coordinator"),
            line,
        )
        for line in load.summary
    )
    totals = {n: sum(getattr(line, n) for line in load.summary) for n in names}
    total_row = Row(
        "total",
        _("Whole team"),
        tuple(Cell(totals[n], format_value(totals[n], "count"), False) for n in names),
    )
    own_team = _("Own team: not protected for small numbers, you can see these files anyway.")
    tables = [
        IndicatorTable(
            key="caseload_per_coordinator",
            title=str(INDICATORS["caseload_per_coordinator"].title),
            unit="count",
            columns=tuple(str(label) for label in signal_labels),
            rows=coordinator_rows,
            total=total_row,
            suppression_note=own_team,
            definition_version=INDICATORS["caseload_per_coordinator"].definition_version,
        )
    ]
    periods = _periods(period)
    for key in COMPUTED:
        if key == "new_households_per_1000":  # needs an area as the unit
            continue
        dims = [d for d, _label in _dimensions(key)]
        per_period = [_team_counts(key, (team.pk,), p) for p in periods]
        if key in measures.MEASURED:
            measured = [
                measures.measured_cells(key, {d: n for (_t, d), n in c.items()}, None)
                for c in per_period
            ]
            tables.append(
                _table(key, {d: [m[d] for m in measured] for d in dims}, None, periods, own_team)
            )
            continue
        rows_cells = {
            d: [_plain(counts.get((team.pk, d), 0)) for counts in per_period] for d in dims
        }
        total_cells = (
            [_plain(sum(counts.values())) for counts in per_period] if len(dims) > 1 else None
        )
        tables.append(_table(key, rows_cells, total_cells, periods, own_team, unit="count"))
    return tables


def _plain(value: int) -> Cell:
    return Cell(value, format_value(value, "count"), False)
