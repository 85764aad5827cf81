from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkteam.intake.models import DutyShift, Signal
from wijkteam.intake.tests.factories import make_partner, make_signal

pytestmark = pytest.mark.django_db


def test_api_registers_a_signal_with_the_eviction_deadline(world, client_for):
    partner = make_partner(world.team_a, deadline_days=14)
    response = client_for(world.member_a).post(
        reverse("intake_api:signal_list"),
        {
            "team": world.team_a.pk,
            "partner": partner.pk,
            "subject_name": "Fam. A",
            "concern": "Huur",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["deadline"] == (timezone.localdate() + dt.timedelta(days=14)).isoformat()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"subject_name": "A", "concern": "x", "colour": "red"}, "colour"),
        ({"subject_name": "A", "concern": "x", "urgency": "whenever"}, "urgency"),
        ({"source_kind": "resident", "concern": "x"}, "subject_name"),
        ({"subject_name": "A", "concern": "x"}, "partner"),
    ],
)
def test_api_bad_input_gives_400_with_the_field(world, client_for, payload, field):
    response = client_for(world.member_a).post(
        reverse("intake_api:signal_list"),
        {"team": world.team_a.pk, **payload},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Signal.objects.exists()


def test_api_refuses_another_teams_signal_registration(world, client_for):
    response = client_for(world.member_b).post(
        reverse("intake_api:signal_list"),
        {"team": world.team_a.pk, "source_kind": "resident", "subject_name": "A", "concern": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Signal.objects.exists()


def test_api_outreach_and_duty_today(world, client_for):
    signal = make_signal(world.team_a, world.member_a)
    DutyShift.objects.create(team=world.team_a, date=timezone.localdate(), user=world.leader_a)
    client = client_for(world.member_a)
    url = reverse("intake_api:outreach_create", args=[signal.pk])
    assert (
        client.post(
            url, {"kind": "fax", "outcome": "contact"}, content_type="application/json"
        ).status_code
        == 400
    )
    response = client.post(
        url, {"kind": "visit", "outcome": "note_left"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert signal.outreach_attempts.get().outcome == "note_left"
    duty = client.get(reverse("intake_api:duty_today")).json()
    assert duty == [
        {"team": world.team_a.pk, "team_name": "Team A", "on_duty": "Leader Test", "me": False}
    ]


def test_schema_lists_the_intake_endpoints(world, client_for):
    body = client_for(world.member_a).get(reverse("api:schema")).content.decode()
    assert "/api/v1/signals/{signal_id}/outreach-attempts/" in body
    assert "/api/v1/duty/today/" in body


def test_api_links_a_signal_to_a_household_of_its_team_once(world, client_for):
    from wijkteam.casework.tests.helpers import make_household
    from wijkteam.intake.models import OutreachAttempt

    signal = make_signal(world.team_a, world.member_a)
    client = client_for(world.member_a)
    outreach = client.post(
        reverse("intake_api:outreach_create", kwargs={"signal_id": signal.pk}),
        {"kind": "phone", "outcome": "contact"},
        content_type="application/json",
    )
    assert outreach.status_code == 201, outreach.content
    household = make_household(world)
    url = reverse("intake_api:signal_link", kwargs={"signal_id": signal.pk})

    linked = client.post(url, {"household": household.pk}, content_type="application/json")

    assert linked.status_code == 200, linked.content
    assert linked.json() == {"signal": signal.pk, "household": household.pk, "status": "linked"}
    assert OutreachAttempt.objects.get(signal=signal).household_id == household.pk
    again = client.post(url, {"household": household.pk}, content_type="application/json")
    assert again.status_code == 400
    assert again["Content-Type"] == "application/problem+json"
    assert "al gekoppeld" in again.json()["detail"] + str(again.json().get("errors"))


def test_api_link_refuses_a_household_of_another_team_without_naming_it(world, client_for):
    from wijkteam.casework.tests.helpers import actor
    from wijkteam.households.services import MemberInput, household_create

    other = household_create(
        actor=actor(world.member_b),
        team=world.team_b,
        name="Familie Elders",
        members=[MemberInput("Eva", "Elders", dt.date(1980, 5, 1))],
    )
    signal = make_signal(world.team_a, world.member_a)
    response = client_for(world.member_a).post(
        reverse("intake_api:signal_link", kwargs={"signal_id": signal.pk}),
        {"household": other.pk},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert [e["location"]["pointer"] for e in response.json()["errors"]] == ["/household"]
    assert "Elders" not in response.content.decode()
    signal.refresh_from_db()
    assert (signal.status, signal.household_id) == ("new", None)
