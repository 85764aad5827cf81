from django.contrib.auth.decorators import login_not_required
from django.urls import path

from wijkteam.intake import api

app_name = "intake_api"

urlpatterns = [
    path("signals/", login_not_required(api.SignalListView.as_view()), name="signal_list"),
    path(
        "signals/<int:signal_id>/",
        login_not_required(api.SignalDetailView.as_view()),
        name="signal_detail",
    ),
    path(
        "signals/<int:signal_id>/outreach-attempts/",
        login_not_required(api.OutreachCreateView.as_view()),
        name="outreach_create",
    ),
    path(
        "signals/<int:signal_id>/link/",
        login_not_required(api.SignalLinkView.as_view()),
        name="signal_link",
    ),
    path(
        "signals/<int:signal_id>/restart/",
        login_not_required(api.SignalRestartView.as_view()),
        name="signal_restart",
    ),
    path("duty/today/", login_not_required(api.DutyTodayView.as_view()), name="duty_today"),
]
