from django.urls import path

from wijkteam.teamdesign.views import design, instruments, outputs, reflection

app_name = "teamdesign"

T = "teamdesign/teams/<int:team_id>/"

urlpatterns = [
    path("teamdesign/", design.home_view, name="home"),
    path(T, design.overview_view, name="overview"),
    path(T + "blocks/<slug:block_code>/", design.block_view, name="block"),
    path(T + "area/", design.area_view, name="area"),
    path(T + "start-document/", design.start_document_view, name="start_document"),
    path(T + "start-document.pdf", outputs.start_document_pdf_view, name="start_document_pdf"),
    path(T + "versions/freeze/", design.freeze_view, name="freeze"),
    path(T + "versions/<int:number>/", design.version_view, name="version"),
    path(T + "composition/", reflection.composition_view, name="composition"),
    path(
        T + "composition/example/", reflection.composition_example_view, name="composition_example"
    ),
    path(
        T + "composition/<int:line_id>/delete/",
        reflection.composition_delete_view,
        name="composition_delete",
    ),
    path(T + "competences/", reflection.competences_view, name="competences"),
    path(T + "quickscans/", reflection.quickscan_list_view, name="quickscans"),
    path(T + "quickscans/new/", reflection.quickscan_new_view, name="quickscan_new"),
    path(T + "quickscans/compare/", reflection.quickscan_compare_view, name="quickscan_compare"),
    path(
        T + "quickscans/<int:quickscan_id>/",
        reflection.quickscan_detail_view,
        name="quickscan_detail",
    ),
    path(T + "plan/", reflection.plan_view, name="plan"),
    path(T + "plan.pdf", outputs.plan_pdf_view, name="plan_pdf"),
    path(
        T + "plan/goals/<int:goal_id>/actions/",
        reflection.plan_action_add_view,
        name="plan_action_add",
    ),
    path(
        T + "plan/actions/<int:action_id>/status/",
        reflection.action_status_view,
        name="action_status",
    ),
    path(T + "plan/reviews/", reflection.review_add_view, name="review_add"),
    path("teamdesign/instruments/", instruments.instrument_list_view, name="instruments"),
    path(
        "teamdesign/instruments/draft/", instruments.instrument_draft_view, name="instrument_draft"
    ),
    path(
        "teamdesign/instruments/<int:instrument_id>/",
        instruments.instrument_detail_view,
        name="instrument_detail",
    ),
    path(
        "teamdesign/instruments/<int:instrument_id>/<slug:kind>/<int:part_id>/edit/",
        instruments.instrument_edit_view,
        name="instrument_edit",
    ),
    path(
        "teamdesign/instruments/<int:instrument_id>/publish/",
        instruments.instrument_publish_view,
        name="instrument_publish",
    ),
]
