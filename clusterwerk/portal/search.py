"""The one search (`/suche/`, `GET /api/search`): one query through every section of the
request's cluster, grouped by kind.

Each group asks the section's own reads, so that what it finds and who may see it are the
section's rules, not new ones:

- masterplan: `masterplan.search.search_edition` in the cluster's published edition;
- actors: the directory search (`actors.search.search_directory`, on top of
  `actors.queries.visible_actors`) without facets;
- projects: `projects.queries.filtered_projects` (the visibility funnel of the viewer);
- listings: the cluster's open listings (`matchmaking.queries.open_listings`), matched with the
  text module like the Kooperationsbörse does; the owner is named only where
  `matchmaking.queries.owner_is_visible` allows (`owner_label`);
- consultations: `participation.queries.visible_consultations`, title and description.

The words are matched by `clusterwerk.core.text` everywhere (German word forms, compounds,
synonyms). A group returns its count, the first few items and a link to the section's own
search with the same words. The number of database queries does not grow with the hits.
"""

import html
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.actors.search import DirectoryFilters, search_directory
from clusterwerk.core.models import Cluster
from clusterwerk.core.text import (
    QueryTerm,
    document_matches,
    index_terms,
    parse_query,
    snippet,
)
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.masterplan.search import search_edition
from clusterwerk.matchmaking.queries import listing_matches_terms, open_listings, owner_label
from clusterwerk.participation.queries.consultations import visible_consultations
from clusterwerk.projects.queries import ProjectFilters, filtered_projects

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 200
# Words beyond this are ignored, as in the sections' own searches.
MAX_QUERY_TERMS = 8
DEFAULT_LIMIT = 5
MAX_LIMIT = 20
SNIPPET_WIDTH = 160
# The masterplan has about fifty elements per edition; its search ranks all hits in Python.
MASTERPLAN_HIT_CEILING = 500

KIND_LABELS = {
    "masterplan": gettext_lazy("Masterplan"),
    "actors": gettext_lazy("Akteure"),
    "projects": gettext_lazy("Projekte"),
    "listings": gettext_lazy("Inserate der Kooperationsbörse"),
    "consultations": gettext_lazy("Beteiligungen"),
}
KINDS = tuple(KIND_LABELS)


class UnusableQuery(ValueError):
    """The query cannot be searched; the message (German) says why."""


@dataclass(frozen=True)
class SearchItem:
    title: str
    url: str
    snippet_html: SafeString
    meta: str = ""

    @property
    def snippet(self) -> str:
        """The snippet as plain text (for the API)."""
        return html.unescape(strip_tags(self.snippet_html))


@dataclass(frozen=True)
class SearchGroup:
    kind: str
    count: int
    items: list[SearchItem]
    more_url: str  # the section's own search with the same words

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.items))


@dataclass(frozen=True)
class SiteSearchResult:
    query: str
    groups: list[SearchGroup] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(group.count for group in self.groups)


def checked_query(raw: str) -> tuple[str, list[QueryTerm]]:
    """The query (trimmed, cut to `MAX_QUERY_LENGTH` at a word) and its terms; `UnusableQuery`
    with a German reason when it is too short or has only stop words."""
    query = " ".join((raw or "").split())
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0]
    if len(query) < MIN_QUERY_LENGTH:
        raise UnusableQuery(
            _("Der Suchbegriff ist zu kurz: Bitte geben Sie mindestens %(count)d Zeichen ein.")
            % {"count": MIN_QUERY_LENGTH}
        )
    terms = parse_query(query)[:MAX_QUERY_TERMS]
    if not any(character.isalnum() for character in query):
        raise UnusableQuery(
            _("„%(query)s“ enthält kein Wort, nach dem sich suchen ließe.") % {"query": query}
        )
    if not terms:
        raise UnusableQuery(
            _(
                "„%(query)s“ besteht nur aus Füllwörtern wie „und“ oder „für“, nach denen "
                "nicht gesucht wird. Bitte geben Sie einen Fachbegriff ein, z. B. "
                "„Laserschweißen“."
            )
            % {"query": query}
        )
    return query, terms


def site_search(
    user, cluster: Cluster, raw_query: str, *, limit: int = DEFAULT_LIMIT
) -> SiteSearchResult:
    """Every group for the query, in the order of `KINDS`; raises `UnusableQuery`."""
    query, terms = checked_query(raw_query)
    limit = max(1, min(limit, MAX_LIMIT))
    return SiteSearchResult(
        query=query,
        groups=[
            masterplan_group(cluster, query, limit),
            actor_group(user, cluster, query, terms, limit),
            project_group(user, cluster, query, terms, limit),
            listing_group(user, cluster, query, terms, limit),
            consultation_group(cluster, query, terms, limit),
        ],
    )


