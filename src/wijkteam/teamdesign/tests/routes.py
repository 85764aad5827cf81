"""Role matrix of team design: the team reads and edits, policy staff read, others get 404."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from wijkteam.core.testing.routes import ALL_LOGGED_IN, Route, api, ui

EDITORS = ("member_a", "civil_servant_a", "leader_a")
READERS = (*EDITORS, "policy")
ADMINS = ("admin", "other_admin")


def _design(w: Any) -> Any:
    from wijkteam.teamdesign.models import TeamDesign
    from wijkteam.teamdesign.services.instrument import instrument_current

    design, _created = TeamDesign.objects.get_or_create(
        team=w.team_a,
        defaults={
            "instrument": instrument_current(municipality=w.municipality),
            "created_by": w.leader_a,
        },
    )
    return design


def _team(w: Any) -> dict[str, Any]:
    return {"team_id": _design(w).team_id}


def _quickscan(w: Any, day: int = 1) -> Any:
    from wijkteam.teamdesign.models import Quickscan

    return Quickscan.objects.create(
        design=_design(w), held_on=dt.date(2026, 1, day), created_by=w.member_a
    )


def _two_quickscans(w: Any) -> dict[str, Any]:
    return {"earlier": _quickscan(w, 1).pk, "later": _quickscan(w, 2).pk}


def _line(w: Any) -> dict[str, Any]:
    from wijkteam.teamdesign.models import CompositionLine

    line = CompositionLine.objects.create(design=_design(w), role="Coach", fte=Decimal("0.5"))
    return {"team_id": w.team_a.pk, "line_id": line.pk}


def _goal(w: Any) -> Any:
    from wijkteam.teamdesign.models import PlanGoal

    return PlanGoal.objects.create(design=_design(w), title="Beter bereikbaar")


def _action(w: Any) -> dict[str, Any]:
    from wijkteam.teamdesign.models import PlanAction

    action = PlanAction.objects.create(goal=_goal(w), description="Rooster maken")
    return {"team_id": w.team_a.pk, "action_id": action.pk}


def _snapshot(w: Any) -> dict[str, Any]:
    from wijkteam.teamdesign.models import DesignSnapshot

    design = _design(w)
    DesignSnapshot.objects.create(design=design, number=1, frozen_by=w.leader_a, content={})
    return {"team_id": w.team_a.pk, "number": 1}


def _shipped(w: Any) -> dict[str, Any]:
    from wijkteam.teamdesign.services.instrument import instrument_current

    return {"instrument_id": instrument_current(municipality=w.other_municipality).pk}


def _draft(w: Any) -> Any:
    from wijkteam.privacy.policy import Actor
    from wijkteam.teamdesign.services.instrument import instrument_draft_create

    return instrument_draft_create(actor=Actor(user=w.admin), municipality=w.municipality)


def _draft_question(w: Any) -> dict[str, Any]:
    draft = _draft(w)
    question = draft.blocks.get(code="form").questions.get(code="form.model")
    return {"instrument_id": draft.pk, "kind": "question", "part_id": question.pk}


ROUTES = [
    Route("teamdesign:home", ui(ALL_LOGGED_IN)),
    Route("teamdesign:overview", ui(READERS), kwargs=_team),
    Route("teamdesign:block", ui(EDITORS), kwargs=lambda w: {**_team(w), "block_code": "form"}),
    Route("teamdesign:area", ui(READERS), kwargs=_team),
    Route("teamdesign:start_document", ui(READERS), kwargs=_team),
    Route("teamdesign:start_document_pdf", ui(READERS), kwargs=_team),
    Route("teamdesign:freeze", ui(("leader_a",), ok=302), kwargs=_team, method="post"),
    Route("teamdesign:version", ui(READERS), kwargs=_snapshot),
    Route("teamdesign:composition", ui(READERS), kwargs=_team),
    Route("teamdesign:composition_example", ui(EDITORS, ok=302), kwargs=_team, method="post"),
    Route("teamdesign:composition_delete", ui(EDITORS, ok=302), kwargs=_line, method="post"),
    Route("teamdesign:competences", ui(READERS), kwargs=_team),
    Route("teamdesign:quickscans", ui(READERS), kwargs=_team),
    Route("teamdesign:quickscan_new", ui(EDITORS), kwargs=_team),
    Route(
        "teamdesign:quickscan_detail",
        ui(READERS),
        kwargs=lambda w: {"team_id": w.team_a.pk, "quickscan_id": _quickscan(w).pk},
    ),
    Route("teamdesign:quickscan_compare", ui(READERS), kwargs=_team, data=_two_quickscans),
    Route("teamdesign:plan", ui(READERS), kwargs=_team),
    Route("teamdesign:plan_pdf", ui(READERS), kwargs=_team),
    Route(
        "teamdesign:plan_action_add",
        ui(EDITORS, ok=302),
        kwargs=lambda w: {"team_id": w.team_a.pk, "goal_id": _goal(w).pk},
        method="post",
        data=lambda w: {"description": "Spreekuur in de bibliotheek"},
    ),
    Route(
        "teamdesign:action_status",
        ui(EDITORS, ok=302),
        kwargs=_action,
        method="post",
        data=lambda w: {"status": "done"},
    ),
    Route(
        "teamdesign:review_add",
        ui(EDITORS, ok=302),
        kwargs=_team,
        method="post",
        data=lambda w: {"planned_on": "2026-06-01", "topic": "Kwartaal"},
    ),
    Route("teamdesign:instruments", ui(ADMINS)),
    Route("teamdesign:instrument_draft", ui(ADMINS, ok=302), method="post"),
    Route("teamdesign:instrument_detail", ui(ADMINS), kwargs=_shipped),
    Route("teamdesign:instrument_edit", ui(("admin",)), kwargs=_draft_question),
    Route(
        "teamdesign:instrument_publish",
        ui(("admin",), ok=302),
        kwargs=lambda w: {"instrument_id": _draft(w).pk},
        method="post",
    ),
    Route("teamdesign_api:design", api(READERS), kwargs=_team),
    Route("teamdesign_api:quickscans", api(READERS), kwargs=_team),
]
