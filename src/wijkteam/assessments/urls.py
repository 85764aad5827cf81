from django.urls import path

from wijkteam.assessments import views

app_name = "assessments"

urlpatterns = [
    path("assessments/households/<int:household_id>/", views.household_view, name="household"),
    path("assessments/members/<int:member_id>/", views.member_view, name="member"),
    path(
        "assessments/members/<int:member_id>/record/<int:instrument_id>/",
        views.record_view,
        name="record",
    ),
    path(
        "assessments/measurements/<int:measurement_id>/delete/",
        views.measurement_delete_view,
        name="measurement_delete",
    ),
    path("assessments/instruments/", views.instrument_list_view, name="instrument_list"),
    path("assessments/instruments/new/", views.instrument_create_view, name="instrument_create"),
    path(
        "assessments/instruments/<int:instrument_id>/",
        views.instrument_edit_view,
        name="instrument_edit",
    ),
    path(
        "assessments/instruments/<int:instrument_id>/new-version/",
        views.instrument_new_version_view,
        name="instrument_new_version",
    ),
    path(
        "assessments/instruments/<int:instrument_id>/criteria/",
        views.criteria_upload_view,
        name="criteria_upload",
    ),
    path(
        "assessments/instruments/<int:instrument_id>/criteria/template.csv",
        views.criteria_template_view,
        name="criteria_template",
    ),
]
