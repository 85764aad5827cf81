"""Double submits of a form create one record (core/idempotency.py, {% form_token %})."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wijkteam.casework.models import Action, Note
from wijkteam.casework.tests.helpers import make_household, make_plan
from wijkteam.core.idempotency import REPLAY_HEADER, idempotency_claim, idempotency_purge
from wijkteam.core.models import IdempotencyChannel, IdempotencyRecord
from wijkteam.intake.models import Signal
from wijkteam.intake.tests.factories import make_partner

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="form_token" value="([A-Za-z0-9_-]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def _form(html: str, action: str) -> str:
    start = html.index(f'action="{action}"')
    return html[start : html.index("</form>", start)]


def _form_token(html: str, action: str) -> str:
    """The token inside the form that posts to ``action`` on a rendered page."""
    found = TOKEN.search(_form(html, action))
    assert found is not None, f"no form_token in the form for {action}"
    return found.group(1)


def _hidden(html: str, action: str) -> dict[str, str]:
    """The hidden fields of that form (its token, and e.g. the plan version it was made from)."""
    return dict(HIDDEN.findall(_form(html, action)))


def _twice(client: Client, url: str, data: dict[str, Any]) -> tuple[Any, Any]:
    return client.post(url, data), client.post(url, data)


def test_double_submit_of_the_note_form_saves_one_note(world: Any, client_for: Any) -> None:
    household = make_household(world)
    client = client_for(world.member_a)
    url = reverse("casework:note_create", args=[household.pk])
    page = client.get(reverse("casework:household_file", args=[household.pk])).content.decode()
    data = {"kind": "visit", "text": "Op huisbezoek", "form_token": _form_token(page, url)}

    first, second = _twice(client, url, data)

    assert Note.objects.filter(household=household).count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] and second[REPLAY_HEADER] == "true"
    shown = client.get(second["Location"]).content.decode()
    assert "Dit was al opgeslagen" in shown


def test_double_submit_of_the_signal_form_registers_one_signal(world: Any, client_for: Any) -> None:
    partner = make_partner(world.team_a, deadline_days=14)
    client = client_for(world.member_a)
    url = reverse("intake:signal_create")
    page = client.get(reverse("intake:signal_list")).content.decode()
    data = {
        "team": world.team_a.pk,
        "source_kind": "partner",
        "partner": partner.pk,
        "channel": "email",
        "subject_address": "Teststraat 9",
        "concern": "Huur niet betaald",
        "urgency": "normal",
        "form_token": _form_token(page, url),
    }

    first, second = _twice(client, url, data)

    signal = Signal.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("intake:signal_detail", args=[signal.pk])


def test_double_submit_of_the_action_form_adds_one_action(world: Any, client_for: Any) -> None:
    household = make_household(world)
    plan = make_plan(world, household)
    client = client_for(world.member_a)
    url = reverse("casework:plan_add", args=[household.pk, "action"])
    page = client.get(reverse("casework:plan", args=[household.pk])).content.decode()
    data = {
        "action-text": "Aanmelden bij schuldhulp",
        "action-owner_kind": "team_member",
        "action-owner_user": world.member_a.pk,
        "action-due_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
        **_hidden(page, url),
    }

    first, second = _twice(client, url, data)

    assert first.status_code == second.status_code == 302
    assert Action.objects.filter(plan=plan, text="Aanmelden bij schuldhulp").count() == 1


def test_a_form_with_errors_comes_back_with_the_input_and_a_fresh_token(
    world: Any, client_for: Any
) -> None:
    household = make_household(world)
    client = client_for(world.member_a)
    url = reverse("casework:note_create", args=[household.pk])
    page = client.get(reverse("casework:household_file", args=[household.pk])).content.decode()
    token = _form_token(page, url)

    refused = client.post(
        url, {"kind": "nonsense", "text": "Mijn getypte tekst", "form_token": token}
    )
    assert refused.status_code == 400 and "Mijn getypte tekst" in refused.content.decode()
    fresh = _form_token(refused.content.decode(), url)
    assert fresh != token
    # Nothing was saved, so the same token may be sent again (the claim was released).
    again = client.post(url, {"kind": "visit", "text": "Mijn getypte tekst", "form_token": token})
    assert again.status_code == 302 and REPLAY_HEADER not in again
    assert Note.objects.filter(household=household).count() == 1


def test_the_same_token_from_another_person_is_not_a_repeat(world: Any, client_for: Any) -> None:
    household = make_household(world)
    make_plan(world, household)
    url = reverse("casework:note_create", args=[household.pk])
    token = "t" * 43
    client_for(world.member_a).post(url, {"kind": "visit", "text": "Een", "form_token": token})
    other = client_for(world.leader_a).post(
        url, {"kind": "visit", "text": "Twee", "form_token": token}
    )
    assert REPLAY_HEADER not in other
    assert IdempotencyRecord.objects.filter(user=world.member_a).count() == 1


def test_a_post_without_a_token_is_not_guarded(world: Any, client_for: Any) -> None:
    household = make_household(world)
    client = client_for(world.member_a)
    url = reverse("casework:note_create", args=[household.pk])
    _twice(client, url, {"kind": "visit", "text": "Zonder token"})
    assert Note.objects.filter(household=household).count() == 2
    assert not IdempotencyRecord.objects.exists()


def test_records_expire_after_a_day_and_the_purge_removes_them(world: Any, client_for: Any) -> None:
    household = make_household(world)
    client = client_for(world.member_a)
    url = reverse("casework:note_create", args=[household.pk])
    data = {"kind": "visit", "text": "Oud", "form_token": "o" * 43}
    client.post(url, data)
    assert IdempotencyRecord.objects.count() == 1
    assert idempotency_purge() == 0
    later = timezone.now() + dt.timedelta(hours=25)
    assert idempotency_purge(now=later) == 1
    assert not IdempotencyRecord.objects.exists()
    with time_machine.travel(later, tick=False):
        client = client_for(world.member_a)
        client.post(url, data)
    # An expired token is a new request again (the typed text is not lost to a stale claim).
    assert Note.objects.filter(household=household, text="Oud").count() == 2


def test_a_refusal_reported_with_a_redirect_is_not_remembered_as_saved(
    world: Any, client_for: Any
) -> None:
    household = make_household(world)
    client = client_for(world.member_a)
    url = reverse("casework:trajectory_advance", args=[household.pk])
    data = {"to_phase": "closed", "form_token": "r" * 43}  # not a next phase from analysis
    first, second = _twice(client, url, data)
    assert first.status_code == second.status_code == 302
    assert REPLAY_HEADER not in second  # refused twice, never "Dit was al opgeslagen"
    assert not IdempotencyRecord.objects.exists()


def test_a_repeat_while_the_first_still_runs_gets_a_dutch_409(world: Any, client_for: Any) -> None:
    household = make_household(world)
    url = reverse("casework:note_create", args=[household.pk])
    token = "p" * 43
    with transaction.atomic():  # the first request's claim, not yet completed
        idempotency_claim(
            user_id=world.member_a.pk,
            channel=IdempotencyChannel.FORM,
            key=f"{url}\0{token}",
            request_hash="",
        )
    response = client_for(world.member_a).post(
        url, {"kind": "visit", "text": "Nog bezig", "form_token": token}
    )
    assert response.status_code == 409
    assert "wordt nog opgeslagen" in response.content.decode()
    assert not Note.objects.filter(household=household).exists()
