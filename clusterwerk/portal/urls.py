"""Pages composed from several apps. Each composed page keeps the URL people know; its view
lives here because it reads from more than one app."""

from django.urls import path, re_path

from clusterwerk.masterplan.urls import EDITION, NUMBER
from clusterwerk.portal.views import topic_areas, value_chain

app_name = "portal"

urlpatterns: list = [
    # The topic area of an edition of the request's cluster, with its actors and projects.
    re_path(
        EDITION + rf"themenbereich/{NUMBER}/$",
        topic_areas.topic_area_detail,
        name="topic-area",
    ),
    # The value-chain analysis: the directory's competences against the cluster's masterplan.
    path("kooperation/wertschoepfung/", value_chain.value_chain, name="value-chain"),
]
