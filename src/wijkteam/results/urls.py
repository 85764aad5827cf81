from django.urls import path

from wijkteam.results import mkba_views, views

# Included at the root like the other apps: every path here starts with "results/".
app_name = "results"

urlpatterns = [
    path("results/", views.home_view, name="home"),
    path("results/new/", views.logic_create_view, name="logic_create"),
    path("results/<int:logic_id>/", views.logic_view, name="logic"),
    path("results/<int:logic_id>/version/", views.version_create_view, name="version_create"),
    path("results/<int:logic_id>/element/", views.element_create_view, name="element_create"),
    path("results/<int:logic_id>/link/", views.link_create_view, name="link_create"),
    path("results/<int:logic_id>/reading/", views.reading_create_view, name="reading_create"),
    path("results/element/<int:element_id>/", views.element_edit_view, name="element_edit"),
    path(
        "results/element/<int:element_id>/comment/",
        views.comment_create_view,
        name="comment_create",
    ),
    path(
        "results/element/<int:element_id>/figure/",
        views.observation_create_view,
        name="observation_create",
    ),
    path("results/<int:logic_id>/report.pdf", views.logic_pdf_view, name="logic_pdf"),
    path("results/mkba/", mkba_views.mkba_view, name="mkba"),
    path("results/mkba/outcomes/", mkba_views.outcome_options_view, name="outcome_options"),
    path("results/mkba/costs/", mkba_views.unit_cost_list_view, name="unit_costs"),
    path("results/mkba/costs/<slug:key>/", mkba_views.unit_cost_edit_view, name="unit_cost_edit"),
    path("results/mkba/index/", mkba_views.index_series_view, name="index_series"),
    path("results/mkba/index/value/", mkba_views.index_value_view, name="index_value"),
    path("results/mkba/report.pdf", mkba_views.mkba_pdf_view, name="mkba_pdf"),
    path("results/mkba/report.xlsx", mkba_views.mkba_xlsx_view, name="mkba_xlsx"),
]
