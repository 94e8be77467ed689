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
is the expensive part (every topic against every text), so its result – primary keys only,
the same for every reader – is cached under the data versions of every cluster involved
(`MATCH_AREAS`) and the topics' own keywords and topic areas; what the reader may see (the
projects) is applied afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

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

    @property
    def counts(self) -> dict[str, int]:
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
            document = index_terms(text)
        else:
            document = documents.get(text)
            if document is None:
                document = documents[text] = index_terms(text)
        return any(document_matches(terms, document) for terms in self.keyword_terms)


# --- Reading the candidates (a fixed number of queries for any number of topics) ------------


class _ActorRow(NamedTuple):
    pk: int
    name: str
    slug: str
    is_demo: bool


@dataclass
class _World:
    """The candidates of the clusters involved, read once."""

    members: dict[int, set[int]]  # cluster id → published member actor ids
    competences: dict[int, list]  # actor id → [(label, text with keywords, lineages)]
    actors: dict[int, _ActorRow]  # actor id → its name and address parts
    projects: list  # (project, partner cluster ids, lineages) – all, whoever reads
    visible_project_ids: set  # those the reader may see
    listings: list  # (listing, lineages)
    events: list  # (event, partner cluster ids, lineages)
    items: list  # (item, lineages), latest published cycle per item lineage
    documents: dict = field(default_factory=dict)  # text → its analysed terms, for all topics
    _by_pk: dict = field(default_factory=dict)
    _urls: dict = field(default_factory=dict)

    def actor_url(self, cluster: Cluster, actor: _ActorRow) -> str:
        """An actor's profile in `cluster`, built once per page (an actor is on many topics)."""
        key = (cluster.pk, actor.pk)
        if key not in self._urls:
            self._urls[key] = reverse_for_cluster(
                cluster, "portal:actor-profile", args=[actor.pk, actor.slug]
            )
        return self._urls[key]

    def by_pk(self, kind: str) -> dict:
        """primary key → object of `projects`, `listings`, `events` or `items`."""
        if kind not in self._by_pk:
            self._by_pk[kind] = {row[0].pk: row[0] for row in getattr(self, kind)}
        return self._by_pk[kind]


def _load(user, cluster_ids: set[int]) -> _World:
    memberships = ClusterMembership.objects.filter(
        cluster_id__in=cluster_ids, actor__status=ActorStatus.PUBLISHED
    ).values_list("cluster_id", "actor_id")
    members: dict[int, set[int]] = {pk: set() for pk in cluster_ids}
    for cluster_id, actor_id in memberships:
        members[cluster_id].add(actor_id)
    actor_ids = set().union(*members.values()) if members else set()
    # Plain rows, no model instances: a page reads every competence of both clusters.
    competence_rows = (
        Competence.objects.filter(actor_id__in=actor_ids)
        .order_by("actor_id", "order", "pk")
        .values_list("pk", "actor_id", "text", "keywords")
    )
    tags: dict[int, set[str]] = {}
    for competence_id, lineage in CompetenceTopicArea.objects.filter(
        competence__actor_id__in=actor_ids
    ).values_list("competence_id", "lineage"):
        tags.setdefault(competence_id, set()).add(str(lineage))
    competences: dict[int, list] = {}
    for competence_id, actor_id, label, keywords in competence_rows:
        text = "\n".join([label, ", ".join(map(str, keywords or []))])
        competences.setdefault(actor_id, []).append((label, text, tags.get(competence_id, set())))
    actors = {
        row.pk: row
        for row in (
            _ActorRow(*values)
            for values in Actor.objects.filter(pk__in=list(competences)).values_list(
                "pk", "name", "slug", "is_demo"
            )
        )
    }

    candidates = Project.objects.filter(cluster_id__in=cluster_ids, is_cross_cluster=True)
    projects = [
        (
            project,
            {cluster.pk for cluster in project.partner_clusters.all()},
            {str(topic.lineage) for topic in project.topics.all()},
        )
        for project in candidates.select_related("cluster")
        .prefetch_related("partner_clusters", "topics")
        .order_by("-year_initiated", "title", "pk")
    ]
    visible_project_ids = set(
        visible_projects(user).filter(pk__in=candidates.values("pk")).values_list("pk", flat=True)
    )
    listings = [
        (listing, {str(topic.lineage) for topic in listing.topics.all()})
        for listing in Listing.objects.filter(
            Q(shared_with_other_clusters=True) | Q(cross_cluster=True),
            cluster_id__in=cluster_ids,
            status=ListingStatus.PUBLISHED,
            expires_on__gte=timezone.localdate(),
        )
        .select_related("cluster", "owner_actor")
        .prefetch_related("topics")
        .order_by("-published_at", "-pk")
    ]
    event_rows = (
        Event.objects.filter(
            cluster_id__in=cluster_ids, is_public=True, status__in=SHOWN_EVENT_STATUSES
        )
        .filter(
            pk__in=Event.objects.filter(
                Q(format=EventFormat.CROSS_CLUSTER_CAMP) | Q(partner_clusters__isnull=False)
            ).values("pk")
        )
        .select_related("cluster")
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
        .select_related("cycle", "cycle__cluster")
        .prefetch_related("topic_areas")
        .order_by("-cycle__year", "-cycle__pk", "key", "pk")
    ):
        if (item.cycle.cluster_id, item.lineage) in seen:
            continue
        seen.add((item.cycle.cluster_id, item.lineage))
        items.append((item, {str(area.topic_lineage) for area in item.topic_areas.all()}))
    return _World(
        members, competences, actors, projects, visible_project_ids, listings, events, items
    )


