"""Closing a trajectory: open work settled in the same step, legal frameworks, retention."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wijkteam.casework import selectors, services
from wijkteam.casework.models import ActionStatus, TrajectoryFramework
from wijkteam.casework.tests.helpers import actor, make_household, make_plan, trajectory_of
from wijkteam.privacy import retention
from wijkteam.privacy.models import AccessLogEntry, RetentionRecord


def _today() -> dt.date:
    """Today in the app's time zone, read when a test runs (a value read at import time is
    yesterday in a run that passes midnight)."""
    return timezone.localdate()


def _close(world: Any, household: Any, frameworks: list[str], **kwargs: Any) -> Any:
    return services.trajectory_close(
        actor=actor(world.member_a),
        trajectory=trajectory_of(household),
        reason="Doelen bereikt",
        frameworks=frameworks,
        **kwargs,
    )


def test_frameworks_are_required_and_checked(world: Any) -> None:
    household = make_household(world)
    for frameworks, message in (([], "minstens één"), (["awbz"], "Kies Wmo 2015")):
        with pytest.raises(ValidationError) as refused:
            _close(world, household, frameworks)
        assert message in str(refused.value.error_dict["frameworks"])
    assert not trajectory_of(household).is_closed


def test_a_minor_with_only_wmo_support_gets_15_years(world: Any) -> None:
    household = make_household(world)  # has a child of about 14
    make_plan(world, household, actions=0)
    _close(world, household, ["wmo"])
    record = RetentionRecord.objects.get(household=household)
    assert record.retention_class == "wmo"
    assert record.delete_after == retention.add_years(_today(), 15)


def test_jeugdwet_gives_the_youth_term_even_without_a_minor_now(world: Any) -> None:
    household = make_household(world)
    make_plan(world, household, actions=0)
    _close(world, household, ["jeugdwet", "wmo"])
    record = RetentionRecord.objects.get(household=household)
    assert record.retention_class == "jeugdwet"
    assert record.delete_after == retention.add_years(_today(), 20)
    assert sorted(
        TrajectoryFramework.objects.filter(trajectory__household=household).values_list(
            "framework", flat=True
        )
    ) == ["jeugdwet", "wmo"]


def test_a_file_closed_before_frameworks_keeps_its_youth_class(world: Any) -> None:
    household = make_household(world)
    make_plan(world, household, actions=0)
    _close(world, household, ["wmo"])
    # A trajectory closed before this change has no frameworks: the old rule (a member
    # under 18) still decides, so a re-assignment (purge, legal hold) keeps its class.
    TrajectoryFramework.objects.filter(trajectory__household=household).delete()
    record = retention.retention_assign(household=household)
    assert record is not None and record.retention_class == "jeugdwet"


def test_open_actions_are_settled_on_closing(world: Any) -> None:
    household = make_household(world)
    plan = make_plan(world, household, actions=3)
    done, cancelled, unnamed = plan.actions.order_by("pk")
    with pytest.raises(ValidationError):  # not an action of this plan
        _close(world, household, ["wmo"], action_outcomes={done.pk + 999: "done"})
    _close(
        world,
        household,
        ["wmo"],
        action_outcomes={done.pk: ActionStatus.DONE, cancelled.pk: ActionStatus.CANCELLED},
    )
    statuses = dict(plan.actions.values_list("pk", "status"))
    assert statuses == {done.pk: "done", cancelled.pk: "cancelled", unnamed.pk: "cancelled"}
    assert AccessLogEntry.objects.filter(
        object_type="casework.action", object_id=done.pk, event="update"
    ).exists()


def test_suggestion_follows_what_the_file_holds(world: Any) -> None:
    household = make_household(world)  # a child, but no youth help registered
    trajectory = trajectory_of(household)
    assert selectors.frameworks_suggested(trajectory)[0] == ["wmo"]
    make_plan(world, household, actions=0)  # a problem with finances: work and income
    assert selectors.frameworks_suggested(trajectory)[0] == ["wmo", "participatiewet"]


def test_youth_help_for_a_minor_suggests_jeugdwet(world: Any) -> None:
    from wijkteam.socialmap.models import Referral
    from wijkteam.socialmap.tests.factories import make_service

    household = make_household(world)
    plan = make_plan(world, household, actions=0)
    service = make_service(world.municipality, "Jeugdhulp thuis", min_age=0, max_age=18)
    Referral.objects.create(
        solution=plan.solutions.first(),
        service=service,
        provider=service.provider,
        created_by=world.member_a,
    )
    suggested, reasons = selectors.frameworks_suggested(trajectory_of(household))
    assert suggested == ["jeugdwet", "participatiewet"] and len(reasons) == 2


def test_close_page_warns_prefills_and_shows_the_retention(world: Any, client_for: Any) -> None:
    household = make_household(world)
    plan = make_plan(world, household, actions=2)
    first, second = plan.actions.order_by("pk")
    client = client_for(world.member_a)
    url = reverse("casework:trajectory_close", args=[household.pk])
    page = client.get(url).content.decode()
    assert 'id="close-warning"' in page and "2 open acties" in page
    assert re.search(r'value="wmo"[^>]*checked', page)  # prefilled: no youth help registered
    assert not re.search(r'value="jeugdwet"[^>]*checked', page)
    youth = retention.add_years(_today(), 20)
    assert "Met Jeugdwet" in page and "Zonder Jeugdwet" in page
    assert f"{youth.day} " in page and str(youth.year) in page
    assert reverse("casework:trajectory_edit", args=[household.pk]) in page  # hand over
    refused = client.post(url, {"reason": "Klaar", f"action_{first.pk}": "done"})
    assert refused.status_code == 400 and "wettelijk kader" in refused.content.decode()
    closed = client.post(
        url,
        {
            "reason": "Klaar",
            "frameworks": ["wmo"],
            f"action_{first.pk}": "done",
            f"action_{second.pk}": "cancelled",
        },
    )
    assert closed.status_code == 302
    first.refresh_from_db()
    assert first.status == "done" and trajectory_of(household).is_closed
    file = client.get(reverse("casework:household_file", args=[household.pk])).content.decode()
    assert 'id="file-frameworks">Wmo 2015<' in file
    wmo = retention.add_years(_today(), 15)
    assert 'id="file-retention"' in file and str(wmo.year) in file


def test_close_page_asks_to_confirm_ending_monitoring(world: Any, client_for: Any) -> None:
    from wijkteam.casework.models import Phase

    household = make_household(world)
    make_plan(world, household, actions=0)
    trajectory = trajectory_of(household)
    who = actor(world.member_a)
    for phase in (Phase.SUPPORT, Phase.EVALUATION):
        trajectory = services.trajectory_advance(actor=who, trajectory=trajectory, to_phase=phase)
    services.evaluation_record(
        actor=who,
        trajectory=trajectory,
        question_answered="yes",
        self_reliance="up",
        participation="same",
        seen_evaluation_id=None,
    )
    services.trajectory_advance(actor=who, trajectory=trajectory, to_phase=Phase.MONITORING)
    client = client_for(world.member_a)
    url = reverse("casework:trajectory_close", args=[household.pk])
    assert "Closing now ends it early" not in client.get(url).content.decode()  # Dutch
    body = {"reason": "Klaar", "frameworks": ["wmo"]}
    refused = client.post(url, body)
    assert refused.status_code == 400 and "Bevestig" in refused.content.decode()
    assert client.post(url, {**body, "end_monitoring": "on"}).status_code == 302
    assert trajectory_of(household).is_closed


def test_outsider_gets_404_on_the_close_page(world: Any, client_for: Any) -> None:
    household = make_household(world)
    url = reverse("casework:trajectory_close", args=[household.pk])
    assert client_for(world.member_b).get(url).status_code == 404
