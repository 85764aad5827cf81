from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts import services
from wijkteam.conftest import World

# Travel relative to the real clock: sessions and tokens made outside a travel block must
# stay consistent with the travelled times.
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
PASSWORD = "correct horse battery staple"


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def member(world: World):
    user = world.member_a
    user.set_password(PASSWORD)
    user.save()
    return user


def _password_step(client: Client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_password_alone_reaches_only_the_mfa_page(member) -> None:
    client = Client()
    response = _password_step(client, member.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:mfa")
    # Every other page sends the half-logged-in person back to the second step.
    assert client.get(reverse("core:my_work"))["Location"] == reverse("accounts:mfa")
    assert client.get(reverse("api:me")).status_code == 401


@pytest.mark.django_db
def test_correct_totp_code_logs_in_and_wrong_code_is_refused(member) -> None:
    client = Client()
    device = TOTPDevice.objects.get(user=member)
    with time_machine.travel(NOW, tick=False):
        _password_step(client, member.username, PASSWORD)
        wrong_code = "000000" if _code(device) != "000000" else "111111"
        wrong = client.post(reverse("accounts:mfa_verify"), {"code": wrong_code})
        assert wrong.status_code == 200
        assert "niet juist" in wrong.content.decode()
        # Right after a wrong code, django-otp throttles the device (1 s, doubling).
        device.refresh_from_db()
        assert (
            client.post(reverse("accounts:mfa_verify"), {"code": _code(device)}).status_code == 200
        )
    with time_machine.travel(NOW + dt.timedelta(seconds=5), tick=False):
        device.refresh_from_db()
        ok = client.post(reverse("accounts:mfa_verify"), {"code": _code(device)})
    assert ok.status_code == 302
    assert client.get(reverse("core:my_work")).status_code == 200


@pytest.mark.django_db
def test_recovery_code_works_once(member) -> None:
    codes = services.recovery_codes_regenerate(user=member)
    for expected in (302, 200):
        client = Client()
        _password_step(client, member.username, PASSWORD)
        response = client.post(reverse("accounts:mfa_verify"), {"code": codes[0]})
        assert response.status_code == expected


def _fail_slowly(client: Client, username: str, times: int, start: dt.datetime) -> dt.datetime:
    """Wrong passwords a minute apart (past the slow-down), as a patient guesser would."""
    moment = start
    for _ in range(times):
        with time_machine.travel(moment, tick=False):
            response = _password_step(client, username, "wrong password")
        moment += dt.timedelta(seconds=40)
        if response.status_code == 429:
            return moment
        assert response.status_code == 200 and "niet juist" in response.content.decode()
    return moment


@pytest.mark.django_db
def test_sixth_wrong_password_blocks_that_address_even_with_the_right_password(member) -> None:
    client = Client()
    moment = _fail_slowly(client, member.username, 5, NOW)
    with time_machine.travel(moment, tick=False):
        sixth = _password_step(client, member.username, "wrong password")
        assert sixth.status_code == 429
        assert "geblokkeerd" in sixth.content.decode()
        assert _password_step(Client(), member.username, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_lockout_ends_after_cool_off(member) -> None:
    client = Client()
    moment = _fail_slowly(client, member.username, 6, NOW)
    with time_machine.travel(moment + dt.timedelta(minutes=16), tick=False):
        assert _password_step(client, member.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_idle_session_expires(member, settings) -> None:
    client = Client()
    with time_machine.travel(NOW, tick=False):
        _password_step(client, member.username, PASSWORD)
        device = TOTPDevice.objects.get(user=member)
        client.post(reverse("accounts:mfa_verify"), {"code": _code(device)})
        assert client.get(reverse("core:my_work")).status_code == 200
    with time_machine.travel(NOW + dt.timedelta(minutes=14), tick=False):
        assert client.get(reverse("core:my_work")).status_code == 200  # activity renews
    with time_machine.travel(NOW + dt.timedelta(minutes=30), tick=False):
        response = client.get(reverse("core:my_work"))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_enrolment_confirms_device_and_gives_recovery_codes(world: World) -> None:
    user = world.member_b
    TOTPDevice.objects.filter(user=user).delete()
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    with time_machine.travel(NOW, tick=False):
        _password_step(client, user.username, PASSWORD)
        assert client.get(reverse("accounts:mfa"))["Location"] == reverse("accounts:mfa_setup")
        page = client.get(reverse("accounts:mfa_setup"))
        assert b"data:image/svg+xml" in page.content
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        assert client.post(reverse("accounts:mfa_setup"), {"code": "123456"}).status_code == 200
        assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    with time_machine.travel(NOW + dt.timedelta(seconds=5), tick=False):
        device.refresh_from_db()
        response = client.post(reverse("accounts:mfa_setup"), {"code": _code(device)})
    assert response["Location"] == reverse("accounts:recovery_codes")
    codes_page = client.get(reverse("accounts:recovery_codes")).content.decode()
    assert codes_page.count("<code>") == services.RECOVERY_CODE_COUNT
    assert TOTPDevice.objects.get(user=user).confirmed


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(member) -> None:
    assert member.password.startswith("argon2")


@pytest.mark.django_db
def test_invitation_sets_password_then_requires_enrolment(world: World, client_for) -> None:
    admin_client = client_for(world.admin)
    response = admin_client.post(
        reverse("accounts:invite"),
        {
            "first_name": "Nieuwe",
            "last_name": "Collega",
            "email": "n@example.org",
            "username": "nieuw",
            "team": world.team_a.pk,
            "role": "team_member",
            "secrecy_status": "professional_secrecy",
            "function_title": "Jongerenwerker",
            "fte": "0.6",
            "home_organisation": world.home_org.pk,
        },
    )
    assert response.status_code == 200
    url = response.context["url"]
    client = Client()
    token_path = url.split("testserver")[1]
    assert client.get(token_path).status_code == 200
    short = client.post(token_path, {"password1": "kort", "password2": "kort"})
    assert short.status_code == 200
    assert "te kort" in short.content.decode(), short.content.decode()[-3000:]
    done = client.post(token_path, {"password1": PASSWORD, "password2": PASSWORD})
    assert done["Location"] == reverse("accounts:mfa_setup")
    # The link works once.
    assert Client().get(token_path).status_code == 404
