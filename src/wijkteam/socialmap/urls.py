from django.urls import path

from wijkteam.socialmap import views, views_import, views_proposal, views_referral

app_name = "socialmap"
urlpatterns = [
    path("socialmap/", views.search_view, name="search"),
    path("socialmap/fragment/", views.search_fragment_view, name="search_fragment"),
    path("socialmap/services/new/", views.service_edit_view, name="service_create"),
    path("socialmap/services/<int:service_id>/", views.service_detail_view, name="service_detail"),
    path("socialmap/services/<int:service_id>/edit/", views.service_edit_view, name="service_edit"),
    path(
        "socialmap/services/<int:service_id>/checked/",
        views.service_checked_view,
        name="service_checked",
    ),
    path("socialmap/proposals/", views_proposal.proposals_view, name="proposals"),
    path("socialmap/proposals/new/", views_proposal.proposal_create_view, name="proposal_create"),
    path(
        "socialmap/proposals/<int:service_id>/review/",
        views_proposal.proposal_review_view,
        name="proposal_review",
    ),
    path("socialmap/providers/new/", views.provider_edit_view, name="provider_create"),
    path(
        "socialmap/providers/<int:provider_id>/", views.provider_detail_view, name="provider_detail"
    ),
    path(
        "socialmap/providers/<int:provider_id>/edit/",
        views.provider_edit_view,
        name="provider_edit",
    ),
    path("socialmap/export/", views_import.export_view, name="export"),
    path("socialmap/import/", views_import.import_upload_view, name="import_upload"),
    path(
        "socialmap/import/<int:job_id>/mapping/",
        views_import.import_mapping_view,
        name="import_mapping",
    ),
    path(
        "socialmap/import/<int:job_id>/preview/",
        views_import.import_preview_view,
        name="import_preview",
    ),
    path("socialmap/import/<int:job_id>/", views_import.import_result_view, name="import_result"),
    path(
        "socialmap/solutions/<int:solution_id>/refer/",
        views_referral.referral_create_view,
        name="referral_create",
    ),
    path(
        "socialmap/referrals/<int:referral_id>/",
        views_referral.referral_detail_view,
        name="referral_detail",
    ),
    path("socialmap/expertise/", views.expertise_mine_view, name="expertise_mine"),
    path(
        "socialmap/expertise/teams/<int:team_id>/", views.team_expertise_view, name="team_expertise"
    ),
]
