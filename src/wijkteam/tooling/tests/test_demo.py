"""The demo command: only in demo mode, idempotent, every role in a city of eight areas."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from wijkteam.accounts.models import Membership, Role, User
from wijkteam.organisations.models import Area, Municipality


@pytest.mark.django_db
def test_demo_command_refuses_outside_demo_mode(settings) -> None:
    from django.core.management.base import CommandError

    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("demo")


@pytest.mark.django_db
def test_demo_command_creates_eight_areas_and_every_role(settings) -> None:
    settings.DEMO_MODE = True
    call_command("demo")
    call_command("demo")  # idempotent
    municipality = Municipality.objects.get()
    assert Area.objects.filter(municipality=municipality).count() == 8
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {r.value for r in Role}
    assert User.objects.filter(is_demo_account=True).count() == 13
