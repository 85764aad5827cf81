"""Steering pages: filters, charts beside tables, definitions, caseload links, bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wijkteam.casework.tests.helpers import make_household
from wijkteam.steering.definitions import DEFINITIONS
from wijkteam.steering.forms import default_period
from wijkteam.steering.indicators import INDICATORS
from wijkteam.steering.presentation import caseload_link

pytestmark = pytest.mark.django_db


def test_policy_dashboard_shows_every_indicator_as_chart_and_table(
    world: Any, client_for: Any
) -> None:
    response = client_for(world.policy).get(reverse("steering:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert default_period().label in html
    assert html.count('role="img"') == html.count(
        '<table class="utrecht-table wt-table wt-indicator__table"'
    )
    assert html.count('role="img"') >= 1
    assert "<desc" in html
    for area in (world.area_a, world.area_b):
        assert f'<option value="{area.pk}"' in html
    assert 'name="framework"' in html and "Jeugdwet" in html


def test_bad_filters_get_a_dutch_message_and_the_default(world: Any, client_for: Any) -> None:
    response = client_for(world.policy).get(
        reverse("steering:dashboard"),
        {"period": "2026-Q7", "area": "abc", "team": "999999", "framework": "bijstand"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies een periode zoals 2026-05" in html
    assert "Kies Wmo, Jeugdwet of Participatiewet." in html
    assert "Dat team staat niet in de lijst." in html
    assert default_period().label in html


def test_chosen_period_outside_the_menu_stays_selected(world: Any, client_for: Any) -> None:
    response = client_for(world.policy).get(reverse("steering:dashboard"), {"period": "2019-03"})
    html = response.content.decode()
    assert '<option value="2019-03" selected>' in html


def test_definition_page_shows_current_text_and_history(world: Any, client_for: Any) -> None:
    response = client_for(world.leader_a).get(
        reverse("steering:definition", kwargs={"key": "returning_households"})
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "binnen 12 maanden na het afsluiten" in html
    assert "Eerste versie." in html
    assert "versie 1" in html


def test_unknown_definition_is_404(world: Any, client_for: Any) -> None:
    response = client_for(world.policy).get(
        reverse("steering:definition", kwargs={"key": "no-such-indicator"})
    )
    assert response.status_code == 404


def test_definition_list_links_every_indicator(world: Any, client_for: Any) -> None:
    html = client_for(world.policy).get(reverse("steering:definitions")).content.decode()
    for key in INDICATORS:
        assert reverse("steering:definition", kwargs={"key": key}) in html
    assert len(DEFINITIONS) == len(INDICATORS)


def test_team_dashboard_links_rows_to_the_caseload_filters(world: Any, client_for: Any) -> None:
    response = client_for(world.leader_a).get(reverse("steering:team_dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    caseload = reverse("casework:caseload")
    assert f"{caseload}?team={world.team_a.pk}" in html


def test_caseload_links_for_coordinators_and_signals() -> None:
    caseload = reverse("casework:caseload")
    assert caseload_link(3, "caseload_per_coordinator", "coordinator:17") == (
        f"{caseload}?team=3&coordinator=17"
    )
    assert caseload_link(3, "pitfall_signals", "no_plan") == f"{caseload}?team=3&signal=no_plan"
    assert caseload_link(3, "pitfall_signals", "total") == ""
    assert caseload_link(3, "new_households", "17") == ""


def test_team_dashboard_refuses_a_team_one_does_not_lead(world: Any, client_for: Any) -> None:
    response = client_for(world.leader_a).get(
        reverse("steering:team_dashboard"), {"team": world.team_b.pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Team A" in html and "geen team dat jij leidt" in html


def test_team_outside_the_chosen_area_is_shown_with_a_message(world: Any, client_for: Any) -> None:
    response = client_for(world.policy).get(
        reverse("steering:dashboard"), {"team": world.team_b.pk, "area": world.area_a.pk}
    )
    assert response.status_code == 200
    assert "Dat team werkt niet in dat gebied" in response.content.decode()


def test_team_dashboard_links_a_coordinator_to_their_caseload(world: Any, client_for: Any) -> None:
    make_household(world, coordinator=world.member_a)
    html = client_for(world.leader_a).get(reverse("steering:team_dashboard")).content.decode()
    caseload = reverse("casework:caseload")
    link = f"{caseload}?team={world.team_a.pk}&amp;coordinator={world.member_a.pk}"
    assert f'<a class="utrecht-link" href="{link}">{world.member_a.get_full_name()}</a>' in html
