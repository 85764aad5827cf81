"""Writes about a person's credentials: API tokens, password change, demo accounts, lockouts.

Kept apart from ``services.py`` (people and memberships) so each stays readable. Every
function is keyword-only and atomic; what changes a credential is logged (the access log
where a person acts, the application log for the command-line demo removal).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.models import ApiToken, Invitation, LoginFailure, Membership, User
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Action, Actor
from wijkteam.privacy.rules.accounts import REVOKE_TOKEN
from wijkteam.privacy.services import access_log_record

logger = logging.getLogger("wijkteam.accounts")

TOKEN_PREFIX = "wt_"
MAX_ACTIVE_TOKENS = 10
# last_used_at is written at most this often per token: the API's hot path stays read-only.
LAST_USED_EVERY = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A new token: the row, and the raw value to show once (it is not stored)."""

    token: ApiToken
    raw: str


def _active_tokens(user: User) -> list[ApiToken]:
    now = timezone.now()
    return list(ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now))


@transaction.atomic
def api_token_create(*, actor: Actor) -> IssuedToken:
    """A new personal token for the acting person (only reachable after MFA)."""
    user = User.objects.select_for_update().get(pk=actor.user.pk)  # one create at a time
    if len(_active_tokens(user)) >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You already have %(count)d valid API tokens. Revoke one first.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        token_hash=hash_token(raw),
        prefix=raw[:10],
        created_at=now,
        expires_at=now + dt.timedelta(days=settings.API_TOKEN_VALID_DAYS),
    )
    decision = policy.require(actor, Action.VIEW, token)
    access_log_record(
        actor=actor,
        event=AccessEvent.CREATE,
        object_type="accounts.api_token",
        object_id=token.pk,
        decision=decision,
        purpose="account",
    )
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def api_token_revoke(*, actor: Actor, token_id: int) -> ApiToken:
    """Revoke one of the person's own tokens; anyone else's is AccessDenied (404)."""
    token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
    if token is None:
        raise policy.AccessDenied("no such token")
    decision = policy.require(actor, REVOKE_TOKEN, token)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        access_log_record(
            actor=actor,
            event=AccessEvent.DELETE,
            object_type="accounts.api_token",
            object_id=token.pk,
            decision=decision,
            purpose="account",
        )
    return token


def api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every token of ``user`` (password changed or reset, account removed)."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if count:
        logger.warning("revoked %d API token(s) of person %s", count, user.pk)
    return count


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The usable token for ``raw`` with its person, or None. Notes the use once a minute."""
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(raw)).first()
    now = timezone.now()
    if token is None or not token.is_usable(now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@transaction.atomic
def password_change(*, actor: Actor, current_password: str, new_password: str) -> int:
    """Set a new password after checking the current one; every API token is revoked.

    Returns how many tokens were revoked. Other sessions end by themselves (Django's session
    hash follows the password); the view keeps the current one.
    """
    user = User.objects.select_for_update().get(pk=actor.user.pk)
    if not user.check_password(current_password):
        raise ValidationError({"current_password": _("Your current password is not correct.")})
    validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    revoked = api_tokens_revoke_all(user=user)
    # The person's own account: no policy decision to record (role "self" is implied).
    access_log_record(
        actor=actor,
        event=AccessEvent.UPDATE,
        object_type="accounts.user.password",
        object_id=user.pk,
        purpose="account",
    )
    return revoked


# --- demo accounts -----------------------------------------------------------------------


@dataclass(frozen=True)
class DemoRemoval:
    deleted: list[str]
    deactivated: list[str]  # kept as inactive rows: the access log refers to them


def _sessions_of(user_ids: set[str]) -> list[str]:
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id", "")) in user_ids:
            keys.append(session.session_key)
    return keys


@transaction.atomic
def demo_accounts_remove() -> DemoRemoval:
    """Remove every demo account with its memberships, devices, tokens and sessions.

    An account the access log refers to (it read or wrote something) cannot be deleted: the
    log is append-only and keeps the person. It is made unusable instead: inactive, no
    password, no devices, no memberships. Logged to the application log.
    """
    demo = list(User.objects.filter(is_demo_account=True).order_by("username"))
    ids = {str(user.pk) for user in demo}
    Session.objects.filter(session_key__in=_sessions_of(ids)).delete()
    deleted: list[str] = []
    deactivated: list[str] = []
    for user in demo:
        Membership.objects.filter(user=user).delete()
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        Invitation.objects.filter(user=user).delete()
        api_tokens_revoke_all(user=user)
        AccessAttempt.objects.filter(username=user.username).delete()
        LoginFailure.objects.filter(username=user.username).delete()
        try:
            with transaction.atomic():
                user.delete()
            deleted.append(user.username)
        except ProtectedError:
            user.is_active = False
            user.set_unusable_password()
            user.save(update_fields=["is_active", "password"])
            deactivated.append(user.username)
    logger.warning(
        "demo accounts removed: %d deleted (%s), %d made unusable (%s)",
        len(deleted),
        ", ".join(deleted) or "-",
        len(deactivated),
        ", ".join(deactivated) or "-",
    )
    return DemoRemoval(deleted=deleted, deactivated=deactivated)


# --- lockouts --------------------------------------------------------------------------------


@transaction.atomic
def lockout_release(*, actor: Actor, attempt_id: int) -> User:
    """Lift a lockout (login name + address) of a person the actor administers.

    Anyone else's, or a login name that is nobody in the actor's municipality, is
    AccessDenied (404): the administrator learns nothing about other municipalities.
    """
    attempt = AccessAttempt.objects.select_for_update().filter(pk=attempt_id).first()
    person = (
        policy.people_managed_by(actor).filter(username=attempt.username).first()
        if attempt is not None
        else None
    )
    if attempt is None or person is None:
        raise policy.AccessDenied("no such lockout")
    decision = policy.require(actor, Action.MANAGE, person)
    AccessAttempt.objects.filter(username=attempt.username, ip_address=attempt.ip_address).delete()
    LoginFailure.objects.filter(
        username=attempt.username.strip().lower(), ip_address=attempt.ip_address
    ).delete()
    access_log_record(
        actor=actor,
        event=AccessEvent.UPDATE,
        object_type="accounts.user.lockout",
        object_id=person.pk,
        decision=decision,
        purpose="configuration",
    )
    logger.warning(
        "lockout of person %s from %s lifted by person %s",
        person.pk,
        attempt.ip_address,
        actor.user.pk,
    )
    return person
