"""What a cross-cluster topic of masterplan table 4 holds: for each of its two clusters the
actors, projects, listings, events and foresight items that belong to it.

The rule (the same in plain German on every topic page, `RULE_TEXT`)
--------------------------------------------------------------------
A *topic* (`core.models.CrossClusterTopic`) joins `topic.cluster` (whose masterplan table
names it) and `topic.partner_cluster`. It is recognised by its topic areas
(`topic_lineages`, lineages of `topic.cluster`'s masterplan) and its keywords (`keywords`).
A thing *matches the topic* when it is tagged with one of the lineages, or when one of the
keywords occurs in its text – every word of the keyword, compared as the search does
(`core.text`: case, umlauts, word forms, compounds and synonyms; `parse_query` /
`document_matches` over `index_terms`). The lineages belong to `topic.cluster`'s plan, so
for the partner cluster, which has its own plan, the keywords are the bridge.

For each of the two clusters C (the other one is O), in this order:

Actors
    Published actors that are members of C (`ClusterMembership`) with a competence that is
    tagged with one of the lineages or whose text or keywords contain one of the keywords.
Projects
    Projects of C in which O takes part (O among `partner_clusters`, i.e. cross-cluster with
    O) and that match the topic (topic areas, or title, acronym and description). A joint
    project appears once, in the column of the cluster that carries it. Only the projects the
    reader may see (`projects.queries.visible_projects`) are listed and counted.
Listings
    Open listings of C (published, not expired) that are shared with the other clusters or
    look for partners from other clusters (`cross_cluster`) and match the topic (topic areas,
    or title, description and keywords). Anonymous owners stay anonymous (`owner_label`).
Events
    Public events of C (published, held or documented – not drafts, not cancelled, not the
    members-only ones) with O among their partner clusters, or Cross-Cluster-Camps of C, that
    match the topic (topic areas, or title and description). There is no fallback: a joint
    event that matches none of the pair's topics is on none of their pages, so that every
    count says "this many things of this topic".
Foresight items
    Items of the published foresight cycles of C that match the topic (topic areas, or title,
    description and tags); an item carried through several cycles counts once, with its
    latest published cycle.

Everything is read for all topics of a page at once in a fixed number of queries
(`topic_contents`), and matched in Python; the result is ordered deterministically. Matching
is the expensive part (every topic against the texts of every actor that may match), so its
result – primary keys only, the same for every reader – is cached under the data versions of
every cluster involved (`MATCH_AREAS`) and the topics' own keywords and topic areas; when the
data changed, the latest result is served at once and the task queue matches afresh
(`refresh_matches`). What the reader may see (the projects) is applied afterwards, and a
page reads only the matched objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import (
    Actor,
    ActorStatus,
    ClusterMembership,
    Competence,
    CompetenceTopicArea,
)
from clusterwerk.core import versions
from clusterwerk.core.models import Cluster, CrossClusterTopic
from clusterwerk.core.tenancy import reverse_for_cluster
from clusterwerk.core.text import document_matches, index_terms, parse_query
from clusterwerk.crosscluster.tasks import refresh_topic_matches
from clusterwerk.events.models import Event, EventFormat, EventStatus
from clusterwerk.foresight.models import Item, Status
from clusterwerk.matchmaking.models import Listing, ListingStatus
from clusterwerk.matchmaking.queries import owner_label
from clusterwerk.projects.models import Project
from clusterwerk.projects.queries import visible_projects

KINDS = (
    ("actors", _("Akteure")),
    ("projects", _("Projekte")),
    ("listings", _("Inserate")),
    ("events", _("Veranstaltungen")),
    ("foresight", _("Foresight-Items")),
)
KIND_KEYS = tuple(key for key, _label in KINDS)
SHOWN_EVENT_STATUSES = (EventStatus.PUBLISHED, EventStatus.HELD, EventStatus.DOCUMENTED)

RULE_TEXT = _(
    "Ein Thema verbindet zwei Cluster. Es wird an seinen Themenbereichen (aus dem Masterplan "
    "des Clusters, der es vorschlägt) und an seinen Schlagwörtern erkannt: Ein Eintrag gehört "
    "dazu, wenn er einem dieser Themenbereiche zugeordnet ist oder eines der Schlagwörter in "
    "seinem Text vorkommt (alle Wörter des Schlagworts, wie in der Suche: auch andere "
    "Wortformen, zusammengesetzte Wörter und Synonyme). Für jedes der beiden Cluster zählen: "
    "veröffentlichte Akteure, die Mitglied des Clusters sind, mit einer passenden Kompetenz; "
    "Projekte des Clusters, an denen das andere Cluster beteiligt ist und die zum Thema passen "
    "(jedes gemeinsame Projekt einmal, beim Cluster, das es trägt; nur Projekte, die Sie sehen "
    "dürfen); offene Inserate des Clusters, die auch in den anderen Clustern gezeigt werden "
    "oder Partner aus anderen Clustern suchen und zum Thema passen; öffentliche "
    "Veranstaltungen des Clusters mit dem anderen Cluster als Partner sowie Cross-Cluster-Camps, "
    "die zum Thema passen (ohne abgesagte und Entwürfe); Foresight-Items veröffentlichter "
    "Zyklen des Clusters, die zum Thema passen, jedes einmal."
)


@dataclass(frozen=True)
class Entry:
    """One thing on a topic page: a title with its address (in its own cluster) and a note."""

    title: str
    url: str
    note: str = ""
    is_demo: bool = False


@dataclass
class ClusterSide:
    """What one of the topic's two clusters holds for it."""

    cluster: Cluster
    entries: dict[str, list[Entry]] = field(default_factory=lambda: {k: [] for k in KIND_KEYS})
    known_counts: dict[str, int] | None = None  # counts only (the overview), no entries read

    @property
    def counts(self) -> dict[str, int]:
        if self.known_counts is not None:
            return dict(self.known_counts)
        return {kind: len(self.entries[kind]) for kind in KIND_KEYS}

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def sections(self) -> list[tuple[str, str, list[Entry]]]:
        """(key, label, entries) per kind, for templates."""
        return [(key, str(label), self.entries[key]) for key, label in KINDS]


