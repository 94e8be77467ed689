"""Pages composed from several apps. Each composed page keeps the URL people know; its view
lives here because it reads from more than one app."""

from django.urls import re_path

from clusterwerk.masterplan.urls import EDITION, NUMBER
from clusterwerk.portal.views import topic_areas

app_name = "portal"

urlpatterns: list = [
    # The topic area of an edition of the request's cluster, with its actors and projects.
    re_path(
        EDITION + rf"themenbereich/{NUMBER}/$",
        topic_areas.topic_area_detail,
        name="topic-area",
    ),
]
