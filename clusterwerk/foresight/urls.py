"""Addresses of the foresight, under /foresight/. Each part keeps its addresses next to its
views; this module puts them together under one namespace."""

from clusterwerk.foresight.views import gaps, radar, rating, results, setup

app_name = "foresight"

urlpatterns = [
    *setup.urlpatterns,
    *rating.urlpatterns,
    *results.urlpatterns,
    *radar.urlpatterns,
    *gaps.urlpatterns,
]
