"""What was prevented (#14 point 5): optional ticks on the closing and the evaluation form
itself (one screen), prefilled, saved in the same transaction as the closing or evaluation."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wijkteam.casework import services
from wijkteam.casework.choices import Phase
from wijkteam.casework.tests.helpers import actor, make_household, make_plan, trajectory_of
from wijkteam.intake.models import PartnerKind, SignallingPartner
from wijkteam.intake.tests.factories import make_signal
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.results.models import PreventedOutcome
from wijkteam.results.prevented import prevented_options
from wijkteam.results.shipped import ensure_shipped

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _shipped(db: Any) -> None:
    ensure_shipped()  # a browser test elsewhere may have flushed the migrated rows


class _Form(HTMLParser):
    """What a browser sends for the page's POST form: checked radios and boxes, text, hidden
    fields, textareas and the selected (else first) option of each select."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._first: str | None = None
        self._selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method") == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            if a.get("type") not in ("radio", "checkbox") or "checked" in a:
                self.values.setdefault(name, []).append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self.values.setdefault(name, [""])
        elif tag == "select":
            self._select, self._first, self._selected = name, None, False
        elif tag == "option" and self._select:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self.values[self._select] = [a.get("value", "")]
                self._selected = True

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] = [self.values[self._textarea][0] + data]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._selected:
                self.values[self._select] = [self._first or ""]
            self._select = None


def _form_values(page: str) -> dict[str, list[str]]:
    parser = _Form()
    parser.feed(page)
    return parser.values


def _stored(trajectory: Any) -> dict[str, str]:
    return dict(
        PreventedOutcome.objects.filter(trajectory=trajectory).values_list("outcome", "likelihood")
    )


def _rent_arrears_signal(world: Any, household: Any) -> None:
    partner = SignallingPartner.objects.create(
        team=world.team_a, name="Woonstichting", kind=PartnerKind.HOUSING_CORPORATION
    )
    make_signal(
        world.team_a, world.member_a, source_kind="partner", partner=partner, household=household
    )


def _tailored_debt_referral(world: Any, plan: Any) -> None:
    from wijkteam.socialmap.models import Referral
    from wijkteam.socialmap.tests.factories import make_service

    service = make_service(
        world.municipality, "Schuldhulp op maat", service_type="tailored", domains=["finances"]
    )
    Referral.objects.create(
        solution=plan.solutions.first(),
        service=service,
        provider=service.provider,
        created_by=world.member_a,
    )


def test_the_closing_form_is_prefilled_and_submits_its_ticks_unchanged(
    world: Any, client_for: Any
) -> None:
    household = make_household(world)
    trajectory = trajectory_of(household)
    _rent_arrears_signal(world, household)
    plan = make_plan(world, household, actions=0)  # a finances problem is not a debt referral
    options = prevented_options(actor=actor(world.member_a), trajectory=trajectory)
    suggested = {o.key for o in options if o.chosen}
    assert suggested == {"eviction"}
    _tailored_debt_referral(world, plan)
    client = client_for(world.member_a)
    url = reverse("casework:trajectory_close", args=[household.pk])
    page = client.get(url).content.decode()
    assert "results/prevented" not in page  # one screen: no second page to go to
    values = _form_values(page)
    assert values["outcome-eviction"] == ["likely"] and values["outcome-debt"] == ["likely"]
    assert values["outcome-work"] == [""] and values["frameworks"]  # prefilled, not required
    values["reason"] = ["Doelen bereikt"]
    refused = client.post(url, {**values, "outcome-debt": "zeker"})
    assert refused.status_code == 400 and "geldige keuze" in refused.content.decode()
    assert not trajectory_of(household).is_closed
    assert client.post(url, values).status_code == 302
    assert trajectory_of(household).is_closed
    assert _stored(trajectory) == {"eviction": "likely", "debt": "likely"}


def test_closing_without_ticks_works_as_before(world: Any, client_for: Any) -> None:
    household = make_household(world)
    url = reverse("casework:trajectory_close", args=[household.pk])
    body = {"reason": "Verhuisd", "frameworks": ["wmo"]}  # no outcome fields at all
    assert client_for(world.member_a).post(url, body).status_code == 302
    assert trajectory_of(household).is_closed and not PreventedOutcome.objects.exists()


def test_the_ticks_are_saved_in_the_closing_transaction(world: Any) -> None:
    household = make_household(world)
    trajectory = trajectory_of(household)

    def close(**kwargs: Any) -> Any:
        return services.trajectory_close(
            actor=actor(world.member_a), trajectory=trajectory, reason="Klaar", **kwargs
        )

    with pytest.raises(ValidationError):  # a tick refused: the closing is undone too
        close(frameworks=["wmo"], prevented={"eviction": "maybe"})
    assert not trajectory_of(household).is_closed and not PreventedOutcome.objects.exists()
    with pytest.raises(ValidationError):  # the closing refused: no tick is kept either
        close(frameworks=[], prevented={"eviction": "certain"})
    assert not PreventedOutcome.objects.exists()
    close(frameworks=["wmo"], prevented={"eviction": "certain", "work": "likely", "debt": ""})
    assert trajectory_of(household).is_closed
    assert _stored(trajectory) == {"eviction": "certain", "work": "likely"}
    assert AccessLogEntry.objects.filter(
        object_type="casework.trajectory", purpose="what was prevented: eviction,work"
    ).exists()


def test_the_evaluation_form_ticks_and_the_closing_form_shows_them_again(
    world: Any, client_for: Any
) -> None:
    household = make_household(world)
    trajectory = trajectory_of(household)
    trajectory.phase = Phase.EVALUATION  # the phase walk is casework's test; here the form
    trajectory.save(update_fields=["phase"])
    client = client_for(world.member_a)
    url = reverse("casework:evaluation_record", args=[household.pk])
    values = _form_values(client.get(url).content.decode())
    assert values["outcome-eviction"] == [""]  # nothing registered, nothing suggested
    values.update({"outcome-eviction": ["certain"], "outcome-volunteering": ["likely"]})
    assert client.post(url, values).status_code == 302
    assert trajectory_of(household).last_evaluation_id is not None
    assert _stored(trajectory) == {"eviction": "certain", "volunteering": "likely"}
    close_url = reverse("casework:trajectory_close", args=[household.pk])
    again = _form_values(client.get(close_url).content.decode())
    assert again["outcome-eviction"] == ["certain"] and again["outcome-volunteering"] == ["likely"]
    assert client_for(world.leader_a).get(url).status_code == 404  # not involved
