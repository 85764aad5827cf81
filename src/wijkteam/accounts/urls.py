from django.urls import path

from wijkteam.accounts.views import account, credentials

app_name = "accounts"
urlpatterns = [
    path("login/", account.login_view, name="login"),
    path("logout/", account.logout_view, name="logout"),
    path("mfa/", account.mfa_view, name="mfa"),
    path("mfa/setup/", account.mfa_setup_view, name="mfa_setup"),
    path("mfa/verify/", account.mfa_verify_view, name="mfa_verify"),
    path("mfa/confirm/", account.mfa_reverify_view, name="mfa_reverify"),
    path("account/recovery-codes/", account.recovery_codes_view, name="recovery_codes"),
    path("invitation/<str:token>/", account.invitation_accept_view, name="invitation_accept"),
    path("account/", account.account_view, name="account"),
    path("account/api-token/", credentials.api_token_view, name="api_token"),
    path(
        "account/api-tokens/<int:token_id>/revoke/",
        credentials.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("account/password/", credentials.password_change_view, name="password_change"),
]

from wijkteam.accounts.views import manage, session  # noqa: E402

urlpatterns += [
    path("manage/lockouts/<int:attempt_id>/unlock/", manage.unlock_view, name="unlock"),
    path("manage/people/", manage.people_view, name="people"),
    path("manage/people/invite/", manage.invite_view, name="invite"),
    path("manage/people/<int:user_id>/", manage.person_view, name="person"),
    path("manage/people/<int:user_id>/reinvite/", manage.reinvite_view, name="reinvite"),
    path(
        "manage/memberships/<int:membership_id>/edit/",
        manage.membership_edit_view,
        name="membership_edit",
    ),
    path(
        "manage/memberships/<int:membership_id>/end/",
        manage.membership_end_view,
        name="membership_end",
    ),
    path("session/status/", session.session_status_view, name="session_status"),
    path("session/renew/", session.session_renew_view, name="session_renew"),
    path("account/unsaved/", session.drafts_view, name="drafts"),
    path(
        "account/unsaved/<int:draft_id>/fields/",
        session.draft_fields_view,
        name="draft_fields",
    ),
    path(
        "account/unsaved/<int:draft_id>/discard/",
        session.draft_discard_view,
        name="draft_discard",
    ),
]
