"""The foresight API: cycles and items (mounted at /api/v1/foresight/, see api.py).

Reads go through `queries.visible_cycles` / `queries.get_cycle_for_user` (a cycle the user may
not see is a 404: the public sees published cycles, panellists their own, the management all
of its cluster); the phase change needs the session (`core.api.session_auth`, with the CSRF
token) and the cluster management, and answers 422 with the German reasons when something
is missing, 403 when the phase does not allow the step.
"""

import datetime
from decimal import Decimal

from django.urls import reverse
from ninja import Field, Router, Schema

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.foresight import queries
from clusterwerk.foresight.models import Cycle, Item, SourceKind
from clusterwerk.foresight.permissions import manages_foresight
from clusterwerk.foresight.services import cycles as services
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue

router = Router(tags=["Foresight"])


class ForesightScaleStepOut(Schema):
    value: int = Field(description="Stufe (ab 1).")
    label: str


class ForesightCriterionOut(Schema):
    id: int
    role: str = Field(description="impact, uncertainty, horizon, relevance, readiness oder other.")
    name: str
    question: str
    consensus_iqr: Decimal = Field(description="Konsens bei Quartilsabstand bis zu diesem Wert.")
    scale: list[ForesightScaleStepOut]


class ForesightSegmentOut(Schema):
    id: int
    name: str


class ForesightRingOut(Schema):
    name: str
    upper: Decimal = Field(description="Obergrenze des Medians auf dem Ring-Kriterium.")


class ForesightCycleOut(Schema):
    slug: str
    title: str
    year: int
    description: str
    status: str = Field(description="preparation, rating, evaluation oder published.")
    status_label: str
    mode: str = Field(description="realtime oder rounds.")
    current_round: int
    rounds_planned: int
    period_start: datetime.date | None
    period_end: datetime.date | None
    min_answers: int = Field(description="Konsens und Gruppenrückmeldung ab so vielen Antworten.")
    reason_outside_iqr: bool
    ring_basis: str
    previous: str | None = Field(description="Kurzname des vorherigen Zyklus.")
    published_at: datetime.datetime | None
    is_demo: bool
    criteria: list[ForesightCriterionOut]
    segments: list[ForesightSegmentOut]
    rings: list[ForesightRingOut]
    url: str


class ForesightPhaseIn(Schema):
    action: str = Field(description="open, close, reopen, next_round oder publish.")


class ForesightPhaseOut(ForesightCycleOut):
    blockers: dict[str, list[str]] = Field(
        description="Je möglichem Schritt, was noch fehlt (deutsch); leer: möglich."
    )


class ForesightSourceOut(Schema):
    kind: str = Field(description="link oder document.")
    title: str
    url: str = Field(description="Die Adresse des Links oder des Dokuments (Download).")


class ForesightItemOut(Schema):
    key: str = Field(description="Kennung, über die Zyklen gleich.")
    lineage: str = Field(description="Verlauf über die Zyklen (UUID).")
    title: str
    description: str
    kind: str = Field(description="trend, technology, market oder regulation.")
    steep: str = Field(description="social, technological, economic, ecological, political.")
    segment: str | None
    tags: list[str]
    topic_areas: list[str] = Field(description="Nummern der Themenbereiche des Masterplans.")
    carried_from: str | None = Field(description="Kurzname des Zyklus, aus dem es stammt.")
    sources: list[ForesightSourceOut]
    url: str


def cycle_dict(cycle: Cycle) -> dict:
    return {
        "slug": cycle.slug,
        "title": cycle.title,
        "year": cycle.year,
        "description": cycle.description,
        "status": cycle.status,
        "status_label": str(cycle.get_status_display()),
        "mode": cycle.mode,
        "current_round": cycle.current_round,
        "rounds_planned": cycle.rounds_planned,
        "period_start": cycle.period_start,
        "period_end": cycle.period_end,
        "min_answers": cycle.min_answers,
        "reason_outside_iqr": cycle.reason_outside_iqr,
        "ring_basis": cycle.ring_basis,
        "previous": cycle.previous.slug if cycle.previous_id else None,
        "published_at": cycle.published_at,
        "is_demo": cycle.is_demo,
        "criteria": [
            {
                "id": criterion.pk,
                "role": criterion.role,
                "name": criterion.name,
                "question": criterion.question,
                "consensus_iqr": criterion.consensus_iqr,
                "scale": [
                    {"value": value, "label": label}
                    for value, label in enumerate(criterion.labels, start=1)
                ],
            }
            for criterion in cycle.criteria.all()
        ],
        "segments": [{"id": s.pk, "name": s.name} for s in cycle.segments.all()],
        "rings": [{"name": r.name, "upper": r.upper} for r in cycle.rings.all()],
        "url": cycle.get_absolute_url(),
    }


