"""Failed logins slow down; they never lock a person out from everywhere.

Two mechanisms, both keyed so that an outsider cannot shut out the privacy officer (or
anyone) from another place:

* **Lockout** (django-axes, ``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``): the
  ``WIJKTEAM_LOGIN_FAILURE_LIMIT``-th failure for one login name *from one address* blocks
  that pair for the cool-off time. The same login name from another address still works.
* **Slow-down** (this module): after a few failures for a login name (from anywhere) or from
  an address (for any name), the next attempt *from an address that already failed* must wait
  an increasing delay (2, 4, 8 … seconds, at most ``MAX_DELAY_SECONDS``). The refusal comes
  before the password is checked, so a flood costs no Argon2 time. An address without failures
  of its own is not delayed: the account holder at their own desk logs in at once.

The functional administrator sees current lockouts on the people page and can lift one.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from wijkteam.accounts.models import LoginFailure

ACCOUNT_FREE_FAILURES = 3  # failures of one login name (any address) before delays start
ADDRESS_FREE_FAILURES = 10  # failures from one address (any login name): offices share NAT
MAX_DELAY_SECONDS = 30


def _window() -> dt.timedelta:
    return dt.timedelta(hours=settings.AXES_COOLOFF_TIME)


def _delay(failures: int, free: int) -> int:
    if failures < free:
        return 0
    return int(min(2 ** (failures - free + 1), MAX_DELAY_SECONDS))


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def wait_seconds(*, username: str, ip_address: str | None) -> int:
    """Seconds this address must still wait before it may try this login name again."""
    now = timezone.now()
    recent = LoginFailure.objects.filter(at__gte=now - _window())
    from_here = recent.filter(ip_address=ip_address)
    name = _key(username)
    waits = []
    account_delay = _delay(recent.filter(username=name).count(), ACCOUNT_FREE_FAILURES)
    if account_delay:
        last = from_here.filter(username=name).order_by("-at").values_list("at", flat=True).first()
        if last is not None:
            waits.append(account_delay - (now - last).total_seconds())
    address_delay = _delay(from_here.count(), ADDRESS_FREE_FAILURES)
    if address_delay:
        last = from_here.order_by("-at").values_list("at", flat=True).first()
        if last is not None:
            waits.append(address_delay - (now - last).total_seconds())
    return max([0, *(int(w) + 1 for w in waits if w > 0)])


def failure_record(*, username: str, ip_address: str | None) -> None:
    """Note a failed password; forget what is older than the window for this name/address."""
    now = timezone.now()
    name = _key(username)
    old = now - _window()
    LoginFailure.objects.filter(username=name, at__lt=old).delete()
    LoginFailure.objects.filter(ip_address=ip_address, at__lt=old).delete()
    LoginFailure.objects.create(username=name, ip_address=ip_address, at=now)


def failures_forget(*, username: str, ip_address: str | None = None) -> None:
    """After a successful login (or an unlock): this name from this address starts afresh."""
    rows = LoginFailure.objects.filter(username=_key(username))
    if ip_address is not None:
        rows = rows.filter(ip_address=ip_address)
    rows.delete()
