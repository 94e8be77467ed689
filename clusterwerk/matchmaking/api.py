"""The Kooperationsbörse REST API (mounted at /api/v1/matchmaking, documented at /api/docs).

Every operation works for the request's cluster (`/c/<slug>/api/…`, without the prefix the
default cluster): a listing, interest or saved search of another cluster is a 404 there.

- `GET /match` ranks actors for a free-text need (the matching engine), throttled like the
  topic suggestion of the projects API.
- Listings: reads go through `queries.visible_listings` / `queries.get_listing_for_user`
  (a listing the user may not see is a 404, never a 403). The owner of an anonymous listing
  is named only where `queries.owner_is_visible` allows: otherwise `owner` is null and
  `owner_label` neutral – in lists, details, matches and interests alike. One interest is
  fetched through `listing_pages.get_interest_for_user` (404 for everybody but the two sides
  and the cluster management).
- Writes need the session (`core.api.session_auth`, which also checks the CSRF token) and go only
  through `services.py`, which checks the permission again and raises German
  `ValidationError`s by field. Errors become JSON `{"detail": …}` in `config/api.py`, which
  answers `EditConflict` with 409.
"""

import datetime
from dataclasses import asdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from clusterwerk.accounts.permissions import represented_actor_ids
from clusterwerk.actors.models import Actor, ActorKind
from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.dates import add_months, month_end, months_between
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue
from clusterwerk.matchmaking import engine, services
from clusterwerk.matchmaking.api_conversations import router as conversations_router
from clusterwerk.matchmaking.listing_pages import get_interest_for_user, search_origin
from clusterwerk.matchmaking.matches import (
    MAX_LIMIT,
    actor_matches_for_listing,
    free_text_need,
    listing_matches_for_listing,
)
from clusterwerk.matchmaking.models import (
    Interest,
    Listing,
    ListingKind,
    ListingStatus,
    RegionScope,
)
from clusterwerk.matchmaking.permissions import (
    can_create_listings,
    can_edit_listing,
    can_review_listing,
    can_see_pipeline,
    is_listing_owner,
    represented_member_ids,
)
from clusterwerk.matchmaking.pipeline_report import MONTHS_BY_DEFAULT
from clusterwerk.matchmaking.presentation import actor_match_payload, present_actor_matches
from clusterwerk.matchmaking.queries import (
    ListingFilters,
    brokerage_pipeline,
    filtered_listings,
    get_listing_for_user,
    interests_for_owner,
    new_hits,
    owner_is_visible,
    owner_label,
    visible_contacts_for_interest,
)
from clusterwerk.matchmaking.saved_searches import get_saved_search_for_user, saved_searches_of
from clusterwerk.matchmaking.schemas import (
    ActorMatchOut,
    DecisionIn,
    InterestIn,
    InterestOut,
    ListingConflictOut,
    ListingCreateIn,
    ListingDetailOut,
    ListingListOut,
    ListingMatchesOut,
    ListingPatchIn,
    PipelineMonthOut,
    ReturnIn,
    SavedSearchIn,
    SavedSearchOut,
)

router = Router(tags=["Kooperationsbörse"])
router.add_router("", conversations_router)  # /conversations/…: `api_conversations`

MAX_ID = 2**63 - 1  # the largest id the databases store
ListingId = Path(..., ge=1, le=MAX_ID, description="Kennung des Inserats.")
InterestId = Path(..., ge=1, le=MAX_ID, description="Kennung der Interessensbekundung.")
SearchId = Path(..., ge=1, le=MAX_ID, description="Kennung der gespeicherten Suche.")
PartnerKindsParameter = Query(
    None, description="Gesuchte Akteursart(en), z. B. research_institute (wiederholbar)."
)
ListingKindsParameter = Query(None, description="Art(en) des Inserats (wiederholbar).")

