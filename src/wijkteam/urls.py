from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

handler400 = "wijkteam.core.views.bad_request"
handler403 = "wijkteam.core.views.permission_denied"
handler404 = "wijkteam.core.views.page_not_found"
handler500 = "wijkteam.core.views.server_error"

urlpatterns = [
    path("", include("wijkteam.core.urls")),
    path("", include("wijkteam.accounts.urls")),
    path("", include("wijkteam.organisations.urls")),
    path("", include("wijkteam.privacy.urls")),
    path("", include("wijkteam.intake.urls")),
    path("", include("wijkteam.households.urls")),
    path("", include("wijkteam.casework.urls")),
    path("", include("wijkteam.assessments.urls")),
    path("", include("wijkteam.socialmap.urls")),
    path("", include("wijkteam.teamdesign.urls")),
    path("", include("wijkteam.steering.urls")),
    path("", include("wijkteam.results.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/v1/", include("wijkteam.api.urls")),
    path("api/v1/", include("wijkteam.privacy.api_urls")),
    path("api/v1/", include("wijkteam.intake.api_urls")),
    path("api/v1/", include("wijkteam.teamdesign.api_urls")),
    path("api/v1/", include("wijkteam.socialmap.api_urls")),
    path("api/v1/", include("wijkteam.households.api_urls")),
    path("api/v1/", include("wijkteam.casework.api_urls")),
    path("api/v1/", include("wijkteam.assessments.api_urls")),
    path("api/v1/", include("wijkteam.steering.api_urls")),
]
