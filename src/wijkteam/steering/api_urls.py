from django.contrib.auth.decorators import login_not_required
from django.urls import path

from wijkteam.steering import api

app_name = "steering_api"

# The API authenticates itself and answers 401/404 in JSON instead of redirecting.
urlpatterns = [
    path("indicators/", login_not_required(api.IndicatorListView.as_view()), name="indicators"),
    path(
        "indicators/<slug:key>/",
        login_not_required(api.IndicatorDetailView.as_view()),
        name="indicator",
    ),
]
