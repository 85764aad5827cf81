"""#12 point 7: every read of personal data is logged, lists included.

A list (household list and search, the API list, Mijn werk, the caseload, the signal list)
writes one access-log row naming every object it showed, with the person's real role.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkteam.casework.tests.helpers import make_household
from wijkteam.conftest import World
from wijkteam.households.models import Household
from wijkteam.intake.tests.factories import make_signal
from wijkteam.privacy import chain
from wijkteam.privacy.models import AccessEvent, AccessLogEntry
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.selectors import LogFilter, accesslog_search
from wijkteam.privacy.services import access_log_record

pytestmark = pytest.mark.django_db


def _team_households(world: World, n: int) -> list[Household]:
    return [
        Household.objects.create(team=world.team_a, name=f"Fam. Lijst {i:02d}") for i in range(n)
    ]


def _rows(object_type: str) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(object_type=object_type).order_by("pk"))


def _ids(entry: AccessLogEntry) -> list[int]:
    return [int(i) for i in (entry.object_ids or "").split(",") if i]


def _log_inserts(queries: CaptureQueriesContext) -> int:
    return sum(
        1 for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "privacy_accesslog')
    )


def test_household_list_logs_every_household_it_showed_with_the_role(
    world: World, client_for: Any
) -> None:
    households = _team_households(world, 12)  # more than the old "first ten ids"
    with CaptureQueriesContext(connection) as queries:
        response = client_for(world.member_a).get(reverse("households:household_list"))
    assert response.status_code == 200
    [entry] = _rows("households.household.list")
    assert sorted(_ids(entry)) == sorted(h.pk for h in households)
    assert (entry.actor_id, entry.actor_role, entry.on_behalf_of) == (
        world.member_a.pk,
        "team_member",
        world.team_a.name,
    )
    assert _log_inserts(queries) == 1  # one INSERT for the whole list


def test_search_results_name_only_the_households_found(world: World, client_for: Any) -> None:
    _team_households(world, 3)
    wanted = Household.objects.create(team=world.team_a, name="Fam. Zoeker")
    client_for(world.leader_a).get(reverse("households:household_list"), {"q": "Zoeker"})
    [entry] = _rows("households.household.list")
    assert _ids(entry) == [wanted.pk]
    assert entry.actor_role == "team_leader"


def test_household_list_api_is_logged(world: World, client_for: Any) -> None:
    households = _team_households(world, 2)
    response = client_for(world.member_a).get(reverse("households_api:household_list"))
    assert response.status_code == 200
    [entry] = _rows("households.household.list")
    assert sorted(_ids(entry)) == sorted(h.pk for h in households)
    assert entry.actor_role == "team_member"


def test_my_work_logs_the_households_it_shows(world: World, client_for: Any) -> None:
    mine = make_household(world, name="Fam. Mijn")  # member_a coordinates it
    make_household(world, coordinator=world.leader_a, name="Fam. Niet mijn")
    before = len(_rows("casework.my_work"))
    assert client_for(world.member_a).get(reverse("core:my_work")).status_code == 200
    entry = _rows("casework.my_work")[before]
    assert _ids(entry) == [mine.pk]
    assert (entry.actor_role, entry.on_behalf_of) == ("team_member", world.team_a.name)


def test_caseload_and_signal_list_name_what_they_showed(world: World, client_for: Any) -> None:
    household = make_household(world, name="Fam. Caseload")
    signals = [make_signal(world.team_a, world.member_a) for _ in range(2)]
    client = client_for(world.leader_a)
    client.get(reverse("casework:caseload"))
    [entry] = _rows("casework.caseload")
    assert _ids(entry) == [household.pk]
    client.get(reverse("intake:signal_list"))
    [entry] = _rows("intake.signal_list")
    assert sorted(_ids(entry)) == sorted(s.pk for s in signals)
    assert entry.actor_role == "team_leader"


def test_the_officer_finds_list_reads_by_the_household_id(world: World, client_for: Any) -> None:
    households = _team_households(world, 3)
    client_for(world.member_a).get(reverse("households:household_list"))
    [listed] = _rows("households.household.list")
    found = accesslog_search(
        actor=Actor(user=world.privacy_officer),
        filters=LogFilter(object_id=str(households[1].pk)),
    )
    assert listed in list(found)
    other = accesslog_search(
        actor=Actor(user=world.privacy_officer), filters=LogFilter(object_id="999999")
    )
    assert listed not in list(other)


def test_the_chain_covers_the_ids_a_list_showed(world: World, client_for: Any) -> None:
    _team_households(world, 2)
    client_for(world.member_a).get(reverse("households:household_list"))
    [entry] = _rows("households.household.list")
    digest = chain.row_digest(entry, 1, "")
    entry.object_ids = f"{entry.object_ids},424242"
    assert chain.row_digest(entry, 1, "") != digest


def test_the_signal_link_search_names_the_households_it_found(
    world: World, client_for: Any
) -> None:
    wanted = Household.objects.create(team=world.team_a, name="Fam. Koppel")
    Household.objects.create(team=world.team_a, name="Fam. Anders")
    signal = make_signal(world.team_a, world.member_a)
    url = reverse("intake:signal_link", args=[signal.pk])
    assert client_for(world.member_a).get(url, {"q": "Koppel"}).status_code == 200
    [entry] = _rows("households.household.list")
    assert (_ids(entry), entry.actor_role) == ([wanted.pk], "team_member")


def test_the_officer_sees_and_exports_what_a_list_showed(world: World, client_for: Any) -> None:
    households = _team_households(world, 2)
    client_for(world.member_a).get(reverse("households:household_list"))
    ids = ",".join(str(h.pk) for h in households)
    officer = client_for(world.privacy_officer)
    page = officer.get(reverse("privacy:accesslog"), {"object_id": households[0].pk})
    assert f"getoond: {ids}" in page.content.decode()
    export = officer.get(reverse("privacy:accesslog_export"), {"object_id": households[0].pk})
    text = export.content.decode()
    assert "getoonde_kenmerken" in text.splitlines()[0] and ids in text


def test_the_residents_access_report_names_the_lists_that_showed_the_household(
    world: World, client_for: Any
) -> None:
    """Inzage: a list read that showed the household is in the resident's access report; a
    signal list naming a signal with the same number is not (it names signals)."""
    _team_households(world, 3)  # the list names several, so its object_id is not this id
    household = make_household(world, coordinator=world.member_a)
    member = household.members.order_by("pk").first()
    client_for(world.leader_a).get(reverse("households:household_list"))
    listed = [e for e in _rows("households.household.list") if household.pk in _ids(e)]
    assert [e.actor_id for e in listed] == [world.leader_a.pk]
    assert listed[0].object_id != str(household.pk)
    with transaction.atomic():  # a signal list that named signal number <household.pk>
        access_log_record(
            actor=Actor(user=world.privacy_officer),
            event=AccessEvent.READ,
            object_type="intake.signal_list",
            object_id=world.team_a.pk,
            object_ids=[household.pk],
        )
    report = client_for(world.member_a).get(reverse("privacy:inzage_json", args=[member.pk]))
    who = [row["who"] for row in report.json()["access_report"]]
    assert listed[0].actor_name in who
    signal_reader = world.privacy_officer.get_full_name() or world.privacy_officer.username
    assert signal_reader not in who
