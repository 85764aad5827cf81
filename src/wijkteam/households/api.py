"""Households API: the households I may see, and registering one.

A household's file at my view level (``/api/v1/households/<id>/``) is casework's
(``casework/api.py``): it shows the trajectory, notes and actions with the members.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.api import paging
from wijkteam.api.serializers import StrictSerializer, nested_list
from wijkteam.core import limits
from wijkteam.households import selectors, services
from wijkteam.organisations.models import Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules import casework as rules


def request_actor(request: Request) -> Actor:
    # The purpose the access log has always named for the household file's API.
    return Actor.from_request(request._request, purpose="casework (api)")


class HouseholdSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    team = serializers.CharField(source="team_name")
    phase = serializers.CharField(allow_null=True)


class MemberInputSerializer(StrictSerializer):
    first_name = serializers.CharField(max_length=120)
    last_name = serializers.CharField(max_length=120)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    bsn = serializers.CharField(max_length=9, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    language = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    interpreter_needed = serializers.BooleanField(required=False, default=False)


class HouseholdCreateSerializer(StrictSerializer):
    team = serializers.IntegerField()
    name = serializers.CharField(max_length=160)
    street_address = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    postcode = serializers.CharField(max_length=7, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    members = nested_list(
        MemberInputSerializer, max_length=limits.HOUSEHOLD_MEMBERS_MAX, required=False
    )
    confirm_duplicates = serializers.BooleanField(
        required=False, default=False, help_text="Create even when possible duplicates were found."
    )


class DuplicateSerializer(serializers.Serializer):
    # Without the right to see who lives there (metadata only, another team): no id or
    # names, only the team and a notice to ask its coordinator.
    household_id = serializers.IntegerField(allow_null=True)
    household_name = serializers.CharField(allow_blank=True)
    member_name = serializers.CharField(allow_blank=True)
    reason = serializers.CharField()
    team = serializers.CharField(source="team_name", allow_blank=True)
    disclosed = serializers.BooleanField()
    notice = serializers.CharField(allow_blank=True)


class DuplicatesSerializer(serializers.Serializer):
    detail = serializers.CharField()
    duplicates = DuplicateSerializer(many=True)


class HouseholdListView(APIView):
    paging = paging.POSITION

    @extend_schema(
        responses=HouseholdSummarySerializer(many=True), summary="Households visible to me"
    )
    def get(self, request: Request) -> Response:
        offset, limit = paging.position(request)
        households, more = selectors.household_list_page(
            actor=request_actor(request), offset=offset, limit=limit
        )  # the households of this page are logged
        page = paging.page_at(households, offset, limit, more=more)
        data = HouseholdSummarySerializer(page.items, many=True).data
        return paging.paged_response(request, page, data)

    @extend_schema(
        request=HouseholdCreateSerializer,
        responses={
            201: HouseholdSummarySerializer,
            409: OpenApiResponse(DuplicatesSerializer, description="Possible duplicates found."),
        },
        summary="Register a household; I become its coordinator",
    )
    def post(self, request: Request) -> Response:
        actor = request_actor(request)
        serializer = HouseholdCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        team = Team.objects.filter(pk=data.pop("team")).first()
        if team is None or not rules.may_create_household(actor, team.pk):
            raise policy.AccessDenied("may not create households in this team")
        try:
            registered = services.household_register(actor=actor, team=team, **data)
        except services.PossibleDuplicates as found:
            body = {
                "detail": _(
                    "These residents may already be known. Check the households listed, "
                    "or send confirm_duplicates=true to create a new household anyway."
                ),
                "duplicates": DuplicateSerializer(found.matches, many=True).data,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        household = registered.household
        summary = {
            "id": household.pk,
            "name": household.name,
            "team_name": team.name,
            "phase": registered.phase,
        }
        return Response(HouseholdSummarySerializer(summary).data, status=status.HTTP_201_CREATED)
