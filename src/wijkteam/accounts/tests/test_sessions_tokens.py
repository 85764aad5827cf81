"""Point 14: the session key changes at the second factor; API tokens are hashed, listed,
revocable one by one and revoked at a password change; personal pages are not stored."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.models import ApiToken
from wijkteam.conftest import World

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "another long passphrase 2026"


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def member(world: World):
    world.member_a.set_password(PASSWORD)
    world.member_a.save()
    return world.member_a


def _issue(client: Client) -> str:
    page = client.post(reverse("accounts:api_token"))
    assert page.status_code == 200
    return page.context["token"]


def _api(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


@pytest.mark.django_db
def test_session_id_from_before_the_second_factor_no_longer_works(member) -> None:
    client = Client()
    client.post(reverse("accounts:login"), {"username": member.username, "password": PASSWORD})
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    device = TOTPDevice.objects.get(user=member)
    assert client.post(reverse("accounts:mfa_verify"), {"code": _code(device)}).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert client.get(reverse("core:my_work")).status_code == 200
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = before
    response = stolen.get(reverse("core:my_work"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_api_token_is_stored_only_as_a_hash(world: World, client_for) -> None:
    raw = _issue(client_for(world.member_a))
    row = ApiToken.objects.get(user=world.member_a)
    assert raw not in (row.token_hash, row.prefix) and len(row.token_hash) == 64
    assert _api(raw).get(reverse("api:me")).status_code == 200
    assert _api(row.token_hash).get(reverse("api:me")).status_code == 401


@pytest.mark.django_db
def test_tokens_are_listed_with_last_use_and_revoked_one_by_one(world: World, client_for) -> None:
    client = client_for(world.member_a)
    first, second = _issue(client), _issue(client)
    _api(first).get(reverse("api:me"))
    page = client.get(reverse("accounts:account")).content.decode()
    assert page.count("Intrekken: wt_") == 2 and "nooit" in page  # the second was never used
    used = ApiToken.objects.get(prefix=first[:10])
    assert used.last_used_at is not None
    assert client.post(reverse("accounts:api_token_revoke", args=[used.pk])).status_code == 302
    assert _api(first).get(reverse("api:me")).status_code == 401
    assert _api(second).get(reverse("api:me")).status_code == 200
    # Someone else's token: 404, and it keeps working.
    other = ApiToken.objects.get(prefix=second[:10])
    revoke = client_for(world.member_b).post(reverse("accounts:api_token_revoke", args=[other.pk]))
    assert revoke.status_code == 404
    assert _api(second).get(reverse("api:me")).status_code == 200


@pytest.mark.django_db
def test_last_use_is_written_at_most_once_a_minute(world: World, client_for) -> None:
    raw = _issue(client_for(world.member_a))
    now = timezone.now()
    with time_machine.travel(now, tick=False):
        _api(raw).get(reverse("api:me"))
    with time_machine.travel(now + dt.timedelta(seconds=30), tick=False):
        _api(raw).get(reverse("api:me"))
    assert ApiToken.objects.get().last_used_at == now
    with time_machine.travel(now + dt.timedelta(seconds=61), tick=False):
        _api(raw).get(reverse("api:me"))
    assert ApiToken.objects.get().last_used_at == now + dt.timedelta(seconds=61)


@pytest.mark.django_db
def test_expired_token_is_refused(world: World, client_for) -> None:
    raw = _issue(client_for(world.member_a))
    later = timezone.now() + dt.timedelta(days=settings.API_TOKEN_VALID_DAYS, minutes=1)
    with time_machine.travel(later, tick=False):
        assert _api(raw).get(reverse("api:me")).status_code == 401


@pytest.mark.django_db
def test_password_change_revokes_every_token(member, client_for) -> None:
    client = client_for(member)
    tokens = [_issue(client), _issue(client)]
    wrong = client.post(
        reverse("accounts:password_change"),
        {"current_password": "not it", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 400 and "niet juist" in wrong.content.decode()
    assert _api(tokens[0]).get(reverse("api:me")).status_code == 200
    done = client.post(
        reverse("accounts:password_change"),
        {"current_password": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert all(_api(t).get(reverse("api:me")).status_code == 401 for t in tokens)
    assert client.get(reverse("accounts:account")).status_code == 200  # still logged in here
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_personal_pages_and_api_answers_are_not_stored(world: World, client_for) -> None:
    client = client_for(world.member_a)
    for url in (reverse("core:my_work"), reverse("accounts:account"), reverse("api:me")):
        assert "no-store" in client.get(url)["Cache-Control"], url
    raw = _issue(client)
    assert "no-store" in _api(raw).get(reverse("api:me"))["Cache-Control"]
    anonymous = Client().get(reverse("accounts:login"))
    assert "no-store" not in anonymous.get("Cache-Control", "")