@dataclass
class TopicContent:
    topic: CrossClusterTopic
    sides: list[ClusterSide]  # topic.cluster first, then the partner cluster

    @property
    def counts(self) -> dict[str, int]:
        """Both clusters together."""
        return {kind: sum(side.counts[kind] for side in self.sides) for kind in KIND_KEYS}

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class TopicRule:
    """Whether a text or a set of lineages matches one topic (see the module docstring)."""

    def __init__(self, topic: CrossClusterTopic):
        self.lineages = {str(lineage) for lineage in topic.topic_lineages or ()}
        self.keyword_terms = [
            terms for terms in (parse_query(str(k)) for k in topic.keywords or ()) if terms
        ]

    def matches(self, text: str, lineages=(), *, documents: dict | None = None) -> bool:
        """`documents` caches the analysed texts (text → `index_terms`) across the topics of
        one page: the analysis is the expensive part, and every topic reads the same texts."""
        if self.lineages and self.lineages & {str(lineage) for lineage in lineages}:
            return True
        if not self.keyword_terms or not text:
            return False
        if documents is None:
            documents = {}
        cached = documents.get(text)
        if cached is None:
            terms = index_terms(text)
            cached = documents[text] = (terms, " ".join(terms))
        document, joined = cached
        # Every needle that meets an index term is a substring of the joined terms
        # (`core.text.needle_in`): a cheap test first, the exact rule only where it may hold.
        return any(
            _may_meet(terms, joined) and document_matches(terms, document)
            for terms in self.keyword_terms
        )


