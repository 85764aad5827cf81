from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from wijkteam.conftest import World
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.services import access_log_record


@pytest.mark.django_db
def test_privacy_officer_finds_who_opened_what(world: World, client_for) -> None:
    access_log_record(
        actor=Actor(user=world.member_a),
        event="read",
        object_type="households.household",
        object_id=42,
    )
    access_log_record(
        actor=Actor(user=world.leader_a),
        event="read",
        object_type="households.household",
        object_id=43,
    )
    client = client_for(world.privacy_officer)
    page = client.get(
        reverse("privacy:accesslog"), {"object_type": "households.household", "object_id": "42"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Member Test" in html and "Leader Test" not in html
    by_person = client.get(reverse("privacy:accesslog"), {"person": "leader_a"}).content.decode()
    assert "#43" in by_person and "#42" not in by_person
    # The officer's searches are themselves in the log.
    assert (
        AccessLogEntry.objects.filter(
            actor=world.privacy_officer, object_type="privacy.accesslog"
        ).count()
        == 2
    )


@pytest.mark.django_db
def test_other_municipality_rows_are_not_shown(world: World, client_for) -> None:
    access_log_record(
        actor=Actor(user=world.other_admin), event="read", object_type="x", object_id=1
    )
    html = (
        client_for(world.privacy_officer)
        .get(reverse("privacy:accesslog"), {"object_type": "x"})
        .content.decode()
    )
    assert "Other Test" not in html


@pytest.mark.django_db
def test_export_neutralises_formulas(world: World, client_for) -> None:
    access_log_record(
        actor=Actor(user=world.member_a, purpose='=HYPERLINK("http://evil")'),
        event="read",
        object_type="households.household",
        object_id=7,
    )
    response = client_for(world.privacy_officer).get(
        reverse("privacy:accesslog_export"), {"object_id": "7"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][9].startswith("'=HYPERLINK")


@pytest.mark.django_db
def test_privacy_pages_need_a_fresh_second_factor(world: World, client_for) -> None:
    client = client_for(world.privacy_officer)
    session = client.session
    session["mfa_verified_at"] = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30)).isoformat()
    session.save()
    response = client.get(reverse("privacy:accesslog"))
    assert response.status_code == 302 and reverse("accounts:mfa_reverify") in response["Location"]


@pytest.mark.django_db
def test_bad_dates_get_a_message(world: World, client_for) -> None:
    response = client_for(world.privacy_officer).get(
        reverse("privacy:accesslog"), {"date_from": "2026-02-01", "date_until": "2026-01-01"}
    )
    assert response.status_code == 400
    assert "voor de begindatum" in response.content.decode()
