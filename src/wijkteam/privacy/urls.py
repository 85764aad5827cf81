from django.urls import path

from wijkteam.privacy import consent_views, rectification, views

app_name = "privacy"
urlpatterns = [
    path("privacy/access-log/", views.accesslog_view, name="accesslog"),
    path("privacy/access-log/export/", views.accesslog_export_view, name="accesslog_export"),
    path("privacy/access-log/anchors/", views.accesslog_anchors_view, name="accesslog_anchors"),
    path("protocol/<int:municipality_id>/", views.protocol_view, name="protocol"),
    path(
        "privacy/consent/<int:household_id>/", consent_views.consent_list_view, name="consent_list"
    ),
    path(
        "privacy/consent/<int:household_id>/<int:consent_id>/withdraw/",
        consent_views.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path(
        "privacy/consent/<int:household_id>/<int:consent_id>/document/",
        consent_views.consent_document_view,
        name="consent_document",
    ),
    path(
        "privacy/consent/<int:household_id>/disclosure/",
        consent_views.disclosure_record_view,
        name="disclosure_record",
    ),
    path("privacy/rectify/<int:member_id>/", rectification.member_rectify_view, name="rectify"),
    path("privacy/inzage/<int:member_id>.json", views.inzage_json_view, name="inzage_json"),
    path("privacy/inzage/<int:member_id>.pdf", views.inzage_pdf_view, name="inzage_pdf"),
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
