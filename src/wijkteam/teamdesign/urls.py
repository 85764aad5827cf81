app_name = "teamdesign"
urlpatterns: list = []
