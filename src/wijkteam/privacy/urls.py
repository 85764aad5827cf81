from django.urls import path

from wijkteam.privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/access-log/", views.accesslog_view, name="accesslog"),
    path("privacy/access-log/export/", views.accesslog_export_view, name="accesslog_export"),
    path("protocol/<int:municipality_id>/", views.protocol_view, name="protocol"),
    path("manage/information-protocol/", views.protocol_settings_view, name="protocol_settings"),
]

from wijkteam.privacy import emergency_views  # noqa: E402

urlpatterns += [
    path(
        "privacy/emergency/<int:household_id>/",
        emergency_views.emergency_request_view,
        name="emergency_request",
    ),
    path(
        "privacy/emergency-reviews/", emergency_views.emergency_review_view, name="emergency_review"
    ),
    path(
        "privacy/emergency-reviews/<int:grant_id>/acknowledge/",
        emergency_views.emergency_acknowledge_view,
        name="emergency_acknowledge",
    ),
]