def section_url(viewname: str, query: str) -> str:
    return f"{reverse(viewname)}?{urlencode({'q': query})}"


def _snippet(text: str, terms: list[QueryTerm]) -> SafeString:
    # snippet() escapes the text; only its <mark> tags are HTML.
    return mark_safe(snippet(text or "", terms, width=SNIPPET_WIDTH))


# --- Groups ----------------------------------------------------------------------------------


def masterplan_group(cluster: Cluster, query: str, limit: int) -> SearchGroup:
    """Action fields, key points and topic areas of the published edition (4 queries)."""
    edition = get_published_edition(cluster)
    hits = search_edition(edition, query, limit=MASTERPLAN_HIT_CEILING) if edition else []
    items = [
        SearchItem(
            title=f"{hit.element.number} {hit.element.title}",
            url=hit.element.get_absolute_url(),
            snippet_html=hit.snippet_html,
            meta=f"{hit.element.kind_label} · {_('gefunden in')}: {hit.field}",
        )
        for hit in hits[:limit]
    ]
    return SearchGroup("masterplan", len(hits), items, section_url("masterplan:search", query))


def actor_group(user, cluster: Cluster, query: str, terms, limit: int) -> SearchGroup:
    """The cluster's directory as the user sees it: count, the best `limit` actors and their
    matched competences (4 queries)."""
    filters = DirectoryFilters(q=query)
    result = search_directory(user, cluster, filters, page_size=limit, with_facets=False)
    items = []
    for hit in result.hits:
        actor = hit.actor
        matched = [match for match in hit.competences if match.matched]
        if matched:
            snippet_html = mark_safe(", ".join(match.text_html for match in matched))
        else:
            snippet_html = _snippet(actor.description, terms)
        place = actor.municipality or (actor.district.name if actor.district_id else "")
        meta = " · ".join(part for part in (str(actor.get_kind_display()), place) if part)
        items.append(SearchItem(actor.name, actor.get_absolute_url(), snippet_html, meta))
    return SearchGroup("actors", result.total, items, section_url("actors:directory", query))


def project_group(user, cluster: Cluster, query: str, terms, limit: int) -> SearchGroup:
    """The cluster's projects the user may see (2 queries, and those of the funnel)."""
    projects = filtered_projects(user, cluster, ProjectFilters(q=query))
    count = projects.count()
    rows = (
        list(projects.select_related("cluster").order_by("-year_initiated", "title", "pk")[:limit])
        if count
        else []
    )
    items = [
        SearchItem(
            title=str(project),
            url=project.get_absolute_url(),
            snippet_html=_snippet(project.description, terms),
            meta=" · ".join(
                part
                for part in (
                    str(project.get_phase_display()),
                    str(project.year_initiated or ""),
                )
                if part
            ),
        )
        for project in rows
    ]
    return SearchGroup("projects", count, items, section_url("projects:list", query))


def listing_group(user, cluster: Cluster, query: str, terms, limit: int) -> SearchGroup:
    """The cluster's open listings that contain the words (1 query, matched in Python like the
    Kooperationsbörse); anonymous owners stay anonymous."""
    listings = open_listings(cluster).select_related("owner_actor", "cluster")
    matching = [listing for listing in listings if listing_matches_terms(listing, terms)]
    items = [
        SearchItem(
            title=listing.title,
            url=listing.get_absolute_url(),
            snippet_html=_snippet(listing.description, terms),
            meta=f"{listing.get_kind_display()} · {owner_label(user, listing)}",
        )
        for listing in matching[:limit]
    ]
    return SearchGroup(
        "listings", len(matching), items, section_url("matchmaking:listing-list", query)
    )


def consultation_group(cluster: Cluster, query: str, terms, limit: int) -> SearchGroup:
    """The cluster's consultations by title and description (2 queries)."""
    matching = [
        consultation
        for consultation in visible_consultations(cluster)
        if document_matches(terms, index_terms(f"{consultation.title}\n{consultation.description}"))
    ]
    items = [
        SearchItem(
            title=consultation.title,
            url=consultation.get_absolute_url(),
            snippet_html=_snippet(consultation.description, terms),
            meta="",
        )
        for consultation in matching[:limit]
    ]
    # The consultations have no search of their own: the link leads to their list.
    return SearchGroup("consultations", len(matching), items, reverse("participation:list"))
