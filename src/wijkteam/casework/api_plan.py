"""Casework API, part two: the kitchen-table conversation and building the plan."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.accounts.models import User
from wijkteam.api.serializers import StrictSerializer
from wijkteam.casework import selectors, services
from wijkteam.casework.api import CaseActionSerializer, PlanOutSerializer, request_actor
from wijkteam.casework.models import Frame, OwnerKind, Plan, ProblemStatement, Solution
from wijkteam.casework.services import ConflictError
from wijkteam.core import conflicts
from wijkteam.core.limits import (
    ACTION_TEXT,
    CONVERSATION_TEXT,
    PLAN_RESULT_TEXT,
    PLAN_RESULTS_MAX,
    PLAN_TEXT,
)
from wijkteam.lifedomains import LifeDomain
from wijkteam.privacy import policy


class ConversationSerializer(StrictSerializer):
    question_asked = serializers.CharField(max_length=CONVERSATION_TEXT)
    question_behind = serializers.CharField(
        max_length=CONVERSATION_TEXT, required=False, allow_blank=True, default=""
    )
    strengths = serializers.CharField(
        max_length=CONVERSATION_TEXT, required=False, allow_blank=True, default=""
    )
    ambitions = serializers.CharField(
        max_length=CONVERSATION_TEXT, required=False, allow_blank=True, default=""
    )
    participation_level = serializers.IntegerField(
        min_value=1, max_value=6, required=False, allow_null=True
    )
    held_on = serializers.DateField(required=False, allow_null=True)
    lock_version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The version you changed (or send If-Match); leave out for the first save.",
    )


class ConversationOutSerializer(ConversationSerializer):
    lock_version = serializers.IntegerField()
    changed_by = serializers.CharField(source="author.get_full_name")
    changed_at = serializers.DateTimeField(source="updated_at", allow_null=True)


class ConflictOutSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = ConversationOutSerializer()


def conflict_response(conflict: ConflictError, current: Any) -> Response:
    """409 with the Dutch message (by whom and when) and what is stored now."""
    response = Response(
        {"detail": str(conflict), "current": current}, status=status.HTTP_409_CONFLICT
    )
    if conflict.current is not None and hasattr(conflict.current, "lock_version"):
        response["ETag"] = f'"{conflict.current.lock_version}"'
    return response


def _plan_version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        required=False,
        help_text="The plan version you saw; a newer version gives 409 and nothing is added.",
    )


class ProblemInSerializer(StrictSerializer):
    plan_version = _plan_version_field()
    life_domain = serializers.ChoiceField(choices=LifeDomain.choices)
    description = serializers.CharField(max_length=PLAN_TEXT)


class GoalInSerializer(StrictSerializer):
    plan_version = _plan_version_field()
    problem = serializers.IntegerField()
    text = serializers.CharField(max_length=PLAN_TEXT)
    results = serializers.ListField(
        child=serializers.CharField(max_length=PLAN_RESULT_TEXT),
        max_length=PLAN_RESULTS_MAX,
        required=False,
    )


class SolutionInSerializer(StrictSerializer):
    plan_version = _plan_version_field()
    frame = serializers.ChoiceField(choices=Frame.choices)
    text = serializers.CharField(max_length=PLAN_TEXT)


class ActionInSerializer(StrictSerializer):
    plan_version = _plan_version_field()
    text = serializers.CharField(max_length=ACTION_TEXT)
    owner_kind = serializers.ChoiceField(choices=OwnerKind.choices)
    owner_user = serializers.IntegerField(required=False, allow_null=True)
    owner_name = serializers.CharField(max_length=160, required=False, allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True)
    solution = serializers.IntegerField(required=False, allow_null=True)


class CreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()


def _plan(request: Request, household_id: int) -> tuple[Any, Plan]:
    actor = request_actor(request)
    plan = selectors.plan_for_work(actor=actor, household_id=household_id)
    if plan is None:
        raise policy.AccessDenied("no plan yet")
    return actor, plan


def _valid(serializer_class: type[StrictSerializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _missing(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


class ConversationView(APIView):
    @extend_schema(
        request=ConversationSerializer,
        responses={
            200: ConversationOutSerializer,
            409: OpenApiResponse(ConflictOutSerializer, description="Saved by someone else."),
            428: OpenApiResponse(description="A rewrite must name the version it changes."),
        },
        summary="Record the conversation (a rewrite names its version: If-Match or lock_version)",
    )
    def put(self, request: Request, household_id: int) -> Response:
        actor = request_actor(request)
        trajectory = selectors.trajectory_for_work(actor=actor, household_id=household_id)
        data = _valid(ConversationSerializer, request)
        data.pop("lock_version", None)
        version = conflicts.requested_version(request.headers.get("If-Match"), request.data)
        if version is None and hasattr(trajectory, "conversation"):
            stored = trajectory.conversation
            response = Response(
                {
                    "detail": _(
                        "This conversation was already recorded. Send the version you changed "
                        "(lock_version, or the header If-Match), so no colleague's save is "
                        "overwritten."
                    ),
                    "current": ConversationOutSerializer(stored).data,
                },
                status=status.HTTP_428_PRECONDITION_REQUIRED,
            )
            response["ETag"] = f'"{stored.lock_version}"'
            return response
        try:
            conversation = services.conversation_record(
                actor=actor, trajectory=trajectory, lock_version=version, **data
            )
        except ConflictError as conflict:
            current = conflict.current
            return conflict_response(
                conflict, ConversationOutSerializer(current).data if current else None
            )
        response = Response(ConversationOutSerializer(conversation).data)
        response["ETag"] = f'"{conversation.lock_version}"'
        return response


class PlanCreateView(APIView):
    @extend_schema(request=None, responses={201: PlanOutSerializer}, summary="Make the plan")
    def post(self, request: Request, household_id: int) -> Response:
        actor = request_actor(request)
        trajectory = selectors.trajectory_for_work(actor=actor, household_id=household_id)
        services.plan_create(actor=actor, trajectory=trajectory)
        view = selectors.plan_view_for(actor=actor, household_id=household_id)
        return Response(PlanOutSerializer(view).data, status=status.HTTP_201_CREATED)


class ProblemCreateView(APIView):
    @extend_schema(
        request=ProblemInSerializer, responses={201: CreatedSerializer}, summary="Add a problem"
    )
    def post(self, request: Request, household_id: int) -> Response:
        actor, plan = _plan(request, household_id)
        problem = services.problem_add(
            actor=actor, plan=plan, **_valid(ProblemInSerializer, request)
        )
        return Response({"id": problem.pk}, status=status.HTTP_201_CREATED)


class GoalCreateView(APIView):
    @extend_schema(
        request=GoalInSerializer, responses={201: CreatedSerializer}, summary="Add a goal"
    )
    def post(self, request: Request, household_id: int) -> Response:
        actor, plan = _plan(request, household_id)
        data = _valid(GoalInSerializer, request)
        problem = ProblemStatement.objects.filter(pk=data.pop("problem"), plan=plan).first()
        if problem is None:
            raise _missing("problem", str(_("Choose a problem of this plan.")))
        goal = services.goal_add(actor=actor, plan=plan, problem=problem, **data)
        return Response({"id": goal.pk}, status=status.HTTP_201_CREATED)


class SolutionCreateView(APIView):
    @extend_schema(
        request=SolutionInSerializer, responses={201: CreatedSerializer}, summary="Add a solution"
    )
    def post(self, request: Request, household_id: int) -> Response:
        actor, plan = _plan(request, household_id)
        solution = services.solution_add(
            actor=actor, plan=plan, **_valid(SolutionInSerializer, request)
        )
        return Response({"id": solution.pk}, status=status.HTTP_201_CREATED)


class ActionCreateView(APIView):
    @extend_schema(
        request=ActionInSerializer, responses={201: CaseActionSerializer}, summary="Add an action"
    )
    def post(self, request: Request, household_id: int) -> Response:
        actor, plan = _plan(request, household_id)
        data = _valid(ActionInSerializer, request)
        solution = None
        if data.get("solution") is not None:
            solution = Solution.objects.filter(pk=data["solution"], plan=plan).first()
            if solution is None:
                raise _missing("solution", str(_("Choose a solution of this plan.")))
        data.pop("solution", None)
        owner = None
        if data.get("owner_user") is not None:
            owner = User.objects.filter(pk=data["owner_user"]).first()
            if owner is None:
                raise _missing("owner_user", str(_("Choose a member of the household's team.")))
        data.pop("owner_user", None)
        action = services.action_add(
            actor=actor, plan=plan, solution=solution, owner_user=owner, **data
        )
        return Response(CaseActionSerializer(action).data, status=status.HTTP_201_CREATED)
