"""Addresses of the innovation prize, under /innovationspreis/. Each part keeps its addresses
next to its views; this module puts them together under one namespace."""

from clusterwerk.award.views import applications, jury, publication, scoring, setup

app_name = "award"

urlpatterns = [
    *applications.urlpatterns,
    *jury.urlpatterns,
    *scoring.urlpatterns,
    *setup.urlpatterns,
    *publication.urlpatterns,
]
