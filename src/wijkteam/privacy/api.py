"""Privacy API: consent per household, emergency access, the officer's log search, inzage.

Same policy and logging as the pages; thin views over the privacy services and selectors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.api import paging
from wijkteam.api.serializers import StrictSerializer
from wijkteam.core import limits
from wijkteam.households.models import Household, Member
from wijkteam.privacy import consent as consent_services
from wijkteam.privacy import emergency, inzage, policy, selectors
from wijkteam.privacy.models import (
    AccessLogEntry,
    Consent,
    ConsentForm,
    ConsentGiver,
    DataCategory,
)
from wijkteam.privacy.policy import Actor, ViewLevel
from wijkteam.privacy.services import log_read
from wijkteam.privacy.views.supervision import _fresh_mfa as fresh_mfa


def _actor(request: Request, purpose: str) -> Actor:
    return Actor.from_request(request._request, purpose=purpose)


def _invalid(error: ValidationError) -> ApiValidationError:
    return ApiValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    )


def _household_full(actor: Actor, household_id: int) -> tuple[Household, policy.Decision]:
    household = Household.objects.select_related("team").filter(pk=household_id).first()
    if household is None:
        raise Http404
    decision = policy.decide(actor, household)
    if decision.level < ViewLevel.FULL:
        raise Http404
    return household, decision


class ConsentSerializer(serializers.ModelSerializer):
    recipients = serializers.ListField(source="recipient_list", child=serializers.CharField())

    class Meta:
        model = Consent
        fields = [
            "id",
            "member",
            "purpose",
            "recipients",
            "data_categories",
            "given_by",
            "form",
            "given_on",
            "expires_on",
            "withdrawn_on",
        ]


class ConsentInputSerializer(StrictSerializer):
    member = serializers.IntegerField()
    purpose = serializers.CharField(max_length=limits.CONSENT_PURPOSE)
    recipients = serializers.ListField(
        child=serializers.CharField(max_length=limits.CONSENT_RECIPIENT_TEXT),
        min_length=1,
        max_length=limits.CONSENT_RECIPIENTS_MAX,
    )
    data_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=DataCategory.choices),
        min_length=1,
        max_length=limits.CONSENT_CATEGORIES_MAX,
    )
    given_by = serializers.ChoiceField(choices=ConsentGiver.choices)
    form = serializers.ChoiceField(choices=ConsentForm.choices)
    given_on = serializers.DateField()
    expires_on = serializers.DateField(required=False, allow_null=True)


class ConsentListView(APIView):
    paging = paging.POSITION

    @extend_schema(responses=ConsentSerializer(many=True), summary="Consents of a household")
    def get(self, request: Request, household_id: int) -> Response:
        actor = _actor(request, "consent")
        household, decision = _household_full(actor, household_id)
        log_read(actor, household, decision, object_type="households.household.consent")
        consents = (
            Consent.objects.filter(member__household=household)
            .prefetch_related("recipient_providers")  # recipients by name, no query per row
            .order_by("-given_on")
        )
        page = paging.by_position(request, consents)
        return paging.paged_response(request, page, ConsentSerializer(page.items, many=True).data)

    @extend_schema(
        request=ConsentInputSerializer, responses=ConsentSerializer, summary="Record consent"
    )
    def post(self, request: Request, household_id: int) -> Response:
        actor = _actor(request, "consent")
        household, _decision = _household_full(actor, household_id)
        serializer = ConsentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        member = Member.objects.filter(pk=data.pop("member"), household=household).first()
        if member is None:
            raise ApiValidationError({"member": [_("Unknown member of this household.")]})
        try:
            consent = consent_services.consent_record(actor=actor, member=member, **data)
        except ValidationError as error:
            raise _invalid(error) from error
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawView(APIView):
    @extend_schema(request=None, responses=ConsentSerializer, summary="Withdraw a consent")
    def post(self, request: Request, household_id: int, consent_id: int) -> Response:
        actor = _actor(request, "consent")
        household, _decision = _household_full(actor, household_id)
        consent = Consent.objects.filter(pk=consent_id, member__household=household).first()
        if consent is None:
            raise Http404
        return Response(
            ConsentSerializer(consent_services.consent_withdraw(actor=actor, consent=consent)).data
        )


class EmergencyInputSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=limits.EMERGENCY_REASON)


class EmergencySerializer(serializers.Serializer):
    household = serializers.IntegerField(source="household_id")
    granted_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class EmergencyAccessView(APIView):
    @extend_schema(
        request=EmergencyInputSerializer,
        responses=EmergencySerializer,
        summary="Break the glass: open an uninvolved household's file, with a reason",
    )
    def post(self, request: Request, household_id: int) -> Response:
        actor = _actor(request, "emergency access")
        household = Household.objects.select_related("team").filter(pk=household_id).first()
        if household is None or not emergency.may_request(actor, household):
            raise Http404
        serializer = EmergencyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            grant = emergency.emergency_access_grant(
                actor=actor, household=household, reason=serializer.validated_data["reason"]
            )
        except ValidationError as error:
            raise _invalid(error) from error
        return Response(EmergencySerializer(grant).data, status=status.HTTP_201_CREATED)


class AccessLogRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccessLogEntry
        fields = [
            "id",
            "occurred_at",
            "event",
            "outcome",
            "actor_name",
            "actor_role",
            "on_behalf_of",
            "object_type",
            "object_id",
            "purpose",
            "ip_address",
            "seal_seq",
        ]


class FreshSecondFactor(BasePermission):
    """The access log, like the privacy officer's pages (privacy/views.py), needs a second
    factor checked in the last 15 minutes. A session carries that moment; an API token does
    not (it lives for weeks and its use proves no second factor), so tokens are refused here:
    the privacy officer searches the log in a session, or through the pages."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.auth is not None:  # token authentication
            self.message = _(
                "The access log is not available with an API token. Use a session in which "
                "you confirmed your second factor in the last 15 minutes."
            )
            return False
        if not fresh_mfa(request._request):
            self.message = _(
                "Confirm your second factor again (log in anew or confirm it on the access "
                "log page): the access log needs a check from the last 15 minutes."
            )
            return False
        return True


