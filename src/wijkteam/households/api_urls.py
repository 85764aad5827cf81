from django.contrib.auth.decorators import login_not_required
from django.urls import path

from wijkteam.households import api

app_name = "households_api"

# The API authenticates itself and answers 401/404 in JSON instead of redirecting.
urlpatterns = [
    path("households/", login_not_required(api.HouseholdListView.as_view()), name="household_list"),
]
