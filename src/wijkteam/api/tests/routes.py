from wijkteam.core.testing.routes import ALL_LOGGED_IN, Route, api

TEAM_A = ("member_a", "civil_servant_a", "leader_a", "admin", "policy", "privacy_officer")
MUNICIPALITY = tuple(p for p in ALL_LOGGED_IN if p != "other_admin")

ROUTES = [
    Route("api:me", api(ALL_LOGGED_IN)),
    Route("api:team_list", api(ALL_LOGGED_IN)),
    Route("api:team_detail", api(TEAM_A), kwargs=lambda w: {"team_id": w.team_a.pk}),
    Route("api:area_list", api(ALL_LOGGED_IN)),
    Route("api:area_detail", api(MUNICIPALITY), kwargs=lambda w: {"pk": w.area_a.pk}),
    Route("api:home_organisation_list", api(ALL_LOGGED_IN)),
    Route(
        "api:home_organisation_detail", api(MUNICIPALITY), kwargs=lambda w: {"pk": w.home_org.pk}
    ),
    # The schema and its docs describe the API, not data: readable for everyone logged in.
    Route("api:schema", api(ALL_LOGGED_IN)),
    Route("api:docs", api(ALL_LOGGED_IN)),
]