READ_ERRORS = error_responses(404, 422)
AUTH_READ_ERRORS = error_responses(401, 403, 404, 422)
CREATE_ERRORS = error_responses(400, 401, 403, 409, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)
MAX_LIST_LIMIT = 100
MAX_QUERY = 1000
MATCH_REGIONS = (RegionScope.BERLIN_BRANDENBURG, RegionScope.GERMANY, RegionScope.EU)
MAX_PIPELINE_MONTHS = 120


# --- helpers -----------------------------------------------------------------------------------


def topic_numbers(listing: Listing, catalogue: TopicCatalogue) -> list[str]:
    """The listing's topic areas as numbers of its cluster's plan (topics prefetched)."""
    return sorted(
        catalogue.number_by_lineage[str(topic.lineage)]
        for topic in listing.topics.all()
        if str(topic.lineage) in catalogue.number_by_lineage
    )


def owner_dict(user, listing: Listing) -> dict | None:
    """The owner – or None when the user may not learn who it is (anonymous listings)."""
    if not owner_is_visible(user, listing):
        return None
    actor = listing.owner_actor
    return {
        "id": actor.pk,
        "name": actor.name,
        "kind": actor.kind,
        "district": actor.district.ags if actor.district_id else None,
        "url": actor.get_absolute_url(),
    }


def listing_dict(user, listing: Listing, catalogue: TopicCatalogue) -> dict:
    """Topics and districts must be loaded (prefetched) beforehand."""
    return {
        "id": listing.pk,
        "kind": listing.kind,
        "kind_label": str(listing.get_kind_display()),
        "title": listing.title,
        "description": listing.description,
        "keywords": list(listing.keywords or []),
        "partner_kinds": list(listing.partner_kinds or []),
        "region_scope": listing.region_scope,
        "region_label": str(listing.get_region_scope_display()),
        "radius_km": listing.radius_km,
        "districts": sorted(district.ags for district in listing.districts.all()),
        "maturity": listing.maturity,
        "expires_on": listing.expires_on,
        "is_anonymous": listing.is_anonymous,
        "cross_cluster": listing.cross_cluster,
        "shared_with_other_clusters": listing.shared_with_other_clusters,
        "status": listing.status,
        "status_label": str(listing.get_status_display()),
        "topics": topic_numbers(listing, catalogue),
        "owner": owner_dict(user, listing),
        "owner_label": owner_label(user, listing),
        "published_at": listing.published_at,
        "version": listing.version,
        "is_demo": listing.is_demo,
        "url": listing.get_absolute_url(),
    }


def listing_detail(user, cluster, pk: int) -> dict:
    listing = get_listing_for_user(user, cluster, pk)
    prefetch_related_objects([listing], "topics", "districts")
    editable = can_edit_listing(user, listing)
    return {
        **listing_dict(user, listing, topic_catalogue(cluster)),
        "can_edit": editable,
        "review_note": listing.review_note if editable else "",
        "submitted_at": listing.submitted_at,
        "closed_at": listing.closed_at,
    }


def acting_actor(user, actor_id: int | None, field: str, *, represented: set[int]) -> Actor:
    """The organisation a user acts for: the given one, or the only one of `represented`."""
    if actor_id is None:
        if len(represented) != 1:
            raise ValidationError(
                {field: _("Bitte geben Sie an, für welche Organisation Sie handeln.")}
            )
        actor_id = next(iter(represented))
    actor = Actor.objects.select_related("district").filter(pk=actor_id).first()
    if actor is None:
        raise ValidationError({field: _("Diesen Akteur gibt es nicht.")})
    return actor


def check_choices(errors: dict, field: str, values, allowed, message: str) -> None:
    unknown = [value for value in values if value not in allowed]
    if unknown:
        errors[field] = [message % {"values": ", ".join(unknown)}]


def actor_match_payloads(matches, user, cluster) -> list[dict]:
    """The engine's order (best first), each with place, distance and group."""
    results = present_actor_matches(matches, user=user, cluster=cluster)
    by_id = {item.actor_id: item for item in [*results.partners, *results.similar]}
    return [actor_match_payload(by_id[match.actor_id]) for match in matches]


