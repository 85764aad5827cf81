from typing import Any

from wijkteam.core.testing.routes import Route, ui

# Professionals with professional secrecy in a team may register a household for it.
CREATORS = ("member_a", "member_b", "leader_a")
INVOLVED = ("member_a",)


def _hid(w: Any) -> dict[str, Any]:
    from wijkteam.casework.tests.helpers import make_household

    return {"household_id": make_household(w).pk}


ROUTES = [
    Route("households:household_list", ui(("member_a", "member_b", "civil_servant_a", "leader_a"))),
    Route("households:household_create", ui(CREATORS)),
    Route("households:member_add", ui(INVOLVED), kwargs=_hid),
    Route("households:network_add", ui(INVOLVED), kwargs=_hid),
    Route("households:relation_add", ui(INVOLVED), kwargs=_hid),
]
