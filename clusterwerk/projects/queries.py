"""Reads with rules for projects: visibility and the access funnel.

Pages and the API work for one cluster, the request's (`core.tenancy.request_cluster`):
lists, the funnel and the idea queue take it explicitly, and a project of another cluster is a
404 there, also for the managers of that other cluster.
"""

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404

from clusterwerk.accounts.permissions import (
    has_all_rights,
    is_authenticated,
    managed_cluster_ids,
    member_cluster_ids,
    represented_actor_ids,
)
from clusterwerk.actors.models import Visibility
from clusterwerk.core.models import Cluster
from clusterwerk.core.text import like_pattern, parse_query
from clusterwerk.masterplan.classify import (
    PRIMARY_VOTE,
    SECONDARY_VOTE,
    LabelledExample,
    LabelSource,
)
from clusterwerk.masterplan.models import number_sort_key
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.projects.models import (
    IdeaStatus,
    PartnerRole,
    Project,
    ProjectPartner,
    ProjectPhase,
    ProjectTopicArea,
)
from clusterwerk.projects.permissions import can_manage_projects


def project_visibility_condition(user) -> Q:
    """Which projects the user may see, as a filter on Project."""
    if has_all_rights(user):
        return Q()
    settled = ~Q(idea_status__in=[IdeaStatus.PROPOSED, IdeaStatus.DECLINED])
    condition = Q(visibility=Visibility.PUBLIC) & settled
    if not is_authenticated(user):
        return condition
    member_of = member_cluster_ids(user)
    if member_of:
        # Members-only projects: for the members of the project's cluster.
        condition |= Q(visibility=Visibility.MEMBERS, cluster_id__in=member_of) & settled
    condition |= Q(proposed_by=user)
    managed = managed_cluster_ids(user)
    if managed:
        condition |= Q(cluster_id__in=managed)
    represented = represented_actor_ids(user)
    if represented:
        condition |= Q(
            pk__in=Project.objects.filter(partners__actor_id__in=represented).values("pk")
        )
    return condition


def visible_projects(user) -> QuerySet[Project]:
    """The projects of every cluster that the user may see."""
    return Project.objects.filter(project_visibility_condition(user))


def cluster_projects(user, cluster: Cluster) -> QuerySet[Project]:
    """The projects of `cluster` that the user may see."""
    return visible_projects(user).filter(cluster=cluster)


def get_project_for_user(user, cluster: Cluster, pk: int, *, write: bool = False) -> Project:
    """The access funnel: 404 when the project is not one of `cluster` (the request's) or the
    user may not see it, 403 when `write` and the user does not manage the cluster."""
    try:
        project = (
            cluster_projects(user, cluster)
            .select_related("cluster", "funding_programme")
            .get(pk=pk)
        )
    except Project.DoesNotExist:
        raise Http404 from None
    if write and not can_manage_projects(user, project.cluster):
        raise PermissionDenied
    return project


# --- List and detail ------------------------------------------------------------------------

PAGE_SIZE = 25


@dataclass
class ProjectFilters:
    phase: str = ""
    year: int | None = None
    topic: str = ""
    programme: str = ""
    district: str = ""
    actor: int | None = None
    q: str = ""

    @classmethod
    def from_params(cls, params) -> "ProjectFilters":
        def integer(name):
            value = (params.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) <= 9 else None

        phase = params.get("phase") or ""
        return cls(
            phase=phase if phase in ProjectPhase.values else "",
            year=integer("year"),
            topic=(params.get("topic") or "").strip()[:20],
            programme=(params.get("programme") or "").strip()[:40],
            district=(params.get("district") or "").strip()[:5],
            actor=integer("actor"),
            q=(params.get("q") or "").strip()[:200],
        )

    def as_query(self) -> str:
        values = {key: value for key, value in self.__dict__.items() if value not in ("", None)}
        return urlencode(values)


