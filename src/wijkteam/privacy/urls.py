from django.urls import path

from wijkteam.privacy import views

app_name = "privacy"
urlpatterns = [
    path("privacy/access-log/", views.accesslog_view, name="accesslog"),
    path("privacy/access-log/export/", views.accesslog_export_view, name="accesslog_export"),
]
