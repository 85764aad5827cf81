"""The result logic: versions, links, comments, figures with an early signal, readings, and
who may do what."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from wijkteam.core.conflicts import ConflictError
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import AccessDenied, Actor
from wijkteam.results import selectors, services
from wijkteam.results.models import Change, Comment, Element, ElementKind, Link, ResultLogic
from wijkteam.steering.tables import Period

pytestmark = pytest.mark.django_db


def _actor(user: Any) -> Actor:
    return Actor(user=user, purpose="result logic")


def _small_logic(world: Any) -> tuple[ResultLogic, Element, Element, Element]:
    policy = _actor(world.policy)
    logic = services.logic_create(
        actor=policy, municipality=world.municipality, team=None, title="Bestaanszekerheid"
    )
    effect = services.element_create(
        actor=policy, logic=logic, kind=ElementKind.EFFECT, title="Minder huisuitzettingen"
    )
    result = services.element_create(
        actor=policy,
        logic=logic,
        kind=ElementKind.RESULT,
        title="Huurachterstand binnen 14 dagen opgepakt",
        signal_kind="below",
        threshold=Decimal("80"),
    )
    approach = services.element_create(
        actor=policy, logic=logic, kind=ElementKind.APPROACH, title="Outreach op signalen"
    )
    services.link_create(actor=policy, source=approach, target=result, rationale="Vroeg erbij")
    services.link_create(actor=policy, source=result, target=effect, rationale="Minder schuld")
    return logic, effect, result, approach


def test_a_new_version_copies_the_previous_and_the_old_one_stays_as_it_was(world: Any) -> None:
    logic, _effect, result, _approach = _small_logic(world)
    services.observation_record(
        actor=_actor(world.policy), element=result, period="2026-Q1", value=Decimal("75")
    )
    copy = services.logic_new_version(actor=_actor(world.policy), logic=logic)
    assert copy.version == 2
    assert sorted(copy.elements.values_list("title", flat=True)) == sorted(
        logic.elements.values_list("title", flat=True)
    )
    assert Link.objects.filter(source__logic=copy).count() == 2
    assert copy.elements.get(kind=ElementKind.RESULT).observations.get().value == Decimal("75")
    services.element_create(
        actor=_actor(world.policy), logic=copy, kind=ElementKind.EFFECT, title="Kinderen veilig"
    )
    assert logic.elements.count() == 3 and copy.elements.count() == 4
    with pytest.raises(ValidationError):  # the earlier version is kept as it was
        services.element_create(
            actor=_actor(world.policy), logic=logic, kind=ElementKind.EFFECT, title="Nog een"
        )
    view = selectors.logic_view(
        actor=_actor(world.member_a), logic_id=logic.pk, period=Period.from_slug("2026-Q1")
    )
    assert not view.is_newest and [v.version for v in view.versions] == [2, 1]


def test_links_run_from_approach_to_result_to_effect_only(world: Any) -> None:
    _logic, effect, _result, approach = _small_logic(world)
    with pytest.raises(ValidationError):
        services.link_create(
            actor=_actor(world.policy), source=approach, target=effect, rationale="Direct"
        )


def test_professionals_comment_but_do_not_edit(world: Any) -> None:
    _logic, effect, _result, _approach = _small_logic(world)
    for user in (world.member_a, world.member_b, world.leader_a):
        services.comment_add(actor=_actor(user), element=effect, text="Ook schooluitval?")
        with pytest.raises(AccessDenied):
            services.element_create(
                actor=_actor(user), logic=effect.logic, kind=ElementKind.EFFECT, title="X"
            )
    assert Comment.objects.filter(element=effect).count() == 3
    for user in (world.civil_servant_a, world.admin, world.privacy_officer, world.other_admin):
        with pytest.raises(AccessDenied):
            services.comment_add(actor=_actor(user), element=effect, text="Mag niet")


def test_every_change_names_who_and_is_logged(world: Any) -> None:
    logic, _effect, _result, _approach = _small_logic(world)
    changes = list(Change.objects.filter(logic=logic).values_list("by__username", flat=True))
    assert changes == ["policy"] * 6  # made, three elements, two links
    rows = AccessLogEntry.objects.filter(object_type="results.resultlogic", object_id=logic.pk)
    assert rows.count() == 6


def test_a_second_editor_with_an_old_version_gets_a_conflict(world: Any) -> None:
    _logic, effect, _result, _approach = _small_logic(world)
    fields = {"description": "", "indicator_key": "", "signal_kind": "", "threshold": None}
    services.element_update(
        actor=_actor(world.policy), element=effect, lock_version=1, title="Nieuw", **fields
    )
    with pytest.raises(ConflictError):
        services.element_update(
            actor=_actor(world.policy), element=effect, lock_version=1, title="Ander", **fields
        )
    effect.refresh_from_db()
    assert effect.title == "Nieuw" and effect.updated_by == world.policy


def test_the_early_signal_says_may_be_off_track(world: Any) -> None:
    _logic, _effect, result, _approach = _small_logic(world)
    period = Period.from_slug("2026-Q2")
    policy = _actor(world.policy)
    services.observation_record(actor=policy, element=result, period="2026-Q1", value=Decimal(85))
    services.observation_record(actor=policy, element=result, period="2026-Q2", value=Decimal(70))
    view = selectors.logic_view(actor=policy, logic_id=result.logic_id, period=period)
    (item,) = view.results
    assert item.off_track and [f.text for f in item.figures] == ["70", "85"]
    services.observation_record(actor=policy, element=result, period="2026-Q2", value=Decimal(90))
    (item,) = selectors.logic_view(actor=policy, logic_id=result.logic_id, period=period).results
    assert not item.off_track


def test_an_indicator_figure_comes_only_through_steering_protection(world: Any) -> None:
    logic, effect, _result, _approach = _small_logic(world)
    services.element_update(
        actor=_actor(world.policy),
        element=effect,
        lock_version=1,
        title=effect.title,
        description="",
        indicator_key="new_households",
        signal_kind="",
        threshold=None,
    )
    period = Period.from_slug("2026-Q2")
    as_policy = selectors.logic_view(actor=_actor(world.policy), logic_id=logic.pk, period=period)
    (item,) = as_policy.effects
    assert [f.text for f in item.figures] == ["<10", "<10"]  # nothing counted: hidden, not 0
    assert AccessLogEntry.objects.filter(object_type="steering.aggregates").exists()
    as_member = selectors.logic_view(actor=_actor(world.member_a), logic_id=logic.pk, period=period)
    (item,) = as_member.effects
    assert item.figures == () and item.figures_note


def test_a_reading_shows_the_previous_periods_adjustments(world: Any, client_for: Any) -> None:
    logic, _effect, _result, _approach = _small_logic(world)
    services.reading_record(
        actor=_actor(world.policy),
        logic=logic,
        period="2026-Q1",
        reading="Meer signalen van corporaties",
        conclusion="Werkt",
        adjust_support="Training vroegsignalering",
    )
    with pytest.raises(ValidationError):
        services.reading_record(
            actor=_actor(world.policy), logic=logic, period="2026-Q1", reading="a", conclusion="b"
        )
    response = client_for(world.policy).get(reverse("results:reading_create", args=[logic.pk]))
    assert "Training vroegsignalering" in response.content.decode()


def test_bad_input_gets_a_dutch_message(world: Any, client_for: Any) -> None:
    _logic, _effect, result, _approach = _small_logic(world)
    client = client_for(world.policy)
    url = reverse("results:observation_create", args=[result.pk])
    response = client.post(url, {"period": "volgend", "value": "12"})
    assert response.status_code == 400
    assert "Geef de periode" in response.content.decode()


def test_an_outsider_learns_nothing(world: Any, client_for: Any) -> None:
    logic, _effect, _result, _approach = _small_logic(world)
    response = client_for(world.other_admin).get(reverse("results:logic", args=[logic.pk]))
    assert response.status_code == 404
    assert "Bestaanszekerheid" not in response.content.decode()


def test_the_result_logic_pdf_has_the_current_figures(world: Any, client_for: Any) -> None:
    import subprocess

    _logic, _effect, result, _approach = _small_logic(world)
    services.observation_record(
        actor=_actor(world.policy), element=result, period="2026-Q2", value=Decimal(70)
    )
    url = reverse("results:logic_pdf", args=[result.logic_id]) + "?period=2026-Q2"
    pdf = client_for(world.member_a).get(url).content
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Huurachterstand binnen 14 dagen opgepakt" in text
    assert "Mogelijk uit koers" in text and "70" in text
