from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wijkteam.casework.tests.helpers import make_household
from wijkteam.conftest import World
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessLogEntry, Rectification
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rectification import member_rectify


@pytest.mark.django_db
def test_rectification_changes_the_data_and_records_old_and_new(world: World, client_for) -> None:
    member = make_household(world).members.order_by("pk").first()
    response = client_for(world.member_a).post(
        reverse("privacy:rectify", args=[member.pk]),
        {
            "first_name": member.first_name,
            "last_name": "Testers-Jansen",
            "date_of_birth": member.date_of_birth.isoformat(),
            "bsn": member.bsn,
            "reason": "Verzoek van de inwoner, paspoort gezien.",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.last_name == "Testers-Jansen"
    record = Rectification.objects.get()
    assert (record.field_name, record.old_value, record.new_value) == (
        "last_name",
        "Testers",
        "Testers-Jansen",
    )
    assert AccessLogEntry.objects.filter(
        object_type="households.member", purpose__startswith="rectification"
    ).exists()


@pytest.mark.django_db
def test_bad_rectification_changes_nothing(world: World) -> None:
    member = make_household(world).members.first()
    actor = Actor(user=world.member_a)
    for changes, reason in (({"bsn": "123456789"}, "x"), ({"last_name": "Y"}, " ")):
        with pytest.raises(ValidationError):
            member_rectify(actor=actor, member=member, changes=changes, reason=reason)
    with pytest.raises(policy.AccessDenied):
        member_rectify(
            actor=Actor(user=world.civil_servant_a),
            member=member,
            changes={"last_name": "Z"},
            reason="x",
        )
    assert not Rectification.objects.exists()
