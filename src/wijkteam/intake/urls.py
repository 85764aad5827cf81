from django.urls import path

from wijkteam.intake import views, views_team

app_name = "intake"

urlpatterns = [
    path("signals/", views.signal_list_view, name="signal_list"),
    path("signals/new/", views.signal_create_view, name="signal_create"),
    path("signals/<int:signal_id>/", views.signal_detail_view, name="signal_detail"),
    path("signals/<int:signal_id>/outreach/", views.signal_outreach_view, name="signal_outreach"),
    path("signals/<int:signal_id>/close/", views.signal_close_view, name="signal_close"),
    path("signals/<int:signal_id>/feedback/", views.signal_feedback_view, name="signal_feedback"),
    path("signals/<int:signal_id>/link/", views.signal_link_view, name="signal_link"),
    path("signals/<int:signal_id>/restart/", views.signal_restart_view, name="signal_restart"),
    path("signals/partners/", views_team.partner_list_view, name="partner_list"),
    path(
        "signals/partners/new/<int:team_id>/", views_team.partner_create_view, name="partner_create"
    ),
    path(
        "signals/partners/<int:partner_id>/edit/", views_team.partner_edit_view, name="partner_edit"
    ),
    path("signals/roster/<int:team_id>/", views_team.roster_view, name="roster"),
    path(
        "signals/roster/<int:team_id>/generate/",
        views_team.roster_generate_view,
        name="roster_generate",
    ),
    path("signals/roster/<int:team_id>/shift/", views_team.roster_shift_view, name="roster_shift"),
]
