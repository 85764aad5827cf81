from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from wijkteam.conftest import World
from wijkteam.organisations import selectors
from wijkteam.privacy.models import AccessLogEntry, AppendOnlyError
from wijkteam.privacy.policy import Actor

FIELDS = [
    "event",
    "occurred_at",
    "outcome",
    "actor_id",
    "actor_name",
    "actor_role",
    "on_behalf_of",
    "object_type",
    "object_id",
    "purpose",
    "ip_address",
]


@pytest.mark.django_db
def test_team_page_read_writes_one_complete_log_row(world: World, client_for) -> None:
    response = client_for(world.member_a).get(
        reverse("organisations:team_detail", args=[world.team_a.pk]), REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 200
    row = AccessLogEntry.objects.get()
    for field in FIELDS:
        assert getattr(row, field) not in (None, ""), field
    assert row.event == "read" and row.outcome == "granted"
    assert row.actor == world.member_a and row.actor_role == "team_member"
    assert row.on_behalf_of == "Team A"
    assert (row.object_type, row.object_id) == ("organisations.team.members", str(world.team_a.pk))
    assert row.purpose == "team overview" and row.ip_address == "10.1.2.3"


@pytest.mark.django_db
def test_api_team_read_is_logged(world: World, client_for) -> None:
    client_for(world.leader_a).get(reverse("api:team_detail", args=[world.team_a.pk]))
    assert (
        AccessLogEntry.objects.filter(actor=world.leader_a, actor_role="team_leader").count() == 1
    )


@pytest.mark.django_db
def test_denied_read_of_other_team_writes_no_data_and_404(world: World, client_for) -> None:
    response = client_for(world.member_b).get(
        reverse("organisations:team_detail", args=[world.team_a.pk])
    )
    assert response.status_code == 404
    assert b"member_a" not in response.content and b"Team A" not in response.content
    # Only the refusal is logged (issue 12 point 6), nothing of the team's data.
    rows = list(AccessLogEntry.objects.values_list("outcome", "object_type", "object_id"))
    assert rows == [("denied", "organisations.team", str(world.team_a.pk))]


@pytest.mark.django_db(transaction=True)
def test_rolled_back_read_leaves_no_log_row_and_committed_read_has_one() -> None:
    from wijkteam.conftest import build_world

    world = build_world()
    actor = Actor(user=world.member_a, ip_address="127.0.0.1", purpose="test")
    with pytest.raises(RuntimeError), transaction.atomic():
        selectors.team_get(actor=actor, team_id=world.team_a.pk)
        assert AccessLogEntry.objects.count() == 1  # visible inside the transaction
        raise RuntimeError("the view failed after the read")
    assert AccessLogEntry.objects.count() == 0
    with transaction.atomic():
        selectors.team_get(actor=actor, team_id=world.team_a.pk)
    assert AccessLogEntry.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_logging_outside_a_transaction_is_refused() -> None:
    from wijkteam.conftest import build_world
    from wijkteam.privacy.services import access_log_record

    world = build_world()
    assert not transaction.get_connection().in_atomic_block
    with pytest.raises(RuntimeError, match="inside a transaction"):
        access_log_record(
            actor=Actor(user=world.member_a), event="read", object_type="x", object_id=1
        )
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_log_rows_are_append_only(world: World, client_for) -> None:
    client_for(world.member_a).get(reverse("organisations:team_detail", args=[world.team_a.pk]))
    row = AccessLogEntry.objects.get()
    row.purpose = "changed"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()


@pytest.mark.django_db
def test_log_indexes_for_who_opened_x_and_what_did_y_open() -> None:
    indexes = {tuple(index.fields) for index in AccessLogEntry._meta.indexes}
    assert ("object_type", "object_id", "occurred_at") in indexes
    assert ("actor", "occurred_at") in indexes
