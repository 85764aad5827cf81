"""Issue 17 point 5: the household search is served by search indexes (pg_trgm on
PostgreSQL, FTS5 trigram tables on SQLite), which follow every change, and a search's
masking costs the same number of queries for two rows as for six."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkteam.casework import services as casework_services
from wijkteam.casework.tests.helpers import actor, make_household, trajectory_of
from wijkteam.households import selectors as household_selectors
from wijkteam.households.models import Household, Member
from wijkteam.households.selectors import _matching_household_ids, household_list, household_search
from wijkteam.households.services import MemberInput, household_create

pytestmark = pytest.mark.django_db


def _found(world: Any, query: str) -> set[int]:
    return {h.pk for h in household_search(actor=actor(world.member_a), query=query)}


def test_the_index_follows_every_change(world: Any) -> None:
    household = make_household(world, name="Familie Oranjeboom")
    assert _found(world, "ranjeboo") == {household.pk}
    assert _found(world, "estad") == set()  # the city is not searched
    Household.objects.filter(pk=household.pk).update(
        name="Familie Lindeboom", street_address="Kade 7"
    )
    assert _found(world, "ranjeboo") == set()
    assert _found(world, "lindeboo") == {household.pk}
    assert _found(world, "kade 7") == {household.pk}
    assert _found(world, "dorpsstr") == set()
    cleo = household.members.get(first_name="Cleo")
    Member.objects.filter(pk=cleo.pk).update(first_name="Zoë", last_name="Quist")
    assert _found(world, "zoë quist") == {household.pk}
    assert _found(world, "cleo") == set()
    other = make_household(world, name="Familie Anders")
    Member.objects.filter(pk=cleo.pk).update(household=other)
    assert _found(world, "quist") == {other.pk}
    Member.objects.filter(pk=cleo.pk).delete()
    assert _found(world, "quist") == set()
    household.members.all().delete()
    Household.objects.filter(pk=household.pk).delete()
    assert _found(world, "lindeboo") == set()


def test_words_shorter_than_the_trigrams_and_quotes_still_match(world: Any) -> None:
    household = make_household(world, name='Familie "de" Wit')
    assert _found(world, "anna te") == {household.pk}  # "te" is shorter than a trigram
    assert _found(world, '"de" wit') == {household.pk}
    assert _found(world, "te ann") == {household.pk}
    assert _found(world, "bram cleo") == set()  # every word in one member's name


def test_the_search_uses_the_search_indexes(world: Any) -> None:
    make_household(world)
    ids = _matching_household_ids("Testers")  # the indexed path: few matches
    found = household_list(actor=actor(world.member_a)).filter(pk__in=ids)
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: force the choice
            cursor.execute("EXPLAIN " + sql, params)
            needed = ("household_name_trgm", "household_street_trgm", "member_last_name_trgm")
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            needed = ("SCAN household_search VIRTUAL TABLE", "SCAN member_search VIRTUAL TABLE")
        plan = "\n".join(str(row) for row in cursor.fetchall())
    for index in needed:
        assert index in plan, plan


def test_masking_a_street_search_costs_no_query_per_row(world: Any) -> None:
    """The team leader sees the team's households as metadata: found by the street, each row
    is masked after a policy decision, which must not cost queries per row."""
    for i in range(2):
        make_household(world, name=f"Familie Een{i}")

    def queries() -> int:
        leader = type(world.leader_a).objects.get(pk=world.leader_a.pk)  # a fresh request
        with CaptureQueriesContext(connection) as captured:
            found = household_search(actor=actor(leader), query="Dorpsstraat")
        assert found and all(h.masked == "address" for h in found)
        return len(captured)

    two = queries()
    for i in range(4):
        make_household(world, name=f"Familie Meer{i}")
    assert queries() == two


def test_a_broad_search_finds_the_same_households(world: Any, monkeypatch: Any) -> None:
    """Past MAX_LISTED_MATCHES matches the search checks the visible households instead of
    listing the matches: the same households, masked the same."""
    for name in ("Familie Pieterse", "Familie Pietersen", "Familie Anders"):
        make_household(world, name=name)
    # Team B: one household member_a works on (visible through the involvement, found by a
    # member's name) and one they may not see, whose member matches too.
    involved, unseen = (
        _team_b_household(world, "Karel Pieters"),
        _team_b_household(world, "Piet Pieters"),
    )
    casework_services.involvement_add(
        actor=actor(world.member_b),
        trajectory=trajectory_of(involved),
        user=world.member_a,
        role="Schuldhulp",
    )
    queries = ("pieters", "dorpsstraat", "anna testers", "bram te", "01-05-1980", "anders")
    listed = {
        q: [h.pk for h in household_search(actor=actor(world.member_a), query=q)] for q in queries
    }
    monkeypatch.setattr(household_selectors, "MAX_LISTED_MATCHES", 1)
    for query in queries:
        assert [h.pk for h in household_search(actor=actor(world.member_a), query=query)] == listed[
            query
        ], query
    assert len(listed["pieters"]) == 3 and len(listed["dorpsstraat"]) == 3
    assert involved.pk in listed["pieters"] and unseen.pk not in listed["pieters"]


def _team_b_household(world: Any, member: str) -> Household:
    first, last = member.split()
    return household_create(
        actor=actor(world.member_b),
        team=world.team_b,
        name=f"Huishouden {first}",
        street_address="Kerkweg 2",
        postcode="1234AC",
        city="Teststad",
        members=[MemberInput(first, last, dt.date(1970, 1, 1))],
        coordinator=world.member_b,
    )