def _may_meet(terms, joined: str) -> bool:
    return all(
        any(all(needle in joined for needle in alt) for alt in term.alternatives) for term in terms
    )


# --- Reading the candidates (a fixed number of queries for any number of topics) ------------


class _ActorRow(NamedTuple):
    pk: int
    name: str
    slug: str
    is_demo: bool


@dataclass
class _World:
    """The candidates of the clusters involved, read once for matching – the same for every
    reader (what a reader may see is applied when the entries are built)."""

    members: dict[int, set[int]]  # cluster id → published member actor ids
    candidates: dict[int, set[int]]  # id(rule) → the actors that may match it
    competences: dict[int, list]  # actor id → [(label, text with keywords, lineages)]
    projects: list  # (project, partner cluster ids, lineages) – all of them
    listings: list  # (listing, lineages)
    events: list  # (event, partner cluster ids, lineages)
    items: list  # (item, lineages), latest published cycle per item lineage
    documents: dict = field(default_factory=dict)  # text → (its terms, joined), for all topics


def _needles(rules: list[TopicRule]) -> set[str]:
    return {
        needle
        for rule in rules
        for terms in rule.keyword_terms
        for term in terms
        for needle in term.needles
    }


def _may_match(rule: TopicRule, present: set[str]) -> bool:
    """A necessary condition for one of the rule's keywords to meet a document whose text
    contains the needles `present` (every needle that meets an index term is a substring of
    the document's terms, `core.text.needle_in`): cheap, so the expensive analysis of a
    competence's text runs only for actors that may match."""
    return any(
        all(
            any(
                all(needle in present for needle in alternative)
                for alternative in term.alternatives
            )
            for term in terms
        )
        for terms in rule.keyword_terms
    )


def _candidate_actors(cluster_ids: set[int], rules: list[TopicRule]):
    """The published member actors of the clusters (cluster id → actor ids) and, per rule (in
    the order of `rules`), those that may match it: tagged with one of its topic areas, or
    with every needle of one of its keywords in their stored index terms
    (`Actor.search_competences`, kept by `actors.indexing`) – two queries, no text analysis."""
    published = {"actor__status": ActorStatus.PUBLISHED, "cluster_id__in": cluster_ids}
    members: dict[int, set[int]] = {pk: set() for pk in cluster_ids}
    documents: dict[int, str] = {}
    for cluster_id, actor_id, document in ClusterMembership.objects.filter(**published).values_list(
        "cluster_id", "actor_id", "actor__search_competences"
    ):
        members[cluster_id].add(actor_id)
        documents[actor_id] = document or ""
    lineages = {lineage for rule in rules for lineage in rule.lineages}
    tagged: dict[str, set[int]] = {}
    if lineages:
        for actor_id, lineage in CompetenceTopicArea.objects.filter(
            lineage__in=sorted(lineages),
            competence__actor__status=ActorStatus.PUBLISHED,
            competence__actor__memberships__cluster_id__in=cluster_ids,
        ).values_list("competence__actor_id", "lineage"):
            tagged.setdefault(str(lineage), set()).add(actor_id)
    candidates = [
        set().union(*(tagged.get(lineage, set()) for lineage in rule.lineages)) for rule in rules
    ]
    needles = _needles(rules)
    if needles:
        for actor_id, document in documents.items():
            present = {needle for needle in needles if needle in document} if document else None
            if not present:
                continue
            for index, rule in enumerate(rules):
                if rule.keyword_terms and _may_match(rule, present):
                    candidates[index].add(actor_id)
    return members, candidates


