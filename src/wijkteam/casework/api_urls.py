from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from wijkteam.casework import api, api_plan

app_name = "casework_api"


def _api(view: Callable[..., Any]) -> Callable[..., Any]:
    # The API authenticates itself and answers 401/404 in JSON instead of redirecting.
    return login_not_required(view)


urlpatterns = [
    path(
        "households/<int:household_id>/",
        _api(api.HouseholdDetailView.as_view()),
        name="household_detail",
    ),
    path(
        "households/<int:household_id>/notes/", _api(api.NoteListView.as_view()), name="note_list"
    ),
    path(
        "households/<int:household_id>/advance/",
        _api(api.TrajectoryAdvanceView.as_view()),
        name="trajectory_advance",
    ),
    path(
        "households/<int:household_id>/plan/",
        _api(api.PlanDetailView.as_view()),
        name="plan_detail",
    ),
    path(
        "households/<int:household_id>/evaluation/",
        _api(api.EvaluationRecordView.as_view()),
        name="evaluation_record",
    ),
    path(
        "households/<int:household_id>/close/",
        _api(api.TrajectoryCloseView.as_view()),
        name="trajectory_close",
    ),
    path(
        "households/<int:household_id>/conversation/",
        _api(api_plan.ConversationView.as_view()),
        name="conversation",
    ),
    path(
        "households/<int:household_id>/plan/create/",
        _api(api_plan.PlanCreateView.as_view()),
        name="plan_create",
    ),
    path(
        "households/<int:household_id>/plan/problems/",
        _api(api_plan.ProblemCreateView.as_view()),
        name="problem_create",
    ),
    path(
        "households/<int:household_id>/plan/goals/",
        _api(api_plan.GoalCreateView.as_view()),
        name="goal_create",
    ),
    path(
        "households/<int:household_id>/plan/solutions/",
        _api(api_plan.SolutionCreateView.as_view()),
        name="solution_create",
    ),
    path(
        "households/<int:household_id>/plan/actions/",
        _api(api_plan.ActionCreateView.as_view()),
        name="action_create",
    ),
    path("actions/<int:action_id>/", _api(api.ActionDetailView.as_view()), name="action_detail"),
]
