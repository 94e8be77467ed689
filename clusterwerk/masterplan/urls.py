from django.urls import path

from clusterwerk.masterplan import views

app_name = "masterplan"

urlpatterns = [
    path("", views.landing, name="landing"),
]