def item_dict(item: Item, cycle: Cycle, catalogue: TopicCatalogue) -> dict:
    def source_url(source):
        if source.kind == SourceKind.LINK:
            return source.url
        return reverse("foresight:source", args=[cycle.slug, item.key, source.pk])

    return {
        "key": item.key,
        "lineage": str(item.lineage),
        "title": item.title,
        "description": item.description,
        "kind": item.kind,
        "steep": item.steep,
        "segment": item.segment.name if item.segment_id else None,
        "tags": list(item.tags or []),
        "topic_areas": catalogue.numbers_of(t.topic_lineage for t in item.topic_areas.all()),
        "carried_from": item.carried_from.cycle.slug if item.carried_from_id else None,
        "sources": [
            {"kind": s.kind, "title": s.title, "url": source_url(s)} for s in item.sources.all()
        ],
        "url": f"/foresight/{cycle.slug}/items/{item.key}/",
    }


def _items(cycle: Cycle):
    return cycle.items.select_related("segment", "carried_from__cycle").prefetch_related(
        "topic_areas", "sources"
    )


@router.get(
    "/cycles",
    response={200: list[ForesightCycleOut]},
    summary="Foresight-Zyklen",
    description="Die Zyklen, die Sie sehen dürfen (öffentlich: veröffentlichte; Panel: die "
    "eigenen; Clustermanagement: alle), neueste zuerst, mit Kriterien (beschriftete Skala), "
    "Segmenten und Ringen des Radars.",
)
def list_cycles(request):
    cluster = request_cluster(request)
    cycles = (
        queries.visible_cycles(request.user, cluster)
        .select_related("previous")
        .prefetch_related("criteria", "segments", "rings")
        .order_by("-year", "-id")
    )
    return [cycle_dict(cycle) for cycle in cycles]


@router.get(
    "/cycles/{slug}",
    response={200: ForesightCycleOut, **error_responses(404, 422)},
    summary="Foresight-Zyklus",
    description="Ein Zyklus; einen, den Sie nicht sehen dürfen, gibt es für Sie nicht (404).",
)
def get_cycle(request, slug: str):
    return cycle_dict(queries.get_cycle_for_user(request.user, request_cluster(request), slug))


@router.get(
    "/cycles/{slug}/items",
    response={200: list[ForesightItemOut], **error_responses(404, 422)},
    summary="Items eines Zyklus",
    description="Die Items mit Art, STEEP-Kategorie, Segment, Schlagworten, Themenbereichen "
    "(Nummern des veröffentlichten Masterplans) und Quellen.",
)
def list_items(request, slug: str):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug)
    catalogue = topic_catalogue(cluster)
    return [item_dict(item, cycle, catalogue) for item in _items(cycle)]


@router.get(
    "/cycles/{slug}/items/{key}",
    response={200: ForesightItemOut, **error_responses(404, 422)},
    summary="Item eines Zyklus",
)
def get_item(request, slug: str, key: str):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug)
    item = _items(cycle).filter(key=key).first()
    if item is None:
        queries.get_item(cycle, key)  # raises the German 404
    return item_dict(item, cycle, topic_catalogue(cluster))


@router.post(
    "/cycles/{slug}/phase",
    auth=session_auth,
    response={200: ForesightPhaseOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Phase eines Zyklus ändern",
    description="open (Bewertung eröffnen: mindestens ein Item, Kriterien mit beschrifteten "
    "Stufen, ein Kriterium für die Ringe, Segmente und Ringe), close, reopen, next_round (nur "
    "klassische Runden) oder publish – nur das Clustermanagement. Fehlt etwas, antwortet die "
    "API mit 422 und den Gründen; erlaubt die Phase den Schritt nicht, mit 403.",
)
def change_phase(request, slug: str, payload: ForesightPhaseIn):
    cluster = request_cluster(request)
    cycle = queries.get_cycle_for_user(request.user, cluster, slug, manage=True)
    cycle = services.transition(user=request.user, cycle=cycle, action=payload.action)
    result = cycle_dict(cycle)
    if manages_foresight(request.user, cluster):
        result["blockers"] = {
            action: services.blockers(cycle, action) for action in services.ACTIONS
        }
    return result
