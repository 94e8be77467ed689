"""The projects REST API (mounted at /api/projects, documented at /api/docs).

It works for the request's cluster: `/c/<slug>/api/projects/…` for that cluster, `/api/projects/…`
for the instance's default one. A `cluster` in a body or query, kept for older clients, must name
that cluster (else 422 with the right address). Reads go through `cluster_projects` /
`get_project_for_user` (a project of another cluster, or one the user may not see, is a 404,
never a 403); writes need the session (`core.api.session_auth`, which also checks the CSRF
token) and go only through `services.py`, which checks the permission again and raises German
`ValidationError`s by field. Errors become JSON `{"detail": …}` in `config/api.py`, which uses
the one `EditConflict` handler (409).

Responses are built from plain dicts loaded with a fixed number of queries
(`project_items`, `project_detail`).
"""

import uuid

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from clusterwerk.actors.models import District
from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.masterplan import classify
from clusterwerk.masterplan.models import EditionStatus, TopicArea
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.projects import services
from clusterwerk.projects.assessment import assessment_summary
from clusterwerk.projects.models import (
    FundingProgramme,
    PartnerRole,
    PhaseChange,
    Project,
    ProjectPartner,
    ProjectPhase,
    ProjectResults,
    ProjectTopicArea,
)
from clusterwerk.projects.permissions import can_assess_projects
from clusterwerk.projects.queries import cluster_projects, get_project_for_user
from clusterwerk.projects.schemas import (
    AssessmentIn,
    AssessmentSummaryOut,
    ClassifyIn,
    IdeaDecisionIn,
    IdeaIn,
    PhaseChangeIn,
    ProjectConflictOut,
    ProjectCreateIn,
    ProjectDetailOut,
    ProjectListOut,
    ProjectPatchIn,
    TopicSuggestionOut,
)

router = Router(tags=["Projekte"])

MAX_ID = 2**63 - 1  # the largest id the databases store
ProjectId = Path(..., ge=1, le=MAX_ID, description="Kennung des Projekts.")
PhaseParameter = Query(None, description="Phase, z. B. running.")

READ_ERRORS = error_responses(404, 422)
CREATE_ERRORS = error_responses(400, 401, 403, 409, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)
MAX_LIMIT = 100
AMOUNT_FIELDS = ("total_volume", "funding_amount", "regional_volume")


# --- loading -----------------------------------------------------------------------------------


