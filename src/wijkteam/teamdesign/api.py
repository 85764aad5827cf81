"""Read-only API of team design: a team's design and its quickscans (thin; selectors do the work)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.api import paging
from wijkteam.privacy.policy import Actor
from wijkteam.teamdesign.selectors.access import design_for_team
from wijkteam.teamdesign.selectors.document import start_document


def _actor(request: Request) -> Actor:
    return Actor.from_request(request._request, purpose="team design (api)")


class AnswerSerializer(serializers.Serializer):
    question = serializers.CharField()
    text = serializers.CharField()
    choices = serializers.ListField(child=serializers.CharField())
    updated_by = serializers.CharField()
    updated_at = serializers.DateTimeField(allow_null=True)


class BlockSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    answers = AnswerSerializer(many=True)


class CompositionSerializer(serializers.Serializer):
    role = serializers.CharField()
    fte = serializers.DecimalField(max_digits=4, decimal_places=2)
    home_organisation = serializers.CharField(allow_blank=True)
    domains = serializers.ListField(child=serializers.CharField())
    motivation = serializers.CharField(allow_blank=True)


class DesignSerializer(serializers.Serializer):
    team_id = serializers.IntegerField()
    team = serializers.CharField()
    started = serializers.BooleanField()
    instrument = serializers.CharField()
    instrument_version = serializers.IntegerField()
    model = serializers.CharField(
        help_text="Chosen organisation model: network, integrated or integral."
    )
    blocks = BlockSerializer(many=True)
    composition = CompositionSerializer(many=True)


class ScoreSerializer(serializers.Serializer):
    item = serializers.CharField(source="item.code")
    kind = serializers.CharField(source="item.kind")
    score = serializers.IntegerField(allow_null=True)
    evidence = serializers.CharField()


class QuickscanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField()
    strengths = serializers.CharField()
    weaknesses = serializers.CharField()
    opportunities = serializers.CharField()
    threats = serializers.CharField()
    scores = ScoreSerializer(many=True, source="scores.all")


class DesignView(APIView):
    @extend_schema(
        responses=DesignSerializer, summary="A team's design: answers per building block"
    )
    def get(self, request: Request, team_id: int) -> Response:
        access = design_for_team(actor=_actor(request), team_id=team_id)
        design = access.design
        blocks: list[dict[str, Any]] = []
        model = design.team.organisation_model
        composition: list[dict[str, Any]] = []
        if access.started:
            document = start_document(design=design)
            model = document.model_code
            composition = document.composition
            for doc in document.blocks:
                rows = [*doc.rows, *(r for r in (doc.decisions, doc.open_points) if r)]
                answers = [
                    {
                        "question": row.question.code,
                        "text": row.text,
                        "choices": [
                            c.code
                            for c in row.question.choices.all()
                            if c.label in row.choice_labels
                        ],
                        "updated_by": row.updated_by,
                        "updated_at": row.updated_at,
                    }
                    for row in rows
                    if row.answered
                ]
                blocks.append(
                    {"code": doc.block.code, "title": doc.block.title, "answers": answers}
                )
        data = {
            "team_id": access.team.pk,
            "team": access.team.name,
            "started": access.started,
            "instrument": design.instrument.code,
            "instrument_version": design.instrument.version,
            "model": model,
            "blocks": blocks,
            "composition": composition,
        }
        return Response(DesignSerializer(data).data)


class QuickscanListView(APIView):
    paging = paging.POSITION

    @extend_schema(
        responses=QuickscanSerializer(many=True), summary="A team's quickscans, newest first"
    )
    def get(self, request: Request, team_id: int) -> Response:
        access = design_for_team(actor=_actor(request), team_id=team_id)
        if not access.started:
            return paging.paged_response(request, paging.by_position(request, []), [])
        quickscans = access.design.quickscans.prefetch_related("scores__item")
        page = paging.by_position(request, quickscans)
        return paging.paged_response(request, page, QuickscanSerializer(page.items, many=True).data)
