from wijkteam.core.testing.routes import Route, ui

ADMINS = ("admin", "other_admin")
TEAM_A = ("member_a", "civil_servant_a", "leader_a", "admin", "policy", "privacy_officer")

ROUTES = [
    # Policy staff and the privacy officer see the team's metadata, not its people.
    Route("organisations:team_detail", ui(TEAM_A), kwargs=lambda w: {"team_id": w.team_a.pk}),
    Route("organisations:manage", ui(ADMINS)),
    Route("organisations:municipality_edit", ui(ADMINS)),
    Route("organisations:area_create", ui(ADMINS)),
    Route("organisations:area_edit", ui(("admin",)), kwargs=lambda w: {"area_id": w.area_a.pk}),
    Route("organisations:home_organisation_create", ui(ADMINS)),
    Route(
        "organisations:home_organisation_edit",
        ui(("admin",)),
        kwargs=lambda w: {"org_id": w.home_org.pk},
    ),
    Route("organisations:team_create", ui(ADMINS)),
    Route("organisations:team_edit", ui(("admin",)), kwargs=lambda w: {"team_id": w.team_a.pk}),
]