def listing_hit_dict(user, hit) -> dict:
    listing = hit.listing
    return {
        "listing_id": listing.pk,
        "title": listing.title,
        "kind": listing.kind,
        "kind_label": str(listing.get_kind_display()),
        "owner": owner_dict(user, listing),
        "owner_label": hit.owner,
        "score": hit.score,
        "reasons": [str(reason) for reason in hit.reasons],
        "explanation": hit.explanation,
        "url": listing.get_absolute_url(),
    }


def interest_dict(user, interest: Interest) -> dict:
    return {
        "id": interest.pk,
        "listing_id": interest.listing_id,
        "listing_title": interest.listing.title,
        "actor": {"id": interest.actor_id, "name": interest.actor.name},
        "message": interest.message,
        "status": interest.status,
        "status_label": str(interest.get_status_display()),
        "created_at": interest.created_at,
        "decided_at": interest.decided_at,
        "decision_note": interest.decision_note,
        "contacts": [asdict(contact) for contact in visible_contacts_for_interest(user, interest)],
    }


def saved_search_dict(search, catalogue: TopicCatalogue) -> dict:
    """The search (of the request's cluster) with its topic as a number of that cluster."""
    return {
        "id": search.pk,
        "name": search.name,
        "query": search.query,
        "kinds": list(search.kinds or []),
        "topic": catalogue.number_by_lineage.get(str(search.topic_lineage), "")
        if search.topic_lineage
        else "",
        "digest": search.digest,
        "created_at": search.created_at,
        "last_seen_at": search.last_seen_at,
        "last_digest_at": search.last_digest_at,
        "new_hits": len(new_hits(search, search.last_seen_at)),
        "url": reverse("matchmaking:saved-search-hits", args=[search.pk]),
    }


def parse_month(value: str, field: str, errors: dict) -> datetime.date | None:
    try:
        year, month = value.strip().split("-")
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        errors[field] = [_("Bitte einen Monat im Format JJJJ-MM angeben, z. B. 2026-01.")]
        return None


# --- matching ----------------------------------------------------------------------------------


@router.get(
    "/match",
    response={200: list[ActorMatchOut], **error_responses(422, 429)},
    throttle=[AnonRateThrottle("30/m"), AuthRateThrottle("120/m")],
    summary="Partner finden",
    description="Sucht zu einem frei beschriebenen Bedarf (`q`) die passenden Akteure, beste "
    "zuerst, mit Wert und Begründung (gemeinsame Begriffe und Themenbereiche, Art, "
    "Entfernung), Ort und Gruppe. Entfernungen zählen ab der ersten Organisation, die Sie "
    "vertreten (ohne Anmeldung keine). Ein leerer Bedarf oder einer nur aus Füllwörtern "
    "ergibt 422. Ohne Anmeldung; höchstens 30 Anfragen je Minute (angemeldet 120), sonst 429.",
)
def match(
    request,
    q: str = Query(..., max_length=MAX_QUERY, description="Der Bedarf in eigenen Worten."),
    limit: int = Query(10, ge=1, le=MAX_LIMIT, description="Höchstens so viele Akteure."),
    kind: str | None = Query(
        None, max_length=30, description="Art des Bedarfs (Inseratsart), z. B. rdi_request."
    ),
    partner_kind: list[str] | None = PartnerKindsParameter,
    region: str | None = Query(
        None, max_length=30, description="Region: berlin_brandenburg, germany oder eu."
    ),
    cross_cluster: bool = Query(False, description="Auch Partner aus anderen Clustern."),
):
    errors: dict[str, list[str]] = {}
    if kind:
        check_choices(
            errors, "kind", [kind], ListingKind.values, _("Unbekannte Inseratsart: %(values)s.")
        )
    partner_kinds = list(dict.fromkeys(partner_kind or []))
    check_choices(
        errors,
        "partner_kind",
        partner_kinds,
        ActorKind.values,
        _("Unbekannte Akteursart: %(values)s."),
    )
    if region and region not in MATCH_REGIONS:
        errors["region"] = [
            _("Unbekannte Region „%(region)s“; möglich sind %(allowed)s.")
            % {"region": region, "allowed": ", ".join(MATCH_REGIONS)}
        ]
    if errors:
        raise ValidationError(errors)
    origin = search_origin(request.user, request_cluster(request))
    try:
        need = free_text_need(
            q,
            cluster=request_cluster(request),
            partner_kinds=partner_kinds,
            listing_kind=kind or "",
            region_scope=region or "",
            cross_cluster=cross_cluster,
            origin=origin,
        )
        matches = engine.match_actors(need, limit=limit)
    except engine.EmptyNeed as exc:
        raise ValidationError({"q": str(exc)}) from None
    return actor_match_payloads(matches, request.user, request_cluster(request))


