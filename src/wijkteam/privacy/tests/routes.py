from wijkteam.core.testing.routes import Route, ui

ROUTES = [
    Route("privacy:accesslog", ui(("privacy_officer",))),
    Route("privacy:accesslog_export", ui(("privacy_officer",))),
]
