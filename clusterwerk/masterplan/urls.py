"""The masterplan's pages, for the request's cluster (`request.cluster`): `/masterplan/…` for the
default cluster, `/c/<slug>/masterplan/…` for another one.

The topic area's page is composed with actors and projects and lives on the portal floor
(`portal:topic-area`, same path). The old URLs named the cluster in the path
(`/masterplan/<cluster>/…`); they answer with a permanent redirect, so that bookmarks and
links in documents keep working. Edition slugs never take a cluster's slug or one of the
words below (`services.RESERVED_EDITION_SLUGS`), so the two forms cannot be confused.
"""

from django.urls import path, re_path

from clusterwerk.masterplan import views

app_name = "masterplan"

NUMBER = r"(?P<number>\d{1,2}(?:\.\d{1,2}){0,2})"
EDITION = r"^masterplan/(?P<edition_slug>[-\w]+)/"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("masterplan/", views.published, name="published"),
    path("masterplan/ausgaben/", views.edition_list, name="editions"),
    path("masterplan/vergleich/", views.compare, name="compare"),
    path("masterplan/suche/", views.search, name="search"),
    path("masterplan/wechseln/", views.switch_edition, name="switch"),
    path("masterplan/<slug:edition_slug>/", views.edition_detail, name="edition"),
    path("masterplan/<slug:edition_slug>/verlauf/", views.history, name="history"),
    path("masterplan/<slug:edition_slug>/fortschreiben/", views.draft_create, name="draft-create"),
    path(
        "masterplan/<slug:edition_slug>/veroeffentlichen/",
        views.edition_publish,
        name="publish",
    ),
    re_path(EDITION + r"export\.(?P<file_format>json|md)$", views.export, name="export"),
    re_path(EDITION + rf"handlungsfeld/{NUMBER}/$", views.action_field_detail, name="action-field"),
    re_path(EDITION + rf"eckpunkt/{NUMBER}/$", views.key_point_detail, name="key-point"),
    re_path(
        EDITION + rf"eckpunkt/{NUMBER}/themenbereich-neu/$",
        views.topic_area_add,
        name="topic-area-add",
    ),
    re_path(
        EDITION + rf"themenbereich/{NUMBER}/verschieben/$",
        views.topic_area_move,
        name="topic-area-move",
    ),
    re_path(
        EDITION + rf"themenbereich/{NUMBER}/loeschen/$",
        views.topic_area_delete,
        name="topic-area-delete",
    ),
    re_path(
        EDITION
        + rf"(?P<kind>handlungsfeld|eckpunkt|themenbereich|erfolgsfaktor)/{NUMBER}/bearbeiten/$",
        views.element_edit,
        name="element-edit",
    ),
    # The old URLs with the cluster in the path: `/masterplan/<cluster>/<rest>`. (The old
    # `/masterplan/<cluster>/` itself meets the edition pattern above; `edition_detail` sends
    # it here when the slug is a cluster's and no edition's.)
    re_path(
        r"^masterplan/(?P<cluster_slug>[-\w]+)/(?P<rest>.+)$",
        views.legacy_redirect,
        name="legacy",
    ),
]
