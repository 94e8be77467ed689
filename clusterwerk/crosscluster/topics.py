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
(`topic_contents`), and matched in Python; the result is ordered deterministically.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterwerk.actors.models import ActorStatus, ClusterMembership, Competence
from clusterwerk.core.models import Cluster, CrossClusterTopic
from clusterwerk.core.tenancy import reverse_for_cluster
from clusterwerk.core.text import document_matches, index_terms, parse_query
from clusterwerk.events.models import Event, EventFormat, EventStatus
from clusterwerk.foresight.models import Item, Status
from clusterwerk.matchmaking.models import Listing, ListingStatus
from clusterwerk.matchmaking.queries import owner_label
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

    def matches(self, text: str, lineages=()) -> bool:
        if self.lineages and self.lineages & {str(lineage) for lineage in lineages}:
            return True
        if not self.keyword_terms or not text:
            return False
        document = index_terms(text)
        return any(document_matches(terms, document) for terms in self.keyword_terms)


# --- Reading the candidates (a fixed number of queries for any number of topics) ------------


@dataclass
class _World:
    """The candidates of the clusters involved, read once."""

    members: dict[int, set[int]]  # cluster id → published member actor ids
    competences: dict[int, list]  # actor id → [(label, text with keywords, lineages)]
    actors: dict[int, object]  # actor id → Actor
    projects: list  # (project, partner cluster ids, lineages)
    listings: list  # (listing, lineages)
    events: list  # (event, partner cluster ids, lineages)
    items: list  # (item, lineages), latest published cycle per item lineage


def _load(user, cluster_ids: set[int]) -> _World:
    memberships = ClusterMembership.objects.filter(
        cluster_id__in=cluster_ids, actor__status=ActorStatus.PUBLISHED
    ).values_list("cluster_id", "actor_id")
    members: dict[int, set[int]] = {pk: set() for pk in cluster_ids}
    for cluster_id, actor_id in memberships:
        members[cluster_id].add(actor_id)
    actor_ids = set().union(*members.values()) if members else set()
    competences: dict[int, list] = {}
    actors: dict[int, object] = {}
    for competence in (
        Competence.objects.filter(actor_id__in=actor_ids)
        .select_related("actor")
        .prefetch_related("topics")
        .order_by("actor_id", "order", "pk")
    ):
        actors[competence.actor_id] = competence.actor
        text = "\n".join([competence.text, ", ".join(map(str, competence.keywords or []))])
        lineages = {str(topic.lineage) for topic in competence.topics.all()}
        competences.setdefault(competence.actor_id, []).append((competence.text, text, lineages))

    projects = [
        (
            project,
            {cluster.pk for cluster in project.partner_clusters.all()},
            {str(topic.lineage) for topic in project.topics.all()},
        )
        for project in visible_projects(user)
        .filter(cluster_id__in=cluster_ids, is_cross_cluster=True)
        .select_related("cluster")
        .prefetch_related("partner_clusters", "topics")
        .order_by("-year_initiated", "title", "pk")
    ]
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
    return _World(members, competences, actors, projects, listings, events, items)


# --- Matching ---------------------------------------------------------------------------------


def _actor_entries(world: _World, rule: TopicRule, cluster: Cluster) -> list[Entry]:
    entries = []
    for actor_id in world.members.get(cluster.pk, ()):
        hits = [
            label
            for label, text, lineages in world.competences.get(actor_id, ())
            if rule.matches(text, lineages)
        ]
        if hits:
            actor = world.actors[actor_id]
            url = reverse_for_cluster(cluster, "portal:actor-profile", args=[actor.pk, actor.slug])
            entries.append(Entry(actor.name, url, "; ".join(hits), actor.is_demo))
    return sorted(entries, key=lambda entry: (entry.title.casefold(), entry.url))


def _project_entries(world: _World, rule: TopicRule, cluster: Cluster, other: Cluster):
    entries = []
    for project, partners, lineages in world.projects:
        if project.cluster_id != cluster.pk or other.pk not in partners:
            continue
        text = "\n".join([project.title, project.acronym, project.description])
        if rule.matches(text, lineages):
            note = str(project.year_initiated or "")
            entries.append(Entry(project.title, project.get_absolute_url(), note, project.is_demo))
    return entries


def _listing_entries(world: _World, rule: TopicRule, cluster: Cluster, user) -> list[Entry]:
    entries = []
    for listing, lineages in world.listings:
        if listing.cluster_id == cluster.pk and rule.matches(listing.match_text, lineages):
            url = reverse_for_cluster(cluster, "matchmaking:listing-detail", args=[listing.pk])
            note = f"{listing.get_kind_display()} · {owner_label(user, listing)}"
            entries.append(Entry(listing.title, url, note, listing.is_demo))
    return entries


def _event_entries(world: _World, rule: TopicRule, cluster: Cluster, other: Cluster):
    entries = []
    for event, partners, lineages in world.events:
        if event.cluster_id != cluster.pk:
            continue
        if other.pk not in partners and event.format != EventFormat.CROSS_CLUSTER_CAMP:
            continue
        if rule.matches(f"{event.title}\n{event.description}", lineages):
            url = reverse_for_cluster(cluster, "events:detail", args=[event.slug])
            note = f"{event.get_format_display()} · {timezone.localtime(event.starts_at):%d.%m.%Y}"
            entries.append(Entry(event.title, url, note, event.is_demo))
    return entries


def _item_entries(world: _World, rule: TopicRule, cluster: Cluster) -> list[Entry]:
    entries = []
    for item, lineages in world.items:
        if item.cycle.cluster_id != cluster.pk:
            continue
        text = "\n".join([item.title, item.description, ", ".join(map(str, item.tags or []))])
        if rule.matches(text, lineages):
            url = reverse_for_cluster(cluster, "foresight:item", args=[item.cycle.slug, item.key])
            entries.append(Entry(f"{item.key} {item.title}", url, item.cycle.title))
    return entries


def _content(world: _World, topic: CrossClusterTopic, user) -> TopicContent:
    rule = TopicRule(topic)
    sides = []
    for cluster, other in (
        (topic.cluster, topic.partner_cluster),
        (topic.partner_cluster, topic.cluster),
    ):
        side = ClusterSide(cluster)
        side.entries["actors"] = _actor_entries(world, rule, cluster)
        side.entries["projects"] = _project_entries(world, rule, cluster, other)
        side.entries["listings"] = _listing_entries(world, rule, cluster, user)
        side.entries["events"] = _event_entries(world, rule, cluster, other)
        side.entries["foresight"] = _item_entries(world, rule, cluster)
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
    return [_content(world, topic, user) for topic in topics]


def topic_content(user, topic: CrossClusterTopic) -> TopicContent:
    return topic_contents(user, [topic])[0]
