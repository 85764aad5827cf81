from django.urls import path

from wijkteam.socialmap.views import importing, proposals, referrals, search

app_name = "socialmap"
urlpatterns = [
    path("socialmap/", search.search_view, name="search"),
    path("socialmap/fragment/", search.search_fragment_view, name="search_fragment"),
    path("socialmap/services/new/", search.service_edit_view, name="service_create"),
    path("socialmap/services/<int:service_id>/", search.service_detail_view, name="service_detail"),
    path(
        "socialmap/services/<int:service_id>/edit/", search.service_edit_view, name="service_edit"
    ),
    path(
        "socialmap/services/<int:service_id>/checked/",
        search.service_checked_view,
        name="service_checked",
    ),
    path("socialmap/proposals/", proposals.proposals_view, name="proposals"),
    path("socialmap/proposals/new/", proposals.proposal_create_view, name="proposal_create"),
    path(
        "socialmap/proposals/<int:service_id>/review/",
        proposals.proposal_review_view,
        name="proposal_review",
    ),
    path("socialmap/providers/new/", search.provider_edit_view, name="provider_create"),
    path(
        "socialmap/providers/<int:provider_id>/",
        search.provider_detail_view,
        name="provider_detail",
    ),
    path(
        "socialmap/providers/<int:provider_id>/edit/",
        search.provider_edit_view,
        name="provider_edit",
    ),
    path("socialmap/export/", importing.export_view, name="export"),
    path("socialmap/import/", importing.import_upload_view, name="import_upload"),
    path(
        "socialmap/import/<int:job_id>/mapping/",
        importing.import_mapping_view,
        name="import_mapping",
    ),
    path(
        "socialmap/import/<int:job_id>/preview/",
        importing.import_preview_view,
        name="import_preview",
    ),
    path("socialmap/import/<int:job_id>/", importing.import_result_view, name="import_result"),
    path(
        "socialmap/solutions/<int:solution_id>/refer/",
        referrals.referral_create_view,
        name="referral_create",
    ),
    path(
        "socialmap/referrals/<int:referral_id>/",
        referrals.referral_detail_view,
        name="referral_detail",
    ),
    path("socialmap/expertise/", search.expertise_mine_view, name="expertise_mine"),
    path(
        "socialmap/expertise/teams/<int:team_id>/",
        search.team_expertise_view,
        name="team_expertise",
    ),
]
