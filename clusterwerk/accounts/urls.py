from django.urls import path

from clusterwerk.accounts import views

app_name = "accounts"

urlpatterns = [
    path("meine-daten/", views.my_data, name="my-data"),
]