def with_relations(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Cluster and programme joined; partners (with actor and district) and topics prefetched."""
    return projects.select_related("cluster", "funding_programme").prefetch_related(
        Prefetch(
            "partners",
            queryset=ProjectPartner.objects.select_related("actor__district").order_by(
                "role", "actor__name", "pk"
            ),
        ),
        Prefetch("topics", queryset=ProjectTopicArea.objects.order_by("-is_primary", "pk")),
    )


def topic_titles(projects: list[Project]) -> dict[tuple[int, str], tuple[str, str]]:
    """(cluster id, lineage) → (number, title) in the clusters' published editions: one query."""
    lineages = {topic.lineage for project in projects for topic in project.topics.all()}
    if not lineages:
        return {}
    rows = TopicArea.objects.filter(
        edition__status=EditionStatus.PUBLISHED,
        edition__cluster_id__in={project.cluster_id for project in projects},
        lineage__in=lineages,
    ).values_list("edition__cluster_id", "lineage", "number", "title")
    return {
        (cluster_id, str(lineage)): (number, title) for cluster_id, lineage, number, title in rows
    }


def partner_dict(partner: ProjectPartner) -> dict:
    actor = partner.actor
    return {
        "actor": actor.pk,
        "name": actor.name,
        "kind": actor.kind,
        "kind_label": str(actor.get_kind_display()),
        "role": partner.role,
        "role_label": str(partner.get_role_display()),
        "district": actor.district.ags if actor.district_id else None,
    }


def programme_dict(programme: FundingProgramme | None) -> dict | None:
    if programme is None:
        return None
    return {
        "key": programme.key,
        "name": programme.name,
        "short_name": programme.short_name,
        "level": programme.level,
    }


def item_dict(project: Project, titles: dict) -> dict:
    partners = list(project.partners.all())
    lead = next((partner for partner in partners if partner.role == PartnerRole.LEAD), None)
    topics = []
    for topic in project.topics.all():
        number, title = titles.get((project.cluster_id, str(topic.lineage)), (None, ""))
        topics.append(
            {
                "number": number,
                "title": title,
                "is_primary": topic.is_primary,
                "assigned_by": topic.assigned_by,
            }
        )
    return {
        "id": project.pk,
        "title": project.title,
        "acronym": project.acronym,
        "cluster": project.cluster.slug,
        "phase": project.phase,
        "phase_label": str(project.get_phase_display()),
        "idea_status": project.idea_status,
        "visibility": project.visibility,
        "year_initiated": project.year_initiated,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "is_rdi": project.is_rdi,
        "programme": programme_dict(project.funding_programme),
        **{name: getattr(project, name) for name in AMOUNT_FIELDS},
        "is_joint": project.is_joint,
        "with_science": project.with_science,
        "is_cross_cluster": project.is_cross_cluster,
        "lead": partner_dict(lead) if lead else None,
        "partner_count": len(partners),
        "topics": topics,
        "is_demo": project.is_demo,
        "url": project.get_absolute_url(),
        "_partners": partners,
    }


def project_items(projects: QuerySet[Project]) -> list[dict]:
    """List items for a page of projects: page, partners, topics, topic titles (4 queries)."""
    page = list(with_relations(projects))
    titles = topic_titles(page)
    items = [item_dict(project, titles) for project in page]
    for item in items:
        item.pop("_partners")
    return items


def project_detail(user, cluster: Cluster, project_id: int) -> dict:
    """Everything `ProjectDetailOut` shows for a project of `cluster` the user may see (else
    404)."""
    project = get_project_for_user(user, cluster, project_id)
    project = (
        with_relations(Project.objects.filter(pk=project.pk))
        .prefetch_related(
            "partner_clusters",
            Prefetch("phase_changes", queryset=PhaseChange.objects.order_by("changed_on", "pk")),
        )
        .get()
    )
    detail = item_dict(project, topic_titles([project]))
    results = ProjectResults.objects.filter(project=project).first()
    detail.update(
        description=project.description,
        version=project.version,
        partners=[partner_dict(partner) for partner in detail.pop("_partners")],
        partner_clusters=sorted(cluster.slug for cluster in project.partner_clusters.all()),
        phase_history=[
            {
                "from_phase": change.from_phase,
                "to_phase": change.to_phase,
                "to_phase_label": str(change.get_to_phase_display()),
                "changed_on": change.changed_on,
                "note": change.note,
            }
            for change in project.phase_changes.all()
        ],
        results=None,
        assessment=None,
        created_at=project.created_at,
        updated_at=project.updated_at,
    )
    if results is not None:
        detail["results"] = {
            name: getattr(results, name)
            for name in (
                "new_products",
                "new_processes",
                "patents",
                "jobs_created",
                "follow_up_projects",
                "success_story",
                "reported_on",
            )
        }
    if can_assess_projects(user, project.cluster):
        detail["assessment"] = assessment_summary(project).as_dict()
    return detail


# Fields the services check against each other: a partial change is checked with the stored
# values of the others (otherwise a new end before the stored start would only fail in the
# database's check constraint).
COUNTERPARTS = (
    ("start_date", "end_date"),
    ("total_volume", "funding_amount", "regional_volume"),
)


def with_stored_counterparts(project: Project, data: dict) -> dict:
    data = dict(data)
    for group in COUNTERPARTS:
        if any(name in data for name in group):
            for name in group:
                if name not in data:
                    value = getattr(project, name)
                    data[name] = None if value is None else str(value)
    return data


def check_shape(data: dict) -> dict:
    """Refuse two shapes the services do not expect (a non-list `topics.secondary`, an actor
    id beyond the database's integers), with the services' own messages, instead of a 500."""
    topics = data.get("topics")
    if isinstance(topics, dict) and not isinstance(
        topics.get("secondary"), list | str | type(None)
    ):
        raise ValidationError(
            {"topics": _("Themenbereiche als Objekt mit primary und secondary angeben.")}
        )
    partners = data.get("partners")
    if isinstance(partners, list):
        errors = {
            f"partners.{index}": _("Diesen Akteur gibt es nicht (mehr).")
            for index, item in enumerate(partners, start=1)
            if isinstance(item, dict)
            and isinstance(item.get("actor"), int)
            and not 1 <= item["actor"] <= MAX_ID
        }
        if errors:
            raise ValidationError(errors)
    return data


def named_cluster_errors(cluster: Cluster, slug: str | None) -> list[str]:
    """Why a `cluster` given in a request does not fit the request's cluster (none: fits)."""
    if not slug or slug == cluster.slug:
        return []
    if not Cluster.objects.filter(slug=slug).exists():
        return [_("Unbekannter Cluster „%(slug)s“.") % {"slug": slug}]
    return [
        _(
            "Diese Anfrage gilt dem Cluster „%(current)s“. Für das Cluster „%(slug)s“ "
            "bitte /c/%(slug)s/api/projects verwenden."
        )
        % {"current": cluster.slug, "slug": slug}
    ]


def tenant(request, slug: str | None = None) -> Cluster:
    """The request's cluster; a `cluster` named in the request must be the same (else 422)."""
    cluster = request_cluster(request)
    errors = named_cluster_errors(cluster, slug)
    if errors:
        raise ValidationError({"cluster": errors})
    return cluster


# --- reading -----------------------------------------------------------------------------------


@router.get(
    "",
    response={200: ProjectListOut, **error_responses(422)},
    summary="Projekte",
    description="Die Projekte, die Sie sehen dürfen, neueste Initiierung zuerst, mit Filtern. "
    "Unbrauchbare Filterwerte (unbekannter Themenbereich, unbekanntes Förderprogramm, "
    "unbekannter Kreis oder Cluster) ergeben 422. Eine feste Zahl von Datenbankabfragen, gleich "
    "wie viele Projekte es gibt.",
)
def list_projects(
    request,
    phase: ProjectPhase | None = PhaseParameter,
    year: int | None = Query(None, ge=2000, le=2100, description="Jahr der Initiierung."),
    topic: str | None = Query(
        None, max_length=20, description="Themenbereich des Masterplans, z. B. 4.4.2."
    ),
    programme: str | None = Query(
        None, max_length=40, description="Kürzel des Förderprogramms, z. B. zim."
    ),
    district: str | None = Query(
        None,
        max_length=5,
        description="Kreisschlüssel (AGS) des Sitzes der Konsortialführung, z. B. 12069.",
    ),
    actor: int | None = Query(
        None, ge=1, le=MAX_ID, description="Kennung eines beteiligten Akteurs."
    ),
    cluster: str | None = Query(
        None,
        max_length=50,
        description="Kürzel des Clusters; nur zur Prüfung, es gilt das Cluster der Anfrage "
        "(`/c/<kürzel>/api/projects`, ohne Präfix das Standard-Cluster).",
    ),
    limit: int = Query(20, ge=1, le=MAX_LIMIT, description="Höchstens so viele Treffer."),
    offset: int = Query(0, ge=0, description="So viele Treffer überspringen."),
):
    current = request_cluster(request)
    projects = cluster_projects(request.user, current)
    errors: dict[str, list[str]] = {}
    if cluster_errors := named_cluster_errors(current, cluster):
        errors["cluster"] = cluster_errors
    if phase:
        projects = projects.filter(phase=phase)
    if year is not None:
        projects = projects.filter(year_initiated=year)
    if topic:
        lineage = topic_catalogue(current).lineage_by_number.get(topic.strip())
        if lineage is None:
            errors["topic"] = [
                _(
                    "Unbekannter Themenbereich „%(number)s“ (Nummern des veröffentlichten "
                    "Masterplans, z. B. 4.4.2)."
                )
                % {"number": topic}
            ]
        else:
            projects = projects.filter(
                pk__in=ProjectTopicArea.objects.filter(lineage=uuid.UUID(lineage)).values(
                    "project_id"
                )
            )
    if programme:
        if not FundingProgramme.objects.filter(key=programme).exists():
            errors["programme"] = [
                _("Unbekanntes Förderprogramm „%(value)s“.") % {"value": programme}
            ]
        projects = projects.filter(funding_programme__key=programme)
    if district:
        if not District.objects.filter(ags=district).exists():
            errors["district"] = [_("Unbekannter Kreisschlüssel „%(ags)s“.") % {"ags": district}]
        projects = projects.filter(
            pk__in=ProjectPartner.objects.filter(
                role=PartnerRole.LEAD, actor__district__ags=district
            ).values("project_id")
        )
    if actor is not None:
        projects = projects.filter(
            pk__in=ProjectPartner.objects.filter(actor_id=actor).values("project_id")
        )
    if errors:
        raise ValidationError(errors)
    projects = projects.order_by("-year_initiated", "title", "pk")
    count = projects.count()
    items = project_items(projects[offset : offset + limit]) if count > offset else []
    return {"count": count, "items": items}


@router.get(
    "/{int:project_id}",
    response={200: ProjectDetailOut, **READ_ERRORS},
    summary="Projekt",
    description="Ein Projekt mit Partnern, Themenbereichen, Förderprogramm, Volumen, "
    "abgeleiteten Merkmalen, Phasenverlauf und Ergebnissen; für Clustermanagement und "
    "Strategischen Beirat auch mit der Zusammenfassung der Beurteilungen. Projekte, die Sie "
    "nicht sehen dürfen, gibt es für Sie nicht (404).",
)
def get_project(request, project_id: int = ProjectId):
    return project_detail(request.user, request_cluster(request), project_id)


# --- writing -----------------------------------------------------------------------------------


@router.post(
    "",
    auth=session_auth,
    response={201: ProjectDetailOut, **CREATE_ERRORS},
    summary="Projekt anlegen",
    description="Legt ein Projekt an (nur das Clustermanagement des Clusters). Fehlerhafte "
    "Angaben (Ende vor Beginn, negative Beträge, doppelte Partner, unbekannte Themenbereiche "
    "oder Förderprogramme) ergeben 422 mit deutschen Meldungen je Feld.",
)
def create(request, payload: ProjectCreateIn):
    data = payload.model_dump(exclude_unset=True)
    cluster = tenant(request, data.pop("cluster", None))
    check_shape(data)
    project = services.create_project(user=request.user, cluster=cluster, data=data)
    return Status(201, project_detail(request.user, cluster, project.pk))


@router.patch(
    "/{int:project_id}",
    auth=session_auth,
    response={
        200: ProjectDetailOut,
        **error_responses(400, 401, 403, 404, 409, 422, conflict=ProjectConflictOut),
    },
    summary="Projekt ändern",
    description="Ändert ein Projekt (nur das Clustermanagement). `version` ist der "
    "Bearbeitungsstand, auf dem die Änderung beruht; hat jemand inzwischen gespeichert, "
    "antwortet die API mit 409 und dem aktuellen Stand, und nichts wird geändert.",
)
def patch(request, payload: ProjectPatchIn, project_id: int = ProjectId):
    cluster = request_cluster(request)
    project = get_project_for_user(request.user, cluster, project_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    data = with_stored_counterparts(project, check_shape(data))
    services.update_project(project=project, user=request.user, expected_version=version, data=data)
    return project_detail(request.user, cluster, project_id)


@router.post(
    "/{int:project_id}/phase",
    auth=session_auth,
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    summary="Phase wechseln",
    description="Wechselt die Phase eines Projekts mit Datum und Vermerk (nur das "
    "Clustermanagement); der Wechsel erscheint im Phasenverlauf.",
)
def phase(request, payload: PhaseChangeIn, project_id: int = ProjectId):
    cluster = request_cluster(request)
    project = get_project_for_user(request.user, cluster, project_id, write=True)
    services.change_phase(
        project=project,
        user=request.user,
        to_phase=payload.to_phase,
        changed_on=payload.changed_on,
        note=payload.note,
    )
    return project_detail(request.user, cluster, project_id)


@router.post(
    "/ideas",
    auth=session_auth,
    response={201: ProjectDetailOut, **CREATE_ERRORS},
    summary="Projektidee vorschlagen",
    description="Clustermitglieder schlagen eine Projektidee vor (Titel, Beschreibung, "
    "Themenbereiche); sie sehen nur das Clustermanagement und wer sie vorgeschlagen hat, bis "
    "das Clustermanagement sie annimmt.",
)
def propose(request, payload: IdeaIn):
    data = payload.model_dump(exclude_unset=True)
    cluster = tenant(request, data.pop("cluster", None))
    check_shape(data)
    project = services.propose_idea(user=request.user, cluster=cluster, data=data)
    return Status(201, project_detail(request.user, cluster, project.pk))


@router.post(
    "/{int:project_id}/decision",
    auth=session_auth,
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    summary="Über eine Projektidee entscheiden",
    description="Das Clustermanagement nimmt eine vorgeschlagene Projektidee an oder lehnt sie "
    "mit Begründung ab.",
)
def decide(request, payload: IdeaDecisionIn, project_id: int = ProjectId):
    cluster = request_cluster(request)
    project = get_project_for_user(request.user, cluster, project_id, write=True)
    services.decide_idea(
        project=project, user=request.user, accept=payload.accept, reason=payload.reason
    )
    return project_detail(request.user, cluster, project_id)


@router.post(
    "/{int:project_id}/assessment",
    auth=session_auth,
    response={200: AssessmentSummaryOut, **WRITE_ERRORS},
    summary="Projekt beurteilen",
    description="Speichert Ihre Beurteilung (Punkte 0–5 je aktivem Kriterium, Anmerkung; eine "
    "frühere ersetzt sie). Nur Clustermanagement und Strategischer Beirat. Antwort: die "
    "Zusammenfassung aller Beurteilungen.",
)
def assess(request, payload: AssessmentIn, project_id: int = ProjectId):
    project = get_project_for_user(request.user, request_cluster(request), project_id)
    services.save_assessment(
        project=project, user=request.user, scores=payload.scores, comment=payload.comment
    )
    return assessment_summary(project).as_dict()


# --- classification ----------------------------------------------------------------------------


@router.post(
    "/classify",
    response={200: list[TopicSuggestionOut], **error_responses(400, 422, 429)},
    throttle=[AnonRateThrottle("30/m"), AuthRateThrottle("120/m")],
    summary="Themenbereiche vorschlagen",
    description="Schlägt zu einer Projektbeschreibung (höchstens 5.000 Zeichen) die "
    "passenden Themenbereiche des veröffentlichten Masterplans vor, beste zuerst, mit Wert "
    "und den gefundenen Begriffen. Ohne Anmeldung; höchstens 30 Anfragen je Minute (angemeldet "
    "120), sonst 429.",
)
def classify_text(request, payload: ClassifyIn):
    cluster = tenant(request, payload.cluster)
    try:
        suggestions = classify.suggest_topic_areas(
            payload.text, cluster=cluster, limit=payload.limit
        )
    except classify.NoPublishedEdition as exc:
        raise ValidationError({"cluster": str(exc)}) from None
    return [
        {
            "number": suggestion.number,
            "title": suggestion.title,
            "score": suggestion.score,
            "reasons": list(suggestion.reasons),
        }
        for suggestion in suggestions
    ]
