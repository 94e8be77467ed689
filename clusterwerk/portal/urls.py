"""Pages composed from several apps. Each composed page keeps the URL people know; its view
lives here because it reads from more than one app."""

from django.urls import path

from clusterwerk.portal.views import value_chain

app_name = "portal"

urlpatterns: list = [
    path("kooperation/wertschoepfung/", value_chain.value_chain, name="value-chain"),
]
