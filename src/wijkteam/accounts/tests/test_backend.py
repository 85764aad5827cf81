"""The authentication backend reads the person, the active roles and the second factor in one
query, and still applies every check Django and django-otp apply."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from wijkteam.accounts.backends import MembershipBackend
from wijkteam.accounts.models import Membership, Role
from wijkteam.accounts.services import recovery_codes_regenerate
from wijkteam.conftest import World, verified_client
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor

pytestmark = pytest.mark.django_db


def _expected_memberships(world: World) -> set[int]:
    return set(Membership.objects.active().filter(user=world.member_a).values_list("pk", flat=True))


def test_get_user_reads_active_memberships_and_devices_in_one_query(world: World) -> None:
    today = timezone.localdate()
    team = world.member_a.memberships.first().team  # type: ignore[union-attr]
    ended = Membership.objects.create(
        user=world.member_a,
        municipality=team.municipality,
        team=None,
        role=Role.POLICY_STAFF,
        valid_from=today - dt.timedelta(days=30),
        valid_until=today - dt.timedelta(days=1),
    )
    future = Membership.objects.create(
        user=world.member_a,
        municipality=team.municipality,
        team=None,
        role=Role.POLICY_STAFF,
        valid_from=today + dt.timedelta(days=1),
    )
    TOTPDevice.objects.create(user=world.member_a, name="half enrolled", confirmed=False)
    with CaptureQueriesContext(connection) as ctx:
        login = MembershipBackend().read(world.member_a.pk)
        assert login is not None
        roles = policy.active_memberships(Actor(user=login.user, loaded=login.holdings))
        teams = [m.team.name for m in roles if m.team is not None]
        municipalities = {m.municipality.name for m in roles}
    assert len(ctx) == 1
    assert {m.pk for m in roles} == _expected_memberships(world)
    assert ended.pk not in {m.pk for m in roles} and future.pk not in {m.pk for m in roles}
    assert team.name in teams and team.municipality.name in municipalities
    confirmed = TOTPDevice.objects.get(user=world.member_a, confirmed=True)
    assert set(login.devices) == {confirmed.persistent_id}


def test_inactive_or_unknown_people_are_not_loaded(world: World) -> None:
    backend = MembershipBackend()
    assert backend.get_user(987654) is None
    assert backend.get_user("not-a-number") is None
    world.member_a.is_active = False
    world.member_a.save(update_fields=["is_active"])
    assert backend.get_user(world.member_a.pk) is None


def test_a_person_without_roles_or_devices_loads_with_empty_lists(world: World) -> None:
    world.member_a.memberships.all().delete()
    TOTPDevice.objects.filter(user=world.member_a).delete()
    login = MembershipBackend().read(world.member_a.pk)
    assert login is not None and login.user.pk == world.member_a.pk
    assert login.holdings.memberships == () and not login.devices


def test_unconfirming_the_device_ends_the_verified_session(world: World) -> None:
    client = verified_client(world.member_a)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("core:my_work")).status_code == 200
    # The device came with the person: no query of its own.
    assert not [q for q in ctx.captured_queries if 'FROM "otp_totp_totpdevice"' in q["sql"]]
    TOTPDevice.objects.filter(user=world.member_a).update(confirmed=False)
    assert client.get(reverse("core:my_work"))["Location"] == reverse("accounts:mfa")


def test_a_device_of_someone_else_in_the_session_does_not_verify(world: World) -> None:
    client = verified_client(world.member_a)
    other = TOTPDevice.objects.get(user=world.member_b, confirmed=True)
    session = client.session
    session["otp_device_id"] = other.persistent_id
    session.save()
    assert client.get(reverse("core:my_work"))["Location"] == reverse("accounts:mfa")


def test_a_recovery_code_device_still_verifies(world: World) -> None:
    # Not read with the user (only TOTP devices are): django-otp reads it itself.
    recovery_codes_regenerate(user=world.member_a)
    static = world.member_a.staticdevice_set.get()
    client = verified_client(world.member_a)
    session = client.session
    session["otp_device_id"] = static.persistent_id
    session.save()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("core:my_work")).status_code == 200
    assert [q for q in ctx.captured_queries if 'FROM "otp_static_staticdevice"' in q["sql"]]


def test_every_actor_of_a_page_carries_the_memberships_the_login_read(world: World) -> None:
    # The menu, the view and the selectors each build an Actor: none reads the roles again.
    client = verified_client(world.leader_a)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("core:my_work")).status_code == 200
    mine = f'"accounts_membership"."user_id" = {world.leader_a.pk}'
    assert not [q for q in ctx.captured_queries if mine in q["sql"]]
    assert any("active_membership" in q["sql"] for q in ctx.captured_queries)  # the login
