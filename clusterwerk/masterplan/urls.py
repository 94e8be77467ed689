from django.urls import path, re_path

from clusterwerk.masterplan import views

app_name = "masterplan"

NUMBER = r"(?P<number>\d{1,2}(?:\.\d{1,2}){0,2})"
EDITION = r"^masterplan/(?P<cluster_slug>[-\w]+)/(?P<edition_slug>[-\w]+)/"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("masterplan/<slug:cluster_slug>/", views.published, name="published"),
    path("masterplan/<slug:cluster_slug>/ausgaben/", views.edition_list, name="editions"),
    path("masterplan/<slug:cluster_slug>/vergleich/", views.compare, name="compare"),
    path("masterplan/<slug:cluster_slug>/suche/", views.search, name="search"),
    path("masterplan/<slug:cluster_slug>/wechseln/", views.switch_edition, name="switch"),
    path(
        "masterplan/<slug:cluster_slug>/<slug:edition_slug>/",
        views.edition_detail,
        name="edition",
    ),
    path(
        "masterplan/<slug:cluster_slug>/<slug:edition_slug>/verlauf/",
        views.history,
        name="history",
    ),
    path(
        "masterplan/<slug:cluster_slug>/<slug:edition_slug>/fortschreiben/",
        views.draft_create,
        name="draft-create",
    ),
    path(
        "masterplan/<slug:cluster_slug>/<slug:edition_slug>/veroeffentlichen/",
        views.edition_publish,
        name="publish",
    ),
    re_path(EDITION + r"export\.(?P<file_format>json|md)$", views.export, name="export"),
    re_path(EDITION + rf"handlungsfeld/{NUMBER}/$", views.action_field_detail, name="action-field"),
    re_path(EDITION + rf"eckpunkt/{NUMBER}/$", views.key_point_detail, name="key-point"),
    re_path(EDITION + rf"themenbereich/{NUMBER}/$", views.topic_area_detail, name="topic-area"),
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
]
