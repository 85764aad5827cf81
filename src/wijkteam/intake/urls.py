from django.urls import path

from wijkteam.intake.views import signals, team

app_name = "intake"

urlpatterns = [
    path("signals/", signals.signal_list_view, name="signal_list"),
    path("signals/new/", signals.signal_create_view, name="signal_create"),
    path("signals/<int:signal_id>/", signals.signal_detail_view, name="signal_detail"),
    path("signals/<int:signal_id>/outreach/", signals.signal_outreach_view, name="signal_outreach"),
    path("signals/<int:signal_id>/close/", signals.signal_close_view, name="signal_close"),
    path("signals/<int:signal_id>/feedback/", signals.signal_feedback_view, name="signal_feedback"),
    path("signals/<int:signal_id>/link/", signals.signal_link_view, name="signal_link"),
    path("signals/<int:signal_id>/restart/", signals.signal_restart_view, name="signal_restart"),
    path("signals/partners/", team.partner_list_view, name="partner_list"),
    path("signals/partners/new/<int:team_id>/", team.partner_create_view, name="partner_create"),
    path("signals/partners/<int:partner_id>/edit/", team.partner_edit_view, name="partner_edit"),
    path("signals/roster/<int:team_id>/", team.roster_view, name="roster"),
    path(
        "signals/roster/<int:team_id>/generate/",
        team.roster_generate_view,
        name="roster_generate",
    ),
    path("signals/roster/<int:team_id>/shift/", team.roster_shift_view, name="roster_shift"),
]