def filtered_projects(user, cluster: Cluster, filters: ProjectFilters) -> QuerySet[Project]:
    projects = cluster_projects(user, cluster)
    catalogue = topic_catalogue(cluster)
    if filters.phase:
        projects = projects.filter(phase=filters.phase)
    if filters.year:
        projects = projects.filter(year_initiated=filters.year)
    if filters.topic:
        lineage = catalogue.lineage_by_number.get(filters.topic)
        projects = projects.filter(topics__lineage=lineage) if lineage else projects.none()
    if filters.programme:
        projects = projects.filter(funding_programme__key=filters.programme)
    if filters.district:
        projects = projects.filter(
            partners__role=PartnerRole.LEAD, partners__actor__district__ags=filters.district
        )
    if filters.actor:
        projects = projects.filter(partners__actor_id=filters.actor)
    for term in parse_query(filters.q)[:8]:
        condition = Q()
        for alternative in term.alternatives:
            part = Q()
            for needle in alternative:
                part &= Q(search_document__contains=like_pattern(needle))
            condition |= part
        projects = projects.filter(condition)
    return projects.distinct()


def project_page(user, cluster: Cluster, filters: ProjectFilters, page_number):
    projects = (
        filtered_projects(user, cluster, filters)
        .select_related("cluster", "funding_programme")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.select_related("actor__district").order_by(
                    "role", "actor__name"
                ),
            ),
            "topics",
        )
        .order_by("-year_initiated", "title", "pk")
    )
    return Paginator(projects, PAGE_SIZE).get_page(page_number)


def topic_numbers(project, catalogue) -> list[tuple[str, bool]]:
    """(number, is_primary) of a project's topics, primary first (uses prefetched rows)."""
    rows = [
        (catalogue.number_by_lineage[str(tag.lineage)], tag.is_primary)
        for tag in project.topics.all()
        if str(tag.lineage) in catalogue.number_by_lineage
    ]
    return sorted(rows, key=lambda row: (not row[1], number_sort_key(row[0])))


def _in_cluster(user, cluster: Cluster | None) -> QuerySet[Project]:
    return visible_projects(user) if cluster is None else cluster_projects(user, cluster)


def projects_for_topic_area(user, lineage, *, cluster: Cluster | None = None, limit: int = 10):
    """Visible projects tagged with a topic area (of `cluster` when given: pass the request's)."""
    projects = (
        _in_cluster(user, cluster)
        .filter(topics__lineage=lineage)
        .select_related("cluster")
        .distinct()
    )
    return list(projects.order_by("-year_initiated", "title")[:limit]), projects.count()


def projects_of_actor(user, actor, *, cluster: Cluster, limit: int = 20):
    """Visible projects of `cluster` (the request's) that an actor takes part in."""
    projects = (
        cluster_projects(user, cluster)
        .filter(partners__actor=actor)
        .select_related("cluster")
        .distinct()
    )
    return list(projects.order_by("-year_initiated", "title")[:limit]), projects.count()


def proposed_ideas(user, cluster: Cluster) -> QuerySet[Project]:
    """The cluster's proposed ideas, for its management (nobody else gets any)."""
    if not can_manage_projects(user, cluster):
        return Project.objects.none()
    return Project.objects.filter(cluster=cluster, idea_status=IdeaStatus.PROPOSED).select_related(
        "proposed_by", "cluster"
    )


# --- Labelled examples for the topic classifier (`masterplan.classify`) -------------------------


def labelled_examples(cluster, lineages: set[str]) -> list[LabelledExample]:
    """The cluster's projects tagged with topic areas of the edition, primary weighted higher."""
    votes: dict[int, dict[str, float]] = defaultdict(dict)
    rows = ProjectTopicArea.objects.filter(project__cluster=cluster).values_list(
        "project_id", "lineage", "is_primary"
    )
    for project_id, lineage, is_primary in rows:
        if str(lineage) in lineages:
            votes[project_id][str(lineage)] = PRIMARY_VOTE if is_primary else SECONDARY_VOTE
    texts = Project.objects.filter(pk__in=votes).values_list("pk", "title", "description")
    return [
        LabelledExample(key=pk, text=f"{title}. {description}", votes=votes[pk])
        for pk, title, description in sorted(texts)
    ]


def label_fingerprint(cluster) -> tuple:
    """Changes whenever a project's topic tags or texts change (one query)."""
    labels = ProjectTopicArea.objects.filter(project__cluster=cluster).aggregate(
        count=Count("id"),
        primary=Count("id", filter=Q(is_primary=True)),
        last=Max("id"),
        changed=Max("project__updated_at"),
    )
    return (labels["count"], labels["primary"], labels["last"], labels["changed"])


PROJECT_LABELS = LabelSource(
    name="projects", fingerprint=label_fingerprint, examples=labelled_examples
)
