# Included at the root like the other apps: every path here starts with "steering/".
app_name = "steering"

urlpatterns: list[object] = []
