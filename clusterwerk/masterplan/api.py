"""The masterplan REST API (mounted at /api/masterplan/, documented at /api/docs).

The API names the cluster in the path (`/api/masterplan/<cluster>/…`); rights are those in
that cluster. Under a cluster's prefix (`/c/<slug>/api/…`) only that cluster answers: another
cluster's slug there is 404. Reads go through the access funnels in `queries.py`: anybody may
read published and archived editions, the cluster's management and advisory board also its
drafts; what a user may not see is 404. Writes need the session (`core.api.session_auth`,
which also checks the CSRF token) and go only through `services`, which checks the permission
again; the HTML views call the same services. Errors are turned into JSON `{"detail": …}` by
the handlers in `config/api.py`.
"""

import html
import re

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from clusterwerk.core.api import error_responses, session_auth
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import find_cluster
from clusterwerk.masterplan.diff import compare_editions
from clusterwerk.masterplan.models import Edition, TopicArea
from clusterwerk.masterplan.queries import (
    clusters_with_published_edition,
    editions_for_comparison,
    editions_with_counts,
    get_edition_for_user,
    get_topic_area,
    load_tree,
    related_topic_areas,
)
from clusterwerk.masterplan.schemas import (
    ClusterOut,
    ComparisonOut,
    DraftIn,
    EditConflictOut,
    EditionDetailOut,
    EditionOut,
    TopicAreaDetailOut,
    TopicAreaListItemOut,
    TopicAreaPatchIn,
)
from clusterwerk.masterplan.search import search_edition
from clusterwerk.masterplan.services import (
    publish_edition,
    revise_edition,
    update_element,
)

router = Router(tags=["Masterplan"])

ClusterSlug = Path(..., description="Kürzel des Clusters, z. B. „metall“.")
EditionSlug = Path(..., description="Kürzel der Ausgabe, z. B. „2020“.")
TopicAreaNumber = Path(..., description="Nummer des Themenbereichs, z. B. „4.2.1“.")

READ_ERRORS = error_responses(404, 422)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 409, 422)

# Hits of the search are filtered to topic areas afterwards; this bounds the candidates.
SEARCH_LIMIT = 500


# --- lookups -----------------------------------------------------------------------------------


def cluster_or_404(request, slug: str) -> Cluster:
    """The cluster the path names; under a cluster's prefix only that cluster."""
    found = find_cluster(slug)
    prefixed = getattr(request, "cluster_prefixed", False)
    if found is None or (prefixed and found.pk != request.cluster.pk):
        raise Http404(_("Ein Cluster „%s“ gibt es nicht.") % slug)
    return found


def edition_or_404(request, cluster: str, edition: str, *, write: bool = False) -> Edition:
    """The edition through the access funnel; a German 404 also for an unknown cluster."""
    return get_edition_for_user(
        request.user, cluster_or_404(request, cluster), edition, write=write
    )


def topic_area_or_404(edition: Edition, number: str) -> TopicArea:
    try:
        return get_topic_area(edition, number)
    except Http404:
        raise Http404(
            _("Einen Themenbereich %(number)s gibt es in der Ausgabe „%(edition)s“ nicht.")
            % {"number": number, "edition": edition.label}
        ) from None


def edition_with_counts(user, edition: Edition) -> Edition:
    return editions_with_counts(user, edition.cluster).get(pk=edition.pk)


def with_references(topic_area: TopicArea) -> TopicArea:
    """Attach outgoing and incoming references for `TopicAreaDetailOut` (two queries)."""
    topic_area.outgoing_list, topic_area.incoming_list = related_topic_areas(topic_area)
    return topic_area


_MARK = re.compile(r"</?mark>")


def plain_match(hit) -> dict:
    """A search hit for the API: the snippet as plain text with the positions of the hits.

    `snippet_html` is escaped text in which only <mark> tags are HTML (see search.py)."""
    text, highlights = "", []
    for index, part in enumerate(_MARK.split(str(hit.snippet_html))):
        part = html.unescape(part)
        if index % 2 and part:
            highlights.append({"start": len(text), "end": len(text) + len(part)})
        text += part
    return {
        "score": round(hit.score, 6),
        "field": hit.field,
        "field_name": hit.field_name,
        "snippet": text,
        "highlights": highlights,
    }


# --- clusters and editions ---------------------------------------------------------------------


@router.get(
    "/clusters",
    response=list[ClusterOut],
    summary="Cluster",
    description="Alle Cluster mit ihrer veröffentlichten Ausgabe des Masterplans.",
)
def list_clusters(request):
    return clusters_with_published_edition()


@router.get(
    "/{cluster}/editions",
    response={200: list[EditionOut], **READ_ERRORS},
    summary="Ausgaben eines Clusters",
    description="Veröffentlichte und archivierte Ausgaben; Entwürfe nur für das "
    "Clustermanagement und den Strategischen Beirat.",
)
def list_editions(request, cluster: str = ClusterSlug):
    return editions_with_counts(request.user, cluster_or_404(request, cluster))


@router.get(
    "/{cluster}/editions/{edition}",
    response={200: EditionDetailOut, **READ_ERRORS},
    summary="Ausgabe mit Baum",
    description="Eine Ausgabe mit Handlungsfeldern, Eckpunkten, Themenbereichen und "
    "Erfolgsfaktoren (eine feste Zahl von Datenbankabfragen, gleich wie groß).",
)
def get_edition(request, cluster: str = ClusterSlug, edition: str = EditionSlug):
    found = edition_or_404(request, cluster, edition)
    found.tree = load_tree(found)
    return found


