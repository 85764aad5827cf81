"""API of assessments: instruments (list, create and change one's own municipality's),
measurements per member (list/create), latest scores.

The same rules as the pages: an instrument of another municipality is not found (404); a
visible instrument one may not change (a shipped one, or one's municipality's without being
its functional administrator) answers 403 and changes nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.api import paging
from wijkteam.api.serializers import StrictSerializer, nested_list
from wijkteam.assessments import instruments as instrument_services
from wijkteam.assessments import selectors, services
from wijkteam.assessments.models import Instrument, Measurement, Moment
from wijkteam.core import limits
from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.policy import AccessDenied, Action, Actor
from wijkteam.privacy.rules.assessments import MANAGE_INSTRUMENTS
from wijkteam.privacy.services import log_read


def _actor(request: Request) -> Actor:
    return Actor.from_request(request._request, purpose="assessments api")


class AssessmentDomainSerializer(serializers.Serializer):
    code = serializers.CharField()
    order = serializers.IntegerField()
    name_nl = serializers.CharField()
    name_en = serializers.CharField()


class AssessmentLevelSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    label_nl = serializers.CharField()
    label_en = serializers.CharField()


class AssessmentInstrumentSerializer(serializers.ModelSerializer):
    domains = AssessmentDomainSerializer(many=True)
    levels = AssessmentLevelSerializer(many=True)

    class Meta:
        model = Instrument
        fields = ["id", "municipality", "code", "name", "version", "is_active", "domains", "levels"]


class AssessmentDomainInputSerializer(StrictSerializer):
    code = serializers.CharField(max_length=40)
    name_nl = serializers.CharField(max_length=120)
    name_en = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class AssessmentLevelInputSerializer(StrictSerializer):
    value = serializers.IntegerField(min_value=1, max_value=10)
    label_nl = serializers.CharField(max_length=120)
    label_en = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class AssessmentInstrumentCreateSerializer(StrictSerializer):
    municipality = serializers.IntegerField(min_value=1)
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=120)
    version = serializers.CharField(max_length=20)
    domains = nested_list(
        AssessmentDomainInputSerializer, max_length=limits.ASSESSMENT_ITEMS_MAX, allow_empty=False
    )
    levels = nested_list(
        AssessmentLevelInputSerializer, max_length=limits.ASSESSMENT_ITEMS_MAX, allow_empty=False
    )


class AssessmentInstrumentUpdateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=120, required=False)
    is_active = serializers.BooleanField(required=False)
    # new texts for existing domains (found by code) and levels (found by value)
    domains = nested_list(
        AssessmentDomainInputSerializer, max_length=limits.ASSESSMENT_ITEMS_MAX, required=False
    )
    levels = nested_list(
        AssessmentLevelInputSerializer, max_length=limits.ASSESSMENT_ITEMS_MAX, required=False
    )


class AssessmentScoreSerializer(serializers.Serializer):
    domain = serializers.CharField(source="domain.code")
    value = serializers.IntegerField(allow_null=True)
    remark = serializers.CharField(allow_blank=True)


class AssessmentMeasurementSerializer(serializers.ModelSerializer):
    instrument = serializers.IntegerField(source="instrument_id")
    assessor = serializers.CharField(source="assessor.get_full_name")
    scores = AssessmentScoreSerializer(many=True)

    class Meta:
        model = Measurement
        fields = ["id", "instrument", "moment", "measured_on", "assessor", "trajectory", "scores"]


class AssessmentScoreInputSerializer(StrictSerializer):
    domain = serializers.CharField(max_length=40)
    value = serializers.IntegerField(allow_null=True, min_value=0, max_value=99)
    remark = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.ASSESSMENT_REMARK, default=""
    )


class AssessmentMeasurementInputSerializer(StrictSerializer):
    instrument = serializers.IntegerField(min_value=1)
    measured_on = serializers.DateField(required=False)
    moment = serializers.ChoiceField(choices=Moment.choices, required=False, default="")
    scores = nested_list(
        AssessmentScoreInputSerializer, max_length=limits.ASSESSMENT_ITEMS_MAX, allow_empty=False
    )


class AssessmentLatestScoreSerializer(serializers.Serializer):
    instrument = serializers.CharField()
    domain = serializers.CharField()
    first = serializers.IntegerField(allow_null=True)
    first_on = serializers.DateField(allow_null=True)
    latest = serializers.IntegerField(allow_null=True)
    latest_on = serializers.DateField(allow_null=True)
    trend = serializers.CharField()
    mapped_from = serializers.CharField()


def _read_only() -> exceptions.PermissionDenied:
    return exceptions.PermissionDenied(
        _(
            "You may not change this instrument. Shipped instruments are the same for every "
            "municipality; a municipality's own instruments are changed by its functional "
            "administrators."
        )
    )


class InstrumentListView(APIView):
    paging = paging.POSITION

    @extend_schema(
        responses=AssessmentInstrumentSerializer(many=True),
        summary="Instruments with domains and scale (shipped and my municipality's)",
    )
    def get(self, request: Request) -> Response:
        instruments = selectors.instrument_list(actor=_actor(request))
        page = paging.by_position(request, instruments)
        data = AssessmentInstrumentSerializer(page.items, many=True).data
        return paging.paged_response(request, page, data)

    @extend_schema(
        request=AssessmentInstrumentCreateSerializer,
        responses={201: AssessmentInstrumentSerializer},
        summary="Create an instrument of my municipality (functional administrator)",
    )
    def post(self, request: Request) -> Response:
        actor = _actor(request)
        payload = AssessmentInstrumentCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        municipality = Municipality.objects.filter(pk=data["municipality"]).first()
        if municipality is None or not policy.may(actor, Action.MANAGE, municipality):
            raise exceptions.PermissionDenied(
                _("You may only create instruments for a municipality you administer.")
            )
        instrument = instrument_services.instrument_create(
            actor=actor,
            municipality=municipality,
            code=data["code"],
            name=data["name"],
            version=data["version"],
            domains=[instrument_services.DomainInput(**d) for d in data["domains"]],
            levels=[instrument_services.LevelInput(**lv) for lv in data["levels"]],
        )
        instrument = selectors.instrument_get(actor=actor, instrument_id=instrument.pk)
        return Response(
            AssessmentInstrumentSerializer(instrument).data, status=status.HTTP_201_CREATED
        )


class InstrumentDetailView(APIView):
    @extend_schema(responses=AssessmentInstrumentSerializer, summary="One instrument")
    def get(self, request: Request, instrument_id: int) -> Response:
        instrument = selectors.instrument_get(actor=_actor(request), instrument_id=instrument_id)
        return Response(AssessmentInstrumentSerializer(instrument).data)

    @extend_schema(
        request=AssessmentInstrumentUpdateSerializer,
        responses=AssessmentInstrumentSerializer,
        summary="Change the name, use and texts of my municipality's instrument",
    )
    def patch(self, request: Request, instrument_id: int) -> Response:
        actor = _actor(request)
        instrument = selectors.instrument_get(actor=actor, instrument_id=instrument_id)
        if not policy.may(actor, MANAGE_INSTRUMENTS, instrument):
            raise _read_only()
        payload = AssessmentInstrumentUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        domains = {d.code: d for d in instrument.domains.all()}
        levels = {lv.value: lv for lv in instrument.levels.all()}
        errors: dict[str, list[str]] = {}
        domain_names: dict[int, tuple[str, str]] = {}
        for item in data.get("domains", []):
            domain = domains.get(item["code"])
            if domain is None:
                errors.setdefault("domains", []).append(
                    _("Unknown domain “%(code)s”.") % {"code": item["code"]}
                )
                continue
            domain_names[domain.pk] = (item["name_nl"], item["name_en"])
        level_labels: dict[int, tuple[str, str]] = {}
        for item in data.get("levels", []):
            level = levels.get(item["value"])
            if level is None:
                errors.setdefault("levels", []).append(
                    _("Unknown level %(value)s.") % {"value": item["value"]}
                )
                continue
            level_labels[level.pk] = (item["label_nl"], item["label_en"])
        if errors:
            raise serializers.ValidationError(errors)
        instrument_services.instrument_update(
            actor=actor,
            instrument=instrument,
            name=data.get("name", instrument.name),
            is_active=data.get("is_active", instrument.is_active),
            domain_names=domain_names,
            level_labels=level_labels,
        )
        instrument = selectors.instrument_get(actor=actor, instrument_id=instrument.pk)
        return Response(AssessmentInstrumentSerializer(instrument).data)


class MeasurementListView(APIView):
    paging = paging.POSITION

    @extend_schema(
        responses=AssessmentMeasurementSerializer(many=True),
        summary="A member's measurements (logged)",
    )
    def get(self, request: Request, member_id: int) -> Response:
        data = selectors.member_assessments(actor=_actor(request), member_id=member_id)
        page = paging.by_position(request, data.measurements)
        rows = AssessmentMeasurementSerializer(page.items, many=True).data
        return paging.paged_response(request, page, rows)

    @extend_schema(
        request=AssessmentMeasurementInputSerializer,
        responses={201: AssessmentMeasurementSerializer},
        summary="Record a measurement for a member",
    )
    def post(self, request: Request, member_id: int) -> Response:
        actor = _actor(request)
        member, _decision = selectors.member_for(actor=actor, member_id=member_id, record=True)
        payload = AssessmentMeasurementInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data: dict[str, Any] = payload.validated_data
        try:
            instrument = selectors.instrument_get(actor=actor, instrument_id=data["instrument"])
        except AccessDenied as denied:
            raise serializers.ValidationError(
                {"instrument": [_("Unknown instrument.")]}
            ) from denied
        scores = [
            services.ScoreInput(s["domain"], s["value"] or None, s.get("remark", ""))
            for s in data["scores"]
        ]
        try:
            measurement = services.measurement_record(
                actor=actor,
                member=member,
                instrument=instrument,
                scores=scores,
                measured_on=data.get("measured_on"),
                moment=data.get("moment", ""),
                trajectory=selectors.current_trajectory(member=member),  # read with the member
            )
        except DjangoValidationError as error:
            detail = (
                error.message_dict
                if hasattr(error, "error_dict")
                else {"non_field_errors": error.messages}
            )
            raise serializers.ValidationError(detail) from error
        return Response(
            AssessmentMeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED
        )


class LatestScoresView(APIView):
    paging = paging.POSITION

    @extend_schema(
        responses=AssessmentLatestScoreSerializer(many=True),
        summary="First and latest score per domain",
    )
    def get(self, request: Request, member_id: int) -> Response:
        actor = _actor(request)
        member, decision = selectors.member_for(actor=actor, member_id=member_id)
        log_read(actor, member, decision, object_type="assessments.latest_scores")
        progress = selectors.member_progress(member)
        rows = [
            {
                "instrument": code,
                "domain": p.domain_code,
                "first": p.first,
                "first_on": p.first_on,
                "latest": p.latest,
                "latest_on": p.latest_on,
                "trend": p.trend,
                "mapped_from": p.mapped_from,
            }
            for code, items in progress.instruments.items()
            for p in items
        ]
        page = paging.by_position(request, rows)
        data = AssessmentLatestScoreSerializer(page.items, many=True).data
        return paging.paged_response(request, page, data)
