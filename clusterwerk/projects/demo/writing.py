"""Writing the demo projects: load what the plans need (demo companies, science institutions,
other clusters, the topic catalogue, the funding programmes), plan, and hand the plans to the
projects' bulk service as the system user."""

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from clusterwerk.accounts.services import system_user
from clusterwerk.actors.models import SCIENCE_KINDS, Actor, ActorKind, ActorStatus
from clusterwerk.actors.queries import demo_actors
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.projects import services
from clusterwerk.projects.demo.figures import YearFigures, demo_project_figures
from clusterwerk.projects.demo.planning import plan_demo_projects
from clusterwerk.projects.demo.shape import expected_project_count
from clusterwerk.projects.demo.skeleton import ActorRef, ProjectPlan
from clusterwerk.projects.demo.vocabulary import PROGRAMME_WEIGHTS
from clusterwerk.projects.models import (
    AssignmentSource,
    FundingProgramme,
    Project,
    ProjectPartner,
    ProjectPhase,
    ProjectResults,
    SupportActivity,
)

LAST_IMPORTED_YEAR = 2016  # topic areas of projects up to this year came with an import


@dataclass
class DemoProjectsReport:
    expected: int
    created: int = 0
    deleted: int = 0
    skipped: bool = False
    seconds: float = 0.0
    total: int = 0
    partners: int = 0
    support_activities: int = 0
    success_stories: int = 0
    figures: dict[int, YearFigures] = field(default_factory=dict)


def demo_projects(cluster: Cluster | None = None):
    projects = Project.objects.filter(is_demo=True)
    return projects.filter(cluster=cluster) if cluster is not None else projects


def delete_demo_projects(cluster: Cluster | None = None) -> int:
    """Delete the demo projects of `cluster` (of all clusters: None), with partners, topics,
    history and results, as the system user."""
    return services.delete_demo_projects(user=system_user(), cluster=cluster)


@dataclass
class _Context:
    companies: list[ActorRef]
    science: list[ActorRef]
    clusters: dict[str, str]
    lineages: dict[str, str]
    programmes: set[str]

    @classmethod
    def load(cls, cluster: Cluster) -> "_Context":
        companies = [
            ActorRef(pk, kind, name)
            for pk, kind, name in demo_actors(cluster)
            .filter(kind__in=[ActorKind.COMPANY, ActorKind.CRAFT_BUSINESS])
            .exclude(status=ActorStatus.ARCHIVED)
            .order_by("external_id")
            .values_list("pk", "kind", "name")
        ]
        science = [
            ActorRef(pk, kind, name)
            for pk, kind, name in Actor.objects.filter(kind__in=SCIENCE_KINDS, is_demo=False)
            .exclude(status=ActorStatus.ARCHIVED)
            .order_by("slug")
            .values_list("pk", "kind", "name")
        ]
        others = Cluster.objects.exclude(pk=cluster.pk).order_by("slug")
        return cls(
            companies=companies,
            science=science,
            clusters={other.slug: other.name for other in others},
            lineages=topic_catalogue(cluster).lineage_by_number,
            programmes=set(FundingProgramme.objects.values_list("key", flat=True)),
        )


def generate_demo_projects(*, cluster: Cluster, seed: int = 2020) -> DemoProjectsReport:
    """Create the cluster's demo projects (see the package docstring).

    Idempotent: when the cluster has exactly the expected number of demo projects, nothing
    happens; otherwise its demo projects are deleted and generated anew. Needs the demo actors,
    the reference institutions and the funding programmes (`load_reference_data`)."""
    started = time.perf_counter()
    expected = expected_project_count()
    report = DemoProjectsReport(expected=expected)
    with transaction.atomic():
        if demo_projects(cluster).count() == expected:
            report.skipped = True
        else:
            context = _Context.load(cluster)
            missing = sorted(
                {key for weights in PROGRAMME_WEIGHTS.values() for key in weights}
                - context.programmes
            )
            if missing:
                raise ValueError(
                    "Förderprogramme fehlen (" + ", ".join(missing) + "): zuerst "
                    "python manage.py load_reference_data"
                )
            plans = plan_demo_projects(
                seed,
                companies=context.companies,
                science=context.science,
                clusters=context.clusters,
                topic_numbers=set(context.lineages),
            )
            user = system_user()
            report.deleted = services.delete_demo_projects(user=user, cluster=cluster)
            services.bulk_create_projects(
                user=user,
                cluster=cluster,
                records=[_record(plan, context.lineages) for plan in plans],
                is_demo=True,
            )
            report.created = len(plans)
    projects = demo_projects(cluster)
    report.total = projects.count()
    report.partners = ProjectPartner.objects.filter(project__in=projects).count()
    report.support_activities = SupportActivity.objects.filter(project__in=projects).count()
    report.success_stories = (
        ProjectResults.objects.filter(project__in=projects).exclude(success_story="").count()
    )
    report.figures = demo_project_figures(cluster)
    report.seconds = time.perf_counter() - started
    return report


def _record(plan: ProjectPlan, lineages: dict[str, str]) -> services.ProjectRecord:
    """A plan in the bulk service's format."""
    imported = (plan.year or 2020) <= LAST_IMPORTED_YEAR
    source = AssignmentSource.IMPORT if imported else AssignmentSource.MANUAL
    topics: Sequence[tuple[str, bool]] = ((plan.primary_topic, True), (plan.secondary_topic, False))
    return services.ProjectRecord(
        title=plan.title,
        acronym=plan.acronym,
        description=plan.description,
        phase=plan.phase,
        start_date=plan.start_date,
        end_date=plan.end_date,
        year_initiated=plan.year,
        is_rdi=plan.is_rdi,
        funding_programme=plan.programme if plan.phase != ProjectPhase.IDEA else "",
        total_volume=plan.total_volume,
        funding_amount=plan.funding_amount,
        regional_volume=plan.regional_volume,
        visibility=plan.visibility,
        partners=[(partner.actor.id, partner.role) for partner in plan.partners],
        partner_clusters=list(plan.partner_clusters),
        topics=[(lineages[number], primary, source) for number, primary in topics if number],
        phase_changes=list(plan.phase_changes),
        support=list(plan.support),
        results=plan.results,
    )
