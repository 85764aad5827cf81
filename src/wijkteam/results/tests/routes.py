"""Role matrix of the result logic: team members, team leaders and policy staff of the
municipality read and comment; policy staff edit; civil servants, administrators, the privacy
officer and another municipality get 404."""

from __future__ import annotations

from wijkteam.core.testing.routes import Route, ui
from wijkteam.results.shipped import ensure_shipped
from wijkteam.results.tests.helpers import make_element, make_logic

POLICY = ("policy",)
READERS = ("member_a", "member_b", "leader_a", "policy")


def _shipped_key() -> str:
    ensure_shipped()  # a browser test may have flushed the migrated rows
    return "eviction_societal"


ROUTES = [
    Route("results:home", ui(READERS)),
    Route("results:logic_create", ui(POLICY)),
    Route("results:logic", ui(READERS), kwargs=lambda w: {"logic_id": make_logic(w).pk}),
    Route(
        "results:version_create",
        ui(POLICY, ok=302),
        kwargs=lambda w: {"logic_id": make_logic(w).pk},
        method="post",
    ),
    Route("results:element_create", ui(POLICY), kwargs=lambda w: {"logic_id": make_logic(w).pk}),
    Route("results:link_create", ui(POLICY), kwargs=lambda w: {"logic_id": make_logic(w).pk}),
    Route("results:reading_create", ui(POLICY), kwargs=lambda w: {"logic_id": make_logic(w).pk}),
    Route("results:element_edit", ui(POLICY), kwargs=lambda w: {"element_id": make_element(w).pk}),
    Route(
        "results:comment_create", ui(READERS), kwargs=lambda w: {"element_id": make_element(w).pk}
    ),
    Route(
        "results:observation_create",
        ui(POLICY),
        kwargs=lambda w: {"element_id": make_element(w).pk},
    ),
    Route("results:logic_pdf", ui(READERS), kwargs=lambda w: {"logic_id": make_logic(w).pk}),
    Route("results:mkba", ui(POLICY)),
    Route("results:mkba_pdf", ui(POLICY), data=lambda w: {"cost_per_fte": "80000"}),
    Route("results:unit_costs", ui(POLICY)),
    Route("results:outcome_options", ui(POLICY)),
    Route("results:unit_cost_edit", ui(POLICY), kwargs=lambda w: {"key": _shipped_key()}),
    Route("results:mkba_xlsx", ui(POLICY), data=lambda w: {"cost_per_fte": "80000"}),
    Route("results:index_series", ui(POLICY)),
    Route("results:index_value", ui(POLICY)),
]
