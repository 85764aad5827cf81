from wijkteam.core.testing.routes import Route, api, ui
from wijkteam.intake.tests.factories import make_partner, make_returning_signal, make_signal

CASEWORKERS = ("member_a", "leader_a")
TEAM_A = ("member_a", "civil_servant_a", "leader_a")
IN_A_TEAM = ("member_a", "member_b", "civil_servant_a", "leader_a")
TEAM_A_CONFIG = ("member_a", "civil_servant_a", "leader_a", "admin")
TEAM_A_CONFIG_EDIT = ("leader_a", "admin")
NO_TEAM_API = ("policy", "admin", "privacy_officer", "other_admin")


def _signal(w):  # type: ignore[no-untyped-def]
    return {"signal_id": make_signal(w.team_a, w.member_a).pk}


def _household_of_team_a(w):  # type: ignore[no-untyped-def]
    from wijkteam.casework.tests.helpers import make_household

    return make_household(w).pk


def _returning(w):  # type: ignore[no-untyped-def]
    """A signal linked to a household of team A whose trajectory is closed."""
    return {"signal_id": make_returning_signal(w).pk}


ROUTES = [
    # Everybody in a team sees their own team's list (team B's member sees team B's list).
    Route("intake:signal_list", ui(IN_A_TEAM)),
    Route("intake:signal_create", ui(("member_a", "member_b", "leader_a"))),
    # Civil servants see a signal's metadata; other teams and municipality roles get 404.
    Route("intake:signal_detail", ui(TEAM_A), kwargs=_signal),
    Route(
        "intake:signal_outreach",
        ui(CASEWORKERS, ok=302),
        kwargs=_signal,
        method="post",
        data=lambda w: {"kind": "visit", "outcome": "no_answer", "note": ""},
    ),
    Route(
        "intake:signal_close",
        ui(CASEWORKERS, ok=302),
        kwargs=_signal,
        method="post",
        data=lambda w: {"reason": "Geen zorgen meer"},
    ),
    Route(
        "intake:signal_feedback",
        ui(CASEWORKERS, ok=302),
        kwargs=_signal,
        method="post",
        data=lambda w: {
            "given_to": "Corporatie",
            "given_on": "2020-01-01",
            "content": "Contact gelegd",
        },
    ),
    Route("intake:signal_link", ui(CASEWORKERS), kwargs=_signal),
    # Re-registration: those who may create households in the team (not the civil servant).
    Route(
        "intake:signal_restart",
        ui(CASEWORKERS, ok=302),
        kwargs=_returning,
        method="post",
        data=lambda w: {"coordinator": str(w.leader_a.pk)},
    ),
    # Partners are organisation data: the team and the functional administrator read them.
    Route(
        "intake:partner_list", ui(("member_a", "member_b", "civil_servant_a", "leader_a", "admin"))
    ),
    Route(
        "intake:partner_create", ui(TEAM_A_CONFIG_EDIT), kwargs=lambda w: {"team_id": w.team_a.pk}
    ),
    Route(
        "intake:partner_edit",
        ui(TEAM_A_CONFIG_EDIT),
        kwargs=lambda w: {"partner_id": make_partner(w.team_a).pk},
    ),
    Route("intake:roster", ui(TEAM_A_CONFIG), kwargs=lambda w: {"team_id": w.team_a.pk}),
    Route(
        "intake:roster_generate",
        ui(TEAM_A_CONFIG_EDIT, ok=302),
        kwargs=lambda w: {"team_id": w.team_a.pk},
        method="post",
        data=lambda w: {"start": "2030-01-07", "working_day_count": "5"},
    ),
    Route(
        "intake:roster_shift",
        ui(TEAM_A_CONFIG_EDIT, ok=302),
        kwargs=lambda w: {"team_id": w.team_a.pk},
        method="post",
        data=lambda w: {"date": "2030-01-07", "user": str(w.member_a.pk)},
    ),
    # API: lists answer only what the actor's teams hold (an empty list for the rest).
    Route("intake_api:signal_list", api(IN_A_TEAM + NO_TEAM_API)),
    Route("intake_api:signal_detail", api(TEAM_A), kwargs=_signal),
    Route(
        "intake_api:outreach_create",
        api(CASEWORKERS, ok=201),
        kwargs=_signal,
        method="post",
        data=lambda w: {"kind": "phone", "outcome": "contact"},
        content_type="application/json",
    ),
    Route(
        "intake_api:signal_restart",
        api(CASEWORKERS, ok=201),
        kwargs=_returning,
        method="post",
        data=lambda w: {},
        content_type="application/json",
    ),
    # Linking needs the edit right on the signal (not the civil servant) and a household of
    # the team the actor may see.
    Route(
        "intake_api:signal_link",
        api(CASEWORKERS),
        kwargs=_signal,
        method="post",
        data=lambda w: {"household": _household_of_team_a(w)},
        content_type="application/json",
    ),
    Route("intake_api:duty_today", api(IN_A_TEAM + NO_TEAM_API)),
]
