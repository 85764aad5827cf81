"""Reads of the result logic: the policy decides (``results_read``), one access-log row per
page, and indicator figures only through steering's protected selectors.

``logic_view`` returns a typed read model: the three columns (approaches, results, effects)
with their links, comments, figures for this and the previous period, and whether the early
signal says "may be off track"; plus the period readings next to the previous one's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q
from django.utils.translation import gettext as _

from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import AccessDenied, Actor
from wijkteam.privacy.rules.results import COMMENT, EDIT, READ
from wijkteam.privacy.rules.steering import READ_AGGREGATES
from wijkteam.privacy.services import access_log_record
from wijkteam.results.models import (
    Change,
    Comment,
    Element,
    ElementKind,
    Link,
    Observation,
    Reading,
    ResultLogic,
    SignalKind,
    series,
)
from wijkteam.steering import selectors as steering
from wijkteam.steering.indicators import INDICATORS
from wijkteam.steering.tables import Cell, IndicatorTable, Period, Selection, format_number


def dutch_number(value: Decimal) -> str:
    """12 -> "12", 3.50 -> "3,5", 1234.25 -> "1.234,25" (no trailing zeros)."""
    exponent = value.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return format_number(float(value), decimals=decimals)


@dataclass(frozen=True)
class Figure:
    period: str  # label of the period
    text: str  # as shown ("12", "<10", a dash, "3,50")
    value: Decimal | None  # None when hidden or missing


@dataclass(frozen=True)
class ElementView:
    element: Element
    indicator: str  # title of the linked indicator, or ""
    figures: tuple[Figure, ...]  # this period, the previous period
    off_track: bool  # the early signal fires
    signal: str  # the signal rule in words, or ""
    links_out: tuple[Link, ...]
    comments: tuple[Comment, ...]
    figures_note: str = ""  # e.g. "figures only for policy staff"


@dataclass(frozen=True)
class LogicView:
    logic: ResultLogic
    is_newest: bool
    versions: tuple[ResultLogic, ...]
    period: Period
    effects: tuple[ElementView, ...]
    results: tuple[ElementView, ...]
    approaches: tuple[ElementView, ...]
    readings: tuple[Reading, ...]  # newest first, of the whole series
    changes: tuple[Change, ...]
    may_edit: bool
    may_comment: bool
    sees_figures: bool
    elements: dict[int, Element] = field(default_factory=dict)


def municipalities_for(actor: Actor) -> list[Municipality]:
    return policy.municipalities_where(actor, READ)


def logic_list(*, actor: Actor) -> list[ResultLogic]:
    """The newest version of every result logic in the person's municipalities."""
    ids = [m.pk for m in municipalities_for(actor)]
    if not ids:
        raise AccessDenied("results_read")
    newest = ResultLogic.objects.filter(municipality_id__in=ids).values("municipality", "team")
    newest = newest.annotate(v=Max("version"))
    wanted = Q(pk__in=[])
    for row in newest:
        wanted |= Q(municipality_id=row["municipality"], team_id=row["team"], version=row["v"])
    return list(
        ResultLogic.objects.filter(wanted)
        .select_related("municipality", "team")
        .order_by("municipality__name", "team__name")
    )


def logic_get(*, actor: Actor, logic_id: int, action: str = READ) -> ResultLogic:
    """The version, if the person may ``action`` in its municipality (else AccessDenied)."""
    logic = ResultLogic.objects.select_related("municipality", "team").filter(pk=logic_id).first()
    if logic is None:
        raise AccessDenied("no such result logic")
    policy.require_scope(actor, action, municipality=logic.municipality)
    return logic


def element_get(*, actor: Actor, element_id: int, action: str = READ) -> Element:
    element = Element.objects.select_related("logic__municipality").filter(pk=element_id).first()
    if element is None:
        raise AccessDenied("no such element")
    policy.require_scope(actor, action, municipality=element.logic.municipality)
    return element


def _signal_text(element: Element) -> str:
    if not element.signal_kind:
        return ""
    label = str(SignalKind(element.signal_kind).label)
    if element.threshold is not None and element.signal_kind in (
        SignalKind.ABOVE,
        SignalKind.BELOW,
    ):
        return f"{label}: {dutch_number(element.threshold)}"
    return label


