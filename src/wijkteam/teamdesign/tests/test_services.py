"""Services and selectors: locking, versions, comparison, composition and competences."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from wijkteam.accounts.models import Role
from wijkteam.conftest import make_person
from wijkteam.organisations.models import Area, Team
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import AccessDenied
from wijkteam.teamdesign import services
from wijkteam.teamdesign.models import Answer, Competence
from wijkteam.teamdesign.selectors.analysis import (
    area_analysis,
    competence_profile,
    composition_summary,
    quickscan_compare,
)
from wijkteam.teamdesign.selectors.document import start_document
from wijkteam.teamdesign.services import AnswerInput
from wijkteam.teamdesign.tests.helpers import actor, answer, question, start

pytestmark = pytest.mark.django_db


def test_answer_records_who_changed_it_and_raises_the_version(world: Any) -> None:
    design = start(world)
    result = answer(design, world.member_a, "assignment.area_problems", text="Veel schulden")
    assert [a.version for a in result.saved] == [1]
    result = answer(design, world.leader_a, "assignment.area_problems", text="Schulden", version=1)
    stored = Answer.objects.get(design=design)
    assert (stored.text, stored.version, stored.updated_by) == ("Schulden", 2, world.leader_a)
    assert AccessLogEntry.objects.filter(object_type="teamdesign.teamdesign").exists()


def test_stale_version_is_refused_and_nothing_is_overwritten(world: Any) -> None:
    design = start(world)
    answer(design, world.member_a, "assignment.area_problems", text="Versie van A")
    # B's form still shows version 0 (no answer yet) and B changes two answers.
    stale = AnswerInput(question=question(design, "assignment.area_problems"), text="Van B")
    fresh = AnswerInput(question=question(design, "assignment.target_group"), text="Ouderen")
    result = services.answers_save(
        actor=actor(world.leader_a), design=design, inputs=[stale, fresh]
    )
    assert [c.current.text for c in result.conflicts] == ["Versie van A"]
    assert result.conflicts[0].submitted.text == "Van B"
    assert [a.question.code for a in result.saved] == ["assignment.target_group"]
    assert Answer.objects.get(question__code="assignment.area_problems").text == "Versie van A"


def test_unchanged_answer_in_a_stale_form_is_no_conflict(world: Any) -> None:
    design = start(world)
    answer(design, world.member_a, "assignment.area_problems", text="Gelijk")
    result = answer(design, world.leader_a, "assignment.area_problems", text="Gelijk", version=0)
    assert result.conflicts == [] and result.saved == []


def test_choices_are_checked_against_the_instrument(world: Any) -> None:
    design = start(world)
    with pytest.raises(ValidationError):
        answer(design, world.member_a, "form.model", choices=["hierarchy"])
    with pytest.raises(ValidationError):
        answer(design, world.member_a, "form.model", choices=["network", "integral"])
    answer(design, world.member_a, "form.model", choices=["network"])
    assert start_document(design=design).model_code == "network"


def test_chosen_model_decides_which_steering_questions_are_asked(world: Any) -> None:
    design = start(world)
    answer(design, world.member_a, "form.model", choices=["network"])
    steering = next(b for b in start_document(design=design).blocks if b.block.code == "steering")
    codes = {row.question.code for row in steering.rows}
    assert "steering.network_coordination" in codes and "steering.legal_form" not in codes


def test_outsiders_and_policy_staff_cannot_change_answers(world: Any) -> None:
    design = start(world)
    for user in (world.member_b, world.policy, world.admin, world.privacy_officer):
        with pytest.raises(AccessDenied):
            answer(design, user, "assignment.area_problems", text="Nee")


def test_team_leader_freezes_numbered_versions_that_do_not_change_later(world: Any) -> None:
    design = start(world)
    answer(design, world.member_a, "assignment.area_problems", text="Eerst")
    with pytest.raises(AccessDenied):
        services.snapshot_freeze(actor=actor(world.member_a), design=design)
    first = services.snapshot_freeze(actor=actor(world.leader_a), design=design, note="Start")
    answer(design, world.member_a, "assignment.area_problems", text="Later", version=1)
    second = services.snapshot_freeze(actor=actor(world.leader_a), design=design)
    assert (first.number, second.number, first.frozen_by) == (1, 2, world.leader_a)
    assert first.content["answers"]["assignment.area_problems"]["text"] == "Eerst"
    assert second.content["answers"]["assignment.area_problems"]["text"] == "Later"
    old = start_document(design=design, content=first.content)
    row = next(r for r in old.blocks[0].rows if r.question.code == "assignment.area_problems")
    assert row.text == "Eerst"


def _scores(design: Any, values: dict[str, int | None]) -> dict[str, tuple[int | None, str]]:
    return {code: (score, "") for code, score in values.items()}


def test_quickscan_comparison_shows_improved_slipped_and_same(world: Any) -> None:
    design = start(world)
    member = actor(world.member_a)
    first = services.quickscan_create(
        actor=member,
        design=design,
        held_on=dt.date(2026, 1, 10),
        scores=_scores(design, {"rule01": 2, "rule02": 4, "pitfall01": 3, "pitfall02": None}),
        swot={"strengths": "Korte lijnen"},
    )
    second = services.quickscan_create(
        actor=member,
        design=design,
        held_on=dt.date(2026, 4, 10),
        scores=_scores(design, {"rule01": 4, "rule02": 3, "pitfall01": 3, "pitfall02": 2}),
        swot={},
    )
    # The order of the arguments does not matter: the earlier one is "before".
    rows = quickscan_compare(earlier=second, later=first)
    outcome = {row.item.code: row.outcome for row in rows}
    assert outcome == {
        "rule01": "improved",
        "rule02": "slipped",
        "pitfall01": "same",
        "pitfall02": "unscored",
    }
    assert [row.item.code for row in rows][:2] == ["rule01", "rule02"]


def test_quickscan_rejects_unknown_items_and_bad_scores(world: Any) -> None:
    design = start(world)
    with pytest.raises(ValidationError):
        services.quickscan_create(
            actor=actor(world.member_a),
            design=design,
            held_on=dt.date(2026, 1, 1),
            scores={"rule99": (3, "")},
            swot={},
        )
    with pytest.raises(ValidationError):
        services.quickscan_create(
            actor=actor(world.member_a),
            design=design,
            held_on=dt.date(2026, 1, 1),
            scores={"rule01": (6, "")},
            swot={},
        )


def test_composition_totals_and_domains_nobody_covers(world: Any) -> None:
    design = start(world)
    member = actor(world.member_a)
    services.composition_line_add(
        actor=member, design=design, role="Schuldhulp", fte=Decimal("0.8"), domains=["finances"]
    )
    services.composition_line_add(
        actor=member,
        design=design,
        role="Wijkverpleging",
        fte=Decimal("0.5"),
        domains=["physical_health", "adl"],
    )
    summary = composition_summary(design=design)
    assert summary.planned_fte == Decimal("1.30")
    # member_a, civil_servant_a and leader_a each hold 0.50 FTE in team A.
    assert summary.actual_fte == Decimal("1.50")
    assert summary.difference == Decimal("0.20")
    assert len(summary.uncovered_domains) == 8
    assert "Huisvesting" in summary.uncovered_domains or "Housing" in summary.uncovered_domains
    with pytest.raises(ValidationError):
        services.composition_line_add(
            actor=member, design=design, role="X", fte=Decimal("1"), domains=["magic"]
        )


def test_example_composition_covers_every_domain(world: Any) -> None:
    design = start(world)
    lines = services.composition_use_example(actor=actor(world.member_a), design=design)
    assert len(lines) == 6
    assert composition_summary(design=design).uncovered_domains == []


def test_competence_gaps_are_those_where_nobody_scores_four(world: Any) -> None:
    design = start(world)
    first, second, *rest = Competence.objects.filter(instrument=design.instrument)
    services.assessment_save(
        actor=actor(world.member_a),
        design=design,
        scores={first.code: 4, second.code: 2},
        lived_experience=True,
    )
    services.assessment_save(
        actor=actor(world.leader_a), design=design, scores={first.code: 2}, lived_experience=False
    )
    profile = competence_profile(design=design)
    gaps = {c.code for c in profile.gaps}
    assert first.code not in gaps and second.code in gaps and rest[0].code in gaps
    assert profile.lived_experience == 1
    row = next(r for _label, rows in profile.groups for r in rows if r.competence == first)
    assert row.average == 3.0
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=actor(world.member_a),
            design=design,
            scores={first.code: 9},
            lived_experience=False,
        )


def test_area_analysis_flags_more_than_ten_thousand_inhabitants_per_team(world: Any) -> None:
    design = start(world)
    assert not area_analysis(design=design).too_many_inhabitants  # 8,000 inhabitants
    big = Area.objects.create(municipality=world.municipality, name="Wijk C", inhabitants=4000)
    world.team_a.areas.add(big)
    analysis = area_analysis(design=design)
    assert analysis.too_many_inhabitants and analysis.inhabitants_per_team == 12000
    # Shared with another team, the area counts for half.
    other = Team.objects.create(municipality=world.municipality, name="Team C")
    other.areas.set([big])
    assert not area_analysis(design=design).too_many_inhabitants
    assert area_analysis(design=design).areas[0].providers == 0  # no services in the area yet


def test_action_owner_must_be_a_team_member(world: Any) -> None:
    design = start(world)
    goal = services.plan_goal_add(actor=actor(world.leader_a), design=design, title="Bereikbaar")
    action = services.plan_action_add(
        actor=actor(world.leader_a), goal=goal, description="Rooster", owner=world.member_a
    )
    assert action.owner_name == str(world.member_a)
    stranger = make_person(
        "stranger", municipality=world.municipality, role=Role.TEAM_MEMBER, team=world.team_b
    )
    with pytest.raises(ValidationError):
        services.plan_action_add(
            actor=actor(world.leader_a), goal=goal, description="X", owner=stranger
        )
    services.action_status_set(actor=actor(world.member_a), action=action, status="done")
    action.refresh_from_db()
    assert action.status == "done"


def test_expertise_map_decides_covered_domains_once_filled_in(world: Any) -> None:
    from wijkteam.accounts.models import Membership
    from wijkteam.socialmap.models import Expertise

    design = start(world)
    assert composition_summary(design=design).expertise_source == "composition"
    membership = Membership.objects.get(user=world.member_a, team=world.team_a)
    Expertise.objects.create(membership=membership, domain="housing")
    summary = composition_summary(design=design)
    assert summary.expertise_source == "expertise_map"
    assert len(summary.covered_domains) == 1 and len(summary.uncovered_domains) == 10
