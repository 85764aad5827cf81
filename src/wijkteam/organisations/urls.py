from django.urls import path

from wijkteam.organisations import views

app_name = "organisations"
urlpatterns = [
    path("teams/<int:team_id>/", views.team_detail_view, name="team_detail"),
    path("manage/", views.manage_home_view, name="manage"),
    path("manage/municipality/", views.municipality_edit_view, name="municipality_edit"),
    path("manage/areas/new/", views.area_edit_view, name="area_create"),
    path("manage/areas/<int:area_id>/", views.area_edit_view, name="area_edit"),
    path(
        "manage/organisations/new/",
        views.home_organisation_edit_view,
        name="home_organisation_create",
    ),
    path(
        "manage/organisations/<int:org_id>/",
        views.home_organisation_edit_view,
        name="home_organisation_edit",
    ),
    path("manage/teams/new/", views.team_edit_view, name="team_create"),
    path("manage/teams/<int:team_id>/", views.team_edit_view, name="team_edit"),
]