def _load(cluster_ids: set[int], rules: list[TopicRule]) -> _World:
    members, per_rule = _candidate_actors(cluster_ids, rules)
    candidates = set().union(*per_rule) if per_rule else set()
    # Plain rows, no model instances, and only the candidates' competences.
    tags: dict[int, set[str]] = {}
    for competence_id, lineage in CompetenceTopicArea.objects.filter(
        competence__actor_id__in=sorted(candidates)
    ).values_list("competence_id", "lineage"):
        tags.setdefault(competence_id, set()).add(str(lineage))
    competences: dict[int, list] = {}
    for competence_id, actor_id, label, keywords in (
        Competence.objects.filter(actor_id__in=sorted(candidates))
        .order_by("actor_id", "order", "pk")
        .values_list("pk", "actor_id", "text", "keywords")
    ):
        text = "\n".join([label, ", ".join(map(str, keywords or []))])
        competences.setdefault(actor_id, []).append((label, text, tags.get(competence_id, set())))

    projects = [
        (
            project,
            {cluster.pk for cluster in project.partner_clusters.all()},
            {str(topic.lineage) for topic in project.topics.all()},
        )
        for project in Project.objects.filter(cluster_id__in=cluster_ids, is_cross_cluster=True)
        .prefetch_related("partner_clusters", "topics")
        .order_by("-year_initiated", "title", "pk")
    ]
    listings = [
        (listing, {str(topic.lineage) for topic in listing.topics.all()})
        for listing in _open_listings()
        .filter(
            Q(shared_with_other_clusters=True) | Q(cross_cluster=True),
            cluster_id__in=cluster_ids,
        )
        .prefetch_related("topics")
        .order_by("-published_at", "-pk")
    ]
    event_rows = (
        _shown_events()
        .filter(cluster_id__in=cluster_ids)
        .filter(
            pk__in=Event.objects.filter(
                Q(format=EventFormat.CROSS_CLUSTER_CAMP) | Q(partner_clusters__isnull=False)
            ).values("pk")
        )
        .prefetch_related("partner_clusters", "topics")
        .order_by("-starts_at", "pk")
    )
    events = [
        (
            event,
            {cluster.pk for cluster in event.partner_clusters.all()},
            {str(topic.lineage) for topic in event.topics.all()},
        )
        for event in event_rows
    ]
    items, seen = [], set()
    for item in (
        Item.objects.filter(cycle__cluster_id__in=cluster_ids, cycle__status=Status.PUBLISHED)
        .select_related("cycle")
        .prefetch_related("topic_areas")
        .order_by("-cycle__year", "-cycle__pk", "key", "pk")
    ):
        if (item.cycle.cluster_id, item.lineage) in seen:
            continue
        seen.add((item.cycle.cluster_id, item.lineage))
        items.append((item, {str(area.topic_lineage) for area in item.topic_areas.all()}))
    by_rule = {id(rule): actors for rule, actors in zip(rules, per_rule, strict=True)}
    return _World(members, by_rule, competences, projects, listings, events, items)


def _open_listings():
    return Listing.objects.filter(
        status=ListingStatus.PUBLISHED, expires_on__gte=timezone.localdate()
    )


def _shown_events():
    return Event.objects.filter(is_public=True, status__in=SHOWN_EVENT_STATUSES)


# --- Matching: the expensive part, cached per data version -----------------------------------

# The data a topic's matches are made of, in every cluster involved; a change in any of them
# (or in a topic's keywords and topic areas, which are part of the key) makes a new match.
# How long one refresh of outdated matches may take before another request may ask again.
REFRESH_LOCK_SECONDS = 600
MATCH_AREAS = (
    versions.MASTERPLAN,
    versions.ACTORS,
    versions.PROJECTS,
    versions.MATCHMAKING,
    versions.EVENTS,
    versions.FORESIGHT,
)


def _project_text(project) -> str:
    return "\n".join([project.title, project.acronym, project.description])


def _item_text(item) -> str:
    return "\n".join([item.title, item.description, ", ".join(map(str, item.tags or []))])


