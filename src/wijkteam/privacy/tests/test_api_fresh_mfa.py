"""Issue #12 point 9: the privacy officer's API asks for a fresh second factor like the pages
(15 minutes); API tokens, which prove no second factor, are refused on the access log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wijkteam.accounts.security import api_token_create
from wijkteam.conftest import World
from wijkteam.privacy.policy import Actor

URL = "privacy_api:accesslog"


@pytest.mark.django_db
def test_the_access_log_api_answers_with_a_fresh_second_factor(world: World, client_for) -> None:
    response = client_for(world.privacy_officer).get(reverse(URL))
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_access_log_api_refuses_a_second_factor_older_than_15_minutes(
    world: World, client_for
) -> None:
    client = client_for(world.privacy_officer)
    session = client.session
    session["mfa_verified_at"] = (timezone.now() - dt.timedelta(minutes=16)).isoformat()
    session.save()
    response = client.get(reverse(URL))
    assert response.status_code == 403
    assert "tweede" in response.json()["detail"].lower()


@pytest.mark.django_db
def test_the_access_log_api_refuses_api_tokens(world: World) -> None:
    with transaction.atomic():
        issued = api_token_create(actor=Actor(user=world.privacy_officer))
    client = Client(HTTP_AUTHORIZATION=f"Token {issued.raw}", HTTP_ACCEPT_LANGUAGE="nl")
    response = client.get(reverse(URL))
    assert response.status_code == 403
    assert "token" in response.json()["detail"].lower()
