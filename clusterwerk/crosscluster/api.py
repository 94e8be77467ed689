"""The Cross Cluster API under /api/v1/cross-cluster/: the topics of the request's cluster
with their counts, one topic with the entries of both clusters (`topics.topic_content`, the
rule in its module docstring), and the cross-cluster partner search for the cluster's
members (session; 401 without a login, 403 for non-members)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.tenancy import request_cluster
from clusterwerk.crosscluster import queries, search
from clusterwerk.crosscluster.services import topic_numbers
from clusterwerk.crosscluster.topics import KIND_KEYS, ClusterSide, TopicContent, topic_contents
from clusterwerk.matchmaking import engine

router = Router(tags=["Cross Cluster"])

_COUNTS_HELP = "Anzahl je Art: actors, projects, listings, events, foresight."


class CrossClusterRefOut(Schema):
    slug: str
    name: str


class CrossClusterEntryOut(Schema):
    title: str
    url: str = Field(description="Seite des Eintrags in seinem Cluster.")
    note: str = Field(description="Art, Anbieter, Datum oder Kompetenzen – je nach Art.")
    is_demo: bool


class CrossClusterSideOut(Schema):
    cluster: CrossClusterRefOut
    counts: dict[str, int] = Field(description=_COUNTS_HELP)


class CrossClusterSideDetailOut(CrossClusterSideOut):
    entries: dict[str, list[CrossClusterEntryOut]] = Field(
        description="Die Einträge je Art (Schlüssel wie bei counts)."
    )


class CrossClusterTopicOut(Schema):
    id: int
    title: str
    cluster: CrossClusterRefOut = Field(description="Das Cluster, das das Thema vorschlägt.")
    partner_cluster: CrossClusterRefOut
    description: str
    topic_areas: list[str] = Field(description="Themenbereiche (Nummern) im Masterplan.")
    keywords: list[str]
    counts: dict[str, int] = Field(description=f"Beide Cluster zusammen. {_COUNTS_HELP}")
    sides: list[CrossClusterSideOut]
    url: str


class CrossClusterTopicDetailOut(CrossClusterTopicOut):
    sides: list[CrossClusterSideDetailOut]


class CrossClusterActorHitOut(Schema):
    name: str
    url: str
    clusters: list[str] = Field(description="Die gewählten Cluster, denen er angehört.")
    kind: str
    explanation: str
    score: float
    is_demo: bool


class CrossClusterListingHitOut(Schema):
    title: str
    url: str
    cluster: str
    owner: str = Field(description="Anbieter oder „Anonymer Anbieter (…)“.")
    kind: str
    is_demo: bool


class CrossClusterSearchOut(Schema):
    actors: list[CrossClusterActorHitOut]
    listings: list[CrossClusterListingHitOut]


def _ref(cluster) -> dict:
    return {"slug": cluster.slug, "name": cluster.name}


def _side(side: ClusterSide, *, entries: bool) -> dict:
    data = {"cluster": _ref(side.cluster), "counts": side.counts}
    if entries:
        data["entries"] = {
            kind: [entry.__dict__ for entry in side.entries[kind]] for kind in KIND_KEYS
        }
    return data


def _topic(content: TopicContent, *, entries: bool = False) -> dict:
    topic = content.topic
    return {
        "id": topic.pk,
        "title": topic.title,
        "cluster": _ref(topic.cluster),
        "partner_cluster": _ref(topic.partner_cluster),
        "description": topic.description,
        "topic_areas": topic_numbers(topic),
        "keywords": list(topic.keywords or []),
        "counts": content.counts,
        "sides": [_side(side, entries=entries) for side in content.sides],
        "url": reverse("crosscluster:topic", args=[topic.pk]),
    }


@router.get(
    "/topics",
    response={200: list[CrossClusterTopicOut]},
    summary="Cross-Cluster-Themen",
    description="Die Themen (Masterplan, Tabelle 4), an denen das Cluster beteiligt ist – als "
    "vorschlagendes oder als Partnercluster –, mit der Anzahl passender Einträge je Cluster. "
    "Die Zuordnungsregel steht auf jeder Themenseite („Wie wir zuordnen“).",
)
def list_topics(request):
    cluster = request_cluster(request)
    contents = topic_contents(request.user, queries.cluster_topics(cluster), entries=False)
    return [_topic(content) for content in contents]


@router.get(
    "/topics/{pk}",
    response={200: CrossClusterTopicDetailOut, **error_responses(404, 422)},
    summary="Cross-Cluster-Thema",
    description="Ein Thema mit Akteuren, Projekten, Inseraten, Veranstaltungen und "
    "Foresight-Items beider Cluster; ein Thema ohne dieses Cluster gibt es hier nicht (404).",
)
def get_topic(request, pk: int):
    cluster = request_cluster(request)
    topic = queries.get_topic_for_user(request.user, cluster, pk)
    return _topic(topic_contents(request.user, [topic])[0], entries=True)


class PartnerSearchQuery(Schema):
    q: str = Field(..., max_length=1000, description="Wonach Sie suchen, in Ihren Worten.")
    clusters: str = Field(
        ..., max_length=1000, description="Kurznamen der Cluster, durch Kommas getrennt."
    )


@router.get(
    "/partner-search",
    auth=session_auth,
    response={200: CrossClusterSearchOut, **error_responses(401, 403, 422)},
    summary="Partnersuche in anderen Clustern",
    description="Organisationen der gewählten anderen Cluster, die zu Ihrer Beschreibung "
    "passen (Matching der Kooperationsbörse), und die Inserate, die diese Cluster mit den "
    "anderen teilen. Für Mitglieder des Clusters (sonst 403).",
)
def partner_search(request, params: Query[PartnerSearchQuery]):
    cluster = request_cluster(request)
    refusal = search.refusal(request.user, cluster)
    if refusal:
        raise PermissionDenied(refusal)
    partners = {c.slug: c for c in queries.partner_clusters_of(cluster)}
    slugs = [slug.strip() for slug in params.clusters.split(",") if slug.strip()]
    unknown = [slug for slug in slugs if slug not in partners]
    if unknown or not slugs:
        message = (
            _("Unbekannte Cluster: %(slugs)s.") % {"slugs": ", ".join(unknown)}
            if unknown
            else _("Bitte wählen Sie mindestens ein Cluster.")
        )
        raise ValidationError({"clusters": [message]})
    try:
        result = search.partner_search(
            request.user, cluster, params.q, [partners[slug] for slug in slugs]
        )
    except engine.EmptyNeed as empty:
        raise ValidationError({"q": [str(empty)]}) from None
    return {
        "actors": [hit.__dict__ for hit in result.actors],
        "listings": [hit.__dict__ for hit in result.listings],
    }
