"""Pages composed from several apps. Each composed page keeps the URL people know; its view
lives here because it reads from more than one app."""

app_name = "portal"

urlpatterns: list = []
