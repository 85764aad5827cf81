"""The authentication backend: Django's model backend, reading the person's roles with them.

Every page needs the person's active memberships (the access policy decides by them, the
menu shows by them) and the second-factor device the session was verified with.
``MembershipBackend.get_user`` - called once per request by Django's authentication
middleware - reads the user, the active memberships with their team and municipality, and
the confirmed TOTP devices in one query (LEFT JOINs) as a :class:`Login`. :class:`OTPMiddleware`
(which asks Django for the request's person first) keeps what that read brought: the
memberships as the request's :class:`~wijkteam.privacy.policy.Holdings`, which every
``Actor.from_request`` of the request carries, and the devices, where it looks for the
session's device first.
Passwords, permissions, the session hash check and the device checks (it must exist, be
confirmed and belong to the user) are Django's and django-otp's, unchanged; a device that was
not loaded here (a recovery-code device) is read as django-otp always does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import router
from django.db.models import FilteredRelation, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware as BaseOTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.models import Membership, User
from wijkteam.core.compiled import CompiledQuery, Slot, as_big_int, as_date
from wijkteam.organisations.models import Municipality, Team
from wijkteam.privacy import policy

# The dotted path stored in the session at login.
BACKEND = "wijkteam.accounts.backends.MembershipBackend"

_JOIN = "active_membership"
_DEVICE = "confirmed_totp"


@dataclass(frozen=True)
class Login:
    """A person as read for one request: what they hold and their confirmed TOTP devices."""

    user: User
    holdings: policy.Holdings
    devices: Mapping[str, TOTPDevice]


# The logins read while :func:`_logins_read` listens (Django's ``get_user`` returns the user
# alone; the middleware that asked for it takes the rest from here, in the same call).
_READ: ContextVar[list[Login] | None] = ContextVar("wijkteam_logins_read", default=None)


@contextmanager
def _logins_read() -> Iterator[list[Login]]:
    found: list[Login] = []
    token = _READ.set(found)
    try:
        yield found
    finally:
        _READ.reset(token)


def _names(model: Any) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


_USER_NAMES = _names(User)
# The models read with the person, each with its column prefix in the query.
_PARTS: list[tuple[Any, str, list[str]]] = [
    (Membership, f"{_JOIN}__", _names(Membership)),
    (Team, f"{_JOIN}__team__", _names(Team)),
    (Municipality, f"{_JOIN}__municipality__", _names(Municipality)),
    (TOTPDevice, f"{_DEVICE}__", _names(TOTPDevice)),
]


def _login_query(*, user_id: Any, today: dt.date) -> QuerySet[User, tuple[Any, ...]]:
    active = FilteredRelation(
        "memberships",
        condition=Q(memberships__valid_from__lte=today)
        & (Q(memberships__valid_until__isnull=True) | Q(memberships__valid_until__gte=today)),
    )
    devices = FilteredRelation("totpdevice", condition=Q(totpdevice__confirmed=True))
    columns = _USER_NAMES + [prefix + name for _model, prefix, names in _PARTS for name in names]
    return (
        User._default_manager.filter(pk=user_id)
        .annotate(**{_JOIN: active, _DEVICE: devices})
        .order_by(f"{_JOIN}__team__name", f"{_JOIN}__pk")  # as Membership.Meta
        .values_list(*columns)
    )


_LOGIN_QUERY = CompiledQuery(
    _login_query,
    user_id=Slot(1, 2, as_big_int),
    today=Slot(dt.date(2000, 1, 1), dt.date(2000, 1, 2), as_date),
)


def account_usable(user: Any) -> bool:
    """Active, and not a demo account outside demo mode (its password and TOTP key are public)."""
    if not getattr(user, "is_active", False):
        return False
    return not (getattr(user, "is_demo_account", False) and not settings.DEMO_MODE)


class MembershipBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        # Login and every request (get_user) alike: a demo account stops working the moment
        # demo mode is turned off, even before `demo_remove` has run.
        return account_usable(user)

    def get_user(self, user_id: Any) -> User | None:
        login = self.read(user_id)
        if login is None:
            return None
        listening = _READ.get()
        if listening is not None:
            listening.append(login)
        return login.user

    def read(self, user_id: Any) -> Login | None:
        """The person with their active memberships and confirmed TOTP devices: one query,
        whose SQL is built once per connection (only the id and today's date change)."""
        db = router.db_for_read(User)
        try:
            rows = _LOGIN_QUERY.rows(db, user_id=user_id, today=timezone.localdate())
        except (ValueError, TypeError):  # a malformed id in the session
            return None
        if not rows:
            return None
        user_names = _USER_NAMES
        width = len(user_names)
        user = User.from_db(db, user_names, rows[0][:width])
        if not self.user_can_authenticate(user):
            return None
        # One row per (membership, device) pair: normally one device, so one row per role.
        memberships: dict[int, Membership] = {}
        found: dict[str, TOTPDevice] = {}
        for row in rows:
            objects: list[Any] = []
            offset = width
            for model, _prefix, names in _PARTS:
                chunk = row[offset : offset + len(names)]
                offset += len(names)
                objects.append(None if chunk[0] is None else model.from_db(db, names, chunk))
            membership, team, municipality, device = objects
            if membership is not None and membership.pk not in memberships:
                membership.user = user
                membership.team = team
                membership.municipality = municipality
                memberships[membership.pk] = membership
            if device is not None:
                device.user = user
                found[device.persistent_id] = device
        holdings = policy.Holdings(user_id=user.pk, memberships=tuple(memberships.values()))
        return Login(user=user, holdings=holdings, devices=found)


def is_verified(user: object) -> bool:
    """Whether the request's person passed the second factor (the device
    :class:`OTPMiddleware` found for the session; django-otp's ``user.is_verified()``)."""
    return getattr(user, "otp_device", None) is not None


class OTPMiddleware(BaseOTPMiddleware):  # type: ignore[misc]  # django-otp ships no types
    """django-otp's middleware, taking the session's device from those read with the user."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        with _logins_read() as logins:
            self._init_user_fields(user)  # the first use of Django's lazy user: get_user runs
        login = next((found for found in logins if found.user.pk == user.pk), None)
        if login is not None:
            policy.attach_holdings(request, login.holdings)
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            device = None
            if persistent_id:
                devices = login.devices if login is not None else {}
                device = devices.get(self._normalize_persistent_id(persistent_id))
                if device is None:
                    device = self._device_from_persistent_id(persistent_id)
            user.otp_device = self._finalize_device(request, user, device)
        return user
