"""A query compiled once per connection gives what the ORM gives, for every value, and
refuses a query whose SQL would depend on its values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import IntegerField, QuerySet, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wijkteam.accounts.backends import MembershipBackend
from wijkteam.accounts.models import Membership, Role, User
from wijkteam.accounts.sessions import SessionStore
from wijkteam.conftest import World, verified_client
from wijkteam.core.compiled import CompiledQuery, Slot, as_big_int, as_date, as_text

pytestmark = pytest.mark.django_db


def _joined(*, user_id: Any, since: dt.date) -> QuerySet[User, tuple[Any, ...]]:
    return (
        User.objects.filter(pk=user_id, memberships__valid_from__lte=since)
        .order_by("memberships__pk")
        .values_list("username", "is_active", "date_joined", "memberships__valid_from")
    )


def _query() -> CompiledQuery:
    return CompiledQuery(
        _joined,
        user_id=Slot(1, 2, as_big_int),
        since=Slot(dt.date(2000, 1, 1), dt.date(2000, 1, 2), as_date),
    )


def test_the_sql_is_built_once_and_every_value_gives_what_the_orm_gives(world: World) -> None:
    query = _query()
    today = timezone.localdate()
    people = [world.member_a, world.member_b, world.leader_a]
    for person in people:
        for since in (today, today - dt.timedelta(days=400), today + dt.timedelta(days=400)):
            expected = list(_joined(user_id=person.pk, since=since))
            assert query.rows(DEFAULT_DB_ALIAS, user_id=person.pk, since=since) == expected
    assert query.compilations == 1
    # Converted as values_list converts: a bool, an aware datetime and a date, not text.
    row = query.rows(DEFAULT_DB_ALIAS, user_id=world.member_a.pk, since=today)[0]
    assert row[1] is True and timezone.is_aware(row[2]) and isinstance(row[3], dt.date)


def test_a_malformed_key_is_refused_and_one_out_of_range_finds_nothing(world: World) -> None:
    query = _query()
    for bad in ("not-a-number", None):
        with pytest.raises((ValueError, TypeError)):
            query.rows(DEFAULT_DB_ALIAS, user_id=bad, since=timezone.localdate())
    with CaptureQueriesContext(connection) as ctx:
        for far in (10**30, -(10**30)):  # the database would refuse it: never sent
            assert query.rows(DEFAULT_DB_ALIAS, user_id=far, since=timezone.localdate()) == []
    assert len(ctx) == 0
    backend = MembershipBackend()
    assert backend.get_user(10**30) is None and backend.get_user("1; drop") is None
    assert backend.get_user(world.member_a.pk) is not None  # the connection is still usable


def test_a_query_whose_sql_depends_on_its_values_is_refused() -> None:
    def any_of(*, ids: list[int]) -> QuerySet[User, tuple[Any, ...]]:
        return User.objects.filter(pk__in=ids).values_list("pk")

    growing = CompiledQuery(any_of, ids=Slot([1], [1, 2], lambda _c, v: v))
    with pytest.raises(ValueError, match="depends on its values"):
        growing.rows(DEFAULT_DB_ALIAS, ids=[3])

    def unused(*, name: str) -> QuerySet[User, tuple[Any, ...]]:
        return User.objects.values_list("pk")

    lost = CompiledQuery(unused, name=Slot("a", "b", as_text))
    with pytest.raises(ValueError, match="does not reach"):
        lost.rows(DEFAULT_DB_ALIAS, name="c")


def test_a_role_that_ends_is_gone_the_next_day_with_the_same_compiled_query(world: World) -> None:
    today = timezone.localdate()
    team = world.member_a.memberships.first().team  # type: ignore[union-attr]
    ending = Membership.objects.create(
        user=world.member_a,
        municipality=team.municipality,
        team=None,
        role=Role.POLICY_STAFF,
        valid_from=today - dt.timedelta(days=30),
        valid_until=today,
    )
    backend = MembershipBackend()
    login = backend.read(world.member_a.pk)
    assert login is not None and ending.pk in {m.pk for m in login.holdings.memberships}
    with time_machine.travel(timezone.now() + dt.timedelta(days=1), tick=False):
        later = backend.read(world.member_a.pk)
    assert later is not None and ending.pk not in {m.pk for m in later.holdings.memberships}


def test_the_session_read_is_one_query_and_an_expired_or_unknown_session_is_empty(
    world: World,
) -> None:
    client = verified_client(world.member_a)
    key = client.cookies["sessionid"].value
    with CaptureQueriesContext(connection) as ctx:
        data = SessionStore(session_key=key).load()
    assert len(ctx) == 1 and data.get("_auth_user_id") == str(world.member_a.pk)
    assert SessionStore(session_key="x" * 32).load() == {}
    Session.objects.filter(session_key=key).update(expire_date=timezone.now())
    store = SessionStore(session_key=key)
    assert store.load() == {} and store.session_key is None


def _fields(instance: Any) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_instances_carry_their_select_related_objects_and_annotations(world: World) -> None:
    def roles(*, user_id: int) -> QuerySet[Membership]:
        return (
            Membership.objects.filter(user_id=user_id)
            .select_related("team__municipality", "municipality")
            .annotate(days=Value(7, output_field=IntegerField()))
            .order_by("pk")
        )

    query = CompiledQuery(roles, user_id=Slot(1, 2, as_big_int))
    for person in (world.member_a, world.leader_a, world.member_b):
        expected = list(roles(user_id=person.pk))
        found = query.instances(DEFAULT_DB_ALIAS, user_id=person.pk)
        assert [_fields(m) for m in found] == [_fields(m) for m in expected] and found
        for got, want in zip(found, expected, strict=True):
            assert got.days == 7  # type: ignore[attr-defined]
            assert _fields(got.municipality) == _fields(want.municipality)
            if want.team is not None:
                assert got.team is not None and _fields(got.team) == _fields(want.team)
                assert _fields(got.team.municipality) == _fields(want.team.municipality)
            with CaptureQueriesContext(connection) as ctx:
                _ = got.team, got.municipality  # already there: no query
            assert len(ctx) == 0
    assert query.compilations == 1
    with pytest.raises(ValueError, match="use rows"):
        _query().instances(DEFAULT_DB_ALIAS, user_id=world.member_a.pk, since=dt.date.today())
