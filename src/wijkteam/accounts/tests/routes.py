from axes.models import AccessAttempt
from django.utils import timezone

from wijkteam.accounts.models import DraftReason
from wijkteam.accounts.security import api_token_create
from wijkteam.accounts.services import draft_keep
from wijkteam.core.testing.routes import ALL_LOGGED_IN, Route, expect, ui
from wijkteam.privacy.policy import Actor


def _draft_of_member_a(world):
    draft = draft_keep(
        actor=Actor(user=world.member_a),
        reason=DraftReason.SERVER_ERROR,
        url="/households/1/notes/",
        page_url="/households/1/",
        fields=[("text", "Gesprek met mevrouw over de huur")],
    )
    return {"draft_id": draft.pk}


def _token_of_member_a(world):
    return {"token_id": api_token_create(actor=Actor(user=world.member_a)).token.pk}


def _lockout_of_member_a(world):
    attempt = AccessAttempt.objects.create(
        username=world.member_a.username,
        ip_address="203.0.113.66",
        user_agent="",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/login/",
        failures_since_start=6,
        attempt_time=timezone.now(),
    )
    return {"attempt_id": attempt.pk}


# Logged-in personas have passed MFA: the MFA pages send them on (302).
ROUTES = [
    Route("accounts:login", expect(302, anonymous=200)),
    Route("accounts:logout", expect(302), method="post"),
    Route("accounts:mfa", expect(302)),
    Route("accounts:mfa_setup", expect(302)),
    Route("accounts:mfa_verify", expect(200, anonymous=302)),
    Route("accounts:recovery_codes", ui(ALL_LOGGED_IN)),
    Route("accounts:mfa_reverify", ui(ALL_LOGGED_IN)),
    Route(
        "accounts:invitation_accept", expect(404), kwargs=lambda w: {"token": "not-a-valid-token"}
    ),
    Route("accounts:account", ui(ALL_LOGGED_IN)),
    Route("accounts:api_token", ui(ALL_LOGGED_IN), method="post"),
    # A token is its owner's alone to revoke; a lockout is lifted by its municipality's admin.
    Route(
        "accounts:api_token_revoke",
        ui(("member_a",), ok=302),
        method="post",
        kwargs=_token_of_member_a,
    ),
    Route("accounts:password_change", ui(ALL_LOGGED_IN)),
    Route("accounts:unlock", ui(("admin",), ok=302), method="post", kwargs=_lockout_of_member_a),
    Route("accounts:people", ui(("admin", "other_admin"))),
    Route("accounts:invite", ui(("admin", "other_admin"))),
    Route("accounts:person", ui(("admin",)), kwargs=lambda w: {"user_id": w.member_a.pk}),
    Route(
        "accounts:reinvite",
        ui(("admin",)),
        method="post",
        kwargs=lambda w: {"user_id": w.member_a.pk},
    ),
    Route(
        "accounts:membership_edit",
        ui(("admin",)),
        kwargs=lambda w: {"membership_id": w.member_a.memberships.get().pk},
    ),
    Route(
        "accounts:membership_end",
        ui(("admin",), ok=302),
        method="post",
        kwargs=lambda w: {"membership_id": w.member_a.memberships.get().pk},
    ),
    # The idle warning: asking how long is open to all (anonymous: 0 s), renewing needs a login.
    Route("accounts:session_status", expect(200)),
    Route("accounts:session_renew", ui(ALL_LOGGED_IN), method="post"),
    # Kept input is its typist's alone: everyone else gets 404.
    Route("accounts:drafts", ui(ALL_LOGGED_IN)),
    Route("accounts:draft_fields", ui(("member_a",)), kwargs=_draft_of_member_a),
    Route(
        "accounts:draft_discard",
        ui(("member_a",), ok=302),
        method="post",
        kwargs=_draft_of_member_a,
    ),
]
