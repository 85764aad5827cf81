from django.contrib.auth.decorators import login_not_required
from django.urls import path

from wijkteam.privacy import api

app_name = "privacy_api"

urlpatterns = [
    path(
        "households/<int:household_id>/consents/",
        login_not_required(api.ConsentListView.as_view()),
        name="consent_list",
    ),
    path(
        "households/<int:household_id>/consents/<int:consent_id>/withdraw/",
        login_not_required(api.ConsentWithdrawView.as_view()),
        name="consent_withdraw",
    ),
    path(
        "households/<int:household_id>/emergency-access/",
        login_not_required(api.EmergencyAccessView.as_view()),
        name="emergency_access",
    ),
    path("access-log/", login_not_required(api.AccessLogView.as_view()), name="accesslog"),
    path(
        "members/<int:member_id>/inzage/",
        login_not_required(api.InzageView.as_view()),
        name="inzage",
    ),
]