# --- listings: reading -------------------------------------------------------------------------


@router.get(
    "/listings",
    response={200: ListingListOut, **error_responses(422)},
    summary="Inserate",
    description="Die Inserate, die Sie sehen dürfen (veröffentlichte und nicht abgelaufene; "
    "eigene und – für das Clustermanagement – die des Clusters in jedem Status), neueste "
    "zuerst, mit den Filtern der Seite /kooperation/. Anonyme Inserate nennen den Anbieter "
    "erst nach einer angenommenen Interessensbekundung. Unbekannte Arten oder Themenbereiche "
    "ergeben 422.",
)
def list_listings(
    request,
    q: str = Query("", max_length=300, description="Suchtext (alle Wörter, auch Wortformen)."),
    kind: list[str] | None = ListingKindsParameter,
    topic: str | None = Query(
        None, max_length=20, description="Themenbereich des Masterplans, z. B. 4.4.2."
    ),
    status: str | None = Query(None, max_length=20, description="Nur Inserate in diesem Status."),
    mine: bool = Query(False, description="Nur Inserate Ihrer Organisationen."),
    limit: int = Query(20, ge=1, le=MAX_LIST_LIMIT, description="Höchstens so viele Treffer."),
    offset: int = Query(0, ge=0, description="So viele Treffer überspringen."),
):
    cluster = request_cluster(request)
    catalogue = topic_catalogue(cluster)
    errors: dict[str, list[str]] = {}
    kinds = tuple(dict.fromkeys(kind or []))
    check_choices(errors, "kind", kinds, ListingKind.values, _("Unbekannte Art: %(values)s."))
    if status:
        check_choices(
            errors, "status", [status], ListingStatus.values, _("Unbekannter Status: %(values)s.")
        )
    lineage = ""
    if topic:
        lineage = catalogue.lineage_by_number.get(topic.strip(), "")
        if not lineage:
            errors["topic"] = [
                _(
                    "Unbekannter Themenbereich „%(number)s“ (Nummern des veröffentlichten "
                    "Masterplans, z. B. 4.4.2)."
                )
                % {"number": topic}
            ]
    if errors:
        raise ValidationError(errors)
    filters = ListingFilters(query=q.strip(), kinds=kinds, topic_lineage=lineage, mine=mine)
    listings = filtered_listings(request.user, cluster, filters)
    if status:
        listings = [listing for listing in listings if listing.status == status]
    page = listings[offset : offset + limit]
    prefetch_related_objects(page, "districts")
    return {
        "count": len(listings),
        "items": [listing_dict(request.user, listing, catalogue) for listing in page],
    }


@router.get(
    "/listings/{int:listing_id}",
    response={200: ListingDetailOut, **READ_ERRORS},
    summary="Inserat",
    description="Ein Inserat. Inserate, die Sie nicht sehen dürfen (Entwürfe anderer, "
    "abgelaufene), gibt es für Sie nicht (404).",
)
def get_listing(request, listing_id: int = ListingId):
    return listing_detail(request.user, request_cluster(request), listing_id)


