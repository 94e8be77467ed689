"""Cross Cluster in figures: the management's dashboard and the monitoring report's section
"Zusammenarbeit mit anderen Clustern" read the same numbers from `crosscluster_figures`.

Joint projects of a pair (this cluster × a partner cluster), per year
    Projects carried out in the year (the monitoring's definition,
    `projects.monitoring.carried_out_condition`) in which both take part: projects of this
    cluster with the partner among their partner clusters, and projects of the partner with
    this cluster among theirs (both directions). A project with two partner clusters counts
    for each pair.
Cross-cluster share
    This cluster's cross-cluster projects carried out in the year as a percentage of all its
    projects carried out – the figures of the monitoring's section "Cross-Cluster-Projekte"
    (`projects.monitoring.figures.project_figures`), so both say the same.
Cross-cluster events
    Held events of this cluster (the events section's definition, `events.reporting
    .held_events`) with a partner cluster or in the format Cross-Cluster-Camp, by the year of
    their beginning; per pair: those with the partner among their partner clusters.
Shared listings
    Listings of this cluster shown in the other clusters, by the year of their publication;
    "open now": published, not expired and shared today.

Counts only, no names, over all projects and events of the cluster: every reader of the
report sees the same figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterwerk.core.models import Cluster, CrossClusterTopic
from clusterwerk.events.models import Event, EventFormat
from clusterwerk.events.reporting import REPORT_ZONE, held_events
from clusterwerk.matchmaking.models import Listing, ListingStatus
from clusterwerk.projects.models import Project
from clusterwerk.projects.monitoring import Indicator, Section
from clusterwerk.projects.monitoring.conditions import (
    carried_out_condition,
    in_window,
    with_completion,
)
from clusterwerk.projects.monitoring.figures import project_figures
from clusterwerk.projects.monitoring.report import PERCENT, percent


@dataclass
class PartnerFigures:
    """The figures of one pair: this cluster × `cluster`, one value per year."""

    cluster: Cluster
    joint_projects: list[int]
    events: list[int]


@dataclass
class CrossClusterFigures:
    years: list[int]
    partners: list[PartnerFigures] = field(default_factory=list)
    carried_out: list[int] = field(default_factory=list)
    carried_out_cross_cluster: list[int] = field(default_factory=list)
    events: list[int] = field(default_factory=list)
    shared_listings_published: list[int] = field(default_factory=list)
    shared_listings_open: int = 0

    @property
    def shares(self) -> list[float | None]:
        return [
            percent(part, whole)
            for part, whole in zip(self.carried_out_cross_cluster, self.carried_out, strict=True)
        ]

    @property
    def joint_projects_total(self) -> list[int]:
        """Joint projects per year over all pairs (a project with two partners counts twice)."""
        return [sum(p.joint_projects[i] for p in self.partners) for i in range(len(self.years))]


def _joint_projects(cluster: Cluster, years: list[int]) -> dict[int, dict[int, int]]:
    """partner cluster id → year → joint projects carried out (both directions)."""
    involved = Project.objects.filter(
        Q(cluster=cluster, is_cross_cluster=True) | Q(partner_clusters=cluster)
    ).values("pk")
    projects = (
        with_completion(Project.objects.filter(pk__in=involved).filter(in_window(years)))
        .annotate(completed_on=Max("completion__changed_on"))
        .order_by()
    )
    carried_in = {
        year: set(projects.filter(carried_out_condition(year)).values_list("pk", flat=True))
        for year in years
    }
    ids = set().union(*carried_in.values())
    owners = dict(Project.objects.filter(pk__in=ids).values_list("pk", "cluster_id"))
    links = Project.partner_clusters.through.objects.filter(project_id__in=ids).values_list(
        "project_id", "cluster_id"
    )
    pairs: dict[int, set[int]] = {}  # project → partner clusters of the pair(s)
    for project_id, partner_id in links:
        owner = owners[project_id]
        if owner == cluster.pk and partner_id != cluster.pk:
            pairs.setdefault(project_id, set()).add(partner_id)
        elif partner_id == cluster.pk and owner != cluster.pk:
            pairs.setdefault(project_id, set()).add(owner)
    counts: dict[int, dict[int, int]] = {}
    for year, carried in carried_in.items():
        for project_id in carried:
            for partner_id in pairs.get(project_id, ()):
                by_year = counts.setdefault(partner_id, {})
                by_year[year] = by_year.get(year, 0) + 1
    return counts


def _events(cluster: Cluster, years: list[int]) -> tuple[dict[int, int], dict[int, dict]]:
    """Cross-cluster events per year, and per partner cluster id per year."""
    start = datetime.datetime(years[0], 1, 1, tzinfo=REPORT_ZONE)
    end = datetime.datetime(years[-1] + 1, 1, 1, tzinfo=REPORT_ZONE)
    held = held_events(cluster).filter(starts_at__gte=start, starts_at__lt=end)
    year_of = ExtractYear("starts_at", tzinfo=REPORT_ZONE)
    cross = held.filter(
        Q(format=EventFormat.CROSS_CLUSTER_CAMP)
        | Q(pk__in=Event.partner_clusters.through.objects.values("event_id"))
    )
    totals = {
        row["year"]: row["count"]
        for row in cross.annotate(year=year_of).values("year").annotate(count=Count("pk"))
    }
    per_partner: dict[int, dict[int, int]] = {}
    rows = (
        Event.partner_clusters.through.objects.filter(event__in=held.values("pk"))
        .annotate(year=ExtractYear("event__starts_at", tzinfo=REPORT_ZONE))
        .values("cluster_id", "year")
        .annotate(count=Count("event_id"))
        .order_by()
    )
    for row in rows:
        per_partner.setdefault(row["cluster_id"], {})[row["year"]] = row["count"]
    return totals, per_partner


def crosscluster_figures(cluster: Cluster, years: list[int]) -> CrossClusterFigures:
    """The figures of `cluster` for `years` (consecutive, oldest first); about a dozen
    queries whatever the number of projects, events and partners."""
    years = list(years)
    figures = CrossClusterFigures(years=years)
    joint = _joint_projects(cluster, years)
    event_totals, event_partners = _events(cluster, years)
    topic_partners = set(
        CrossClusterTopic.objects.filter(Q(cluster=cluster) | Q(partner_cluster=cluster))
        .values_list("cluster_id", "partner_cluster_id")
        .distinct()
        .order_by()
    )
    partner_ids = {pk for pair in topic_partners for pk in pair} | set(joint) | set(event_partners)
    partner_ids.discard(cluster.pk)
    for partner in Cluster.objects.filter(pk__in=partner_ids).order_by("name", "pk"):
        figures.partners.append(
            PartnerFigures(
                partner,
                [joint.get(partner.pk, {}).get(year, 0) for year in years],
                [event_partners.get(partner.pk, {}).get(year, 0) for year in years],
            )
        )
    projects = project_figures(Project.objects.filter(cluster=cluster), years)
    figures.carried_out = [projects[f"carried_out_{year}"] for year in years]
    figures.carried_out_cross_cluster = [
        projects[f"carried_out_cross_cluster_{year}"] for year in years
    ]
    figures.events = [event_totals.get(year, 0) for year in years]
    shared = Listing.objects.filter(cluster=cluster, shared_with_other_clusters=True)
    published = {
        row["year"]: row["count"]
        for row in shared.filter(published_at__isnull=False)
        .annotate(year=ExtractYear("published_at", tzinfo=REPORT_ZONE))
        .filter(year__in=years)
        .values("year")
        .annotate(count=Count("pk"))
        .order_by()
    }
    figures.shared_listings_published = [published.get(year, 0) for year in years]
    figures.shared_listings_open = shared.filter(
        status=ListingStatus.PUBLISHED, expires_on__gte=timezone.localdate()
    ).count()
    return figures


def crosscluster_sections(cluster: Cluster, years: list[int]) -> list[Section]:
    """The report's section "Zusammenarbeit mit anderen Clustern" (for
    `build_report(extra_sections=…)`): joint projects per partner cluster and year."""
    figures = crosscluster_figures(cluster, years)
    rows = [
        Indicator(
            f"joint_projects_{partner.cluster.slug}",
            _("Gemeinsame Projekte mit %(cluster)s") % {"cluster": partner.cluster.name},
            partner.joint_projects,
        )
        for partner in figures.partners
    ]
    rows += [
        Indicator("events", _("Cross-Cluster-Veranstaltungen"), figures.events),
        Indicator(
            "shared_listings", _("Inserate für andere Cluster"), figures.shared_listings_published
        ),
        Indicator(
            "carried_out_share",
            _("Anteil der Cross-Cluster-Projekte an den durchgeführten Projekten (%)"),
            figures.shares,
            PERCENT,
        ),
    ]
    return [
        Section(
            "cross_cluster_partners",
            _("Zusammenarbeit mit anderen Clustern"),
            _(
                "Je Partnercluster die gemeinsamen Projekte, die im Jahr durchgeführt wurden "
                "(in beiden Richtungen: Projekte dieses Clusters mit dem Partnercluster und "
                "Projekte des Partnerclusters mit diesem Cluster), dazu Cross-Cluster-"
                "Veranstaltungen, Inserate, die auch in anderen Clustern gezeigt werden, und "
                "der Anteil der Cross-Cluster-Projekte."
            ),
            rows,
        )
    ]


CROSSCLUSTER_DEFINITION = (
    gettext_lazy("Zusammenarbeit mit anderen Clustern"),
    gettext_lazy(
        "Gemeinsame Projekte eines Clusterpaares sind im Jahr durchgeführte Projekte, an "
        "denen beide Cluster beteiligt sind: Projekte dieses Clusters mit dem Partnercluster "
        "und Projekte des Partnerclusters mit diesem Cluster. Ein Projekt mit zwei "
        "Partnerclustern zählt bei beiden. Der Anteil der Cross-Cluster-Projekte ist derselbe "
        "wie im Abschnitt Cross-Cluster-Projekte. Cross-Cluster-Veranstaltungen sind "
        "durchgeführte Veranstaltungen mit einem Partnercluster oder Cross-Cluster-Camps, im "
        "Jahr ihres Beginns; Inserate für andere Cluster zählen im Jahr ihrer "
        "Veröffentlichung. Es sind Summen ohne Namen."
    ),
)
