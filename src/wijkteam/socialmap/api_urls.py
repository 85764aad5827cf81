from django.contrib.auth.decorators import login_not_required
from django.urls import path

from wijkteam.socialmap import api

app_name = "socialmap_api"

urlpatterns = [
    path(
        "socialmap/services/",
        login_not_required(api.ServiceListView.as_view()),
        name="service_list",
    ),
    path(
        "socialmap/services/<int:pk>/",
        login_not_required(api.ServiceDetailView.as_view()),
        name="service_detail",
    ),
    path(
        "socialmap/providers/",
        login_not_required(api.ProviderListView.as_view()),
        name="provider_list",
    ),
    path(
        "socialmap/providers/<int:pk>/",
        login_not_required(api.ProviderDetailView.as_view()),
        name="provider_detail",
    ),
    path(
        "socialmap/teams/<int:team_id>/expertise/",
        login_not_required(api.TeamExpertiseView.as_view()),
        name="team_expertise",
    ),
]