@router.get(
    "/listings/{int:listing_id}/matches",
    auth=session_auth,
    response={200: ListingMatchesOut, **AUTH_READ_ERRORS},
    summary="Treffer eines Inserats",
    description="Passende Akteure und passende Inserate der Gegenseite zu einem Inserat, beste "
    "zuerst, mit Begründung. Nur für den Anbieter und das Clustermanagement. Anonyme Inserate "
    "anderer erscheinen ohne Anbieter und ohne Entfernung.",
)
def listing_matches(
    request,
    listing_id: int = ListingId,
    limit: int = Query(10, ge=1, le=MAX_LIMIT, description="Höchstens so viele je Liste."),
):
    listing = get_listing_for_user(request.user, request_cluster(request), listing_id)
    if not can_edit_listing(request.user, listing):
        raise PermissionDenied(
            _("Die Treffer eines Inserats sehen nur der Anbieter und das Clustermanagement.")
        )
    prefetch_related_objects([listing], "topics", "districts")
    try:
        actors = actor_matches_for_listing(listing, limit=limit)
        hits = listing_matches_for_listing(request.user, listing, limit=limit)
    except engine.EmptyNeed:
        actors, hits = [], []
    return {
        "actors": actor_match_payloads(actors, request.user, listing.cluster_id),
        "listings": [listing_hit_dict(request.user, hit) for hit in hits],
    }


# --- listings: writing -------------------------------------------------------------------------


@router.post(
    "/listings",
    auth=session_auth,
    response={201: ListingDetailOut, **CREATE_ERRORS},
    summary="Inserat anlegen",
    description="Legt im Cluster der Adresse ein Inserat für eine seiner Organisationen an, "
    "die Sie vertreten (das Clustermanagement des Clusters für jede), als Entwurf oder mit "
    "`submit` gleich zur Prüfung. "
    "Fehlerhafte Angaben (Ablaufdatum in der Vergangenheit, leerer Text, unbekannte Region, "
    "Landkreise oder Themenbereiche) ergeben 422 mit deutschen Meldungen je Feld.",
)
def create_listing(request, payload: ListingCreateIn):
    cluster = request_cluster(request)
    if not can_create_listings(request.user, cluster):
        raise PermissionDenied(
            _("Inserate legen Vertreterinnen und Vertreter von Organisationen des Clusters an.")
        )
    data = payload.model_dump(exclude_unset=True)
    owner = acting_actor(
        request.user,
        data.pop("owner_actor", None),
        "owner_actor",
        represented=represented_member_ids(request.user, cluster),
    )
    submit = data.pop("submit", False)
    listing = services.create_listing(
        user=request.user, cluster=cluster, owner=owner, data=data, submit=submit
    )
    return Status(201, listing_detail(request.user, cluster, listing.pk))


@router.patch(
    "/listings/{int:listing_id}",
    auth=session_auth,
    response={
        200: ListingDetailOut,
        **error_responses(400, 401, 403, 404, 409, 422, conflict=ListingConflictOut),
    },
    summary="Inserat ändern",
    description="Ändert ein Inserat (Anbieter und Clustermanagement). `version` ist der "
    "Bearbeitungsstand, auf dem die Änderung beruht; hat jemand inzwischen gespeichert, "
    "antwortet die API mit 409 und dem aktuellen Stand, und nichts wird geändert. Ändert der "
    "Anbieter ein veröffentlichtes Inserat, geht es erneut in die Prüfung.",
)
def patch_listing(request, payload: ListingPatchIn, listing_id: int = ListingId):
    cluster = request_cluster(request)
    listing = get_listing_for_user(request.user, cluster, listing_id, write=True)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    merged = {**services.listing_data(listing), **data}
    services.update_listing(user=request.user, listing=listing, data=merged, version=version)
    return listing_detail(request.user, cluster, listing_id)


