"""Nothing typed is lost: input of a POST that could not be saved is kept and offered back."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.handlers.exception import response_for_exception
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts import drafts, selectors, services
from wijkteam.accounts.backends import OTPMiddleware
from wijkteam.accounts.models import Draft, DraftReason
from wijkteam.casework.tests.helpers import make_household
from wijkteam.conftest import World, verified_client
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import AccessDenied, Actor

PASSWORD = "correct horse battery staple"
NOTE = "Huisbezoek: mevrouw vertelt over de huurachterstand.\nVolgende week bellen."


def _now() -> dt.datetime:
    # Relative to the real clock: the session stamps made outside a travel block are real.
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _note_url(world: World) -> str:
    household = make_household(world)
    return reverse("casework:note_create", kwargs={"household_id": household.pk})


def _log_events(user, event: str) -> int:
    return AccessLogEntry.objects.filter(
        actor=user, object_type="accounts.draft", event=event
    ).count()


def _login(client: Client, user) -> object:
    client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return client.post(reverse("accounts:mfa_verify"), {"code": f"{totp.token():06d}"})


@pytest.fixture
def member(world: World):
    world.member_a.set_password(PASSWORD)
    world.member_a.save()
    return world.member_a


# --- the service: encrypted, the person's own, short-lived ----------------------------------


@pytest.mark.django_db
def test_kept_input_is_encrypted_and_logged(member) -> None:
    draft = services.draft_keep(
        actor=Actor(user=member),
        reason=DraftReason.SERVER_ERROR,
        url="/households/1/notes/",
        page_url="/households/1/",
        fields=[("kind", "visit"), ("text", NOTE)],
    )
    row = Draft.objects.get(pk=draft.pk)
    assert "huurachterstand" not in row.ciphertext and "visit" not in row.ciphertext
    assert row.field_names == ["kind", "text"]
    assert _log_events(member, "create") == 1
    shown = selectors.draft_list(actor=Actor(user=member))
    assert [view.fields for view in shown] == [[("kind", "visit"), ("text", NOTE)]]
    assert _log_events(member, "read") == 1


@pytest.mark.django_db
def test_another_person_cannot_read_or_discard_it(world: World, member) -> None:
    draft = services.draft_keep(
        actor=Actor(user=member),
        reason=DraftReason.CSRF_FAILURE,
        url="/x/",
        page_url="/x/",
        fields=[("text", NOTE)],
    )
    colleague = Actor(user=world.leader_a)
    assert selectors.draft_list(actor=colleague) == []
    with pytest.raises(AccessDenied):
        selectors.draft_get(actor=colleague, draft_id=draft.pk)
    with pytest.raises(AccessDenied):
        services.draft_discard(actor=colleague, draft_id=draft.pk)
    # A row moved to another person cannot be decrypted: the key is derived per person.
    assert drafts.decrypt(user_id=world.leader_a.pk, ciphertext=draft.ciphertext) is None
    for persona in ("leader_a", "admin", "privacy_officer", "member_b"):
        client = verified_client(world.users[persona])
        assert client.get(reverse("accounts:draft_fields", args=[draft.pk])).status_code == 404
        assert NOTE.split()[1] not in client.get(reverse("accounts:drafts")).content.decode()
    assert Draft.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_kept_input_expires_and_is_purged(member) -> None:
    draft = services.draft_keep(
        actor=Actor(user=member),
        reason=DraftReason.SERVER_ERROR,
        url="/x/",
        page_url="/x/",
        fields=[("text", NOTE)],
    )
    client = verified_client(member)
    later = _now() + dt.timedelta(seconds=settings.DRAFT_KEEP_SECONDS + 60)
    with time_machine.travel(later, tick=False):
        assert drafts.decrypt(user_id=member.pk, ciphertext=draft.ciphertext) is None
        assert selectors.draft_list(actor=Actor(user=member)) == []
        client = verified_client(member)  # the old session has ended by idleness meanwhile
        assert client.get(reverse("accounts:draft_fields", args=[draft.pk])).status_code == 404
        assert services.draft_purge() == 1
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_passwords_codes_and_tokens_are_never_kept(world: World, member) -> None:
    url = _note_url(world)
    client = verified_client(member)
    client.handler.enforce_csrf_checks = True
    response = client.post(
        url,
        {
            "text": NOTE,
            "password": "geheim-1",
            "new_password2": "geheim-2",
            "code": "123456",
            "otp_token": "654321",
            "form_token": "abcdefghijklmnopqrstuvwxyz",
            "api-key": "k",
        },
    )
    assert response.status_code == 403
    draft = Draft.objects.get(user=member)
    assert draft.field_names == ["text"]
    # The login page itself is never kept, whatever it carried.
    anonymous = Client(enforce_csrf_checks=True)
    anonymous.post(reverse("accounts:login"), {"username": member.username, "password": PASSWORD})
    assert Draft.objects.count() == 1


# --- the three moments: idle end, CSRF failure, server error --------------------------------


@pytest.mark.django_db
def test_post_after_idle_end_is_kept_and_offered_after_login(world: World, member) -> None:
    url = _note_url(world)
    client = verified_client(member)
    with time_machine.travel(_now() + dt.timedelta(minutes=40), tick=False):
        response = client.post(
            url, {"kind": "visit", "text": NOTE}, HTTP_REFERER=f"http://testserver{url}"
        )
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
        draft = Draft.objects.get(user=member)
        assert draft.reason == DraftReason.SESSION_EXPIRED and draft.url == url
        assert _log_events(member, "create") == 1
        login_page = client.get(response["Location"]).content.decode()
        assert "is bewaard" in login_page
        after_login = _login(client, member)
        assert after_login["Location"] == reverse("accounts:drafts")
        page = client.get(after_login["Location"]).content.decode()
        assert "Je notitie was nog niet opgeslagen; nu opslaan?" in page
        assert "huurachterstand" in page
        assert f"{url}#wt-draft-{draft.pk}" in page
        assert _log_events(member, "read") == 1
        fields = client.get(reverse("accounts:draft_fields", args=[draft.pk])).json()
        assert fields == {"url": url, "fields": [["kind", "visit"], ["text", NOTE]]}
        # "Mijn werk" offers it too, until it is saved or thrown away.
        assert "huurachterstand" in client.get(reverse("core:my_work")).content.decode()
        assert client.post(reverse("accounts:draft_discard", args=[draft.pk])).status_code == 302
        assert not Draft.objects.exists()
        assert _log_events(member, "delete") == 1
        assert "huurachterstand" not in client.get(reverse("core:my_work")).content.decode()


@pytest.mark.django_db
def test_post_without_any_session_says_it_could_not_be_kept(world: World) -> None:
    url = _note_url(world)
    client = Client()
    response = client.post(url, {"kind": "visit", "text": NOTE})
    assert response.status_code == 302
    assert not Draft.objects.exists()
    login_page = client.get(response["Location"]).content.decode()
    assert "niet worden bewaard" in login_page


@pytest.mark.django_db
def test_csrf_failure_on_a_post_keeps_the_input(world: World, member) -> None:
    url = _note_url(world)
    client = verified_client(member)
    client.handler.enforce_csrf_checks = True
    response = client.post(url, {"kind": "phone", "text": NOTE})
    assert response.status_code == 403
    assert "is voor je bewaard" in response.content.decode()
    draft = Draft.objects.get(user=member)
    assert draft.reason == DraftReason.CSRF_FAILURE
    assert selectors.draft_list(actor=Actor(user=member))[0].fields[1] == ("text", NOTE)


@pytest.mark.django_db
def test_server_error_on_a_post_keeps_the_input(world: World, member) -> None:
    """A real POST through the real session, auth and OTP middleware; an unhandled error in
    the view then reaches Django's own 500 handling, which calls our ``handler500``."""
    url = _note_url(world)
    request = RequestFactory().post(url, {"kind": "visit", "text": NOTE})
    cookie = verified_client(member).cookies[settings.SESSION_COOKIE_NAME].value
    request.COOKIES[settings.SESSION_COOKIE_NAME] = cookie

    def failing_view(req):
        return response_for_exception(req, RuntimeError("the database went away"))

    response = SessionMiddleware(AuthenticationMiddleware(OTPMiddleware(failing_view)))(request)
    assert response.status_code == 500
    assert "is voor je bewaard" in response.content.decode()
    draft = Draft.objects.get(user=member)
    assert draft.reason == DraftReason.SERVER_ERROR
    assert drafts.decrypt(user_id=member.pk, ciphertext=draft.ciphertext) == [
        ("kind", "visit"),
        ("text", NOTE),
    ]


