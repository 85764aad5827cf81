from wijkteam.core.testing.routes import ALL_LOGGED_IN, Route, expect, ui

ROUTES = [
    Route("core:home", expect(302)),
    Route("core:my_work", ui(ALL_LOGGED_IN)),
    Route("core:health", expect(200)),
    Route(
        "set_language", expect(302), method="post", data=lambda w: {"language": "en", "next": "/"}
    ),
]
