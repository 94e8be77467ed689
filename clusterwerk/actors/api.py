"""The actors REST API (mounted at /api/actors, documented at /api/docs).

Every endpoint works for the request's cluster (`core.tenancy.request_cluster`, the path prefix
`/c/<slug>/api/…` or the default cluster): its directory, its management, its members.
Reads go through the access funnels of `queries.py` and the directory search of `search.py`
(the same filters as the page /akteure/): anybody reads published actors, the cluster's
management also drafts; contact persons only as `visible_contacts` allows. Writes need the
session (`session_auth`, which also checks the CSRF token) and go only through `services.py`,
which checks the permission again: managers change an actor directly, an actor's
representatives propose changes for review. Errors become JSON `{"detail": …}` in
`config/api.py`, which uses `duplicate_body` from here.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.actors.api_joining import router as claims_router
from clusterwerk.actors.models import (
    ActivityScheme,
    Actor,
    District,
    EconomicActivity,
    GrowthCore,
)
from clusterwerk.actors.queries import actor_profile, get_actor_for_user
from clusterwerk.actors.schemas import (
    ActivityOut,
    ActorConflictOut,
    ActorCreateIn,
    ActorDetailOut,
    ActorListOut,
    ActorPatchIn,
    ChangeRequestOut,
    DistrictDetailOut,
    GrowthCoreDetailOut,
    PossibleDuplicateOut,
)
from clusterwerk.actors.search import (
    MAX_QUERY_LENGTH,
    DirectoryFilters,
    directory_queryset,
    ranked_page,
)
from clusterwerk.actors.services import (
    PossibleDuplicate,
    create_actor,
    update_actor,
)
from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import request_cluster

router = Router(tags=["Akteure"])

ActorId = Path(..., description="Kennung des Akteurs.")
KindsParameter = Query(None, description="Art(en) des Akteurs, z. B. company.")
DistrictsParameter = Query(None, description="Kreisschlüssel (AGS), z. B. 12069.")
SchemeParameter = Query(None, description="Nur eine Klassifikation.")

READ_ERRORS = error_responses(404, 422)
MAX_LIMIT = 100
SECTIONS = ("values", "competences", "contacts", "activities")


# --- helpers -----------------------------------------------------------------------------------


def actor_detail(user, cluster: Cluster, actor: Actor) -> Actor:
    """The actor with everything `ActorDetailOut` shows, loaded (a fixed number of queries).
    Contacts through `actor_profile`, i.e. `visible_contacts(user, cluster, [actor])`."""
    profile = actor_profile(user, cluster, actor)
    actor.api_competences = [
        {
            "kind": view.competence.kind,
            "kind_label": str(view.competence.get_kind_display()),
            "text": view.competence.text,
            "description": view.competence.description,
            "keywords": list(view.competence.keywords or []),
            "evidence": view.competence.evidence,
            "topic_areas": [area.number for area in view.topic_areas],
        }
        for view in profile.competences
    ]
    actor.api_activities = [
        {
            "scheme": link.activity.scheme,
            "scheme_label": str(link.activity.get_scheme_display()),
            "code": link.activity.code,
            "title": link.activity.title,
            "is_cluster_core": link.activity.is_cluster_core,
            "is_primary": link.is_primary,
        }
        for link in profile.activities
    ]
    actor.api_clusters = profile.clusters
    actor.api_contacts = profile.contacts
    return actor


def duplicate_body(exc: PossibleDuplicate) -> dict:
    return {
        "detail": exc.messages[0],
        "candidates": [
            {"id": actor.pk, "name": actor.name, "postal_code": actor.postal_code}
            for actor in exc.candidates
        ],
        "hint": _(
            "Ist es ein anderer Akteur, senden Sie die Anfrage erneut mit "
            "„confirm_not_duplicate“: true."
        ),
    }


def raise_filter_problems(filters: DirectoryFilters) -> None:
    """The page ignores unusable filter values; the API refuses them (422, by parameter)."""
    if filters.problems:
        errors: dict[str, list[str]] = {}
        for name, message in filters.problems:
            errors.setdefault(name, []).append(message)
        raise ValidationError(errors)


def sections_of(payload) -> dict:
    """The profile sections the client sent (a missing or null section stays unchanged)."""
    data = payload.model_dump(exclude_unset=True)
    return {name: data[name] for name in SECTIONS if data.get(name) is not None}


def clusters_by_slug(slugs: list[str]) -> list[Cluster]:
    slugs = list(dict.fromkeys(slugs))
    found = {cluster.slug: cluster for cluster in Cluster.objects.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ValidationError(
            {"clusters": _("Unbekannte Cluster: %(slugs)s.") % {"slugs": ", ".join(unknown)}}
        )
    return [found[slug] for slug in slugs]


# --- reference data ----------------------------------------------------------------------------


@router.get(
    "/districts",
    response=list[DistrictDetailOut],
    summary="Landkreise und kreisfreie Städte",
    description="Alle Landkreise und kreisfreien Städte mit Kreisschlüssel (AGS), nach Name.",
)
def list_districts(request):
    return District.objects.order_by("name")


@router.get(
    "/growth-cores",
    response=list[GrowthCoreDetailOut],
    summary="Regionale Wachstumskerne",
    description="Die Regionalen Wachstumskerne (RWK) Brandenburgs mit ihren Gemeinden.",
)
def list_growth_cores(request):
    return GrowthCore.objects.order_by("number").prefetch_related("municipalities")


@router.get(
    "/activities",
    response={200: list[ActivityOut], **error_responses(422)},
    summary="Wirtschaftszweige",
    description="Die Codes der Wirtschaftszweig-Klassifikationen (WZ 2008, WZ 2025).",
)
def list_activities(
    request,
    scheme: ActivityScheme | None = SchemeParameter,
):
    activities = EconomicActivity.objects.order_by("scheme", "code")
    if scheme:
        activities = activities.filter(scheme=scheme)
    return activities


# --- actors ------------------------------------------------------------------------------------


@router.get(
    "",
    response={200: ActorListOut, **error_responses(422)},
    summary="Akteure suchen",
    description="Das Akteursverzeichnis mit den Filtern der Seite /akteure/: mit `q` die "
    "besten Treffer zuerst (Treffer im Namen vor Treffern in den Kompetenzen vor sonstigen), "
    "sonst nach Name. Unbrauchbare Filterwerte ergeben 422. Eine feste Zahl von "
    "Datenbankabfragen, gleich wie viele Akteure es gibt.",
)
def list_actors(
    request,
    q: str = Query("", max_length=MAX_QUERY_LENGTH, description="Suchbegriffe."),
    kind: list[str] | None = KindsParameter,
    district: list[str] | None = DistrictsParameter,
    growth_core: str | None = Query(None, description="Nummer des Regionalen Wachstumskerns."),
    topic: str | None = Query(None, description="Themenbereich des Masterplans, z. B. 4.4.2."),
    wz: str | None = Query(None, description="Wirtschaftszweig; „25“ umfasst alle Codes 25.…"),
    size: str | None = Query(None, description="Größenklasse: micro, small, medium, large."),
    cluster: str | None = Query(None, description="Kürzel eines Clusters."),
    demo: str | None = Query(None, description="0 blendet synthetische Demo-Datensätze aus."),
    limit: int = Query(20, ge=1, le=MAX_LIMIT, description="Höchstens so viele Treffer."),
    offset: int = Query(0, ge=0, description="So viele Treffer überspringen."),
):
    params = {
        "q": q,
        "kind": kind or [],
        "district": district or [],
        "growth_core": growth_core,
        "topic": topic,
        "wz": wz,
        "size": size,
        "cluster": cluster,
        "demo": demo,
    }
    cluster = request_cluster(request)
    filters = DirectoryFilters.from_params(params, cluster=cluster)
    raise_filter_problems(filters)
    actors = directory_queryset(request.user, cluster, filters)
    count = actors.count()
    items = []
    if count > offset:
        items = ranked_page(actors, filters, offset, limit)
    return {"count": count, "items": items}


@router.get(
    "/{int:actor_id}",
    response={200: ActorDetailOut, **READ_ERRORS},
    summary="Akteur",
    description="Ein Akteur mit Wirtschaftszweigen, Kompetenzen (mit Themenbereichen), "
    "Clustern und den Ansprechpersonen, die Sie sehen dürfen.",
)
def get_actor(request, actor_id: int = ActorId):
    cluster = request_cluster(request)
    return actor_detail(request.user, cluster, get_actor_for_user(request.user, cluster, actor_id))


@router.post(
    "",
    auth=session_auth,
    response={
        201: ActorDetailOut,
        **error_responses(400, 401, 403, 409, 422, conflict=PossibleDuplicateOut),
    },
    summary="Akteur anlegen",
    description="Legt einen Akteur an (nur das Clustermanagement). Gibt es schon einen "
    "ähnlichen Akteur (ähnlicher Name, gleiche Postleitzahl), antwortet die API mit 409 und "
    "den Kandidaten; ist es ein anderer, erneut mit `confirm_not_duplicate: true` senden.",
)
def create(request, payload: ActorCreateIn):
    cluster = request_cluster(request)
    if not manages_cluster(request.user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement legt Akteure an."))
    clusters = clusters_by_slug(payload.clusters)
    actor = create_actor(
        user=request.user,
        cluster=cluster,
        profile=sections_of(payload),
        clusters=clusters,
        confirm_not_duplicate=payload.confirm_not_duplicate,
    )
    actor = get_actor_for_user(request.user, cluster, actor.pk)
    return Status(201, actor_detail(request.user, cluster, actor))


@router.patch(
    "/{int:actor_id}",
    auth=session_auth,
    response={
        200: ActorDetailOut,
        202: ChangeRequestOut,
        **error_responses(400, 401, 403, 404, 409, 422, conflict=ActorConflictOut),
    },
    summary="Akteur ändern",
    description="Ändert ein Profil. `version` ist der Bearbeitungsstand, auf dem die Änderung "
    "beruht; hat jemand inzwischen gespeichert, antwortet die API mit 409 und dem aktuellen "
    "Stand, und nichts wird geändert. Das Clustermanagement ändert direkt (200); "
    "Vertreter/innen des Akteurs reichen die Änderung zur Prüfung ein (202).",
)
def patch(request, payload: ActorPatchIn, actor_id: int = ActorId):
    cluster = request_cluster(request)
    actor = get_actor_for_user(request.user, cluster, actor_id)
    change_request = update_actor(
        actor=actor,
        user=request.user,
        cluster=cluster,
        expected_version=payload.version,
        profile=sections_of(payload),
    )
    if change_request is not None:
        return Status(202, {"change_request": change_request.pk, "status": change_request.status})
    return actor_detail(request.user, cluster, get_actor_for_user(request.user, cluster, actor_id))


# The front door (claims) lives in its own module; mounted here at /api/actors/claims.
router.add_router("/claims", claims_router)
