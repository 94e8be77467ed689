"""Addresses of the cluster's bodies, under /gremien/. Each part keeps its addresses next to
its views; this module puts them together under one namespace."""

from clusterwerk.governance.views import actions, bodies, decisions, meetings, space

app_name = "governance"

urlpatterns = [
    *actions.urlpatterns,
    *bodies.urlpatterns,
    *space.urlpatterns,
    *meetings.urlpatterns,
    *decisions.urlpatterns,
]