def _side_matches(world: _World, rule: TopicRule, cluster_id: int, other_id: int) -> dict:
    """The keys of what one cluster holds for a topic, whoever reads: actors as (actor id,
    labels of the matching competences), the rest as primary keys, in the world's order."""
    documents = world.documents
    actors = []
    candidates = world.candidates.get(id(rule), set())
    for actor_id in sorted(world.members.get(cluster_id, set()) & candidates):
        hits = [
            label
            for label, text, lineages in world.competences.get(actor_id, ())
            if rule.matches(text, lineages, documents=documents)
        ]
        if hits:
            actors.append((actor_id, hits))
    return {
        "actors": actors,
        "projects": [
            project.pk
            for project, partners, lineages in world.projects
            if project.cluster_id == cluster_id
            and other_id in partners
            and rule.matches(_project_text(project), lineages, documents=documents)
        ],
        "listings": [
            listing.pk
            for listing, lineages in world.listings
            if listing.cluster_id == cluster_id
            and rule.matches(listing.match_text, lineages, documents=documents)
        ],
        "events": [
            event.pk
            for event, partners, lineages in world.events
            if event.cluster_id == cluster_id
            and (other_id in partners or event.format == EventFormat.CROSS_CLUSTER_CAMP)
            and rule.matches(f"{event.title}\n{event.description}", lineages, documents=documents)
        ],
        "foresight": [
            item.pk
            for item, lineages in world.items
            if item.cycle.cluster_id == cluster_id
            and rule.matches(_item_text(item), lineages, documents=documents)
        ],
    }


def _pairs(topic: CrossClusterTopic) -> tuple[tuple[int, int], tuple[int, int]]:
    return (
        (topic.cluster_id, topic.partner_cluster_id),
        (topic.partner_cluster_id, topic.cluster_id),
    )


def _compute_matches(topics: list, cluster_ids: set[int]) -> dict[int, list[dict]]:
    rules = {topic.pk: TopicRule(topic) for topic in topics}
    world = _load(cluster_ids, list(rules.values()))
    return {
        topic.pk: [
            _side_matches(world, rules[topic.pk], cluster_id, other_id)
            for cluster_id, other_id in _pairs(topic)
        ]
        for topic in topics
    }


def _keys(topics: list, cluster_ids: set[int]) -> tuple[str, str]:
    """The cache key of the current matches (the data versions of every cluster involved and
    the topics' rules) and the key of the latest matches of the same topics and rules,
    whatever the data versions."""
    rules = [
        f"{topic.pk}:{sorted(map(str, topic.topic_lineages or []))}:{list(topic.keywords or [])}"
        for topic in topics
    ]
    parts = []
    for cluster_id in sorted(cluster_ids):
        current = versions.versions(cluster_id, MATCH_AREAS)
        parts.append(f"{cluster_id}:" + ",".join(f"{a}={current[a]}" for a in sorted(current)))
    anchor = min(cluster_ids)
    current_key = versions.cache_key("crosscluster-matches", anchor, (), *parts, *rules)
    latest_key = versions.cache_key("crosscluster-latest", anchor, (), *rules, daily=False)
    return current_key, latest_key


def refresh_matches(topic_ids: list[int]) -> None:
    """Match the topics afresh and keep the result as current and latest (the task queue's
    work when a page served the latest matches of older data)."""
    topics = list(
        CrossClusterTopic.objects.filter(pk__in=topic_ids)
        .select_related("cluster", "partner_cluster")
        .order_by("order", "pk")
    )
    if not topics:
        return
    cluster_ids = {t.cluster_id for t in topics} | {t.partner_cluster_id for t in topics}
    current_key, latest_key = _keys(topics, cluster_ids)
    value = _compute_matches(topics, cluster_ids)
    cache.set_many({current_key: value, latest_key: value}, versions.MAX_AGE)


def _compact(matches: dict[int, list[dict]]) -> dict[int, list[dict]]:
    """The counts of the matches (the projects' keys stay: the reader's visibility decides):
    what the overview needs, a fraction of the size."""
    return {
        topic_pk: [
            {kind: side[kind] if kind == "projects" else len(side[kind]) for kind in KIND_KEYS}
            for side in sides
        ]
        for topic_pk, sides in matches.items()
    }


