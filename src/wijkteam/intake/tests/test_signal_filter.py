"""Filtering and searching the team's signal list (#15 point 9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wijkteam.intake.tests.factories import make_partner, make_signal

pytestmark = pytest.mark.django_db


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def _found(client, **params) -> list[str]:  # type: ignore[no-untyped-def]
    response = client.get(reverse("intake:signal_list"), params)
    assert response.status_code == 200
    return sorted(str(s) for view in response.context["views"] for s in view.signals)


def _signals(world):  # type: ignore[no-untyped-def]
    partner = make_partner(world.team_a, name="Woonstede")
    other = make_partner(world.team_a, name="Apotheek")
    a = world.member_a
    make_signal(
        world.team_a,
        a,
        subject_name="Fam. Laat",
        deadline=_days(-1),
        source_kind="partner",
        partner=partner,
        area=world.area_a,
    )
    make_signal(
        world.team_a,
        a,
        subject_name="Fam. Snel",
        deadline=_days(5),
        source_kind="partner",
        partner=other,
    )
    make_signal(
        world.team_a,
        a,
        subject_name="Fam. Ruim",
        deadline=_days(25),
        concern="Rommel in de tuin",
        status="in_progress",
    )
    make_signal(
        world.team_a,
        a,
        subject_name="Fam. Dicht",
        status="closed",
        close_reason="Geen zorg",
        area=world.area_a,
    )
    make_signal(
        world.team_b, world.member_b, subject_name="Fam. Elders", concern="Rommel in de tuin"
    )
    return partner


def test_the_list_filters_on_status_partner_deadline_area_and_text(world, client_for):
    partner = _signals(world)
    client = client_for(world.member_a)
    assert _found(client, status="closed") == ["Fam. Dicht"]
    assert _found(client, partner=partner.pk) == ["Fam. Laat"]
    assert _found(client, deadline="overdue") == ["Fam. Laat"]
    assert _found(client, deadline="7") == ["Fam. Snel"]
    assert _found(client, deadline="30") == ["Fam. Ruim", "Fam. Snel"]
    assert _found(client, area=world.area_a.pk) == ["Fam. Dicht", "Fam. Laat"]
    assert _found(client, q="rommel TUIN") == ["Fam. Ruim"]  # own team only, every word
    assert _found(client, q="ruim", status="new") == []
    page = client.get(reverse("intake:signal_list"), {"q": "rommel"}).content.decode()
    assert 'role="search"' in page and 'value="rommel"' in page
    assert "1 signaal past bij het filter" in page


def test_bad_filter_values_are_named_in_dutch_and_left_out(world, client_for):
    _signals(world)
    response = client_for(world.member_a).get(
        reverse("intake:signal_list"), {"status": "weg", "partner": "abc", "deadline": "7"}
    )
    assert response.status_code == 200
    assert [str(s) for v in response.context["views"] for s in v.signals] == ["Fam. Snel"]
    errors = response.context["filter_form"].errors
    assert set(errors) == {"status", "partner"}
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_civil_servants_cannot_search_inside_signals_and_outsiders_get_404(world, client_for):
    partner = _signals(world)
    civil = client_for(world.civil_servant_a)
    form = civil.get(reverse("intake:signal_list")).context["filter_form"]
    assert "q" not in form.fields and "partner" not in form.fields
    # Sent by hand, a text or partner search is not run: the list is not narrowed by it.
    everything = _found(civil)
    assert len(everything) == 4
    assert _found(civil, q="Rommel") == everything == _found(civil, partner=partner.pk)
    assert len(_found(civil, deadline="overdue")) == 1  # metadata filters work
    for persona in ("policy", "admin", "privacy_officer"):
        response = client_for(world.users[persona]).get(reverse("intake:signal_list"), {"q": "x"})
        assert response.status_code == 404


def _queries(client, params) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("intake:signal_list"), params).status_code == 200
    return len(ctx)


def test_a_filtered_list_costs_the_same_queries_for_more_signals(world, client_for):
    partner = _signals(world)
    client = client_for(world.member_a)
    params = {"q": "Fam", "partner": partner.pk, "area": world.area_a.pk, "deadline": "overdue"}
    client.get(reverse("intake:signal_list"))  # the once-a-minute session stamp
    few = _queries(client, params)
    for i in range(8):
        make_signal(
            world.team_a,
            world.member_a,
            subject_name=f"Fam. {i}",
            deadline=_days(-i - 1),
            source_kind="partner",
            partner=partner,
            area=world.area_a,
        )
    assert _queries(client, params) == few
