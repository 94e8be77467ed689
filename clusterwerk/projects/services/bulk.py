"""Many projects at once, for generated data (the demo projects): one `bulk_create` per table
instead of a service call per project.

The records are trusted plain values (the generator has planned them consistently); the
service checks the permission, resolves programme keys, cluster slugs and actors, derives the
flags from the partners with the one rule of `derived_flags`, and records every project as
created by `user` in the history.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import has_all_rights
from clusterwerk.actors.models import Actor
from clusterwerk.core import versions
from clusterwerk.core.models import Cluster
from clusterwerk.core.text import build_search_document
from clusterwerk.core.versions import changes
from clusterwerk.projects.models import (
    FundingProgramme,
    PartnerRole,
    PhaseChange,
    Project,
    ProjectHistory,
    ProjectHistoryAction,
    ProjectPartner,
    ProjectResults,
    ProjectTopicArea,
    SupportActivity,
)
from clusterwerk.projects.permissions import can_manage_projects
from clusterwerk.projects.services.projects import derived_flags

BATCH_SIZE = 500


@dataclass
class ProjectRecord:
    """One project with everything that belongs to it, as stored values."""

    title: str
    phase: str
    acronym: str = ""
    description: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    year_initiated: int | None = None
    is_rdi: bool = False
    funding_programme: str = ""  # key; "" for none
    total_volume: Decimal | None = None
    funding_amount: Decimal | None = None
    regional_volume: Decimal | None = None
    visibility: str = ""
    partners: list[tuple[int, str]] = field(default_factory=list)  # (actor id, role)
    partner_clusters: list[str] = field(default_factory=list)  # slugs of other clusters
    topics: list[tuple[str, bool, str]] = field(default_factory=list)  # lineage, primary, by
    phase_changes: list[tuple[str, str, datetime.date]] = field(default_factory=list)
    support: list[tuple[datetime.date, str, str]] = field(default_factory=list)  # date, kind, text
    results: dict | None = None  # ProjectResults fields


@changes(versions.PROJECTS)
@transaction.atomic
def bulk_create_projects(
    *, user, cluster: Cluster, records: Sequence[ProjectRecord], is_demo: bool = False
) -> list[Project]:
    """Create the projects of `records` in `cluster`, in their order."""
    if not can_manage_projects(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement legt Projekte an."))
    programmes = dict(FundingProgramme.objects.values_list("key", "pk"))
    cluster_ids = dict(Cluster.objects.exclude(pk=cluster.pk).values_list("slug", "pk"))
    kinds = dict(
        Actor.objects.filter(
            pk__in={actor for record in records for actor, _role in record.partners}
        ).values_list("pk", "kind")
    )
    _check(records, programmes, cluster_ids, kinds)
    projects = [
        _project(record, cluster, user, programmes, kinds, is_demo=is_demo) for record in records
    ]
    Project.objects.bulk_create(projects, batch_size=BATCH_SIZE)

    partners, clusters, topics, changes, support, results = [], [], [], [], [], []
    through = Project.partner_clusters.through
    for record, project in zip(records, projects, strict=True):
        partners += [
            ProjectPartner(project=project, actor_id=actor, role=role)
            for actor, role in record.partners
        ]
        clusters += [
            through(project_id=project.pk, cluster_id=cluster_ids[slug])
            for slug in record.partner_clusters
        ]
        topics += [
            ProjectTopicArea(project=project, lineage=lineage, is_primary=primary, assigned_by=by)
            for lineage, primary, by in record.topics
        ]
        changes += [
            PhaseChange(
                project=project, from_phase=before, to_phase=after, changed_on=day, user=user
            )
            for before, after, day in record.phase_changes
        ]
        support += [
            SupportActivity(project=project, date=day, kind=kind, description=text, user=user)
            for day, kind, text in record.support
        ]
        if record.results is not None:
            results.append(ProjectResults(project=project, **record.results))
    ProjectPartner.objects.bulk_create(partners, batch_size=BATCH_SIZE)
    through.objects.bulk_create(clusters, batch_size=BATCH_SIZE)
    ProjectTopicArea.objects.bulk_create(topics, batch_size=BATCH_SIZE)
    PhaseChange.objects.bulk_create(changes, batch_size=BATCH_SIZE)
    SupportActivity.objects.bulk_create(support, batch_size=BATCH_SIZE)
    ProjectResults.objects.bulk_create(results, batch_size=BATCH_SIZE)
    ProjectHistory.objects.bulk_create(
        (
            ProjectHistory(project=project, user=user, action=ProjectHistoryAction.CREATED)
            for project in projects
        ),
        batch_size=BATCH_SIZE,
    )
    return projects


def _check(records, programmes: dict, cluster_ids: dict, kinds: dict) -> None:
    """Refuse records that point at programmes, clusters or actors that do not exist."""
    unknown = {
        "funding_programme": {r.funding_programme for r in records} - {""} - set(programmes),
        "partner_clusters": {s for r in records for s in r.partner_clusters} - set(cluster_ids),
        "partners": {a for r in records for a, _role in r.partners} - set(kinds),
    }
    errors = {
        key: _("Unbekannt: %(values)s.") % {"values": ", ".join(sorted(map(str, values)))}
        for key, values in unknown.items()
        if values
    }
    if errors:
        raise ValidationError(errors)


def _project(record, cluster, user, programmes, kinds, *, is_demo: bool) -> Project:
    partner_kinds = [
        kinds[actor] for actor, role in record.partners if role != PartnerRole.SUBCONTRACTOR
    ]
    return Project(
        cluster=cluster,
        title=record.title,
        acronym=record.acronym,
        description=record.description,
        phase=record.phase,
        start_date=record.start_date,
        end_date=record.end_date,
        year_initiated=record.year_initiated,
        is_rdi=record.is_rdi,
        funding_programme_id=programmes.get(record.funding_programme),
        total_volume=record.total_volume,
        funding_amount=record.funding_amount,
        regional_volume=record.regional_volume,
        **({"visibility": record.visibility} if record.visibility else {}),
        is_demo=is_demo,
        created_by=user,
        search_document=build_search_document(record.title, record.acronym, record.description),
        **derived_flags(partner_kinds=partner_kinds, foreign_cluster=bool(record.partner_clusters)),
    )


@changes(versions.PROJECTS)
@transaction.atomic
def delete_demo_projects(*, user, cluster: Cluster | None = None) -> int:
    """Delete the demo projects of `cluster` (of every cluster: None, for the system only) with
    their partners, topics, history and results. Real projects are never touched."""
    if cluster is None:
        if not has_all_rights(user):
            raise PermissionDenied(_("Demo-Projekte aller Cluster löscht nur das System."))
    elif not can_manage_projects(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement löscht Demo-Projekte."))
    projects = Project.objects.filter(is_demo=True)
    if cluster is not None:
        projects = projects.filter(cluster=cluster)
    count = projects.count()
    if count:
        projects.delete()
    return count
