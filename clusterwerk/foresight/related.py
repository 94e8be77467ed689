"""Items and the rest of the platform, both ways, by topic area (lineage).

- `related_for_item(item, user=None)`: for an item's fact sheet, its topic areas in the
  cluster's current published masterplan edition (number, title, link to the topic-area page)
  and what the cluster has on them: projects, events, open listings of the
  Kooperationsbörse and actors with a competence there – only what the viewer (anonymous when
  `user` is None) may see, through those apps' own queries. A constant number of queries.
- `items_for_topic(cluster, topic_lineage)`: for a topic-area page, the foresight items of the
  cluster's published cycles tagged with it – per item lineage the row of its latest
  published cycle (an item carried on shows once, as it stands now).
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef

from clusterwerk.actors.models import ActorStatus
from clusterwerk.actors.queries import topic_areas_by_lineage, visible_actors
from clusterwerk.events.models import EventStatus
from clusterwerk.events.queries import visible_events
from clusterwerk.foresight.models import Item, ItemTopicArea, Status
from clusterwerk.masterplan.models import number_sort_key
from clusterwerk.matchmaking.queries import open_listings
from clusterwerk.projects.queries import cluster_projects

LIMIT = 10


@dataclass(frozen=True)
class TopicRef:
    number: str
    title: str
    url: str
    lineage: str


@dataclass
class Related:
    topic_areas: list[TopicRef] = field(default_factory=list)
    projects: list = field(default_factory=list)
    events: list = field(default_factory=list)
    listings: list = field(default_factory=list)
    actors: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.topic_areas or self.projects or self.events or self.listings or self.actors
        )


def related_for_item(item: Item, user=None, *, limit: int = LIMIT) -> Related:
    user = user if user is not None else AnonymousUser()
    cluster = item.cycle.cluster
    lineages = {
        str(lineage) for lineage in item.topic_areas.values_list("topic_lineage", flat=True)
    }
    if not lineages:
        return Related()
    rows = topic_areas_by_lineage(lineages, cluster)
    topic_areas = sorted(
        (
            TopicRef(
                number=row.number, title=row.title, url=row.get_absolute_url(), lineage=lineage
            )
            for lineage, row in rows.items()
        ),
        key=lambda ref: number_sort_key(ref.number),
    )
    current = [ref.lineage for ref in topic_areas]
    if not current:
        return Related()
    projects = (
        cluster_projects(user, cluster)
        .filter(topics__lineage__in=current)
        .select_related("cluster")
        .distinct()
        .order_by("-year_initiated", "title")
    )
    events = (
        visible_events(user, cluster)
        .exclude(status=EventStatus.DRAFT)
        .filter(topics__lineage__in=current)
        .distinct()
        .order_by("-starts_at", "-pk")
    )
    listings = (
        open_listings(cluster)
        .filter(topics__lineage__in=current)
        .select_related("owner_actor")
        .distinct()
        .order_by("-created_at", "-pk")
    )
    actors = (
        visible_actors(user, cluster)
        .filter(status=ActorStatus.PUBLISHED, competences__topics__lineage__in=current)
        .distinct()
        .order_by("name", "pk")
    )
    return Related(
        topic_areas=topic_areas,
        projects=list(projects[:limit]),
        events=list(events[:limit]),
        listings=list(listings[:limit]),
        actors=list(actors[:limit]),
    )


def items_for_topic(cluster, topic_lineage) -> list[Item]:
    """Items of `cluster`'s published cycles whose latest published row is tagged with the
    topic area, by key. Two queries."""
    published = Item.objects.filter(cycle__cluster=cluster, cycle__status=Status.PUBLISHED)
    lineages = published.filter(topic_areas__topic_lineage=topic_lineage).values("lineage")
    rows = (
        published.filter(lineage__in=lineages)
        .annotate(
            tagged=Exists(
                ItemTopicArea.objects.filter(item=OuterRef("pk"), topic_lineage=topic_lineage)
            )
        )
        .select_related("cycle", "segment")
        .order_by("lineage", "-cycle__year", "-cycle__published_at", "-cycle_id")
    )
    latest: dict = {}
    for row in rows:
        latest.setdefault(row.lineage, row)
    return sorted((row for row in latest.values() if row.tagged), key=lambda row: row.key)
