"""Outreach attempts (#15 point 6): own date and time, a result apart from the method, and an
optional next attempt."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from wijkteam.intake.models import OutreachAttempt
from wijkteam.intake.tests.factories import make_signal

pytestmark = pytest.mark.django_db


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_form_starts_at_now_and_takes_an_attempt_logged_afterwards(world, client_for):
    signal = make_signal(world.team_a, world.member_a)
    client = client_for(world.member_a)
    before = _local(timezone.now())[:13]
    page = client.get(reverse("intake:signal_detail", args=[signal.pk])).content.decode()
    after = _local(timezone.now())[:13]
    # Today, this hour, in the ISO form the input needs (either side of an hour's turn).
    assert f'value="{before}' in page or f'value="{after}' in page
    earlier = timezone.now() - dt.timedelta(days=1, hours=2)
    next_day = timezone.localdate() + dt.timedelta(days=2)
    response = client.post(
        reverse("intake:signal_outreach", args=[signal.pk]),
        {
            "attempted_at": _local(earlier),
            "kind": "phone",
            "outcome": "spoke_other",
            "next_attempt_on": next_day.isoformat(),
        },
    )
    assert response.status_code == 302
    attempt = OutreachAttempt.objects.get()
    assert _local(attempt.attempted_at) == _local(earlier)
    assert (attempt.kind, attempt.outcome, attempt.next_attempt_on) == (
        "phone",
        "spoke_other",
        next_day,
    )
    page = client.get(reverse("intake:signal_detail", args=[signal.pk])).content.decode()
    assert "Buurman, buurvrouw of iemand anders gesproken" in page
    assert "Telefoongesprek" in page


def test_an_attempt_in_the_future_or_a_next_attempt_before_it_is_refused_in_dutch(
    world, client_for
):
    signal = make_signal(world.team_a, world.member_a)
    client = client_for(world.member_a)
    url = reverse("intake:signal_outreach", args=[signal.pk])
    ahead = client.post(
        url,
        {
            "attempted_at": _local(timezone.now() + dt.timedelta(hours=2)),
            "kind": "visit",
            "outcome": "no_answer",
        },
    )
    assert ahead.status_code == 400
    assert "Een contactpoging kan niet in de toekomst liggen." in ahead.content.decode()
    before = client.post(
        url,
        {
            "attempted_at": _local(timezone.now()),
            "kind": "visit",
            "outcome": "no_answer",
            "next_attempt_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert before.status_code == 400
    assert "De volgende poging kan niet vóór deze poging liggen." in before.content.decode()
    garbled = client.post(url, {"attempted_at": "gisteren", "kind": "visit", "outcome": "x"})
    assert garbled.status_code == 400
    assert "Geef de datum en tijd van de poging." in garbled.content.decode()
    assert not OutreachAttempt.objects.exists()


def test_api_takes_the_time_and_the_next_attempt(world, client_for):
    signal = make_signal(world.team_a, world.member_a)
    earlier = timezone.now() - dt.timedelta(hours=3)
    next_day = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(world.member_a).post(
        reverse("intake_api:outreach_create", args=[signal.pk]),
        {
            "kind": "visit",
            "outcome": "note_left",
            "attempted_at": earlier.isoformat(),
            "next_attempt_on": next_day.isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["outcome"] == "note_left" and body["next_attempt_on"] == next_day.isoformat()
    assert OutreachAttempt.objects.get().attempted_at == earlier


def test_the_data_migration_splits_the_old_method_and_result(world):
    signal = make_signal(world.team_a, world.member_a)
    old = [
        ("note_left", "no_contact"),
        ("via_neighbour", "no_contact"),
        ("phone", "no_contact"),
        ("via_gp", "contact"),
        ("note_left", "refused"),
    ]
    OutreachAttempt.objects.bulk_create(
        OutreachAttempt(team=world.team_a, signal=signal, kind=k, outcome=o, made_by=world.member_a)
        for k, o in old
    )
    migration = importlib.import_module(
        "wijkteam.intake.migrations.0002_outreach_result_next_attempt"
    )
    migration.forward(apps, None)
    assert list(OutreachAttempt.objects.order_by("pk").values_list("kind", "outcome")) == [
        ("visit", "note_left"),
        ("visit", "spoke_other"),
        ("phone", "no_answer"),
        ("via_gp", "contact"),
        ("visit", "refused"),
    ]
