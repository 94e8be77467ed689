from django.urls import path

from clusterwerk.accounts import views

app_name = "accounts"

urlpatterns = [
    path("meine-daten/", views.my_data, name="my-data"),
    path("meine-daten/export/", views.my_data_export, name="my-data-export"),
    path("meine-daten/konto-loeschen/", views.delete_account, name="delete-account"),
]
