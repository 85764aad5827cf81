"""The household file and the caseload read a bounded number of queries (no N+1)."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkteam.accounts.models import User
from wijkteam.casework import selectors, services
from wijkteam.casework.models import Note
from wijkteam.casework.selectors.file import FILE_TIMELINE_LIMIT
from wijkteam.casework.tests.helpers import actor, make_household, make_plan
from wijkteam.households.services import member_relation_add, network_person_add


def _fill(world: Any, household: Any, notes: int) -> None:
    who = actor(world.member_a)
    members = list(household.members.all())
    member_relation_add(
        actor=who, household=household, from_member=members[0], kind="partner", to_member=members[1]
    )
    member_relation_add(
        actor=who, household=household, from_member=members[0], kind="parent", to_member=members[2]
    )
    network_person_add(
        actor=who,
        household=household,
        name="Buurvrouw",
        relation_type="neighbour",
        contributes="Boodschappen",
    )
    Note.objects.bulk_create(
        Note(household=household, text=f"Notitie {i}", author=world.member_a) for i in range(notes)
    )


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no cached memberships


def test_household_file_is_at_most_12_queries_regardless_of_history(
    world: Any, django_assert_max_num_queries: Any
) -> None:
    small = make_household(world, name="Klein")
    make_plan(world, small, actions=1)
    _fill(world, small, notes=1)
    big = make_household(world, name="Groot")
    make_plan(world, big, actions=30)
    _fill(world, big, notes=200)
    with django_assert_max_num_queries(12):
        file = selectors.household_file(actor=actor(_fresh(world.member_a)), household_id=big.pk)
    assert file.plan is not None and len(file.plan.all_actions) == 30
    assert len(file.notes) == FILE_TIMELINE_LIMIT
    assert [other.first_name for _label, other in file.members[0].relation_list] == ["Anna", "Cleo"]
    with CaptureQueriesContext(connection) as small_ctx:
        selectors.household_file(actor=actor(_fresh(world.member_a)), household_id=small.pk)
    with CaptureQueriesContext(connection) as big_ctx:
        selectors.household_file(actor=actor(_fresh(world.member_a)), household_id=big.pk)
    assert len(small_ctx) == len(big_ctx)


def test_household_page_query_count_does_not_grow(world: Any, client_for: Any) -> None:
    small = make_household(world, name="Klein")
    make_plan(world, small, actions=1)
    _fill(world, small, notes=1)
    big = make_household(world, name="Groot")
    make_plan(world, big, actions=25)
    _fill(world, big, notes=120)
    client = client_for(world.member_a)
    counts = []
    for household in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("casework:household_file", args=[household.pk]))
        assert response.status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]


def test_caseload_query_count_does_not_grow(world: Any, client_for: Any) -> None:
    for i in range(3):
        make_household(world, name=f"H{i}")
    client = client_for(world.leader_a)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("casework:caseload")).status_code == 200
    for i in range(3, 15):
        household = make_household(world, name=f"H{i}")
        services.note_create(actor=actor(world.member_a), household=household, text="x")
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("casework:caseload")).status_code == 200
    assert len(few) == len(many)


def test_plan_page_query_count_does_not_grow(world: Any, client_for: Any) -> None:
    small = make_household(world, name="Klein")
    make_plan(world, small, actions=1)
    big = make_household(world, name="Groot")
    make_plan(world, big, actions=40)
    client = client_for(world.member_a)
    counts = []
    for household in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("casework:plan", args=[household.pk])).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1]
