"""The models and their migrations agree: ``makemigrations --check`` finds nothing to do."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from wijkteam.accounts.models import Membership


@pytest.mark.django_db
def test_makemigrations_check_finds_no_missing_migration() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:  # --check exits 1 when a migration is missing
        pytest.fail(f"a model change has no migration:\n{out.getvalue()}")


def test_membership_role_constraint_lists_roles_in_a_fixed_order() -> None:
    """The roles come from frozensets, whose order changes with each process's hash seed:
    unsorted, every run of makemigrations saw a "new" constraint."""
    (constraint,) = [c for c in Membership._meta.constraints if c.name.endswith("matches_role")]
    lists = [
        value
        for q in constraint.condition.children
        for key, value in q.children
        if key == "role__in"
    ]  # type: ignore[attr-defined,union-attr]
    assert len(lists) == 2
    assert all(list(roles) == sorted(roles) for roles in lists)
