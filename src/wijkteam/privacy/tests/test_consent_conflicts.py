"""Withdrawing a consent is conflict-safe: a stale or repeated withdrawal says who and when."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from wijkteam.casework.tests.helpers import make_household
from wijkteam.core.conflicts import ConflictError
from wijkteam.privacy import consent as consent_services
from wijkteam.privacy.models import Consent
from wijkteam.privacy.policy import Actor


def _consent(world: Any) -> tuple[Any, Consent]:
    household = make_household(world)
    consent = consent_services.consent_record(
        actor=Actor(user=world.member_a),
        member=household.members.first(),
        purpose="Doorverwijzing schuldhulp",
        recipients=["Schuldhulp Samen"],
        data_categories=["identity", "finances"],
        given_by="resident",
        form="written",
        given_on=dt.date.today(),
    )
    return household, consent


@pytest.mark.django_db
def test_withdrawing_a_stale_consent_is_refused(world: Any) -> None:
    _household, consent = _consent(world)
    consent_services.consent_withdraw(
        actor=Actor(user=world.member_a), consent=consent, lock_version=1
    )
    with pytest.raises(ConflictError) as caught:
        consent_services.consent_withdraw(
            actor=Actor(user=world.member_a), consent=consent, lock_version=1
        )
    assert caught.value.stamp.by == world.member_a.get_full_name()
    stored = Consent.objects.get(pk=consent.pk)
    assert stored.lock_version == 2 and stored.updated_by == world.member_a


@pytest.mark.django_db
def test_consent_page_withdrawal_from_a_stale_page_is_409(world: Any, client_for: Any) -> None:
    household, consent = _consent(world)
    url = reverse("privacy:consent_withdraw", args=[household.pk, consent.pk])
    page = client_for(world.member_a).get(reverse("privacy:consent_list", args=[household.pk]))
    assert 'name="lock_version" value="1"' in page.content.decode()
    client = client_for(world.member_a)
    assert client.post(url, {"lock_version": 1}).status_code == 302
    again = client.post(url, {"lock_version": 1})
    assert again.status_code == 409
    assert f"{world.member_a.get_full_name()} heeft dit " in again.content.decode()
    assert Consent.objects.get(pk=consent.pk).lock_version == 2


@pytest.mark.django_db
def test_api_withdrawal_twice_is_409_with_a_dutch_message(world: Any, client_for: Any) -> None:
    household, consent = _consent(world)
    url = reverse("privacy_api:consent_withdraw", args=[household.pk, consent.pk])
    client = client_for(world.member_a)
    assert client.post(url, content_type="application/json").status_code == 200
    again = client.post(url, content_type="application/json")
    assert again.status_code == 409
    assert "heeft dit " in again.json()["detail"]
