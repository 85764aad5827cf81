"""Thin API views of the intake app: signals, outreach attempts and who is on duty today."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.accounts.models import User
from wijkteam.api import paging
from wijkteam.api.serializers import StrictSerializer
from wijkteam.core import limits
from wijkteam.intake import selectors, services
from wijkteam.intake.models import (
    Channel,
    OutreachAttempt,
    OutreachKind,
    OutreachOutcome,
    Signal,
    SignallingPartner,
    SourceKind,
    Urgency,
)
from wijkteam.organisations.models import Team
from wijkteam.privacy.policy import Actor, Decision, ViewLevel


def _actor(request: Request) -> Actor:
    return Actor.from_request(request._request, purpose="signals")


def _invalid(error: ValidationError) -> ApiValidationError:
    return ApiValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    )


class SignalMetadataSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signal
        fields = ["id", "team", "status", "urgency", "deadline", "received_at", "source_kind"]


class SignalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Signal
        fields = [
            "id",
            "team",
            "status",
            "urgency",
            "deadline",
            "received_at",
            "source_kind",
            "partner",
            "signaller",
            "channel",
            "subject_name",
            "subject_address",
            "area",
            "concern",
            "close_reason",
            "household",
        ]


def _serialise(signal: Signal, decision: Decision) -> dict[str, Any]:
    if decision.level >= ViewLevel.FULL:
        return dict(SignalSerializer(signal).data)
    return dict(SignalMetadataSerializer(signal).data)


class SignalCreateSerializer(StrictSerializer):
    team = serializers.IntegerField()
    source_kind = serializers.ChoiceField(choices=SourceKind.choices, default=SourceKind.PARTNER)
    partner = serializers.IntegerField(required=False, allow_null=True)
    signaller = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE)
    subject_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )
    subject_address = serializers.CharField(
        required=False, allow_blank=True, max_length=200, default=""
    )
    concern = serializers.CharField(max_length=limits.SIGNAL_CONCERN)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    deadline = serializers.DateField(required=False, allow_null=True)
    area = serializers.IntegerField(
        required=False, allow_null=True, help_text="One of the team's areas, if known."
    )


class OutreachCreateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=OutreachKind.choices)
    outcome = serializers.ChoiceField(choices=OutreachOutcome.choices)
    note = serializers.CharField(
        max_length=limits.SIGNAL_NOTE, required=False, allow_blank=True, default=""
    )
    attempted_at = serializers.DateTimeField(
        required=False, help_text="When the attempt was made; now when left out. Not ahead."
    )
    next_attempt_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Optional: when to try again (shown to who is on duty that day).",
    )


class OutreachSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutreachAttempt
        fields = [
            "id",
            "signal",
            "attempted_at",
            "kind",
            "outcome",
            "note",
            "next_attempt_on",
            "made_by",
        ]


class DutyTodaySerializer(serializers.Serializer):
    team = serializers.IntegerField()
    team_name = serializers.CharField()
    on_duty = serializers.CharField(allow_null=True)
    me = serializers.BooleanField()


class SignalListView(APIView):
    paging = paging.POSITION

    @extend_schema(responses=SignalSerializer(many=True), summary="Signals of my teams (logged)")
    def get(self, request: Request) -> Response:
        offset, limit = paging.position(request)
        # Each team's log row names only its signals on this page.
        views = selectors.signal_list(actor=_actor(request), shown=slice(offset, offset + limit))
        rows = [(s, view.decision) for view in views for s in view.signals]
        page = paging.page_at(rows[offset : offset + limit + 1], offset, limit)
        return paging.paged_response(request, page, [_serialise(*row) for row in page.items])

    @extend_schema(
        request=SignalCreateSerializer,
        responses={201: SignalSerializer},
        summary="Register a signal",
    )
    def post(self, request: Request) -> Response:
        actor = _actor(request)
        serializer = SignalCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        teams = {team.pk: team for team, _d in selectors.signal_teams(actor=actor, editable=True)}
        team: Team | None = teams.get(data.pop("team"))
        if team is None:
            raise ApiValidationError(
                {"team": [_("Unknown team, or you may not register signals for it.")]}
            )
        partner_id = data.pop("partner", None)
        partner = None
        if partner_id is not None:
            partner = SignallingPartner.objects.filter(pk=partner_id, team=team).first()
            if partner is None:
                raise ApiValidationError({"partner": [_("Unknown partner for this team.")]})
        area_id = data.pop("area", None)
        area = None
        if area_id is not None:
            area = team.areas.filter(pk=area_id).first()
            if area is None:
                raise ApiValidationError({"area": [_("This area is not one of the team's areas.")]})
        try:
            signal = services.signal_register(
                actor=actor, team=team, partner=partner, area=area, **data
            )
        except ValidationError as error:
            raise _invalid(error) from error
        return Response(SignalSerializer(signal).data, status=status.HTTP_201_CREATED)


class SignalDetailView(APIView):
    @extend_schema(
        responses=SignalSerializer, summary="One signal (logged; metadata only for civil servants)"
    )
    def get(self, request: Request, signal_id: int) -> Response:
        signal, decision = selectors.signal_get(actor=_actor(request), signal_id=signal_id)
        return Response(_serialise(signal, decision))


class OutreachCreateView(APIView):
    @extend_schema(
        request=OutreachCreateSerializer,
        responses={201: OutreachSerializer},
        summary="Log an outreach attempt",
    )
    def post(self, request: Request, signal_id: int) -> Response:
        actor = _actor(request)
        signal = selectors.signal_for_edit(actor=actor, signal_id=signal_id)
        serializer = OutreachCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            attempt = services.outreach_attempt_record(
                actor=actor, signal=signal, **serializer.validated_data
            )
        except ValidationError as error:
            raise _invalid(error) from error
        return Response(OutreachSerializer(attempt).data, status=status.HTTP_201_CREATED)


class RestartSerializer(StrictSerializer):
    coordinator = serializers.IntegerField(
        required=False, help_text="A professional of the signal's team; me when left out."
    )


class RestartedSerializer(serializers.Serializer):
    signal = serializers.IntegerField()
    household = serializers.IntegerField()
    trajectory = serializers.IntegerField()
    coordinator = serializers.IntegerField()
    phase = serializers.CharField()


class SignalRestartView(APIView):
    @extend_schema(
        request=RestartSerializer,
        responses={201: RestartedSerializer},
        summary="Re-registration: a new trajectory for the closed household linked to the signal",
    )
    def post(self, request: Request, signal_id: int) -> Response:
        actor = _actor(request)
        signal = selectors.signal_for_edit(actor=actor, signal_id=signal_id)
        serializer = RestartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        coordinator = None
        coordinator_id = serializer.validated_data.get("coordinator")
        if coordinator_id is not None:
            coordinator = User.objects.filter(pk=coordinator_id, is_active=True).first()
            if coordinator is None:
                raise ApiValidationError(
                    {
                        "coordinator": [
                            _(
                                "The coordinator must be a professional (with professional "
                                "secrecy) in the team."
                            )
                        ]
                    }
                )
        try:
            restarted = services.signal_restart_trajectory(
                actor=actor, signal=signal, coordinator=coordinator
            )
        except ValidationError as error:
            raise _invalid(error) from error
        body = {
            "signal": signal.pk,
            "household": restarted.household_id,
            "trajectory": restarted.trajectory_id,
            "coordinator": restarted.coordinator_id,
            "phase": restarted.phase,
        }
        return Response(RestartedSerializer(body).data, status=status.HTTP_201_CREATED)


class LinkSerializer(StrictSerializer):
    household = serializers.IntegerField(
        min_value=1, help_text="A household of the signal's team that you may see."
    )


class LinkedSerializer(serializers.Serializer):
    signal = serializers.IntegerField()
    household = serializers.IntegerField()
    status = serializers.CharField()


class SignalLinkView(APIView):
    @extend_schema(
        request=LinkSerializer,
        responses={200: LinkedSerializer},
        summary="Link an open signal to a household of its team (its outreach goes along)",
    )
    def post(self, request: Request, signal_id: int) -> Response:
        actor = _actor(request)
        signal = selectors.signal_for_edit(actor=actor, signal_id=signal_id)
        serializer = LinkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            signal = services.signal_link_household(
                actor=actor, signal=signal, household_id=serializer.validated_data["household"]
            )
        except ValidationError as error:
            raise _invalid(error) from error
        body = {"signal": signal.pk, "household": signal.household_id, "status": signal.status}
        return Response(LinkedSerializer(body).data)


class DutyTodayView(APIView):
    paging = paging.POSITION

    @extend_schema(
        responses=DutyTodaySerializer(many=True), summary="Who is on duty today in my teams"
    )
    def get(self, request: Request) -> Response:
        actor = _actor(request)
        work = selectors.my_work_intake(actor=actor, limit=0)
        rows = [
            {
                "team": w.team.pk,
                "team_name": w.team.name,
                "on_duty": str(w.on_duty) if w.on_duty else None,
                "me": bool(w.on_duty and w.on_duty.pk == actor.user.pk),
            }
            for w in work.teams
        ]
        page = paging.by_position(request, rows)
        return paging.paged_response(request, page, DutyTodaySerializer(page.items, many=True).data)