@router.post(
    "/{cluster}/editions/{edition}/drafts",
    auth=session_auth,
    response={201: EditionOut, **WRITE_ERRORS},
    summary="Fortschreibung beginnen",
    description="Legt aus dieser Ausgabe einen neuen Entwurf an (gleiche Kennungen, damit der "
    "Vergleich Elemente wiedererkennt). Nur für das Clustermanagement.",
)
def start_draft(request, payload: DraftIn, cluster: str = ClusterSlug, edition: str = EditionSlug):
    source = edition_or_404(request, cluster, edition)
    draft = revise_edition(
        source=source, label=payload.label, title=payload.title, user=request.user
    )
    return Status(201, edition_with_counts(request.user, draft))


@router.post(
    "/{cluster}/editions/{edition}/publish",
    auth=session_auth,
    response={200: EditionOut, **WRITE_ERRORS},
    summary="Ausgabe veröffentlichen",
    description="Veröffentlicht einen Entwurf; die bisher veröffentlichte Ausgabe wird "
    "archiviert. Nur für das Clustermanagement.",
)
def publish(request, cluster: str = ClusterSlug, edition: str = EditionSlug):
    found = edition_or_404(request, cluster, edition)
    published = publish_edition(edition=found, user=request.user)
    return edition_with_counts(request.user, published)


# --- topic areas -------------------------------------------------------------------------------


@router.get(
    "/{cluster}/editions/{edition}/topic-areas",
    response={200: list[TopicAreaListItemOut], **READ_ERRORS},
    summary="Themenbereiche einer Ausgabe",
    description="Alle Themenbereiche in Reihenfolge des Masterplans; mit `q` nur die "
    "gefundenen, die besten zuerst, jeweils mit Ausschnitt (reiner Text).",
)
def list_topic_areas(
    request,
    cluster: str = ClusterSlug,
    edition: str = EditionSlug,
    q: str | None = Query(
        None, max_length=500, description="Suchbegriffe, z. B. „Leichtbau“ oder „3D-Druck“."
    ),
):
    found = edition_or_404(request, cluster, edition)
    topic_areas = load_tree(found).topic_areas
    if q is None or not q.strip():
        return topic_areas
    by_pk = {topic_area.pk: topic_area for topic_area in topic_areas}
    results = []
    for hit in search_edition(found, q, limit=SEARCH_LIMIT):
        topic_area = by_pk.get(hit.element.pk) if hit.kind == TopicArea.kind else None
        if topic_area is not None:
            topic_area.search_match = plain_match(hit)
            results.append(topic_area)
    return results


@router.get(
    "/{cluster}/editions/{edition}/topic-areas/{number}",
    response={200: TopicAreaDetailOut, **READ_ERRORS},
    summary="Themenbereich",
    description="Ein Themenbereich mit Eckpunkt, Handlungsfeld, Bearbeitungsstand und "
    "Querverweisen in beide Richtungen.",
)
def get_topic_area_detail(
    request,
    cluster: str = ClusterSlug,
    edition: str = EditionSlug,
    number: str = TopicAreaNumber,
):
    found = edition_or_404(request, cluster, edition)
    return with_references(topic_area_or_404(found, number))


@router.patch(
    "/{cluster}/editions/{edition}/topic-areas/{number}",
    auth=session_auth,
    response={
        200: TopicAreaDetailOut,
        **error_responses(400, 401, 403, 404, 409, 422, conflict=EditConflictOut),
    },
    summary="Themenbereich ändern",
    description="Ändert Texte, Schlagwörter und Querverweise eines Themenbereichs in einem "
    "Entwurf. `version` ist der Bearbeitungsstand, auf dem die Änderung beruht; hat jemand "
    "inzwischen gespeichert, antwortet die API mit 409 und dem aktuellen Stand, und nichts "
    "wird geändert. Nur für das Clustermanagement.",
)
def patch_topic_area(
    request,
    payload: TopicAreaPatchIn,
    cluster: str = ClusterSlug,
    edition: str = EditionSlug,
    number: str = TopicAreaNumber,
):
    found = edition_or_404(request, cluster, edition, write=True)
    topic_area = topic_area_or_404(found, number)
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    references = values.pop("references", None)
    # Also with no text values: update_element checks the version (EditConflict).
    update_element(
        element=topic_area,
        user=request.user,
        expected_version=payload.version,
        values=values,
        references=references,
    )
    return with_references(topic_area)


# --- comparing editions ----------------------------------------------------------------------


@router.get(
    "/{cluster}/compare",
    response={200: ComparisonOut, **READ_ERRORS},
    summary="Ausgaben vergleichen",
    description="Was zwischen zwei Ausgaben hinzugekommen, entfallen, verschoben, umbenannt "
    "oder geändert ist. Ohne Angaben: die veröffentlichte Ausgabe und ihre Vorgängerin.",
)
def compare(
    request,
    cluster: str = ClusterSlug,
    old: str | None = Query(None, description="Kürzel der älteren Ausgabe."),
    new: str | None = Query(None, description="Kürzel der neueren Ausgabe."),
):
    _editions, old_edition, new_edition = editions_for_comparison(
        request.user, cluster_or_404(request, cluster), old, new
    )
    if old_edition is None or new_edition is None:
        raise Http404(_("Für einen Vergleich fehlt eine zweite sichtbare Ausgabe."))
    return compare_editions(old_edition, new_edition)
