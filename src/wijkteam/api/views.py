"""Thin API views: parse, call one selector or service, serialise."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.accounts.selectors import my_memberships
from wijkteam.api import paging
from wijkteam.api import serializers as s
from wijkteam.core import conflicts
from wijkteam.organisations import selectors, services
from wijkteam.organisations.models import Area, HomeOrganisation, Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor


def _actor(request: Request, purpose: str = "api") -> Actor:
    return Actor.from_request(request._request, purpose=purpose)


def _municipality(actor: Actor) -> Municipality:
    municipality = selectors.municipality_for(actor=actor)
    if municipality is None:
        raise Http404
    return municipality


def _tagged(response: Response, row: Any) -> Response:
    """The row's version as the ETag; a change sends it back as ``If-Match``."""
    response["ETag"] = f'"{row.lock_version}"'
    return response


def _precondition_required(current: Any) -> Response:
    message = _(
        "Send the version you changed in the header If-Match (the ETag of your GET), so no "
        "colleague's save is overwritten. Nothing was saved."
    )
    return Response(
        {"detail": message, "current": current}, status=status.HTTP_428_PRECONDITION_REQUIRED
    )


def _config_conflict(conflict: conflicts.ConflictError, serializer_class: Any) -> Response:
    """409: who changed it and when (in Dutch), and what is stored now (with its ETag)."""
    current = conflict.current
    body = {"detail": str(conflict), "current": serializer_class(current).data if current else None}
    response = Response(body, status=status.HTTP_409_CONFLICT)
    return _tagged(response, current) if current is not None else response


class ConfigConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Who changed it and when, in Dutch.")
    current = serializers.DictField(help_text="The stored values; its ETag is the new version.")


IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The version you changed: the ETag of your GET, e.g. "3".',
)
CONFIG_PATCH_RESPONSES = {
    409: OpenApiResponse(ConfigConflictSerializer, description="Changed by someone else since."),
    428: OpenApiResponse(ConfigConflictSerializer, description="If-Match is missing."),
}


class MeView(APIView):
    @extend_schema(responses=s.MeSerializer, summary="The logged-in person and their roles")
    def get(self, request: Request) -> Response:
        actor = _actor(request)
        data = s.MeSerializer(actor.user, context={"memberships": my_memberships(actor=actor)}).data
        return Response(data)


class TeamListView(APIView):
    paging = paging.POSITION

    @extend_schema(responses=s.TeamSerializer(many=True), summary="Teams visible to me")
    def get(self, request: Request) -> Response:
        page = paging.by_position(request, selectors.team_list(actor=_actor(request)))
        return paging.paged_response(request, page, s.TeamSerializer(page.items, many=True).data)


class TeamDetailView(APIView):
    @extend_schema(responses=s.TeamDetailSerializer, summary="One team with its people (logged)")
    def get(self, request: Request, team_id: int) -> Response:
        view = selectors.team_get(actor=_actor(request, "team overview"), team_id=team_id)
        return Response(s.TeamDetailSerializer({"team": view.team, "members": view.members}).data)


class _ConfigListView(APIView):
    paging = paging.POSITION
    model: type[Any]
    serializer_class: type[s.StrictSerializer]

    def _queryset(self, actor: Actor, municipality: Municipality) -> Any:
        raise NotImplementedError

    def _save(
        self,
        actor: Actor,
        municipality: Municipality,
        obj: Any,
        data: dict[str, Any],
        lock_version: int | None = None,
    ) -> Any:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        actor = _actor(request, "configuration")
        municipality = _municipality(actor)
        page = paging.by_position(request, self._queryset(actor, municipality))
        return paging.paged_response(
            request, page, self.serializer_class(page.items, many=True).data
        )

    def post(self, request: Request) -> Response:
        actor = _actor(request, "configuration")
        municipality = _municipality(actor)
        policy.require(actor, policy.Action.MANAGE, municipality)
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self._save(actor, municipality, None, dict(serializer.validated_data))
        return Response(self.serializer_class(obj).data, status=status.HTTP_201_CREATED)


