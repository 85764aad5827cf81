from django.urls import path

from wijkteam.privacy import rectification
from wijkteam.privacy.views import consent, supervision

app_name = "privacy"
urlpatterns = [
    path("privacy/access-log/", supervision.accesslog_view, name="accesslog"),
    path("privacy/access-log/export/", supervision.accesslog_export_view, name="accesslog_export"),
    path(
        "privacy/access-log/anchors/", supervision.accesslog_anchors_view, name="accesslog_anchors"
    ),
    path("protocol/<int:municipality_id>/", supervision.protocol_view, name="protocol"),
    path("privacy/consent/<int:household_id>/", consent.consent_list_view, name="consent_list"),
    path(
        "privacy/consent/<int:household_id>/<int:consent_id>/withdraw/",
        consent.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path(
        "privacy/consent/<int:household_id>/<int:consent_id>/document/",
        consent.consent_document_view,
        name="consent_document",
    ),
    path(
        "privacy/consent/<int:household_id>/disclosure/",
        consent.disclosure_record_view,
        name="disclosure_record",
    ),
    path("privacy/rectify/<int:member_id>/", rectification.member_rectify_view, name="rectify"),
    path("privacy/inzage/<int:member_id>.json", supervision.inzage_json_view, name="inzage_json"),
    path("privacy/inzage/<int:member_id>.pdf", supervision.inzage_pdf_view, name="inzage_pdf"),
    path(
        "manage/information-protocol/", supervision.protocol_settings_view, name="protocol_settings"
    ),
]

from wijkteam.privacy.views import emergency  # noqa: E402

urlpatterns += [
    path(
        "privacy/emergency/<int:household_id>/",
        emergency.emergency_request_view,
        name="emergency_request",
    ),
    path("privacy/emergency-reviews/", emergency.emergency_review_view, name="emergency_review"),
    path(
        "privacy/emergency-reviews/<int:grant_id>/acknowledge/",
        emergency.emergency_acknowledge_view,
        name="emergency_acknowledge",
    ),
]