@router.post(
    "/listings/{int:listing_id}/submit",
    auth=session_auth,
    response={200: ListingDetailOut, **WRITE_ERRORS},
    summary="Zur Prüfung einreichen",
    description="Reicht einen Entwurf beim Clustermanagement zur Prüfung ein.",
)
def submit_listing(request, listing_id: int = ListingId):
    cluster = request_cluster(request)
    listing = get_listing_for_user(request.user, cluster, listing_id)
    services.submit_listing(user=request.user, listing=listing)
    return listing_detail(request.user, cluster, listing_id)


@router.post(
    "/listings/{int:listing_id}/approve",
    auth=session_auth,
    response={200: ListingDetailOut, **WRITE_ERRORS},
    summary="Inserat freigeben",
    description="Das Clustermanagement veröffentlicht ein geprüftes Inserat.",
)
def approve_listing(request, listing_id: int = ListingId):
    cluster = request_cluster(request)
    listing = get_listing_for_user(request.user, cluster, listing_id)
    services.approve_listing(user=request.user, listing=listing)
    return listing_detail(request.user, cluster, listing_id)


@router.post(
    "/listings/{int:listing_id}/return",
    auth=session_auth,
    response={200: ListingDetailOut, **WRITE_ERRORS},
    summary="Inserat zurückgeben",
    description="Das Clustermanagement gibt ein Inserat mit einem Hinweis (Pflicht) als "
    "Entwurf an den Anbieter zurück.",
)
def return_listing(request, payload: ReturnIn, listing_id: int = ListingId):
    cluster = request_cluster(request)
    listing = get_listing_for_user(request.user, cluster, listing_id)
    services.return_listing(user=request.user, listing=listing, note=payload.note)
    return listing_detail(request.user, cluster, listing_id)


@router.post(
    "/listings/{int:listing_id}/close",
    auth=session_auth,
    response={200: ListingDetailOut, **WRITE_ERRORS},
    summary="Inserat beenden",
    description="Beendet ein Inserat (Anbieter und Clustermanagement); es erscheint nicht "
    "mehr in Suche und Treffern.",
)
def close_listing(request, listing_id: int = ListingId):
    cluster = request_cluster(request)
    listing = get_listing_for_user(request.user, cluster, listing_id)
    services.close_listing(user=request.user, listing=listing)
    return listing_detail(request.user, cluster, listing_id)


# --- interests ---------------------------------------------------------------------------------


@router.post(
    "/listings/{int:listing_id}/interests",
    auth=session_auth,
    response={201: InterestOut, **WRITE_ERRORS},
    summary="Interesse bekunden",
    description="Bekundet im Namen einer Organisation, die Sie vertreten, Interesse an einem "
    "offenen Inserat, mit kurzer Nachricht. Nimmt der Anbieter an, sehen beide Seiten die "
    "Kontaktdaten der anderen.",
)
def send_interest(request, payload: InterestIn, listing_id: int = ListingId):
    cluster = request_cluster(request)
    listing = get_listing_for_user(request.user, cluster, listing_id)
    represented = represented_actor_ids(request.user)
    if not represented:
        raise PermissionDenied(
            _("Interesse bekunden Sie im Namen einer Organisation, die Sie vertreten.")
        )
    actor = acting_actor(request.user, payload.actor, "actor", represented=represented)
    interest = services.send_interest(
        user=request.user, listing=listing, actor=actor, message=payload.message
    )
    interest = get_interest_for_user(request.user, cluster, interest.pk)
    return Status(201, interest_dict(request.user, interest))


@router.get(
    "/listings/{int:listing_id}/interests",
    auth=session_auth,
    response={200: list[InterestOut], **AUTH_READ_ERRORS},
    summary="Interessensbekundungen zu einem Inserat",
    description="Die Interessensbekundungen zu einem Inserat, neueste zuerst; nur für den "
    "Anbieter und das Clustermanagement.",
)
def list_interests(request, listing_id: int = ListingId):
    listing = get_listing_for_user(request.user, request_cluster(request), listing_id)
    if not (is_listing_owner(request.user, listing) or can_review_listing(request.user, listing)):
        raise PermissionDenied(
            _("Die Interessensbekundungen sehen nur der Anbieter und das Clustermanagement.")
        )
    return [interest_dict(request.user, i) for i in interests_for_owner(request.user, listing)]