class _ConfigDetailView(APIView):
    model: type[Any]
    serializer_class: type[s.StrictSerializer]
    list_view: type[_ConfigListView]

    def _object(self, actor: Actor, pk: int) -> tuple[Municipality, Any]:
        municipality = _municipality(actor)
        obj = self.model.objects.filter(pk=pk, municipality=municipality).first()
        if obj is None:
            raise Http404
        policy.require(actor, policy.Action.VIEW, obj)
        return municipality, obj

    def get(self, request: Request, pk: int) -> Response:
        _m, obj = self._object(_actor(request, "configuration"), pk)
        return _tagged(Response(self.serializer_class(obj).data), obj)

    def patch(self, request: Request, pk: int) -> Response:
        actor = _actor(request, "configuration")
        municipality, obj = self._object(actor, pk)
        policy.require(actor, policy.Action.MANAGE, obj)
        serializer = self.serializer_class(obj, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        # The body is checked first (a bad field is a 400 either way); then the version.
        version = conflicts.requested_version(request.headers.get("If-Match"), None)
        if version is None:
            return _tagged(_precondition_required(self.serializer_class(obj).data), obj)
        data = {**self.serializer_class(obj).data, **serializer.validated_data}
        try:
            obj = self.list_view()._save(actor, municipality, obj, data, lock_version=version)
        except conflicts.ConflictError as conflict:
            return _config_conflict(conflict, self.serializer_class)
        return _tagged(Response(self.serializer_class(obj).data), obj)


class AreaListView(_ConfigListView):
    model = Area
    serializer_class = s.AreaSerializer

    def _queryset(self, actor: Actor, municipality: Municipality) -> Any:
        return selectors.areas_for(actor=actor, municipality=municipality)

    def _save(
        self,
        actor: Actor,
        municipality: Municipality,
        obj: Any,
        data: dict[str, Any],
        lock_version: int | None = None,
    ) -> Any:
        return services.area_save(
            actor=actor, municipality=municipality, area=obj, data=data, lock_version=lock_version
        )

    @extend_schema(responses=s.AreaSerializer(many=True), summary="Areas of my municipality")
    def get(self, request: Request) -> Response:
        return super().get(request)

    @extend_schema(request=s.AreaSerializer, responses=s.AreaSerializer, summary="Add an area")
    def post(self, request: Request) -> Response:
        return super().post(request)


class AreaDetailView(_ConfigDetailView):
    model = Area
    serializer_class = s.AreaSerializer
    list_view = AreaListView

    @extend_schema(responses=s.AreaSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    @extend_schema(
        request=s.AreaSerializer,
        responses={200: s.AreaSerializer, **CONFIG_PATCH_RESPONSES},
        parameters=[IF_MATCH],
    )
    def patch(self, request: Request, pk: int) -> Response:
        return super().patch(request, pk)


class HomeOrganisationListView(_ConfigListView):
    model = HomeOrganisation
    serializer_class = s.HomeOrganisationSerializer

    def _queryset(self, actor: Actor, municipality: Municipality) -> Any:
        return selectors.home_organisations_for(actor=actor, municipality=municipality)

    def _save(
        self,
        actor: Actor,
        municipality: Municipality,
        obj: Any,
        data: dict[str, Any],
        lock_version: int | None = None,
    ) -> Any:
        return services.home_organisation_save(
            actor=actor,
            municipality=municipality,
            home_organisation=obj,
            data=data,
            lock_version=lock_version,
        )

    @extend_schema(responses=s.HomeOrganisationSerializer(many=True))
    def get(self, request: Request) -> Response:
        return super().get(request)

    @extend_schema(request=s.HomeOrganisationSerializer, responses=s.HomeOrganisationSerializer)
    def post(self, request: Request) -> Response:
        return super().post(request)


class HomeOrganisationDetailView(_ConfigDetailView):
    model = HomeOrganisation
    serializer_class = s.HomeOrganisationSerializer
    list_view = HomeOrganisationListView

    @extend_schema(responses=s.HomeOrganisationSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    @extend_schema(
        request=s.HomeOrganisationSerializer,
        responses={200: s.HomeOrganisationSerializer, **CONFIG_PATCH_RESPONSES},
        parameters=[IF_MATCH],
    )
    def patch(self, request: Request, pk: int) -> Response:
        return super().patch(request, pk)
