from django.urls import path

from wijkteam.steering import views

# Included at the root like the other apps: every path here starts with "steering/".
app_name = "steering"

urlpatterns = [
    path("steering/", views.dashboard_view, name="dashboard"),
    path("steering/team/", views.team_dashboard_view, name="team_dashboard"),
    path("steering/definitions/", views.definition_list_view, name="definitions"),
    path("steering/definitions/<slug:key>/", views.definition_view, name="definition"),
    path("steering/report.pdf", views.report_pdf_view, name="report_pdf"),
    path("steering/report.xlsx", views.report_xlsx_view, name="report_xlsx"),
]
