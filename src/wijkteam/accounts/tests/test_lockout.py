"""Point 15: failed logins slow down per login name and per address, and lock per name +
address, so an outsider cannot lock the privacy officer out from elsewhere; the functional
administrator sees lockouts and lifts them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wijkteam.conftest import World
from wijkteam.privacy.models import AccessLogEntry

PASSWORD = "correct horse battery staple"
OUTSIDER = "203.0.113.66"
OFFICE = "198.51.100.10"


@pytest.fixture
def officer(world: World):
    world.privacy_officer.set_password(PASSWORD)
    world.privacy_officer.save()
    return world.privacy_officer


def _login(username: str, password: str, address: str):
    return Client(REMOTE_ADDR=address).post(
        reverse("accounts:login"), {"username": username, "password": password}
    )


def _hammer(username: str, address: str, times: int, start: dt.datetime) -> dt.datetime:
    moment = start
    for _ in range(times):
        with time_machine.travel(moment, tick=False):
            _login(username, "wrong password", address)
        moment += dt.timedelta(seconds=40)
    return moment


@pytest.mark.django_db
def test_an_outsider_cannot_lock_the_privacy_officer_out_of_the_office(officer) -> None:
    moment = _hammer(officer.username, OUTSIDER, 10, timezone.now())
    with time_machine.travel(moment, tick=False):
        assert _login(officer.username, PASSWORD, OUTSIDER).status_code == 429
        assert _login(officer.username, PASSWORD, OFFICE).status_code == 302


@pytest.mark.django_db
def test_quick_repeats_wait_without_checking_the_password(officer) -> None:
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        for _ in range(3):
            assert _login(officer.username, "wrong password", OUTSIDER).status_code == 200
        # Now even the right password is refused, before it is checked: "wait N seconds".
        refused = _login(officer.username, PASSWORD, OUTSIDER)
        assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
        assert "Probeer het over" in refused.content.decode()
        # No failure counted by the lockout for the refused attempt.
        assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 3
    with time_machine.travel(now + dt.timedelta(seconds=int(refused["Retry-After"])), tick=False):
        assert _login(officer.username, PASSWORD, OUTSIDER).status_code == 302


@pytest.mark.django_db
def test_one_address_trying_many_names_slows_down(world: World) -> None:
    now = timezone.now()
    names = [f"gok{i}" for i in range(12)]
    with time_machine.travel(now, tick=False):
        codes = [_login(name, "wrong password", OUTSIDER).status_code for name in names]
    assert codes[:10] == [200] * 10 and 429 in codes[10:]


@pytest.mark.django_db
def test_admin_sees_and_lifts_a_lockout(officer, world: World, client_for) -> None:
    moment = _hammer(officer.username, OUTSIDER, 6, timezone.now())
    with time_machine.travel(moment, tick=False):
        admin = client_for(world.admin)
        page = admin.get(reverse("accounts:people")).content.decode()
        assert OUTSIDER in page and 'data-testid="lockouts"' in page
        attempt = AccessAttempt.objects.get(username=officer.username)
        # Another municipality's administrator: 404, and the lockout stays.
        other = client_for(world.other_admin)
        assert OUTSIDER not in other.get(reverse("accounts:people")).content.decode()
        assert other.post(reverse("accounts:unlock", args=[attempt.pk])).status_code == 404
        assert _login(officer.username, PASSWORD, OUTSIDER).status_code == 429
        assert admin.post(reverse("accounts:unlock", args=[attempt.pk])).status_code == 302
        assert _login(officer.username, PASSWORD, OUTSIDER).status_code == 302
    assert AccessLogEntry.objects.filter(
        object_type="accounts.user.lockout", object_id=str(officer.pk), actor=world.admin
    ).exists()
