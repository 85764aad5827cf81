"""Role matrix of steering: policy staff read the municipality's figures, team leaders their
team's; everyone else (team members, civil servants, administrators, the privacy officer,
another municipality) gets 404."""

from __future__ import annotations

from wijkteam.core.testing.routes import Route, api, ui

POLICY = ("policy",)
LEADER = ("leader_a",)
READERS = ("leader_a", "policy")

ROUTES = [
    Route("steering:dashboard", ui(POLICY)),
    Route("steering:team_dashboard", ui(LEADER)),
    Route("steering:definitions", ui(READERS)),
    Route("steering:definition", ui(READERS), kwargs=lambda w: {"key": "new_households"}),
    Route("steering:report_pdf", ui(POLICY)),
    Route("steering:report_xlsx", ui(POLICY)),
    Route("steering_api:indicators", api(POLICY)),
    Route("steering_api:indicator", api(POLICY), kwargs=lambda w: {"key": "new_households"}),
]
