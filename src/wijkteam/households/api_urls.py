from django.contrib.auth.decorators import login_not_required
from django.urls import path

from wijkteam.households import api

app_name = "households_api"


def _api(view):  # type: ignore[no-untyped-def]
    # The API authenticates itself and answers 401/404 in JSON instead of redirecting.
    return login_not_required(view)


urlpatterns = [
    path("households/", _api(api.HouseholdListView.as_view()), name="household_list"),
]