def _match_counts(topics: list, cluster_ids: set[int]) -> dict[int, list[dict]]:
    """`_compact(_matches(…))`, cached beside the matches under the same keys."""
    current_key, latest_key = _keys(topics, cluster_ids)
    found = cache.get(f"{current_key}:counts")
    if found is not None:
        return found
    value = _compact(_matches(topics, cluster_ids, keys=(current_key, latest_key)))
    if cache.get(current_key) is not None:  # not the latest of older data
        cache.set(f"{current_key}:counts", value, versions.MAX_AGE)
    return value


def _matches(topics: list, cluster_ids: set[int], *, keys=None) -> dict[int, list[dict]]:
    """topic pk → [matches of topic.cluster, matches of the partner cluster].

    From the cache when no data of the clusters involved and no topic changed since. When
    data changed, the page is served the latest matches of the same topics at once and the
    task queue matches afresh (stale while revalidating: matching every topic of a large
    cluster takes seconds, and the actors' data change all the time); only the very first
    reading of a topic (or of a changed topic rule) matches while the reader waits."""
    current_key, latest_key = keys or _keys(topics, cluster_ids)
    found = cache.get_many([current_key, latest_key])
    if current_key in found:
        return found[current_key]
    if latest_key in found:
        if cache.add(f"{current_key}:refreshing", True, REFRESH_LOCK_SECONDS):
            topic_ids = [topic.pk for topic in topics]
            transaction.on_commit(lambda: refresh_topic_matches.enqueue(topic_ids=topic_ids))
        return found[latest_key]
    value = _compute_matches(topics, cluster_ids)
    cache.set_many({current_key: value, latest_key: value}, versions.MAX_AGE)
    return value


# --- Entries for the reader: only the matched objects are read ------------------------------


@dataclass
class _Shown:
    """The matched objects of all topics of a page, read by primary key, as `user` sees
    them."""

    actors: dict[int, _ActorRow]
    projects: dict
    listings: dict
    events: dict
    items: dict
    urls: dict = field(default_factory=dict)

    def actor_url(self, cluster: Cluster, actor: _ActorRow) -> str:
        """An actor's profile in `cluster`, built once per page (an actor is on many topics)."""
        key = (cluster.pk, actor.pk)
        if key not in self.urls:
            self.urls[key] = reverse_for_cluster(
                cluster, "portal:actor-profile", args=[actor.pk, actor.slug]
            )
        return self.urls[key]


def _read_shown(user, matches: dict[int, list[dict]]) -> _Shown:
    wanted: dict[str, set] = {kind: set() for kind in KIND_KEYS}
    for sides in matches.values():
        for side in sides:
            wanted["actors"].update(actor_id for actor_id, _hits in side["actors"])
            for kind in ("projects", "listings", "events", "foresight"):
                wanted[kind].update(side[kind])
    actors = {
        values[0]: _ActorRow(*values)
        for values in Actor.objects.filter(
            pk__in=sorted(wanted["actors"]), status=ActorStatus.PUBLISHED
        ).values_list("pk", "name", "slug", "is_demo")
    }
    projects = {
        project.pk: project
        for project in visible_projects(user)
        .filter(pk__in=sorted(wanted["projects"]))
        .select_related("cluster")
    }
    listings = {
        listing.pk: listing
        for listing in _open_listings()
        .filter(pk__in=sorted(wanted["listings"]))
        .select_related("cluster", "owner_actor")
    }
    events = {
        event.pk: event
        for event in _shown_events()
        .filter(pk__in=sorted(wanted["events"]))
        .select_related("cluster")
    }
    items = {
        item.pk: item
        for item in Item.objects.filter(
            pk__in=sorted(wanted["foresight"]), cycle__status=Status.PUBLISHED
        ).select_related("cycle")
    }
    return _Shown(actors, projects, listings, events, items)


