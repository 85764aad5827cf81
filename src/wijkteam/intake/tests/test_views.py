from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkteam.intake.models import DutyShift, Signal, SignalStatus
from wijkteam.intake.tests.factories import make_partner, make_signal
from wijkteam.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db

CONCERN = "Huurachterstand en post stapelt zich op"


def test_team_member_sees_the_full_signal_and_the_read_is_logged(world, client_for):
    signal = make_signal(world.team_a, world.member_a, concern=CONCERN)
    response = client_for(world.leader_a).get(reverse("intake:signal_detail", args=[signal.pk]))
    assert response.status_code == 200
    assert CONCERN in response.content.decode()
    entry = AccessLogEntry.objects.filter(
        object_type="intake.signal", object_id=str(signal.pk)
    ).latest("pk")
    assert (entry.event, entry.actor) == ("read", world.leader_a)


def test_civil_servant_sees_that_a_signal_exists_but_not_the_concern(world, client_for):
    deadline = timezone.localdate() + dt.timedelta(days=14)
    signal = make_signal(
        world.team_a, world.member_a, concern=CONCERN, urgency="high", deadline=deadline
    )
    client = client_for(world.civil_servant_a)
    for url in (reverse("intake:signal_detail", args=[signal.pk]), reverse("intake:signal_list")):
        body = client.get(url).content.decode()
        assert CONCERN not in body
        assert "Fam. Voorbeeld" not in body and "Teststraat" not in body
        assert "Hoog" in body or "High" in body
    api = client.get(reverse("intake_api:signal_detail", args=[signal.pk])).json()
    assert "concern" not in api and "subject_name" not in api
    assert api["deadline"] == deadline.isoformat()


def test_outsiders_get_404_and_learn_nothing(world, client_for):
    signal = make_signal(world.team_a, world.member_a, concern=CONCERN)
    for persona in ("member_b", "policy", "admin", "privacy_officer", "other_admin"):
        client = client_for(world.users[persona])
        response = client.get(reverse("intake:signal_detail", args=[signal.pk]))
        assert response.status_code == 404
        assert CONCERN not in response.content.decode()
        assert client.get(reverse("intake_api:signal_detail", args=[signal.pk])).status_code == 404
        assert CONCERN not in client.get(reverse("intake_api:signal_list")).content.decode()


def test_quick_form_registers_a_signal_with_the_partners_deadline(world, client_for):
    partner = make_partner(world.team_a, deadline_days=14)
    client = client_for(world.member_a)
    assert "id_concern" in client.get(reverse("intake:signal_list")).content.decode()
    response = client.post(
        reverse("intake:signal_create"),
        {
            "team": world.team_a.pk,
            "source_kind": "partner",
            "partner": partner.pk,
            "channel": "email",
            "subject_address": "Teststraat 9",
            "concern": "Huur niet betaald",
            "urgency": "normal",
        },
    )
    signal = Signal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "intake:signal_detail", args=[signal.pk]
    )
    assert signal.deadline == timezone.localdate() + dt.timedelta(days=14)


def test_quick_form_explains_what_is_missing(world, client_for):
    response = client_for(world.member_a).post(
        reverse("intake:signal_create"),
        {"team": world.team_a.pk, "source_kind": "partner", "concern": ""},
    )
    assert response.status_code == 400
    assert not Signal.objects.exists()
    assert response.context["form"].errors.keys() >= {"concern", "partner", "subject_name"}


def test_close_without_reason_is_refused_in_the_ui(world, client_for):
    signal = make_signal(world.team_a, world.member_a)
    client = client_for(world.member_a)
    response = client.post(reverse("intake:signal_close", args=[signal.pk]), {"reason": ""})
    assert response.status_code == 400
    assert Signal.objects.get(pk=signal.pk).status == SignalStatus.NEW
    client.post(reverse("intake:signal_close", args=[signal.pk]), {"reason": "Geen zorg"})
    assert Signal.objects.get(pk=signal.pk).status == SignalStatus.CLOSED


def test_link_page_links_to_a_new_household(world, client_for):
    signal = make_signal(world.team_a, world.member_a)
    client = client_for(world.member_a)
    response = client.post(
        reverse("intake:signal_link", args=[signal.pk]), {"name": "Fam. Nieuw", "address": "Laan 3"}
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.LINKED and signal.household.name == "Fam. Nieuw"


def test_roster_page_shows_who_is_on_duty_this_week(world, client_for):
    today = timezone.localdate()
    DutyShift.objects.create(team=world.team_a, date=today, user=world.member_a)
    body = (
        client_for(world.civil_servant_a)
        .get(reverse("intake:roster", args=[world.team_a.pk]))
        .content.decode()
    )
    assert "Member Test" in body
    assert 'action="/signals/roster' not in body  # only the team leader plans the roster
    leader_body = (
        client_for(world.leader_a)
        .get(reverse("intake:roster", args=[world.team_a.pk]))
        .content.decode()
    )
    assert f'action="/signals/roster/{world.team_a.pk}/generate/"' in leader_body


def test_my_work_page_shows_duty_today(world, client_for):
    DutyShift.objects.create(team=world.team_a, date=timezone.localdate(), user=world.member_a)
    make_signal(world.team_a, world.member_a, subject_name="Fam. Nieuw")
    body = client_for(world.member_a).get(reverse("core:my_work")).content.decode()
    assert 'id="intake-heading"' in body
    assert "Fam. Nieuw" in body


def _list_queries(client) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("intake:signal_list")).status_code == 200
    return len(queries)


def test_signal_list_query_count_does_not_grow_with_the_signals(world, client_for):
    partner = make_partner(world.team_a)
    make_signal(world.team_a, world.member_a, source_kind="partner", partner=partner)
    client = client_for(world.member_a)
    few = _list_queries(client)
    for i in range(10):
        make_signal(
            world.team_a,
            world.member_a,
            subject_name=f"Fam. {i}",
            source_kind="partner",
            partner=partner,
        )
    assert _list_queries(client) == few


def test_link_page_finds_an_existing_household_of_the_team_only(world, client_for):
    from wijkteam.households.services import household_create
    from wijkteam.privacy.policy import Actor

    own = household_create(
        actor=Actor(world.leader_a),
        team=world.team_a,
        name="Fam. Jansen",
        street_address="Dorpsstraat 4",
    )
    household_create(actor=Actor(world.member_b), team=world.team_b, name="Fam. Jansen-Elders")
    signal = make_signal(
        world.team_a, world.member_a, subject_name="", subject_address="Dorpsstraat 4"
    )
    client = client_for(world.member_a)
    response = client.get(reverse("intake:signal_link", args=[signal.pk]), {"q": "Jansen"})
    assert [hit.pk for hit in response.context["hits"]] == [own.pk]
    by_address = client.get(
        reverse("intake:signal_link", args=[signal.pk])
    )  # defaults to the signal's address
    assert [hit.pk for hit in by_address.context["hits"]] == [own.pk]
    client.post(reverse("intake:signal_link", args=[signal.pk]), {"household": own.pk})
    signal.refresh_from_db()
    assert signal.household == own and signal.status == SignalStatus.LINKED
    detail = client.get(reverse("intake:signal_detail", args=[signal.pk])).content.decode()
    assert reverse("casework:household_file", args=[own.pk]) in detail
