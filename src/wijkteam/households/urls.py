from django.urls import path

from wijkteam.households import views

app_name = "households"

urlpatterns = [
    path("households/", views.household_list_view, name="household_list"),
    path("households/new/", views.household_create_view, name="household_create"),
    path(
        "households/<int:household_id>/details/", views.household_edit_view, name="household_edit"
    ),
    path("households/<int:household_id>/members/add/", views.member_add_view, name="member_add"),
    path(
        "households/<int:household_id>/members/<int:member_id>/",
        views.member_edit_view,
        name="member_edit",
    ),
    path(
        "households/<int:household_id>/members/<int:member_id>/remove/",
        views.member_remove_view,
        name="member_remove",
    ),
    path(
        "households/<int:household_id>/network/<int:person_id>/remove/",
        views.network_remove_view,
        name="network_remove",
    ),
    path("households/<int:household_id>/network/add/", views.network_add_view, name="network_add"),
    path(
        "households/<int:household_id>/relations/add/", views.relation_add_view, name="relation_add"
    ),
]
