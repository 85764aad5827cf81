"""Messages found by the Dutch crawl and the issue, checked where they are made."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from wijkteam.casework.tests.helpers import make_household
from wijkteam.households.models import Member
from wijkteam.privacy.consent import consent_for
from wijkteam.privacy.models import Consent
from wijkteam.socialmap.columns import KEYS
from wijkteam.socialmap.importing import validate_rows


def test_import_errors_name_the_column_in_dutch_not_its_code() -> None:
    mapping = {key: i for i, key in enumerate(KEYS)}
    row = [""] * len(KEYS)
    row[KEYS.index("max_age")] = "veel"
    row[KEYS.index("latitude")] = "noord"
    with translation.override("nl"):
        errors = " ".join(validate_rows([row], mapping, {})[0].errors)
    assert "max_age" not in errors and "latitude" not in errors and "provider" not in errors
    assert "Maximumleeftijd" in errors


@pytest.mark.django_db
def test_a_referral_consent_note_gives_the_date_in_words(world: Any) -> None:
    household = make_household(world)
    member = Member.objects.filter(household=household).first()
    given = dt.date.today() - dt.timedelta(days=3)
    Consent.objects.create(
        member=member,
        purpose="Doorverwijzing",
        recipients="Schuldhulp Test",
        data_categories=["identity"],
        given_by="resident",
        form="written",
        given_on=given,
        recorded_by=world.member_a,
    )
    with translation.override("nl"):
        result = consent_for(household=household, recipient="Schuldhulp Test")
    assert result.allowed and given.isoformat() not in result.note
    assert str(given.year) in result.note and str(given.day) in result.note


@pytest.mark.django_db
def test_an_api_error_message_is_dutch(world: Any, client_for: Any) -> None:
    response = client_for(world.member_a).get(
        reverse("socialmap_api:service_list"), {"area": world.area_a.pk + 999}
    )
    assert response.status_code == 400
    assert response.json()["area"] == ["Dit gebied is niet bekend."]


# A message list written out in the code ({"team": ["Unknown team."]}) that skips gettext.
PLAIN_MESSAGE = re.compile(r"""\[\s*["'][A-Z][^"']*\.["']\s*\]""")


def test_api_error_messages_go_through_gettext() -> None:
    package = Path(__file__).resolve().parents[2]
    plain = [
        f"{path.relative_to(package)}: {match}"
        for path in package.rglob("*.py")
        if "tests" not in path.parts and ("api" in path.stem or path.parent.name == "api")
        for match in PLAIN_MESSAGE.findall(path.read_text())
    ]
    assert plain == []
