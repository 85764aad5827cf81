app_name = "socialmap"
urlpatterns: list = []
