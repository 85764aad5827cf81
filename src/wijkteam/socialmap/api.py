"""Read-only API of the social map and the expertise map (import stays in the UI)."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.api import paging
from wijkteam.api.serializers import StrictSerializer
from wijkteam.lifedomains import LifeDomain
from wijkteam.organisations.models import Area, Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Action, Actor
from wijkteam.socialmap import selectors
from wijkteam.socialmap.models import Provider, Service, ServiceType


def _actor(request: Request) -> Actor:
    return Actor.from_request(request._request, purpose="social map api")


class ProviderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Provider
        fields = ["id", "name", "description", "website", "phone", "email"]


class ServiceSerializer(serializers.ModelSerializer):
    provider = serializers.CharField(source="provider.name")
    provider_id = serializers.IntegerField()
    domains = serializers.ListField(child=serializers.CharField())
    areas: serializers.Field = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    is_stale = serializers.SerializerMethodField()

    class Meta:
        model = Service
        fields = [
            "id", "external_id", "name", "description", "service_type", "domains", "provider",
            "provider_id", "target_groups", "min_age", "max_age", "areas", "address", "latitude",
            "longitude", "contact", "opening_hours", "accessibility", "costs", "is_free",
            "needs_indication", "how_to_refer", "active_from", "active_until", "last_checked",
            "is_stale",
        ]  # fmt: skip

    def get_is_stale(self, obj: Service) -> bool:
        return obj.is_stale()


class SearchQuerySerializer(StrictSerializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    domain = serializers.ChoiceField(choices=LifeDomain.choices, required=False)
    type = serializers.ChoiceField(choices=ServiceType.choices, required=False)
    area = serializers.IntegerField(required=False, min_value=1)
    age = serializers.IntegerField(required=False, min_value=0, max_value=150)
    free = serializers.BooleanField(required=False, default=False)
    no_indication = serializers.BooleanField(required=False, default=False)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=200, default=50)


class SearchResultSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    results = ServiceSerializer(many=True)


class DomainExpertsSerializer(serializers.Serializer):
    domain = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    members = serializers.ListField(child=serializers.DictField())


class TeamExpertiseSerializer(serializers.Serializer):
    domains = DomainExpertsSerializer(many=True)
    uncovered = serializers.ListField(child=serializers.CharField())


class ServiceListView(APIView):
    paging = paging.POSITION
    paging_own_limit = True  # ``limit`` of the search, the same 1 to 200

    @extend_schema(
        parameters=[SearchQuerySerializer],
        responses=SearchResultSerializer,
        summary="Search the social map (lightest frame first)",
        operation_id="socialmap_services_search",
    )
    def get(self, request: Request) -> Response:
        actor = _actor(request)
        params = request.query_params.dict()
        offset = (
            paging.decode(params.pop(paging.CURSOR), paging.POSITION) if "cursor" in params else 0
        )
        query = SearchQuerySerializer(data=params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        municipality = selectors.municipality_for(actor=actor)
        area = None
        if data.get("area"):
            area = Area.objects.filter(pk=data["area"], municipality=municipality).first()
            if area is None:
                raise serializers.ValidationError({"area": [_("Unknown area.")]})
        filters = selectors.SearchFilters(
            query=data.get("q", ""),
            domain=data.get("domain", ""),
            service_type=data.get("type", ""),
            area=area,
            age=data.get("age"),
            free_only=data["free"],
            no_indication=data["no_indication"],
        )
        limit = data["limit"]
        result = selectors.service_search(actor=actor, filters=filters, limit=offset + limit + 1)
        page = paging.page_at(result.services[offset:], offset, limit)
        data = {"total": result.total, "results": ServiceSerializer(page.items, many=True).data}
        return paging.paged_response(request, page, data)


class ServiceDetailView(APIView):
    @extend_schema(responses=ServiceSerializer, summary="One service of the social map")
    def get(self, request: Request, pk: int) -> Response:
        service = selectors.service_get(actor=_actor(request), service_id=pk)
        return Response(ServiceSerializer(service).data)


class ProviderListView(APIView):
    paging = paging.POSITION

    @extend_schema(responses=ProviderSerializer(many=True), summary="Providers of my municipality")
    def get(self, request: Request) -> Response:
        providers = selectors.provider_list(actor=_actor(request))
        page = paging.by_position(request, providers)
        return paging.paged_response(request, page, ProviderSerializer(page.items, many=True).data)


class ProviderDetailView(APIView):
    @extend_schema(responses=ProviderSerializer, summary="One provider")
    def get(self, request: Request, pk: int) -> Response:
        provider = selectors.provider_get(actor=_actor(request), provider_id=pk)
        return Response(ProviderSerializer(provider).data)


class TeamExpertiseView(APIView):
    @extend_schema(responses=TeamExpertiseSerializer, summary="Who to ask per life domain (logged)")
    def get(self, request: Request, team_id: int) -> Response:
        actor = _actor(request)
        team = Team.objects.filter(pk=team_id).first()
        if team is None or not policy.may(actor, Action.VIEW_MEMBERS, team):
            raise Http404
        rows = selectors.team_expertise(actor=actor, team=team)
        domains = [
            {
                "domain": r.domain,
                "label": r.label,
                "members": [
                    {
                        "membership_id": m.pk,
                        "name": m.user.get_full_name(),
                        "home_organisation": m.home_organisation.name
                        if m.home_organisation
                        else None,
                    }
                    for m in r.members
                ],
            }
            for r in rows
        ]
        return Response(
            {"domains": domains, "uncovered": [r.domain for r in rows if not r.members]}
        )
