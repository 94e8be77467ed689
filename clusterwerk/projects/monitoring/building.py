"""Building the report: the projects the reader may count, every section in its order, and the
sections contributed by the caller (what the projects cannot compute themselves)."""

from collections.abc import Callable, Sequence

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import TopicArea
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.projects.models import ACTIVE_PHASES, Project, ProjectPhase
from clusterwerk.projects.monitoring.figures import (
    consortium_section,
    cross_cluster_section,
    overview_section,
    project_figures,
    volume_section,
)
from clusterwerk.projects.monitoring.method import DEFINITIONS
from clusterwerk.projects.monitoring.report import (
    YEARS_IN_SERIES,
    Indicator,
    MonitoringReport,
    Section,
)
from clusterwerk.projects.monitoring.results import results_section, story_counts, success_stories
from clusterwerk.projects.monitoring.structure import (
    actor_sections,
    district_section,
    funding_sections,
)
from clusterwerk.projects.monitoring.topics import coverage_section, thematic_sections, topic_counts
from clusterwerk.projects.permissions import can_manage_projects
from clusterwerk.projects.queries import cluster_projects

# A builder of contributed sections: one section, or several that share their queries.
SectionBuilder = Callable[[Cluster, list[int]], Section | list[Section]]


def _contributed(builders: Sequence[SectionBuilder], cluster: Cluster, years: list[int]):
    for build in builders:
        built = build(cluster, years)
        yield from (built if isinstance(built, list | tuple) else [built])


def build_report(
    *,
    cluster: Cluster,
    year: int,
    user,
    full_access: bool = False,
    extra_sections: Sequence[SectionBuilder] = (),
) -> MonitoringReport:
    """The monitoring report of `cluster` for `year`.

    Every figure counts all projects of the cluster, whoever reads: confidentiality applies to
    listing a project, not to counting it. What names projects (the success stories) lists only
    the projects `user` may see; `full_access=True` (the command, for the management) lists all.
    `extra_sections`: builders of the sections the projects cannot compute themselves (the
    portal adds the Kooperationsbörse and the events); each is called with the cluster and the
    years of the series and returns a section or a list of sections, which follow the projects'
    own ones, before results and coverage.
    """
    years = list(range(year - YEARS_IN_SERIES + 1, year + 1))
    projects = Project.objects.filter(cluster=cluster)
    if full_access:
        listed = projects
        is_manager = True
    else:
        listed = cluster_projects(user, cluster)
        is_manager = user is not None and can_manage_projects(user, cluster)

    figures = project_figures(projects, years)
    edition = get_published_edition(cluster)
    topic_areas = (
        list(
            TopicArea.objects.filter(edition=edition)
            .select_related("key_point__action_field")
            .order_by("key_point__action_field__order", "key_point__order", "order")
        )
        if edition
        else []
    )
    counts = topic_counts(projects, years)
    results = results_section(projects, years)
    results.rows.append(
        Indicator(
            "success_stories",
            _("Erfolgsgeschichten"),
            story_counts(projects, years),
        )
    )
    sections = [
        overview_section(figures, years),
        volume_section(figures, years),
        *actor_sections(projects, years),
        *funding_sections(projects, years),
        consortium_section(figures, years),
        *thematic_sections(topic_areas, counts, figures, years),
        district_section(projects, years),
        cross_cluster_section(figures, years),
        *_contributed(extra_sections, cluster, years),
        results,
        coverage_section(topic_areas, counts, years),
    ]
    return MonitoringReport(
        cluster_slug=cluster.slug,
        cluster_name=cluster.name,
        year=year,
        years=years,
        edition_label=edition.label if edition else None,
        full_view=is_manager,
        sections=sections,
        success_stories=success_stories(listed, year),
        topic_area_total=len(topic_areas),
        method=[(str(term), str(text)) for term, text in DEFINITIONS],
    )


def new_projects_per_year(cluster: Cluster) -> dict[int, int]:
    """The newly initiated projects of every year of the cluster (all projects, as the report
    counts them): one query, for the list of reports."""
    rows = (
        Project.objects.filter(cluster=cluster, year_initiated__isnull=False)
        .filter(
            Q(phase__in=ACTIVE_PHASES) | Q(phase=ProjectPhase.CANCELLED, start_date__isnull=False)
        )
        .values("year_initiated")
        .annotate(projects=Count("pk"))
        .order_by()
    )
    return {row["year_initiated"]: row["projects"] for row in rows}
