from django.contrib.auth.decorators import login_not_required
from django.urls import path

from wijkteam.teamdesign import api

app_name = "teamdesign_api"

# The API authenticates itself and answers 401/404 in JSON instead of redirecting.
urlpatterns = [
    path(
        "teamdesign/teams/<int:team_id>/",
        login_not_required(api.DesignView.as_view()),
        name="design",
    ),
    path(
        "teamdesign/teams/<int:team_id>/quickscans/",
        login_not_required(api.QuickscanListView.as_view()),
        name="quickscans",
    ),
]