def off_track(
    signal_kind: str, threshold: Decimal | None, now: Decimal | None, before: Decimal | None
) -> bool:
    """The early signal: a threshold passed, or the trend going the wrong way."""
    if now is None:
        return False
    if signal_kind == SignalKind.ABOVE and threshold is not None:
        return now > threshold
    if signal_kind == SignalKind.BELOW and threshold is not None:
        return now < threshold
    if before is None:
        return False
    if signal_kind == SignalKind.RISING:
        return now > before
    if signal_kind == SignalKind.FALLING:
        return now < before
    return False


def _cell_figure(label: str, cell: Cell) -> Figure:
    value = None if cell.suppressed or cell.value is None else Decimal(str(cell.value))
    return Figure(label, cell.text, value)


def _indicator_figures(table: IndicatorTable | None, period: Period) -> tuple[Figure, ...]:
    labels = (period.label, period.previous().label)
    if table is None:
        return tuple(Figure(label, "\u2013", None) for label in labels)
    row = table.total if table.total is not None else table.rows[0]
    return tuple(
        _cell_figure(label, cell) for label, cell in zip(labels, row.cells[:2], strict=False)
    )


def _manual_figures(element: Element, period: Period) -> tuple[Figure, ...]:
    stored = {o.period: o for o in element.observations.all()}
    figures = []
    for p in (period, period.previous()):
        o = stored.get(p.slug)
        text = dutch_number(o.value) if o else "\u2013"
        figures.append(Figure(p.label, text, o.value if o else None))
    return tuple(figures)


def logic_view(*, actor: Actor, logic_id: int, period: Period) -> LogicView:
    logic = logic_get(actor=actor, logic_id=logic_id)
    municipality = logic.municipality
    decision = policy.require_scope(actor, READ, municipality=municipality)
    access_log_record(
        actor=actor,
        event=AccessEvent.READ,
        object_type="results.resultlogic",
        object_id=logic.pk,
        decision=decision,
        purpose=f"result logic {period.slug}",
    )
    versions = tuple(ResultLogic.objects.filter(series(logic)).order_by("-version"))
    elements = list(
        Element.objects.filter(logic=logic)
        .prefetch_related("observations", "comments__author", "links_out__target")
        .order_by("pk")
    )
    sees_figures = policy.may_scope(actor, READ_AGGREGATES, municipality=municipality)
    keys = sorted({e.indicator_key for e in elements if e.indicator_key})
    tables: dict[str, IndicatorTable] = {}
    if sees_figures and keys:
        selection = Selection(municipality_id=municipality.pk, period=period, team_id=logic.team_id)
        tables = {
            t.key: t for t in steering.indicator_tables(actor=actor, selection=selection, keys=keys)
        }
    views: dict[str, list[ElementView]] = {k: [] for k in ElementKind.values}
    for element in elements:
        note = ""
        if element.kind == ElementKind.APPROACH:
            figures: tuple[Figure, ...] = ()
        elif element.indicator_key:
            if sees_figures:
                figures = _indicator_figures(tables.get(element.indicator_key), period)
            else:
                figures = ()
                note = _("The figures of this indicator are on the steering page of policy staff.")
        else:
            figures = _manual_figures(element, period)
        values = [f.value for f in figures] + [None, None]
        spec = INDICATORS.get(element.indicator_key)
        views[element.kind].append(
            ElementView(
                element=element,
                indicator=str(spec.title) if spec else "",
                figures=figures,
                off_track=off_track(element.signal_kind, element.threshold, values[0], values[1]),
                signal=_signal_text(element),
                links_out=tuple(element.links_out.all()),
                comments=tuple(element.comments.all()),
                figures_note=note,
            )
        )
    readings = tuple(
        Reading.objects.filter(series(logic, "logic__")).order_by("-period", "-pk")[:8]
    )
    changes = tuple(Change.objects.filter(logic=logic).select_related("by")[:30])
    return LogicView(
        logic=logic,
        is_newest=logic.version == versions[0].version,
        versions=versions,
        period=period,
        effects=tuple(views[ElementKind.EFFECT]),
        results=tuple(views[ElementKind.RESULT]),
        approaches=tuple(views[ElementKind.APPROACH]),
        readings=readings,
        changes=changes,
        may_edit=policy.may_scope(actor, EDIT, municipality=municipality),
        may_comment=policy.may_scope(actor, COMMENT, municipality=municipality),
        sees_figures=sees_figures,
        elements={e.pk: e for e in elements},
    )


def observations_of(element: Element) -> list[Observation]:
    return list(element.observations.order_by("-period"))
