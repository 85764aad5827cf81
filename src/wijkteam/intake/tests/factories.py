"""Test data for the intake app."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from wijkteam.intake.models import PartnerKind, Signal, SignallingPartner


def make_partner(team: Any, **kwargs: Any) -> SignallingPartner:
    values: dict[str, Any] = {
        "name": "Woningcorporatie Test",
        "kind": PartnerKind.HOUSING_CORPORATION,
    }
    values.update(kwargs)
    return SignallingPartner.objects.create(team=team, **values)


def make_signal(team: Any, created_by: Any, **kwargs: Any) -> Signal:
    values: dict[str, Any] = {
        "source_kind": "resident",
        "subject_name": "Fam. Voorbeeld",
        "subject_address": "Teststraat 1",
        "concern": "Huurachterstand en post stapelt zich op",
        "received_at": timezone.now(),
    }
    values.update(kwargs)
    return Signal.objects.create(team=team, created_by=created_by, **values)


def make_returning_signal(world: Any, **kwargs: Any) -> Signal:
    """A new signal of team A, linked to a household of team A whose trajectory is closed
    (member_a coordinated it)."""
    from wijkteam.casework import services as casework
    from wijkteam.casework.tests.helpers import actor, make_household, trajectory_of

    household = make_household(world)
    casework.trajectory_close(
        actor=actor(world.member_a),
        trajectory=trajectory_of(household),
        reason="Doelen bereikt",
        frameworks=["wmo"],
    )
    values: dict[str, Any] = {"status": "linked", "household": household}
    values.update(kwargs)
    return make_signal(world.team_a, world.member_a, **values)
