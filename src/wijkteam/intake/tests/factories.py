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