@pytest.mark.django_db
def test_warning_data_come_from_the_server_and_renewing_resets_them(member) -> None:
    client = verified_client(member)
    start = _now()
    with time_machine.travel(start + dt.timedelta(seconds=200), tick=False):
        status = client.get(reverse("accounts:session_status")).json()["seconds_left"]
        assert status <= settings.SESSION_IDLE_SECONDS - 199
        # Asking is not activity: the count goes on.
        again = client.get(reverse("accounts:session_status")).json()["seconds_left"]
        assert again == status
        renewed = client.post(reverse("accounts:session_renew")).json()["seconds_left"]
        assert renewed == settings.SESSION_IDLE_SECONDS
        page = client.get(reverse("core:my_work")).content.decode()
        assert f'data-seconds-left="{settings.SESSION_IDLE_SECONDS}"' in page
        assert "Ingelogd blijven" in page
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        assert "Stay logged in" in client.get(reverse("core:my_work")).content.decode()
    assert Client().get(reverse("accounts:session_status")).json() == {"seconds_left": 0}


@pytest.mark.django_db
def test_a_post_from_another_site_is_never_kept(world: World, member) -> None:
    url = _note_url(world)
    client = verified_client(member)
    client.handler.enforce_csrf_checks = True
    response = client.post(
        url, {"kind": "phone", "text": "Geplante tekst"}, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    assert "kept-notice" not in response.content.decode()
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_after_the_recognition_time_the_input_cannot_be_kept(world: World, member) -> None:
    url = _note_url(world)
    client = verified_client(member)
    gone = settings.SESSION_IDLE_SECONDS + settings.SESSION_RECOGNISE_SECONDS + 60
    with time_machine.travel(_now() + dt.timedelta(seconds=gone), tick=False):
        response = client.post(url, {"kind": "visit", "text": NOTE})
        assert not Draft.objects.exists()
        assert "niet worden bewaard" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("elapsed", [1, 2, 3])
def test_status_says_zero_exactly_when_the_idle_check_ends_the_session(
    member, settings, elapsed
) -> None:
    """The warning's "0 seconds left" and the idle end are the same moment: a form sent
    right after the page showed "you are logged out" must not be saved as logged in."""
    settings.SESSION_IDLE_SECONDS = 2
    client = verified_client(member)
    start = _now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        client.post(reverse("accounts:session_renew"))
    with time_machine.travel(start + dt.timedelta(seconds=elapsed), tick=False):
        left = client.get(reverse("accounts:session_status")).json()["seconds_left"]
        logged_in = client.get(reverse("core:my_work")).status_code == 200
    assert left == max(0, 2 - elapsed)
    assert logged_in is (left > 0)
