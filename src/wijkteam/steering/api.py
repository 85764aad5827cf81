"""Indicator API: the list with definitions, and one indicator's table as JSON or CSV.

Thin: the same filters as the dashboard (parsed strictly here: a bad value is a Dutch 400
naming the parameter) and the same selector, so the same access decision, logging and
small-number protection apply. CSV by ``Accept: text/csv`` or ``?format=csv``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.api import paging
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules import steering as steering_rules
from wijkteam.steering import selectors
from wijkteam.steering.definitions import DEFINITIONS
from wijkteam.steering.forms import SteeringFilterForm, default_period
from wijkteam.steering.indicators import INDICATORS, indicators_for
from wijkteam.steering.tables import Cell, IndicatorTable, Row, Selection
from wijkteam.steering.views import steering_scope, team_in_area


def _actor(request: Request) -> Actor:
    return Actor.from_request(request._request, purpose="steering (api)")


class DefinitionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    valid_from = serializers.DateField()
    counted = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field.source
    caveats = serializers.CharField()
    change = serializers.CharField()


class IndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    group = serializers.CharField()
    unit = serializers.CharField()
    definition = DefinitionSerializer()
    history = DefinitionSerializer(many=True, help_text="Every version, oldest first.")


class CellSerializer(serializers.Serializer):
    value = serializers.FloatField(
        allow_null=True, help_text="Null when the cell is hidden (small-number protection)."
    )
    text = serializers.CharField(
        help_text='As shown, Dutch format: "35", "42%", "<10" or an en dash.'
    )
    suppressed = serializers.BooleanField()
    reason = serializers.CharField(help_text='"", "small", "derivable" or "denominator".')


class RowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a declared field, not Field.label
    cells = CellSerializer(many=True)


class SelectionSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="2026-05, 2026-Q2 or 2026.")
    period_label = serializers.CharField()
    area = serializers.IntegerField(allow_null=True)
    team = serializers.IntegerField(allow_null=True)
    framework = serializers.CharField(allow_null=True)


class IndicatorTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    unit = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = RowSerializer(many=True)
    total = RowSerializer(allow_null=True)
    suppression_note = serializers.CharField()
    definition_version = serializers.IntegerField()
    selection = SelectionSerializer()


def _cell(cell: Cell) -> dict[str, Any]:
    # value is None for a hidden cell (tables.py guarantees it); it is passed on as such.
    return {
        "value": cell.value,
        "text": cell.text,
        "suppressed": cell.suppressed,
        "reason": cell.reason,
    }


def _row(row: Row) -> dict[str, Any]:
    return {"key": row.key, "label": row.label, "cells": [_cell(c) for c in row.cells]}


def table_data(table: IndicatorTable, selection: Selection) -> dict[str, Any]:
    return {
        "key": table.key,
        "title": table.title,
        "unit": table.unit,
        "columns": list(table.columns),
        "rows": [_row(r) for r in table.rows],
        "total": _row(table.total) if table.total is not None else None,
        "suppression_note": table.suppression_note,
        "definition_version": table.definition_version,
        "selection": {
            "period": selection.period.slug,
            "period_label": selection.period.label,
            "area": selection.area_id,
            "team": selection.team_id,
            "framework": selection.framework,
        },
    }


class IndicatorCSVRenderer(BaseRenderer):
    """One line per row: the row, then per column its shown text (a hidden cell stays "<10")."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        if not isinstance(data, dict) or "rows" not in data:
            # An error answer (400/404) in CSV form: its message on one line.
            writer.writerow([str(data.get("detail", "")) if isinstance(data, dict) else ""])
            return out.getvalue().encode()
        writer.writerow([data["title"], *data["columns"]])
        rows = [*data["rows"], *([data["total"]] if data["total"] else [])]
        for row in rows:
            writer.writerow([row["label"], *(cell["text"] for cell in row["cells"])])
        writer.writerow([data["suppression_note"]])
        return out.getvalue().encode()


def _may_list(actor: Actor) -> bool:
    return bool(policy.municipalities_where(actor, steering_rules.READ_AGGREGATES))


class IndicatorListView(APIView):
    paging = paging.POSITION

    @extend_schema(
        responses=IndicatorSerializer(many=True),
        summary="The indicators policy staff can read, each with its current definition",
    )
    def get(self, request: Request) -> Response:
        actor = _actor(request)
        if not _may_list(actor):
            raise Http404
        items = []
        for spec in indicators_for("policy"):
            definition = DEFINITIONS[spec.key]
            versions = [
                {
                    "version": v.version,
                    "valid_from": v.valid_from,
                    "counted": str(v.counted),
                    "source": str(v.source),
                    "caveats": str(v.caveats),
                    "change": str(v.change),
                }
                for v in definition.versions
            ]
            items.append(
                {
                    "key": spec.key,
                    "title": str(spec.title),
                    "group": spec.group,
                    "unit": spec.unit,
                    "definition": versions[-1],
                    "history": versions,
                }
            )
        page = paging.by_position(request, items)
        return paging.paged_response(request, page, IndicatorSerializer(page.items, many=True).data)


FILTER_PARAMETERS = [
    OpenApiParameter(
        "period", OpenApiTypes.STR, description="2026-05, 2026-Q2 or 2026; default: this quarter."
    ),
    OpenApiParameter("area", OpenApiTypes.INT, description="An area of the municipality."),
    OpenApiParameter("team", OpenApiTypes.INT, description="A team of the municipality."),
    OpenApiParameter(
        "framework",
        OpenApiTypes.STR,
        enum=["wmo", "jeugdwet", "participatiewet"],
        description="Legal framework.",
    ),
]


class IndicatorDetailView(APIView):
    renderer_classes = [JSONRenderer, IndicatorCSVRenderer]

    @extend_schema(
        parameters=FILTER_PARAMETERS,
        responses={
            (200, "application/json"): IndicatorTableSerializer,
            (200, "text/csv"): OpenApiTypes.STR,
        },
        summary="One indicator for a period and selection, protected against small numbers",
    )
    def get(self, request: Request, key: str) -> Response:
        actor = _actor(request)
        # The selector decides access; this only keeps a refused caller from learning which
        # parameters would be valid (a 404 before any 400).
        if not _may_list(actor) or key not in INDICATORS:
            raise Http404
        if "policy" not in INDICATORS[key].audiences:
            raise Http404
        scope = steering_scope(actor)
        form = SteeringFilterForm(request.query_params, areas=scope.areas, teams=scope.teams)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {name: [str(m) for m in messages] for name, messages in form.errors.items()}
            )
        data = form.cleaned_data
        selection = Selection(
            municipality_id=scope.municipality.pk,
            period=data.get("period") or default_period(),
            area_id=data.get("area"),
            team_id=data.get("team"),
            framework=data.get("framework") or None,
        )
        selection, mismatch = team_in_area(scope, selection)
        if mismatch:
            raise exceptions.ValidationError({"area": mismatch})
        tables = selectors.indicator_tables(actor=actor, selection=selection, keys=[key])
        if not tables:
            # Nothing is registered for this choice (e.g. a legal framework): an empty table.
            spec = INDICATORS[key]
            period = selection.period
            empty = IndicatorTable(
                key=key,
                title=str(spec.title),
                unit=spec.unit,
                columns=(period.label, period.previous().label, period.year_earlier().label),
                rows=(),
                total=None,
                suppression_note="",
                definition_version=spec.definition_version,
            )
            return Response(table_data(empty, selection))
        return Response(table_data(tables[0], selection))