def _entries(shown: _Shown, matched: dict, cluster: Cluster, user) -> dict[str, list[Entry]]:
    actors = []
    for actor_id, hits in matched["actors"]:
        actor = shown.actors.get(actor_id)
        if actor is not None:
            url = shown.actor_url(cluster, actor)
            actors.append(Entry(actor.name, url, "; ".join(hits), actor.is_demo))
    actors.sort(key=lambda entry: (entry.title.casefold(), entry.url))
    projects = []
    for pk in matched["projects"]:
        project = shown.projects.get(pk)
        if project is not None:
            note = str(project.year_initiated or "")
            projects.append(Entry(project.title, project.get_absolute_url(), note, project.is_demo))
    listings = []
    for pk in matched["listings"]:
        listing = shown.listings.get(pk)
        if listing is not None:
            url = reverse_for_cluster(cluster, "matchmaking:listing-detail", args=[listing.pk])
            note = f"{listing.get_kind_display()} · {owner_label(user, listing)}"
            listings.append(Entry(listing.title, url, note, listing.is_demo))
    events = []
    for pk in matched["events"]:
        event = shown.events.get(pk)
        if event is not None:
            url = reverse_for_cluster(cluster, "events:detail", args=[event.slug])
            note = f"{event.get_format_display()} · {timezone.localtime(event.starts_at):%d.%m.%Y}"
            events.append(Entry(event.title, url, note, event.is_demo))
    items = []
    for pk in matched["foresight"]:
        item = shown.items.get(pk)
        if item is not None:
            url = reverse_for_cluster(cluster, "foresight:item", args=[item.cycle.slug, item.key])
            items.append(Entry(f"{item.key} {item.title}", url, item.cycle.title))
    return {
        "actors": actors,
        "projects": projects,
        "listings": listings,
        "events": events,
        "foresight": items,
    }


def _content(shown: _Shown, topic: CrossClusterTopic, matched: list[dict], user) -> TopicContent:
    sides = []
    for cluster, side_matches in zip((topic.cluster, topic.partner_cluster), matched, strict=True):
        side = ClusterSide(cluster)
        side.entries = _entries(shown, side_matches, cluster, user)
        sides.append(side)
    return TopicContent(topic, sides)


def _counted(topic: CrossClusterTopic, counted: list[dict], visible: set[int]) -> TopicContent:
    sides = []
    for cluster, side in zip((topic.cluster, topic.partner_cluster), counted, strict=True):
        counts = {kind: side[kind] for kind in KIND_KEYS if kind != "projects"}
        counts["projects"] = sum(1 for pk in side["projects"] if pk in visible)
        sides.append(ClusterSide(cluster, known_counts={k: counts[k] for k in KIND_KEYS}))
    return TopicContent(topic, sides)


def topic_contents(user, topics, *, entries: bool = True) -> list[TopicContent]:
    """The contents of `topics` (with `cluster` and `partner_cluster` loaded) for `user`, in
    the topics' order; a fixed number of queries however many topics there are. Without
    `entries` only the counts (the overview): nothing but the reader's visible projects is
    read besides the (cached) matches."""
    topics = list(topics)
    if not topics:
        return []
    cluster_ids = {t.cluster_id for t in topics} | {t.partner_cluster_id for t in topics}
    if not entries:
        counted = _match_counts(topics, cluster_ids)
        wanted = {pk for sides in counted.values() for side in sides for pk in side["projects"]}
        visible = set(
            visible_projects(user).filter(pk__in=sorted(wanted)).values_list("pk", flat=True)
        )
        return [_counted(topic, counted[topic.pk], visible) for topic in topics]
    matches = _matches(topics, cluster_ids)
    shown = _read_shown(user, matches)
    return [_content(shown, topic, matches[topic.pk], user) for topic in topics]


def topic_content(user, topic: CrossClusterTopic) -> TopicContent:
    return topic_contents(user, [topic])[0]
