"""Refusals outside a request are logged too (issue 12 point 6): a job that acts for a person
checks the person's rights again when it runs, and a refusal there is an access-log row."""

from __future__ import annotations

import pytest

from wijkteam.accounts.models import Membership, Role
from wijkteam.conftest import World
from wijkteam.privacy import denials, policy
from wijkteam.privacy.models import AccessLogEntry, AccessOutcome
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.steering import READ_AGGREGATES
from wijkteam.socialmap import background
from wijkteam.socialmap.models import ImportJob, ImportStatus, Service


@pytest.mark.django_db
def test_an_import_job_of_an_administrator_who_lost_the_role_is_refused_and_logged(
    world: World,
) -> None:
    job = ImportJob.objects.create(
        municipality=world.municipality,
        created_by=world.admin,
        filename="diensten.csv",
        kind="csv",
        headers=["external_id", "name", "provider", "type"],
        rows=[["x-1", "Schuldhulp", "Stichting Hulp", "general"]],
        mapping={"external_id": 0, "name": 1, "provider": 2, "service_type": 3},
        status=ImportStatus.RUNNING,
    )
    # Between starting the import and the worker taking it, the role was taken away.
    Membership.objects.filter(user=world.admin, role=Role.FUNCTIONAL_ADMIN).delete()
    assert background.run_import_job(job.pk, world.admin.pk, False) == "refused"
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.report["not_allowed"] is True
    assert not Service.objects.exists()
    denied = AccessLogEntry.objects.get(actor=world.admin, outcome=AccessOutcome.DENIED)
    assert denied.purpose.startswith("social map import")


@pytest.mark.django_db
def test_refusals_in_a_block_are_logged_only_when_the_block_is_refused(world: World) -> None:
    actor = Actor(user=world.member_a, purpose="report job")
    with denials.refusals_logged(actor, where="report job"):
        assert not policy.may_scope(actor, READ_AGGREGATES, municipality=world.municipality)
    assert not AccessLogEntry.objects.filter(outcome=AccessOutcome.DENIED).exists()
    with pytest.raises(policy.AccessDenied), denials.refusals_logged(actor, where="report job"):
        policy.require_scope(actor, READ_AGGREGATES, municipality=world.municipality)
    row = AccessLogEntry.objects.get(outcome=AccessOutcome.DENIED)
    assert (row.actor, row.object_type, row.object_id) == (
        world.member_a,
        "organisations.municipality",
        str(world.municipality.pk),
    )
