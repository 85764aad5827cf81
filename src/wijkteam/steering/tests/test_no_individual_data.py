"""Policy staff reach no individual data through any indicator page, export or API."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from wijkteam.casework.tests.helpers import make_household, make_plan
from wijkteam.households.models import Member
from wijkteam.steering.indicators import INDICATORS, indicators_for
from wijkteam.steering.tests.test_reports import pdf_text

pytestmark = pytest.mark.django_db


def _personal_strings(world: Any) -> list[str]:
    household = make_household(world, coordinator=world.member_a, name="Familie Zeldzaamheid")
    make_plan(world, household)
    strings = ["Zeldzaamheid", "Dorpsstraat", "1234AB", "Anna", "Bram", "Cleo"]
    strings += [m.bsn for m in Member.objects.filter(household=household) if m.bsn]
    strings += [world.member_a.get_full_name(), world.leader_a.get_full_name()]
    strings += [world.civil_servant_a.get_full_name()]
    return strings


def _xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


@pytest.mark.long
def test_policy_staff_see_no_household_and_no_name_anywhere(world: Any, client_for: Any) -> None:
    personal = _personal_strings(world)
    client = client_for(world.policy)
    filters = [
        {},
        {"area": world.area_a.pk},
        {"team": world.team_a.pk},
        {"framework": "wmo"},
        {"team": world.team_a.pk, "area": world.area_a.pk, "period": "2026"},
    ]
    # Asking for a team leader's indicator by name changes nothing.
    every_key = {"indicator": list(INDICATORS)}
    seen: list[str] = []
    for query in filters:
        response = client.get(reverse("steering:dashboard"), query)
        assert response.status_code == 200
        seen.append(response.content.decode())
        pdf = client.get(reverse("steering:report_pdf"), {**query, **every_key})
        assert pdf.status_code == 200
        seen.append(pdf_text(pdf.content))
        xlsx = client.get(reverse("steering:report_xlsx"), {**query, **every_key})
        assert xlsx.status_code == 200
        seen.append(_xlsx_text(xlsx.content))
        for spec in indicators_for("policy"):
            url = reverse("steering_api:indicator", kwargs={"key": spec.key})
            for accept in ("application/json", "text/csv"):
                answer = client.get(url, query, HTTP_ACCEPT=accept)
                assert answer.status_code == 200, (spec.key, query, answer.content[:300])
                seen.append(answer.content.decode())
    seen.append(client.get(reverse("steering_api:indicators")).content.decode())
    leader_only = [s for s in INDICATORS.values() if "policy" not in s.audiences]
    for text in seen:
        for value in personal:
            assert value not in text
        for spec in leader_only:
            assert str(spec.title) not in text
    # The per-coordinator view and its API are closed to policy staff.
    assert client.get(reverse("steering:team_dashboard")).status_code == 404
    for spec in leader_only:
        url = reverse("steering_api:indicator", kwargs={"key": spec.key})
        assert client.get(url).status_code == 404
