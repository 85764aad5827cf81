from django.urls import path

from wijkteam.accounts import credential_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("mfa/", views.mfa_view, name="mfa"),
    path("mfa/setup/", views.mfa_setup_view, name="mfa_setup"),
    path("mfa/verify/", views.mfa_verify_view, name="mfa_verify"),
    path("mfa/confirm/", views.mfa_reverify_view, name="mfa_reverify"),
    path("account/recovery-codes/", views.recovery_codes_view, name="recovery_codes"),
    path("invitation/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("account/", views.account_view, name="account"),
    path("account/api-token/", credential_views.api_token_view, name="api_token"),
    path(
        "account/api-tokens/<int:token_id>/revoke/",
        credential_views.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("account/password/", credential_views.password_change_view, name="password_change"),
]

from wijkteam.accounts import manage_views, session_views  # noqa: E402

urlpatterns += [
    path("manage/lockouts/<int:attempt_id>/unlock/", manage_views.unlock_view, name="unlock"),
    path("manage/people/", manage_views.people_view, name="people"),
    path("manage/people/invite/", manage_views.invite_view, name="invite"),
    path("manage/people/<int:user_id>/", manage_views.person_view, name="person"),
    path("manage/people/<int:user_id>/reinvite/", manage_views.reinvite_view, name="reinvite"),
    path(
        "manage/memberships/<int:membership_id>/edit/",
        manage_views.membership_edit_view,
        name="membership_edit",
    ),
    path(
        "manage/memberships/<int:membership_id>/end/",
        manage_views.membership_end_view,
        name="membership_end",
    ),
    path("session/status/", session_views.session_status_view, name="session_status"),
    path("session/renew/", session_views.session_renew_view, name="session_renew"),
    path("account/unsaved/", session_views.drafts_view, name="drafts"),
    path(
        "account/unsaved/<int:draft_id>/fields/",
        session_views.draft_fields_view,
        name="draft_fields",
    ),
    path(
        "account/unsaved/<int:draft_id>/discard/",
        session_views.draft_discard_view,
        name="draft_discard",
    ),
]
