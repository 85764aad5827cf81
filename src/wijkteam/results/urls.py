from django.urls import path

from wijkteam.results.views import logic, mkba

# Included at the root like the other apps: every path here starts with "results/".
app_name = "results"

urlpatterns = [
    path("results/", logic.home_view, name="home"),
    path("results/new/", logic.logic_create_view, name="logic_create"),
    path("results/<int:logic_id>/", logic.logic_view, name="logic"),
    path("results/<int:logic_id>/version/", logic.version_create_view, name="version_create"),
    path("results/<int:logic_id>/element/", logic.element_create_view, name="element_create"),
    path("results/<int:logic_id>/link/", logic.link_create_view, name="link_create"),
    path("results/<int:logic_id>/reading/", logic.reading_create_view, name="reading_create"),
    path("results/element/<int:element_id>/", logic.element_edit_view, name="element_edit"),
    path(
        "results/element/<int:element_id>/comment/",
        logic.comment_create_view,
        name="comment_create",
    ),
    path(
        "results/element/<int:element_id>/figure/",
        logic.observation_create_view,
        name="observation_create",
    ),
    path("results/<int:logic_id>/report.pdf", logic.logic_pdf_view, name="logic_pdf"),
    path("results/mkba/", mkba.mkba_view, name="mkba"),
    path("results/mkba/outcomes/", mkba.outcome_options_view, name="outcome_options"),
    path("results/mkba/costs/", mkba.unit_cost_list_view, name="unit_costs"),
    path("results/mkba/costs/<slug:key>/", mkba.unit_cost_edit_view, name="unit_cost_edit"),
    path("results/mkba/index/", mkba.index_series_view, name="index_series"),
    path("results/mkba/index/value/", mkba.index_value_view, name="index_value"),
    path("results/mkba/report.pdf", mkba.mkba_pdf_view, name="mkba_pdf"),
    path("results/mkba/report.xlsx", mkba.mkba_xlsx_view, name="mkba_xlsx"),
]
