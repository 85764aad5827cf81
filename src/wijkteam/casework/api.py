"""Casework API: a household's file (at the caller's view level), notes, actions, phase
steps. The households list and registering one are households' (``households/api.py``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from wijkteam.api import paging
from wijkteam.api.serializers import StrictSerializer
from wijkteam.casework import selectors, services
from wijkteam.casework.models import (
    Action,
    ActionStatus,
    Answered,
    LegalFramework,
    Note,
    NoteKind,
    Phase,
    Trend,
)
from wijkteam.casework.services import ConflictError
from wijkteam.core import conflicts, limits
from wijkteam.households.api import HouseholdSummarySerializer
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.retention import retention_of
from wijkteam.privacy.rules import casework as rules


def request_actor(request: Request) -> Actor:
    return Actor.from_request(request._request, purpose="casework (api)")


class HouseholdMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField(allow_null=True)
    age = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text="Whole years today; null without a date of birth.",
    )
    bsn = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    language = serializers.CharField()
    interpreter_needed = serializers.BooleanField()


class CaseNoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_full_name")

    class Meta:
        model = Note
        fields = ["id", "kind", "text", "occurred_at", "author"]


class CaseActionSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner_label")

    class Meta:
        model = Action
        fields = ["id", "text", "owner_kind", "owner", "due_on", "status", "lock_version"]


class RetentionSerializer(serializers.Serializer):
    retention_class = serializers.CharField()
    description = serializers.CharField(source="label")
    delete_after = serializers.DateField()
    legal_hold = serializers.BooleanField()


class HouseholdDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    team = serializers.CharField()
    view_level = serializers.CharField()
    phase = serializers.CharField(allow_null=True)
    members = HouseholdMemberSerializer(many=True, required=False)
    kind_of_help = serializers.ListField(child=serializers.CharField(), required=False)
    notes = CaseNoteSerializer(many=True, required=False)
    actions = CaseActionSerializer(many=True, required=False)
    frameworks = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Legal frameworks chosen on closing (wmo, jeugdwet, participatiewet).",
    )
    retention = RetentionSerializer(
        allow_null=True, required=False, help_text="Set once support has ended."
    )


class NoteCreateSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=NoteKind.choices, default=NoteKind.CONTACT)
    text = serializers.CharField(max_length=limits.NOTE_TEXT)
    occurred_at = serializers.DateTimeField(required=False)


class ActionUpdateSerializer(StrictSerializer):
    lock_version = serializers.IntegerField(min_value=1)
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    text = serializers.CharField(max_length=limits.ACTION_TEXT, required=False)
    due_on = serializers.DateField(required=False)


class TrajectoryAdvanceSerializer(StrictSerializer):
    to_phase = serializers.ChoiceField(choices=[p for p in Phase.choices if p[0] != Phase.CLOSED])
    follow_up_on = serializers.DateField(required=False)
    monitoring_until = serializers.DateField(required=False)


class CaseActionConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = CaseActionSerializer()


class ActionOutcomeSerializer(StrictSerializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=[ActionStatus.DONE, ActionStatus.CANCELLED])


class CloseSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=limits.REASON_TEXT)
    frameworks = serializers.ListField(
        child=serializers.ChoiceField(choices=LegalFramework.choices),
        max_length=len(LegalFramework.choices),
        help_text="At least one; decides the retention term.",
    )
    actions = ActionOutcomeSerializer(
        many=True,
        max_length=500,  # type: ignore[call-arg]  # DRF: many=True takes ListSerializer args
        required=False,
        default=list,
        help_text="Open actions of the plan that were done (or are cancelled); the others are cancelled.",
    )
    end_monitoring = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Confirms ending a monitoring period that still runs.",
    )


class ClosedSerializer(HouseholdSummarySerializer):
    frameworks = serializers.ListField(child=serializers.CharField())
    retention = RetentionSerializer(allow_null=True)


class EvaluationSerializer(StrictSerializer):
    question_answered = serializers.ChoiceField(choices=Answered.choices)
    self_reliance = serializers.ChoiceField(choices=Trend.choices)
    participation = serializers.ChoiceField(choices=Trend.choices)
    what_worked = serializers.CharField(
        max_length=limits.EVALUATION_TEXT, required=False, allow_blank=True, default=""
    )
    lessons = serializers.CharField(
        max_length=limits.EVALUATION_TEXT, required=False, allow_blank=True, default=""
    )
    lock_version = serializers.IntegerField(
        min_value=0,
        required=False,
        help_text="The latest evaluation you saw (its ETag; 0: none yet), or send If-Match. "
        "Needed once an evaluation exists.",
    )


class EvaluationOutSerializer(EvaluationSerializer):
    lock_version = serializers.IntegerField(source="pk")
    changed_by = serializers.CharField(source="author.get_full_name", allow_null=True)
    changed_at = serializers.DateTimeField(source="created_at")


class EvaluationConflictSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Who recorded an evaluation since, and when.")
    current = EvaluationOutSerializer(allow_null=True)


def _evaluation_answer(
    status_code: int, detail: str, actor: Actor, household_id: int, latest: Any
) -> Response:
    """409/428 with the latest evaluation, its version as ETag; showing it is a logged read."""
    selectors.trajectory_for_work(actor=actor, household_id=household_id, log=True)
    current = EvaluationOutSerializer(latest).data if latest is not None else None
    response = Response({"detail": detail, "current": current}, status=status_code)
    response["ETag"] = f'"{latest.pk if latest is not None else 0}"'
    return response


class GoalOutSerializer(serializers.Serializer):
    text = serializers.CharField()
    results = serializers.ListField(child=serializers.CharField())


class ProblemOutSerializer(serializers.Serializer):
    life_domain = serializers.CharField()
    description = serializers.CharField()
    goals = GoalOutSerializer(many=True)


class SolutionOutSerializer(serializers.Serializer):
    frame = serializers.CharField(source="solution.frame")
    text = serializers.CharField(source="solution.text")
    actions = CaseActionSerializer(many=True)


class PlanOutSerializer(serializers.Serializer):
    version = serializers.IntegerField(source="plan.version")
    starts_on = serializers.DateField(source="plan.starts_on")
    agreed_on = serializers.DateField(source="plan.agreed_on", allow_null=True)
    lock_version = serializers.IntegerField(source="plan.lock_version")
    problems = ProblemOutSerializer(many=True)
    solutions = SolutionOutSerializer(many=True)
    other_actions = CaseActionSerializer(many=True, source="loose_actions")


class HouseholdDetailView(APIView):
    @extend_schema(
        responses=HouseholdDetailSerializer, summary="A household file at my view level (logged)"
    )
    def get(self, request: Request, household_id: int) -> Response:
        file = selectors.household_file(actor=request_actor(request), household_id=household_id)
        data: dict[str, Any] = {
            "id": file.household.pk,
            "name": file.household.name,
            "team": file.household.team.name,
            "view_level": file.level.name.lower(),
            "phase": file.trajectory.phase if file.trajectory else None,
        }
        if file.identity:
            data["members"] = file.members
        if file.level == policy.ViewLevel.RESTRICTED:
            data["kind_of_help"] = file.help_frames
        if file.identity:
            data["frameworks"] = file.frameworks
            data["retention"] = file.retention
        if file.full:
            data["notes"] = file.notes
            data["actions"] = file.plan.all_actions if file.plan else []
        return Response(HouseholdDetailSerializer(data).data)


class NoteListView(APIView):
    paging = paging.KEY

    @extend_schema(
        responses=CaseNoteSerializer(many=True),
        summary="The household's timeline, newest first (logged)",
    )
    def get(self, request: Request, household_id: int) -> Response:
        actor = request_actor(request)

        def older(before: int | None, count: int) -> list[Note]:
            # The whole file's readers only (else 404); each page's read is logged.
            return selectors.note_page(
                actor=actor, household_id=household_id, before=before, size=count
            )

        page = paging.by_key(request, older)
        return paging.paged_response(request, page, CaseNoteSerializer(page.items, many=True).data)

    @extend_schema(
        request=NoteCreateSerializer, responses={201: CaseNoteSerializer}, summary="Add a note"
    )
    def post(self, request: Request, household_id: int) -> Response:
        actor = request_actor(request)
        # Involved professionals, and a person under emergency access (notes only).
        household = selectors.household_for_note(actor=actor, household_id=household_id)
        serializer = NoteCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = services.note_create(actor=actor, household=household, **serializer.validated_data)
        return Response(CaseNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class ActionDetailView(APIView):
    @extend_schema(
        request=ActionUpdateSerializer,
        responses={
            200: CaseActionSerializer,
            409: OpenApiResponse(
                CaseActionConflictSerializer, description="Somebody else saved the action first."
            ),
        },
        summary="Change an action (optimistic locking with lock_version)",
    )
    def patch(self, request: Request, action_id: int) -> Response:
        actor = request_actor(request)
        household_id = (
            Action.objects.filter(
                pk=action_id, plan__household__in=rules.households_visible_to(actor)
            )
            .values_list("plan__household_id", flat=True)
            .first()
        )
        if household_id is None:
            raise policy.AccessDenied("no such action")
        action = selectors.action_for_work(
            actor=actor, household_id=household_id, action_id=action_id
        )
        serializer = ActionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            action = services.action_update(actor=actor, action=action, **serializer.validated_data)
        except ConflictError as conflict:
            if not isinstance(conflict.current, Action):  # the plan has a newer version
                return Response({"detail": str(conflict)}, status=status.HTTP_409_CONFLICT)
            body = {
                "detail": _(
                    "Someone else changed this action in the meantime. Reload it and apply your change again."
                ),
                "current": CaseActionSerializer(conflict.current).data,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(CaseActionSerializer(action).data)


class TrajectoryAdvanceView(APIView):
    @extend_schema(
        request=TrajectoryAdvanceSerializer,
        responses={200: HouseholdSummarySerializer},
        summary="Move to another phase",
    )
    def post(self, request: Request, household_id: int) -> Response:
        actor = request_actor(request)
        trajectory = selectors.trajectory_for_work(actor=actor, household_id=household_id)
        serializer = TrajectoryAdvanceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        trajectory = services.trajectory_advance(
            actor=actor, trajectory=trajectory, **serializer.validated_data
        )
        household = trajectory.household
        summary = {
            "id": household.pk,
            "name": household.name,
            "team_name": household.team.name,
            "phase": trajectory.phase,
        }
        return Response(HouseholdSummarySerializer(summary).data)


class PlanDetailView(APIView):
    @extend_schema(responses=PlanOutSerializer, summary="The current plan (logged)")
    def get(self, request: Request, household_id: int) -> Response:
        view = selectors.plan_view_for(actor=request_actor(request), household_id=household_id)
        if view is None:
            raise Http404
        return Response(PlanOutSerializer(view).data)


class EvaluationRecordView(APIView):
    @extend_schema(
        request=EvaluationSerializer,
        responses={
            201: EvaluationOutSerializer,
            409: OpenApiResponse(EvaluationConflictSerializer, description="Evaluated since."),
            428: OpenApiResponse(
                EvaluationConflictSerializer, description="Name the evaluation you saw."
            ),
        },
        summary="Record the evaluation (naming the latest one you saw: If-Match or lock_version)",
    )
    def post(self, request: Request, household_id: int) -> Response:
        actor = request_actor(request)
        trajectory = selectors.trajectory_for_work(actor=actor, household_id=household_id)
        serializer = EvaluationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("lock_version", None)
        version = conflicts.requested_version(request.headers.get("If-Match"), request.data)
        if version is None and trajectory.last_evaluation_id is not None:
            message = _(
                "This trajectory was already evaluated. Send the latest evaluation you saw "
                "(lock_version, or the header If-Match), so nobody evaluates blind. Nothing was "
                "saved."
            )
            return _evaluation_answer(
                status.HTTP_428_PRECONDITION_REQUIRED,
                message,
                actor,
                household_id,
                trajectory.last_evaluation,
            )
        try:
            evaluation = services.evaluation_record(
                actor=actor, trajectory=trajectory, seen_evaluation_id=version or None, **data
            )
        except ConflictError as conflict:
            return _evaluation_answer(
                status.HTTP_409_CONFLICT, str(conflict), actor, household_id, conflict.current
            )
        response = Response(
            EvaluationOutSerializer(evaluation).data, status=status.HTTP_201_CREATED
        )
        response["ETag"] = f'"{evaluation.pk}"'
        return response


class TrajectoryCloseView(APIView):
    @extend_schema(
        request=CloseSerializer,
        responses={200: ClosedSerializer},
        summary="Close the trajectory",
    )
    def post(self, request: Request, household_id: int) -> Response:
        actor = request_actor(request)
        trajectory = selectors.trajectory_for_work(actor=actor, household_id=household_id)
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        trajectory = services.trajectory_close(
            actor=actor,
            trajectory=trajectory,
            reason=data["reason"],
            frameworks=data["frameworks"],
            action_outcomes={a["id"]: a["status"] for a in data["actions"]},
            end_monitoring=data["end_monitoring"],
        )
        household = trajectory.household
        out = {
            "id": household.pk,
            "name": household.name,
            "team_name": household.team.name,
            "phase": trajectory.phase,
            "frameworks": list(trajectory.frameworks.values_list("framework", flat=True)),
            "retention": retention_of(household=household),
        }
        return Response(ClosedSerializer(out).data)
