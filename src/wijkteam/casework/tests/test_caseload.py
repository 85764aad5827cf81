"""The team caseload: summary per coordinator, paged list with filters, signals in SQL."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import time_machine
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkteam.accounts.models import Role, User
from wijkteam.casework import selectors, services
from wijkteam.casework.models import Note, Phase, Trajectory
from wijkteam.casework.tests.helpers import actor, make_household, make_plan, trajectory_of
from wijkteam.conftest import make_person
from wijkteam.households.services import MemberInput, household_create
from wijkteam.privacy.models import AccessLogEntry

URL = reverse("casework:caseload")
ROW = re.compile(r'data-trajectory="(\d+)"')


def _tomorrow() -> dt.datetime:
    # Memberships start today, so scenarios run in the near future.
    return dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(10), tzinfo=dt.UTC)


def _coach(world: Any) -> User:
    return make_person(
        "coach_a", municipality=world.municipality, role=Role.TEAM_MEMBER, team=world.team_a
    )


def _plan_without_goals(world: Any, name: str) -> None:
    household = make_household(world, name=name)
    who = actor(world.member_a)
    trajectory = services.trajectory_advance(
        actor=who, trajectory=trajectory_of(household), to_phase=Phase.PLAN
    )
    services.plan_create(actor=who, trajectory=trajectory)


def _goal_without_results(world: Any, name: str) -> None:
    household = make_household(world, name=name)
    who = actor(world.member_a)
    trajectory = services.trajectory_advance(
        actor=who, trajectory=trajectory_of(household), to_phase=Phase.PLAN
    )
    plan = services.plan_create(actor=who, trajectory=trajectory)
    problem = services.problem_add(actor=who, plan=plan, life_domain="housing", description="Huur")
    services.goal_add(actor=who, plan=plan, problem=problem, text="Woning behouden")


def _ids(html: str) -> list[int]:
    return [int(pk) for pk in ROW.findall(html)]


def _counts(load: selectors.CoordinatorLoad) -> tuple[int, ...]:
    return (load.open, *(count for _name, count in load.signal_counts))


def test_summary_counts_flagged_and_unflagged_trajectories_per_coordinator(
    world: Any, client_for: Any
) -> None:
    coach = _coach(world)
    start = _tomorrow()
    with time_machine.travel(start, tick=False):
        make_household(world, name="Zonder plan")
        _plan_without_goals(world, "Plan zonder doelen")
        _goal_without_results(world, "Alleen doel")
        fine = make_household(world, name="Op koers")
        make_plan(world, fine)
        make_household(world, coordinator=coach, name="Oud bij coach")
        closed = make_household(world, name="Gesloten")
        services.trajectory_close(
            actor=actor(world.member_a),
            trajectory=trajectory_of(closed),
            reason="Klaar",
            frameworks=["wmo"],
        )
        household_create(  # another team: not in team A's caseload
            actor=actor(world.member_b),
            team=world.team_b,
            name="Ander team",
            street_address="Laan 2",
            postcode="1234AB",
            city="Teststad",
            members=[MemberInput("Dirk", "Anders", dt.date(1970, 1, 1))],
            coordinator=world.member_b,
        )
    with time_machine.travel(start + dt.timedelta(weeks=4), tick=False):
        services.note_create(actor=actor(world.member_a), household=fine, text="Huisbezoek")
    with time_machine.travel(start + dt.timedelta(days=40), tick=False):
        make_household(world, coordinator=coach, name="Nieuw bij coach")
    with time_machine.travel(start + dt.timedelta(days=46), tick=False):
        caseload = selectors.caseload(actor=actor(world.leader_a), team=world.team_a)
        # (open, no plan, plan without goals, goals without results, no recent contact)
        assert [(str(s.coordinator), _counts(s)) for s in caseload.summary] == [
            ("Coach Test", (2, 1, 0, 0, 1)),
            ("Member Test", (4, 1, 1, 1, 3)),
        ]
        assert caseload.total.coordinator is None
        assert _counts(caseload.total) == (6, 2, 1, 1, 4)
        # The summary and the rows' own flags agree (all six rows fit on one page).
        flags = {r.trajectory.household.name: r.flags for r in caseload.rows}
        assert flags == {
            "Zonder plan": ["no_plan", "no_recent_contact"],
            "Plan zonder doelen": ["plan_without_goals", "no_recent_contact"],
            "Alleen doel": ["goals_without_results", "no_recent_contact"],
            "Op koers": [],
            "Oud bij coach": ["no_plan", "no_recent_contact"],
            "Nieuw bij coach": [],
        }
        # Every number in the summary links to a list with exactly that many rows.
        client = client_for(world.leader_a)
        html = client.get(URL).content.decode()
        links = re.findall(
            r'data-count="(\w+)"><a class="utrecht-link" href="([^"]+)">(\d+)<', html
        )
        assert len(links) == 10  # the non-zero signal counts of both coordinators and the team
        for signal, href, count in links:
            params = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
            assert params["signal"] == [signal] and params["team"] == [str(world.team_a.pk)]
            who = int(params["coordinator"][0]) if "coordinator" in params else None
            wanted = {
                r.trajectory.pk
                for r in caseload.rows
                if signal in r.flags and who in (None, r.trajectory.coordinator_id)
            }
            listed = _ids(client.get(URL, params).content.decode())
            assert len(listed) == int(count) and set(listed) == wanted, href
        only_coach = client.get(URL, {"coordinator": coach.pk}).content.decode()
        assert "Oud bij coach" in only_coach and "Nieuw bij coach" in only_coach
        assert "Zonder plan" not in only_coach
        coach_no_plan = client.get(URL, {"coordinator": coach.pk, "signal": "no_plan"})
        assert _ids(coach_no_plan.content.decode()) == [
            Trajectory.objects.get(household__name="Oud bij coach").pk
        ]


def _reference_no_recent_contact(trajectory: Trajectory, now: dt.datetime, days: int) -> bool:
    """The rule as it was written in Python before it moved into SQL."""
    last = Note.objects.filter(household=trajectory.household).aggregate(last=Max("occurred_at"))
    if last["last"] is None:
        started = dt.datetime.combine(trajectory.started_on, dt.time.min, tzinfo=dt.UTC)
        return (now - started).days > days
    return (now - last["last"]).days > days


def test_signals_count_whole_days_as_before(world: Any) -> None:
    start = _tomorrow()
    with time_machine.travel(start, tick=False):
        make_household(world, name="Oud")
    with time_machine.travel(start + dt.timedelta(days=1), tick=False):
        for name in ("Jong", "Notitie op de grens", "Notitie net binnen", "Notitie vandaag"):
            make_household(world, name=name)
    now = start + dt.timedelta(days=43)  # "Oud" started 43 days ago, the others 42
    with time_machine.travel(now, tick=False):
        who = actor(world.member_a)
        for name, when in (
            ("Notitie op de grens", now - dt.timedelta(days=43)),
            ("Notitie net binnen", now - dt.timedelta(days=43) + dt.timedelta(minutes=1)),
            ("Notitie vandaag", now - dt.timedelta(hours=1)),
        ):
            household = Trajectory.objects.get(household__name=name).household
            services.note_create(actor=who, household=household, text="Contact", occurred_at=when)
        rows = {
            r.trajectory.household.name: r
            for r in selectors.caseload(actor=actor(world.leader_a), team=world.team_a).rows
        }
        assert {name for name, r in rows.items() if r.no_recent_contact} == {
            "Oud",
            "Notitie op de grens",
        }
        assert {name for name, r in rows.items() if r.no_plan} == {"Oud"}
        for row in rows.values():
            assert row.no_recent_contact == _reference_no_recent_contact(row.trajectory, now, 42)


def test_the_list_pages_by_50_in_a_fixed_order_and_keeps_the_filters(
    world: Any, client_for: Any
) -> None:
    coach = _coach(world)
    for i in range(53):  # names repeat: the order falls back on the primary key
        make_household(world, name=f"Familie {i % 40:02d}")
    for i in range(3):
        make_household(world, coordinator=coach, name=f"Coach {i}")
    expected = [
        t.pk
        for t in sorted(
            Trajectory.objects.select_related("household", "coordinator"),
            key=lambda t: (t.coordinator.last_name, t.household.name, t.coordinator_id, t.pk),
        )
    ]
    client = client_for(world.leader_a)
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": "2"}).content.decode()
    assert _ids(first) + _ids(second) == expected
    assert len(_ids(first)) == selectors.CASELOAD_PAGE_SIZE == 50
    # Page links: real links with Dutch labels; the current page is marked, not linked.
    team = world.team_a.pk
    assert f'href="?team={team}&amp;page=2" rel="next">Volgende pagina</a>' in first
    assert 'aria-label="Pagina\'s van de lijst"' in first
    assert re.search(
        r'aria-current="page"><span class="wt-visually-hidden">Pagina </span>1<', first
    )
    assert f'href="?team={team}" rel="prev">Vorige pagina</a>' in second
    assert "Volgende pagina" not in second
    # The coordinator filter is kept on the page links.
    member = world.member_a.pk
    mine = client.get(URL, {"coordinator": member}).content.decode()
    assert len(_ids(mine)) == 50 and set(_ids(mine)) <= set(expected[3:])
    assert f"?team={team}&amp;coordinator={member}&amp;page=2" in mine
    rest = client.get(URL, {"coordinator": member, "page": 2}).content.decode()
    assert _ids(mine) + _ids(rest) == expected[3:]
    coach_only = client.get(URL, {"coordinator": coach.pk}).content.decode()
    assert _ids(coach_only) == expected[:3]
    assert "utrecht-pagination" not in coach_only


def test_bad_parameters_are_dropped_with_a_notice(world: Any, client_for: Any) -> None:
    make_household(world, name="Enige")
    client = client_for(world.leader_a)
    cases = {
        "page=abc": "Die pagina bestaat niet",
        "page=0": "Die pagina bestaat niet",
        "page=99": "Die pagina bestaat niet",
        "page=%C2%B2": "Die pagina bestaat niet",  # a superscript two is a digit, not a number
        "page=99999999999999999999": "Die pagina bestaat niet",
        "coordinator=abc": "Die regisseur heeft",
        f"coordinator={world.member_b.pk}": "Die regisseur heeft",  # another team's
        "coordinator=99999999999999999999": "Die regisseur heeft",
        "signal=everything": "Onbekend signaal",
        "team=abc": "",
        "team=-1&signal=&coordinator=&page=": "",
    }
    for query, notice in cases.items():
        response = client.get(f"{URL}?{query}")
        assert response.status_code == 200, query
        html = response.content.decode()
        assert len(_ids(html)) == 1, query
        if notice:
            assert notice in html, query
        else:
            assert "wt-notice" not in html, query


def test_caseload_query_count_stays_the_same_with_filters_and_pages(
    world: Any, client_for: Any
) -> None:
    coach = _coach(world)
    start = _tomorrow()
    later = start + dt.timedelta(days=50)  # every trajectory is flagged by then
    with time_machine.travel(start, tick=False):
        make_household(world, name="Een")
    with time_machine.travel(later, tick=False):
        client = client_for(world.leader_a)
        with CaptureQueriesContext(connection) as few:
            assert client.get(URL).status_code == 200
        with time_machine.travel(start, tick=False):
            for i in range(60):
                make_household(world, coordinator=coach if i % 2 else world.member_a, name=f"H{i}")
        counts = set()
        for query in (
            {},
            {"signal": "no_plan"},
            {"coordinator": world.member_a.pk},
            {"page": 2},
            {"coordinator": coach.pk, "signal": "no_recent_contact", "page": 1},
        ):
            with CaptureQueriesContext(connection) as many:
                response = client.get(URL, query)
            assert response.status_code == 200 and _ids(response.content.decode()), query
            counts.add(len(many))
    assert counts == {len(few)}


def test_reading_the_caseload_is_logged_as_metadata(world: Any, client_for: Any) -> None:
    make_household(world, name="Een")
    before = AccessLogEntry.objects.filter(object_type="casework.caseload").count()
    client_for(world.leader_a).get(URL, {"page": "2", "signal": "no_plan"})
    entry = AccessLogEntry.objects.filter(object_type="casework.caseload").latest("pk")
    assert AccessLogEntry.objects.filter(object_type="casework.caseload").count() == before + 1
    assert entry.object_id == str(world.team_a.pk) and entry.actor_id == world.leader_a.pk
    assert entry.actor_role == "team_leader"
