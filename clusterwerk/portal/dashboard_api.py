"""The dashboards in the REST API, for the request's cluster (`/c/<slug>/api/v1/…`, without
the prefix the default cluster): `GET /api/v1/me/dashboard` ("Mein Bereich") and
`GET /api/v1/tasks` ("Aufgaben", the cluster's management only). The same data as the pages
(`portal.dashboards`). Mounted by `config/api.py` under `/v1`."""

from typing import Any

from ninja import Query, Router

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.portal.dashboards import member_dashboard, task_board

router = Router(tags=["Übersicht"])


@router.get(
    "/me/dashboard",
    auth=session_auth,
    response={200: dict[str, Any], **error_responses(401, 404)},
    url_name="my-dashboard",
    summary="Mein Bereich",
    description="Was für die angemeldete Person im Cluster der Anfrage ansteht: ihre "
    "Organisationen mit fehlenden Profilangaben, ihre Inserate, offene und gesendete "
    "Interessensbekundungen, neue Treffer gespeicherter Suchen, gefolgte Beteiligungen, "
    "offene Anfragen, kommende Veranstaltungen und der Innovationspreis (`award`: eigene "
    "Bewerbungen, Jury-Sitze mit offenen Bewertungen) und die Vorausschau (`foresight`: "
    "Sitze im Panel mit offenen Items) und Fachkräfte und Nachfolge (`skills`: offene "
    "Betriebsbefragungen, eigene Nachfolgefälle, der Schreibtisch der Kammer) und die Gremien "
    "(`governance`: nächste Sitzungen der eigenen Gremien, eigene offene Aufgaben) – jeweils mit "
    "der nächsten Aktion "
    "(`action`, `action_url`). Ohne "
    "Organisation nennt `next_step` den nächsten Schritt.",
)
def my_dashboard(request):
    return member_dashboard(request.user, request_cluster(request)).as_dict()


@router.get(
    "/tasks",
    auth=session_auth,
    response={200: dict[str, Any], **error_responses(401, 403, 404, 422)},
    url_name="tasks",
    summary="Aufgaben des Clustermanagements",
    description="Alles, was auf das Clustermanagement des Clusters der Anfrage wartet: je Art "
    "(`groups`: Zuordnungen, Profiländerungen, Inserate in Prüfung, Projektideen, "
    "Meldungen, vorgeschlagene Befangenheiten beim Innovationspreis, überfällige Aufgaben der "
    "Gremien) Anzahl und Alter "
    "des ältesten Vorgangs, dazu alle Vorgänge in einer Liste "
    "(`tasks`) mit Alter in Tagen und Link. Nur für das Clustermanagement (sonst 403).",
)
def tasks(
    request,
    newest_first: bool = Query(False, description="Neueste Vorgänge zuerst (sonst älteste)."),
):
    return task_board(request.user, request_cluster(request)).as_dict(newest_first=newest_first)
