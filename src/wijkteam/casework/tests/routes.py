from typing import Any

from wijkteam.core.testing.routes import Route, api, ui

TEAM_ROLES = ("member_a", "member_b", "civil_servant_a", "leader_a")
# member_a coordinates the household; the leader sees metadata, the civil servant identity.
SEES_FILE = ("member_a", "civil_servant_a", "leader_a")
INVOLVED = ("member_a",)


def _household(w: Any) -> Any:
    from wijkteam.casework.tests.helpers import make_household, make_plan

    household = make_household(w)
    make_plan(w, household)
    return household


def _hid(w: Any) -> dict[str, Any]:
    return {"household_id": _household(w).pk}


def _action(w: Any) -> dict[str, Any]:
    household = _household(w)
    return {"household_id": household.pk, "action_id": household.plans.get().actions.first().pk}


def _involvement(w: Any) -> dict[str, Any]:
    from wijkteam.casework.services import involvement_add
    from wijkteam.casework.tests.helpers import actor, trajectory_of

    household = _household(w)
    involvement = involvement_add(
        actor=actor(w.member_a), trajectory=trajectory_of(household), user=w.leader_a, role="Coach"
    )
    return {"household_id": household.pk, "involvement_id": involvement.pk}


def _in_evaluation(w: Any) -> dict[str, Any]:
    from wijkteam.casework.services import trajectory_advance
    from wijkteam.casework.tests.helpers import actor, trajectory_of

    household = _household(w)
    trajectory = trajectory_advance(
        actor=actor(w.member_a), trajectory=trajectory_of(household), to_phase="support"
    )
    trajectory_advance(actor=actor(w.member_a), trajectory=trajectory, to_phase="evaluation")
    return {"household_id": household.pk}


def _hid_no_plan(w: Any) -> dict[str, Any]:
    from wijkteam.casework.tests.helpers import make_household

    return {"household_id": make_household(w).pk}


def _caseload(w: Any) -> dict[str, Any]:
    """Something to show: the summary per coordinator and the list."""
    _household(w)
    _hid_no_plan(w)
    return {}


def _plan_kind(w: Any) -> dict[str, Any]:
    return {"household_id": _household(w).pk, "kind": "problem"}


ROUTES = [
    Route("casework:caseload", ui(TEAM_ROLES), kwargs=_caseload),
    Route("casework:household_file", ui(SEES_FILE), kwargs=_hid),
    Route(
        "casework:note_create",
        ui(INVOLVED, ok=302),
        kwargs=_hid,
        method="post",
        data=lambda w: {"kind": "phone", "text": "Gebeld"},
    ),
    Route(
        "casework:trajectory_advance",
        ui(INVOLVED, ok=302),
        kwargs=_hid,
        method="post",
        data=lambda w: {"to_phase": "support"},
    ),
    Route("casework:timeline", ui(INVOLVED), kwargs=_hid),
    Route("casework:trajectory_edit", ui(INVOLVED), kwargs=_hid),
    Route("casework:trajectory_close", ui(INVOLVED), kwargs=_hid),
    Route("casework:involvement_add", ui(INVOLVED), kwargs=_hid),
    Route(
        "casework:involvement_end",
        # The team leader is involved here (as coach), so may work on the file too.
        ui(("member_a", "leader_a"), ok=302),
        kwargs=_involvement,
        method="post",
    ),
    Route(
        "casework:follow_up_set",
        ui(INVOLVED, ok=302),
        kwargs=_hid,
        method="post",
        data=lambda w: {"follow_up_on": "2099-01-01"},
    ),
    Route("casework:trajectory_start", ui(INVOLVED, ok=302), kwargs=_hid, method="post"),
    Route("casework:conversation_edit", ui(INVOLVED), kwargs=_hid),
    Route("casework:evaluation_record", ui(INVOLVED), kwargs=_hid),
    Route("casework:plan", ui(INVOLVED), kwargs=_hid),
    Route(
        "casework:plan_add",
        ui(INVOLVED, ok=302),
        kwargs=_plan_kind,
        method="post",
        data=lambda w: {
            "plan_version": 1,
            "problem-life_domain": "housing",
            "problem-description": "Huurachterstand",
        },
    ),
    Route(
        "casework:plan_agree",
        ui(INVOLVED, ok=302),
        kwargs=_hid,
        method="post",
        data=lambda w: {"agree-lock_version": "1", "agree-agreed_on": "2020-01-01"},
    ),
    Route(
        "casework:plan_new_version",
        ui(INVOLVED, ok=302),
        kwargs=_hid,
        method="post",
        data=lambda w: {"lock_version": "1"},
    ),
    Route("casework:plan_pdf", ui(INVOLVED), kwargs=_hid),
    Route("casework:action_edit", ui(INVOLVED), kwargs=_action),
    # API
    Route("casework_api:household_detail", api(SEES_FILE), kwargs=_hid),
    Route("casework_api:note_list", api(INVOLVED), kwargs=_hid),
    Route(
        "casework_api:trajectory_advance",
        api(INVOLVED),
        kwargs=_hid,
        method="post",
        data=lambda w: {"to_phase": "support"},
        content_type="application/json",
    ),
    Route(
        "casework_api:action_detail",
        api(INVOLVED),
        kwargs=lambda w: {"action_id": _action(w)["action_id"]},
        method="patch",
        data=lambda w: {"lock_version": 1, "status": "done"},
        content_type="application/json",
    ),
    Route("casework_api:plan_detail", api(INVOLVED), kwargs=_hid),
    Route(
        "casework_api:evaluation_record",
        api(INVOLVED, ok=201),
        kwargs=_in_evaluation,
        method="post",
        data=lambda w: {"question_answered": "yes", "self_reliance": "up", "participation": "same"},
        content_type="application/json",
    ),
    Route(
        "casework_api:trajectory_close",
        api(INVOLVED),
        kwargs=_hid,
        method="post",
        data=lambda w: {"reason": "Vraag beantwoord", "frameworks": ["wmo"]},
        content_type="application/json",
    ),
    Route(
        "casework_api:conversation",
        api(INVOLVED),
        kwargs=_hid,
        method="put",
        data=lambda w: {"question_asked": "Hulp bij geldzaken"},
        content_type="application/json",
    ),
    Route(
        "casework_api:plan_create",
        api(INVOLVED, ok=201),
        kwargs=_hid_no_plan,
        method="post",
        data=lambda w: {},
        content_type="application/json",
    ),
    Route(
        "casework_api:problem_create",
        api(INVOLVED, ok=201),
        kwargs=_hid,
        method="post",
        data=lambda w: {"life_domain": "housing", "description": "Huurachterstand"},
        content_type="application/json",
    ),
    Route(
        "casework_api:goal_create",
        # The body names a problem that does not exist: the check comes after access.
        api(INVOLVED, ok=400),
        kwargs=_hid,
        method="post",
        data=lambda w: {"problem": 0, "text": "Woning behouden"},
        content_type="application/json",
    ),
    Route(
        "casework_api:solution_create",
        api(INVOLVED, ok=201),
        kwargs=_hid,
        method="post",
        data=lambda w: {"frame": "own_strength", "text": "Zelf bellen"},
        content_type="application/json",
    ),
    Route(
        "casework_api:action_create",
        api(INVOLVED, ok=201),
        kwargs=_hid,
        method="post",
        data=lambda w: {"text": "Bellen", "owner_kind": "resident", "owner_name": "Anna"},
        content_type="application/json",
    ),
]
