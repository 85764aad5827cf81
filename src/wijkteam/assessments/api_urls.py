from django.contrib.auth.decorators import login_not_required
from django.urls import path

from wijkteam.assessments import api

app_name = "assessments_api"

urlpatterns = [
    path(
        "assessments/instruments/",
        login_not_required(api.InstrumentListView.as_view()),
        name="instrument_list",
    ),
    path(
        "assessments/instruments/<int:instrument_id>/",
        login_not_required(api.InstrumentDetailView.as_view()),
        name="instrument_detail",
    ),
    path(
        "assessments/members/<int:member_id>/measurements/",
        login_not_required(api.MeasurementListView.as_view()),
        name="measurement_list",
    ),
    path(
        "assessments/members/<int:member_id>/latest-scores/",
        login_not_required(api.LatestScoresView.as_view()),
        name="latest_scores",
    ),
]