# --- Matching: the expensive part, cached per data version -----------------------------------

# The data a topic's matches are made of, in every cluster involved; a change in any of them
# (or in a topic's keywords and topic areas, which are part of the key) makes a new match.
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
    for actor_id in sorted(world.members.get(cluster_id, ())):
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


def _matches(world: _World, topics: list, cluster_ids: set[int]) -> dict[int, list[dict]]:
    """topic pk → [matches of topic.cluster, matches of the partner cluster], from the cache
    when no data of the clusters involved and no topic changed since."""

    def compute():
        return {
            topic.pk: [
                _side_matches(world, TopicRule(topic), cluster_id, other_id)
                for cluster_id, other_id in _pairs(topic)
            ]
            for topic in topics
        }

    parts = []
    for cluster_id in sorted(cluster_ids):
        current = versions.versions(cluster_id, MATCH_AREAS)
        parts.append(f"{cluster_id}:" + ",".join(f"{a}={current[a]}" for a in sorted(current)))
    for topic in topics:
        rule = (sorted(map(str, topic.topic_lineages or [])), list(topic.keywords or []))
        parts.append(f"{topic.pk}:{rule}")
    anchor = min(cluster_ids)
    return versions.get_or_set("crosscluster-matches", anchor, (), compute, *parts)


# --- Entries for the reader ----------------------------------------------------------------


def _entries(world: _World, matched: dict, cluster: Cluster, user) -> dict[str, list[Entry]]:
    actors = []
    for actor_id, hits in matched["actors"]:
        actor = world.actors.get(actor_id)
        if actor is not None:
            url = world.actor_url(cluster, actor)
            actors.append(Entry(actor.name, url, "; ".join(hits), actor.is_demo))
    actors.sort(key=lambda entry: (entry.title.casefold(), entry.url))
    projects = []
    for pk in matched["projects"]:
        project = world.by_pk("projects").get(pk)
        if project is not None and pk in world.visible_project_ids:
            note = str(project.year_initiated or "")
            projects.append(Entry(project.title, project.get_absolute_url(), note, project.is_demo))
    listings = []
    for pk in matched["listings"]:
        listing = world.by_pk("listings").get(pk)
        if listing is not None:
            url = reverse_for_cluster(cluster, "matchmaking:listing-detail", args=[listing.pk])
            note = f"{listing.get_kind_display()} · {owner_label(user, listing)}"
            listings.append(Entry(listing.title, url, note, listing.is_demo))
    events = []
    for pk in matched["events"]:
        event = world.by_pk("events").get(pk)
        if event is not None:
            url = reverse_for_cluster(cluster, "events:detail", args=[event.slug])
            note = f"{event.get_format_display()} · {timezone.localtime(event.starts_at):%d.%m.%Y}"
            events.append(Entry(event.title, url, note, event.is_demo))
    items = []
    for pk in matched["foresight"]:
        item = world.by_pk("items").get(pk)
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


def _content(world: _World, topic: CrossClusterTopic, matched: list[dict], user) -> TopicContent:
    sides = []
    for cluster, side_matches in zip((topic.cluster, topic.partner_cluster), matched, strict=True):
        side = ClusterSide(cluster)
        side.entries = _entries(world, side_matches, cluster, user)
        sides.append(side)
    return TopicContent(topic, sides)


def topic_contents(user, topics) -> list[TopicContent]:
    """The contents of `topics` (with `cluster` and `partner_cluster` loaded) for `user`, in
    the topics' order; a fixed number of queries however many topics there are."""
    topics = list(topics)
    if not topics:
        return []
    cluster_ids = {t.cluster_id for t in topics} | {t.partner_cluster_id for t in topics}
    world = _load(user, cluster_ids)
    matches = _matches(world, topics, cluster_ids)
    return [_content(world, topic, matches[topic.pk], user) for topic in topics]


def topic_content(user, topic: CrossClusterTopic) -> TopicContent:
    return topic_contents(user, [topic])[0]
