from django.urls import path

from clusterwerk.masterplan import views

app_name = "masterplan"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("masterplan/<slug:cluster_slug>/", views.published, name="published"),
    path("masterplan/<slug:cluster_slug>/suche/", views.search, name="search"),
]
