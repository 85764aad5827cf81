from django.urls import path

from wijkteam.casework.views import file, plan

app_name = "casework"

H = "households/<int:household_id>/"

urlpatterns = [
    path("caseload/", file.caseload_view, name="caseload"),
    path(H, file.household_file_view, name="household_file"),
    path(H + "notes/", file.note_create_view, name="note_create"),
    path(H + "timeline/", file.timeline_view, name="timeline"),
    path(H + "phase/", file.trajectory_advance_view, name="trajectory_advance"),
    path(H + "trajectory/", file.trajectory_edit_view, name="trajectory_edit"),
    path(H + "close/", file.trajectory_close_view, name="trajectory_close"),
    path(H + "involved/add/", file.involvement_add_view, name="involvement_add"),
    path(
        H + "involved/<int:involvement_id>/end/",
        file.involvement_end_view,
        name="involvement_end",
    ),
    path(H + "follow-up/", file.follow_up_set_view, name="follow_up_set"),
    path(H + "trajectory/start/", file.trajectory_start_view, name="trajectory_start"),
    path(H + "conversation/", file.conversation_edit_view, name="conversation_edit"),
    path(H + "evaluation/", file.evaluation_record_view, name="evaluation_record"),
    path(H + "plan/", plan.plan_view, name="plan"),
    path(H + "plan/add/<slug:kind>/", plan.plan_add_view, name="plan_add"),
    path(H + "plan/agree/", plan.plan_agree_view, name="plan_agree"),
    path(H + "plan/new-version/", plan.plan_new_version_view, name="plan_new_version"),
    path(H + "plan/pdf/", plan.plan_pdf_view, name="plan_pdf"),
    path(H + "actions/<int:action_id>/", plan.action_edit_view, name="action_edit"),
]
