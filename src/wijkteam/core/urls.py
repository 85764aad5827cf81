from django.urls import path

from wijkteam.core import views

app_name = "core"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("my-work/", views.my_work_view, name="my_work"),
    path("health/", views.health_view, name="health"),
]
