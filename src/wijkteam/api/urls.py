from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from wijkteam.api import views

app_name = "api"


def _api(view: Callable[..., Any]) -> Callable[..., Any]:
    # The API authenticates itself (session with MFA, or token) and answers 401/403 in JSON
    # instead of redirecting to the login page.
    return login_not_required(view)


urlpatterns = [
    path("me/", _api(views.MeView.as_view()), name="me"),
    path("teams/", _api(views.TeamListView.as_view()), name="team_list"),
    path("teams/<int:team_id>/", _api(views.TeamDetailView.as_view()), name="team_detail"),
    path("areas/", _api(views.AreaListView.as_view()), name="area_list"),
    path("areas/<int:pk>/", _api(views.AreaDetailView.as_view()), name="area_detail"),
    path(
        "home-organisations/",
        _api(views.HomeOrganisationListView.as_view()),
        name="home_organisation_list",
    ),
    path(
        "home-organisations/<int:pk>/",
        _api(views.HomeOrganisationDetailView.as_view()),
        name="home_organisation_detail",
    ),
    path("schema/", _api(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", _api(SpectacularSwaggerView.as_view(url_name="api:schema")), name="docs"),
]
