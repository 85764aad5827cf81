from __future__ import annotations

from typing import Any

from wijkteam.core.testing.routes import ALL_LOGGED_IN, Route, api, ui

INVOLVED = ("member_a",)  # the coordinator of the household made by make_household
# Every functional administrator may create instruments of their own municipality; only the
# administrator of the owning municipality manages one (other_admin works elsewhere).
ADMINS = ("admin", "other_admin")
OWNING_ADMIN = ("admin",)
# An instrument of a municipality is seen by everybody working in that municipality.
IN_MUNICIPALITY = tuple(p for p in ALL_LOGGED_IN if p != "other_admin")


def _household(w: Any) -> dict[str, int]:
    from wijkteam.casework.tests.helpers import make_household

    return {"household_id": make_household(w).pk}


def _member(w: Any) -> dict[str, int]:
    from wijkteam.assessments.tests.helpers import first_member, make_household

    return {"member_id": first_member(make_household(w)).pk}


def _record(w: Any) -> dict[str, int]:
    from wijkteam.assessments.tests.helpers import zrm

    return {**_member(w), "instrument_id": zrm().pk}


def _measurement(w: Any) -> dict[str, int]:
    from wijkteam.assessments.tests.helpers import first_member, make_household, record, zrm

    return {"measurement_id": record(w, first_member(make_household(w)), zrm(), 3).pk}


def _instrument(w: Any) -> dict[str, int]:
    """An instrument of the municipality of teams A and B (not of other_admin's)."""
    from wijkteam.assessments.tests.helpers import own_instrument

    return {"instrument_id": own_instrument(w.municipality).pk}


ROUTES = [
    Route("assessments:household", ui(INVOLVED), kwargs=_household),
    Route("assessments:member", ui(INVOLVED), kwargs=_member),
    Route("assessments:record", ui(INVOLVED), kwargs=_record),
    Route(
        "assessments:measurement_delete", ui(INVOLVED, ok=302), kwargs=_measurement, method="post"
    ),
    Route("assessments:instrument_list", ui(ALL_LOGGED_IN)),
    Route("assessments:instrument_create", ui(ADMINS)),
    Route("assessments:instrument_edit", ui(OWNING_ADMIN), kwargs=_instrument),
    Route(
        "assessments:instrument_new_version",
        ui(OWNING_ADMIN, ok=302),
        kwargs=_instrument,
        method="post",
        data=lambda w: {"version": "2099"},
    ),
    Route("assessments:criteria_upload", ui(OWNING_ADMIN), kwargs=_instrument),
    Route("assessments:criteria_template", ui(OWNING_ADMIN), kwargs=_instrument),
    Route("assessments_api:instrument_list", api(ALL_LOGGED_IN)),
    Route("assessments_api:instrument_detail", api(IN_MUNICIPALITY), kwargs=_instrument),
    Route("assessments_api:measurement_list", api(INVOLVED), kwargs=_member),
    Route("assessments_api:latest_scores", api(INVOLVED), kwargs=_member),
]
