from typing import Any

from wijkteam.core.testing.routes import ALL_LOGGED_IN, Route, api, ui

# Professionals with professional secrecy in a team may register a household for it.
CREATORS = ("member_a", "member_b", "leader_a")
INVOLVED = ("member_a",)


def _hid(w: Any) -> dict[str, Any]:
    from wijkteam.casework.tests.helpers import make_household

    return {"household_id": make_household(w).pk}


def _member(w: Any) -> dict[str, Any]:
    from wijkteam.casework.tests.helpers import make_household

    household = make_household(w)
    return {"household_id": household.pk, "member_id": household.members.first().pk}


def _network_person(w: Any) -> dict[str, Any]:
    from wijkteam.casework.tests.helpers import actor, make_household
    from wijkteam.households.services import network_person_add

    household = make_household(w)
    person = network_person_add(
        actor=actor(w.member_a), household=household, name="Buurman", relation_type="neighbour"
    )
    return {"household_id": household.pk, "person_id": person.pk}


ROUTES = [
    Route("households:household_list", ui(("member_a", "member_b", "civil_servant_a", "leader_a"))),
    Route("households_api:household_list", api(ALL_LOGGED_IN)),
    Route("households:household_create", ui(CREATORS)),
    Route("households:member_add", ui(INVOLVED), kwargs=_hid),
    Route("households:network_add", ui(INVOLVED), kwargs=_hid),
    Route("households:relation_add", ui(INVOLVED), kwargs=_hid),
    Route("households:member_edit", ui(INVOLVED), kwargs=_member),
    Route("households:member_remove", ui(INVOLVED), kwargs=_member),
    Route("households:household_edit", ui(INVOLVED), kwargs=_hid),
    Route("households:network_remove", ui(INVOLVED, ok=302), kwargs=_network_person, method="post"),
]