@router.post(
    "/interests/{int:interest_id}/accept",
    auth=session_auth,
    response={200: InterestOut, **WRITE_ERRORS},
    summary="Interessensbekundung annehmen",
    description="Der Anbieter nimmt eine Interessensbekundung an: Beide Seiten sehen die "
    "Kontaktdaten der anderen, auch bei einem anonymen Inserat.",
)
def accept_interest(request, payload: DecisionIn | None = None, interest_id: int = InterestId):
    cluster = request_cluster(request)
    interest = get_interest_for_user(request.user, cluster, interest_id)
    note = payload.note if payload else ""
    services.accept_interest(user=request.user, interest=interest, note=note)
    return interest_dict(request.user, get_interest_for_user(request.user, cluster, interest_id))


@router.post(
    "/interests/{int:interest_id}/decline",
    auth=session_auth,
    response={200: InterestOut, **WRITE_ERRORS},
    summary="Interessensbekundung ablehnen",
    description="Der Anbieter lehnt eine Interessensbekundung ab; ein anonymes Inserat bleibt "
    "anonym.",
)
def decline_interest(request, payload: DecisionIn | None = None, interest_id: int = InterestId):
    cluster = request_cluster(request)
    interest = get_interest_for_user(request.user, cluster, interest_id)
    note = payload.note if payload else ""
    services.decline_interest(user=request.user, interest=interest, note=note)
    return interest_dict(request.user, get_interest_for_user(request.user, cluster, interest_id))


@router.post(
    "/interests/{int:interest_id}/withdraw",
    auth=session_auth,
    response={200: InterestOut, **WRITE_ERRORS},
    summary="Interessensbekundung zurückziehen",
    description="Zieht eine offene Interessensbekundung Ihrer Organisation zurück.",
)
def withdraw_interest(request, interest_id: int = InterestId):
    cluster = request_cluster(request)
    interest = get_interest_for_user(request.user, cluster, interest_id)
    services.withdraw_interest(user=request.user, interest=interest)
    return interest_dict(request.user, get_interest_for_user(request.user, cluster, interest_id))


# --- saved searches ----------------------------------------------------------------------------


@router.get(
    "/saved-searches",
    auth=session_auth,
    response={200: list[SavedSearchOut], **error_responses(401)},
    summary="Gespeicherte Suchen",
    description="Ihre gespeicherten Suchen mit der Zahl neuer Treffer seit dem letzten Ansehen.",
)
def list_saved_searches(request):
    cluster = request_cluster(request)
    catalogue = topic_catalogue(cluster)
    return [
        saved_search_dict(search, catalogue)
        for search in saved_searches_of(request.user, cluster).select_related("user")
    ]


@router.post(
    "/saved-searches",
    auth=session_auth,
    response={201: SavedSearchOut, **CREATE_ERRORS},
    summary="Suche speichern",
    description="Speichert eine Suche (Suchtext, Arten, Themenbereich; mindestens eines davon). "
    "Neue passende Inserate zählen als „neue Treffer“ und kommen – mit `digest` weekly – "
    "einmal pro Woche per E-Mail.",
)
def create_saved_search(request, payload: SavedSearchIn):
    cluster = request_cluster(request)
    search = services.save_search(
        user=request.user,
        cluster=cluster,
        name=payload.name,
        query=payload.query,
        kinds=payload.kinds,
        topic=payload.topic.strip(),
        digest=payload.digest,
    )
    search = get_saved_search_for_user(request.user, cluster, search.pk)
    return Status(201, saved_search_dict(search, topic_catalogue(cluster)))