class AccessLogView(APIView):
    permission_classes = [IsAuthenticated, FreshSecondFactor]
    paging = paging.KEY

    @extend_schema(
        parameters=[
            OpenApiParameter("person", str),
            OpenApiParameter("object_type", str),
            OpenApiParameter("object_id", str),
            OpenApiParameter("date_from", dt.date),
            OpenApiParameter("date_until", dt.date),
            OpenApiParameter(
                "before_id",
                int,
                description="Older than this row (the same as the cursor; kept for clients "
                "written before the cursor).",
            ),
        ],
        responses=AccessLogRowSerializer(many=True),
        summary="Search the access log (privacy officer)",
    )
    def get(self, request: Request) -> Response:
        actor = _actor(request, "privacy supervision")
        selectors._officer_municipality(actor)
        params = request.query_params
        try:
            filters = selectors.LogFilter(
                person=params.get("person", ""),
                object_type=params.get("object_type", ""),
                object_id=params.get("object_id", ""),
                date_from=dt.date.fromisoformat(params["date_from"])
                if params.get("date_from")
                else None,
                date_until=dt.date.fromisoformat(params["date_until"])
                if params.get("date_until")
                else None,
                before_id=int(params["before_id"]) if params.get("before_id") else None,
            )
        except ValueError as error:
            raise ApiValidationError(
                {"detail": [_("Invalid date or number in the search.")]}
            ) from error

        def older(before: int | None, count: int) -> Any:
            # The cursor and before_id say the same; the search (logged) is newest first.
            keyed = filters if before is None else dataclasses.replace(filters, before_id=before)
            return selectors.accesslog_search(actor=actor, filters=keyed)[:count]

        page = paging.by_key(request, older, most=selectors.MAX_ROWS)
        return paging.paged_response(
            request, page, AccessLogRowSerializer(page.items, many=True).data
        )


class InzageView(APIView):
    @extend_schema(
        responses={200: dict},
        parameters=[
            OpenApiParameter(
                "for_child",
                bool,
                description="A parent asks for their child's data (under 16); logged as such.",
            )
        ],
        summary="What is held about one resident (inzage)",
    )
    def get(self, request: Request, member_id: int) -> Response:
        actor = _actor(request, "inzage (right of access)")
        member = (
            Member.objects.select_related("household", "household__team")
            .filter(pk=member_id)
            .first()
        )
        if member is None or policy.view_level(actor, member.household) < ViewLevel.FULL:
            raise Http404
        for_child = request.query_params.get("for_child") in ("1", "true")
        if for_child and not inzage.is_child(member):
            message = _("A parent can only ask for the data of a child under 16.")
            raise ApiValidationError({"for_child": [message]})
        return Response(inzage.inzage_collect(actor=actor, member=member, for_child=for_child))