@router.get(
    "/saved-searches/{int:search_id}/hits",
    auth=session_auth,
    response={200: ListingListOut, **AUTH_READ_ERRORS},
    summary="Neue Treffer einer gespeicherten Suche",
    description="Die Inserate, die seit dem letzten Ansehen neu zur Suche passen (ohne sie als "
    "gesehen zu markieren; dafür `POST …/seen`).",
)
def saved_search_hits(request, search_id: int = SearchId):
    cluster = request_cluster(request)
    search = get_saved_search_for_user(request.user, cluster, search_id)
    listings = new_hits(search, search.last_seen_at)
    prefetch_related_objects(listings, "districts")
    catalogue = topic_catalogue(cluster)
    return {
        "count": len(listings),
        "items": [listing_dict(request.user, listing, catalogue) for listing in listings],
    }


@router.post(
    "/saved-searches/{int:search_id}/seen",
    auth=session_auth,
    response={200: SavedSearchOut, **WRITE_ERRORS},
    summary="Treffer als gesehen markieren",
    description="Die bisherigen Treffer der Suche zählen nicht mehr als neu.",
)
def saved_search_seen(request, search_id: int = SearchId):
    cluster = request_cluster(request)
    search = get_saved_search_for_user(request.user, cluster, search_id)
    services.mark_search_seen(user=request.user, search=search)
    return saved_search_dict(search, topic_catalogue(cluster))


@router.delete(
    "/saved-searches/{int:search_id}",
    auth=session_auth,
    response={204: None, **WRITE_ERRORS},
    summary="Gespeicherte Suche löschen",
    description="Löscht eine Ihrer gespeicherten Suchen.",
)
def delete_saved_search(request, search_id: int = SearchId):
    search = get_saved_search_for_user(request.user, request_cluster(request), search_id)
    services.delete_saved_search(user=request.user, search=search)
    return Status(204, None)


# --- brokerage pipeline ------------------------------------------------------------------------


@router.get(
    "/pipeline",
    auth=session_auth,
    response={200: list[PipelineMonthOut], **error_responses(401, 403, 422)},
    summary="Vermittlungsbilanz",
    description="Je Monat: veröffentlichte Inserate, gesendete und angenommene "
    "Interessensbekundungen im Cluster der Adresse. Nur für sein Clustermanagement. "
    "Ohne Angabe die letzten zwölf Monate; höchstens zehn Jahre.",
)
def pipeline(
    request,
    start: str | None = Query(None, max_length=7, description="Erster Monat (JJJJ-MM)."),
    end: str | None = Query(None, max_length=7, description="Letzter Monat (JJJJ-MM)."),
):
    user = request.user
    cluster = request_cluster(request)
    if not can_see_pipeline(user, cluster):
        raise PermissionDenied(_("Die Vermittlungsbilanz sieht nur das Clustermanagement."))
    errors: dict[str, list[str]] = {}
    this_month = timezone.localdate().replace(day=1)
    last = parse_month(end, "end", errors) if end else this_month
    first = parse_month(start, "start", errors) if start else None
    if first is None and last is not None and not start:
        first = add_months(last, -(MONTHS_BY_DEFAULT - 1))
    if first and last:
        months = months_between(first, last)
        if months < 1:
            errors["end"] = [_("Der letzte Monat liegt vor dem ersten.")]
        elif months > MAX_PIPELINE_MONTHS:
            errors["start"] = [
                _("Höchstens %(max)d Monate auf einmal.") % {"max": MAX_PIPELINE_MONTHS}
            ]
    if errors:
        raise ValidationError(errors)
    return [
        {
            "month": row.month.strftime("%Y-%m"),
            "listings": row.listings,
            "interests": row.interests,
            "accepted": row.accepted,
            "cooperation": row.cooperation,
            "project_idea": row.project_idea,
            "no_need": row.no_need,
        }
        for row in brokerage_pipeline([cluster.pk], first, month_end(last))
    ]
