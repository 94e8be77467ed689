"""The writes of a project's life: create and edit (managers), phases, support, results, and
ideas (members propose, managers decide). Keyword-only, permission-checked, in a transaction;
German errors keyed by field (the data format is in `services/__init__.py`)."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clusterwerk.actors.models import SCIENCE_KINDS, Visibility
from clusterwerk.core import validation, versions
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.models import Cluster
from clusterwerk.core.text import build_search_document
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue
from clusterwerk.projects.models import (
    AssignmentSource,
    IdeaStatus,
    PartnerRole,
    PhaseChange,
    Project,
    ProjectHistory,
    ProjectHistoryAction,
    ProjectPartner,
    ProjectPhase,
    ProjectResults,
    ProjectTopicArea,
    SupportActivity,
    SupportKind,
)
from clusterwerk.projects.permissions import can_manage_projects, can_propose_ideas
from clusterwerk.projects.services.validation import SCALAR_FIELDS, clean_project

RESULT_COUNTS = ("new_products", "new_processes", "patents", "jobs_created", "follow_up_projects")
MAX_RESULT_COUNT = 1_000_000


def project_edit_conflict(project: Project) -> EditConflict:
    """Somebody saved the project since the form was loaded; nothing was overwritten. Only
    managers of the cluster get this far, so they may see all of the stored data."""
    return EditConflict(
        _(
            "Das Projekt „%(project)s“ wurde inzwischen geändert. Ihre Änderungen wurden "
            "nicht gespeichert; bitte laden Sie den aktuellen Stand und übernehmen Sie sie "
            "erneut."
        )
        % {"project": project.title},
        obj=project,
        version=project.version,
        current=lambda _viewer: project_data(project),
    )


def project_data(project: Project) -> dict:
    """The project as stored now, in the services' data format (for the 409 body)."""
    project = (
        Project.objects.filter(pk=project.pk)
        .select_related("cluster", "funding_programme")
        .prefetch_related(
            Prefetch("partners", queryset=ProjectPartner.objects.order_by("role", "pk")),
            Prefetch("topics", queryset=ProjectTopicArea.objects.order_by("-is_primary", "pk")),
            "partner_clusters",
        )
        .get()
    )
    catalogue = topic_catalogue(project.cluster)
    topics = list(project.topics.all())
    numbers = [catalogue.number_by_lineage.get(str(topic.lineage)) for topic in topics]
    primary = [number for topic, number in zip(topics, numbers, strict=True) if topic.is_primary]
    return {
        "title": project.title,
        "acronym": project.acronym,
        "description": project.description,
        "phase": project.phase,
        "start_date": project.start_date.isoformat() if project.start_date else None,
        "end_date": project.end_date.isoformat() if project.end_date else None,
        "year_initiated": project.year_initiated,
        "is_rdi": project.is_rdi,
        "funding_programme": project.funding_programme.key if project.funding_programme else None,
        **{
            name: str(getattr(project, name)) if getattr(project, name) is not None else None
            for name in ("total_volume", "funding_amount", "regional_volume")
        },
        "visibility": project.visibility,
        "partner_clusters": sorted(cluster.slug for cluster in project.partner_clusters.all()),
        "partners": [
            {"actor": partner.actor_id, "role": partner.role} for partner in project.partners.all()
        ],
        "topics": {
            "primary": primary[0] if primary and primary[0] else "",
            "secondary": [
                number
                for topic, number in zip(topics, numbers, strict=True)
                if number and not topic.is_primary
            ],
            "assigned_by": topics[0].assigned_by if topics else "manual",
        },
    }


# --- Writes ---------------------------------------------------------------------------------


@changes(versions.PROJECTS)
@transaction.atomic
def create_project(*, user, cluster: Cluster, data: dict) -> Project:
    if not can_manage_projects(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement legt Projekte an."))
    cleaned = clean_project(data, catalogue=topic_catalogue(cluster))
    project = Project(cluster=cluster, created_by=user)
    _write(project, cleaned, topic_catalogue(cluster), user=user)
    _record(project, user, ProjectHistoryAction.CREATED)
    return project


@changes(versions.PROJECTS)
@transaction.atomic
def update_project(*, project: Project, user, expected_version: int, data: dict) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not can_manage_projects(user, project.cluster):
        raise PermissionDenied(_("Nur das Clustermanagement bearbeitet Projekte."))
    if project.version != expected_version:
        raise project_edit_conflict(project)
    cleaned = clean_project(data, catalogue=topic_catalogue(project.cluster), partial=True)
    cleaned.pop("phase", None)  # phases change through change_phase (dated history)
    _write(project, cleaned, topic_catalogue(project.cluster), user=user)
    _record(project, user, ProjectHistoryAction.UPDATED, {"fields": sorted(cleaned)})
    return project


def _write(project: Project, cleaned: dict, catalogue: TopicCatalogue, *, user) -> None:
    new = project.pk is None
    for key in SCALAR_FIELDS:
        if key in cleaned:
            setattr(project, key, cleaned[key])
    if project.phase != ProjectPhase.IDEA and project.year_initiated is None:
        project.year_initiated = (project.start_date or timezone.localdate()).year
    project.search_document = build_search_document(
        project.title, project.acronym, project.description
    )
    if not new:
        project.version = F("version") + 1
    project.save()
    project.refresh_from_db()
    if new:
        PhaseChange.objects.create(
            project=project, to_phase=project.phase, changed_on=timezone.localdate(), user=user
        )
    if "partner_clusters" in cleaned:
        project.partner_clusters.set(cleaned["partner_clusters"])
    if "partners" in cleaned:
        project.partners.all().delete()
        ProjectPartner.objects.bulk_create(
            ProjectPartner(project=project, actor=actor, role=role)
            for actor, role in cleaned["partners"]
        )
    if "topics" in cleaned:
        set_topics(project, cleaned["topics"], catalogue)
    refresh_derived_flags(project)


def set_topics(project: Project, topics: dict, catalogue: TopicCatalogue) -> None:
    """Make the project's topics (numbers of `catalogue`) those of `topics`. A topic that stays
    keeps its row: who assigned it and the suggestion's score. Topics outside `catalogue`
    (areas of earlier editions, which nobody can pick any more) stay too; they only give up
    the primary flag to a new primary topic."""
    wanted = {}
    if topics.get("primary"):
        wanted[uuid.UUID(catalogue.lineage_by_number[topics["primary"]])] = True
    for number in topics.get("secondary", []):
        wanted.setdefault(uuid.UUID(catalogue.lineage_by_number[number]), False)
    selectable = [uuid.UUID(lineage) for lineage in catalogue.lineage_by_number.values()]
    existing = {row.lineage: row for row in project.topics.all()}
    project.topics.filter(lineage__in=selectable).exclude(lineage__in=list(wanted)).delete()
    primary = next((lineage for lineage, is_primary in wanted.items() if is_primary), None)
    demoted = project.topics.filter(is_primary=True).exclude(lineage=primary)
    if primary is None:
        demoted = demoted.filter(lineage__in=selectable)
    demoted.update(is_primary=False)
    if primary in existing and not existing[primary].is_primary:
        project.topics.filter(lineage=primary).update(is_primary=True)
    ProjectTopicArea.objects.bulk_create(
        ProjectTopicArea(
            project=project,
            lineage=lineage,
            is_primary=is_primary,
            assigned_by=topics.get("assigned_by", AssignmentSource.MANUAL),
        )
        for lineage, is_primary in wanted.items()
        if lineage not in existing
    )


def derived_flags(*, partner_kinds: list[str], foreign_cluster: bool) -> dict[str, bool]:
    """Verbundprojekt: two or more partners; mit Wissenschaft: a joint project with a university
    or research institute; Cross-Cluster: another cluster takes part."""
    joint = len(partner_kinds) >= 2
    return {
        "is_joint": joint,
        "with_science": joint and any(kind in SCIENCE_KINDS for kind in partner_kinds),
        "is_cross_cluster": foreign_cluster,
    }


def refresh_derived_flags(project: Project) -> None:
    partners = list(
        project.partners.exclude(role=PartnerRole.SUBCONTRACTOR).values_list(
            "actor__kind", flat=True
        )
    )
    foreign = project.partner_clusters.exclude(pk=project.cluster_id).exists()
    flags = derived_flags(partner_kinds=partners, foreign_cluster=foreign)
    Project.objects.filter(pk=project.pk).update(**flags)
    for name, value in flags.items():
        setattr(project, name, value)


@changes(versions.PROJECTS)
@transaction.atomic
def change_phase(
    *, project: Project, user, to_phase: str, changed_on: datetime.date | None = None, note=""
) -> PhaseChange:
    if not can_manage_projects(user, project.cluster):
        raise PermissionDenied(_("Nur das Clustermanagement ändert die Projektphase."))
    if to_phase not in ProjectPhase.values:
        raise ValidationError({"to_phase": _("Unbekannte Phase.")})
    if to_phase == project.phase:
        raise ValidationError({"to_phase": _("Das Projekt ist bereits in dieser Phase.")})
    changed_on = changed_on or timezone.localdate()
    last = project.phase_changes.order_by("-changed_on", "-id").first()
    if last and changed_on < last.changed_on:
        raise ValidationError(
            {
                "changed_on": _("Das Datum liegt vor dem letzten Phasenwechsel (%(date)s).")
                % {"date": date_format(last.changed_on, "SHORT_DATE_FORMAT")}
            }
        )
    change = PhaseChange.objects.create(
        project=project,
        from_phase=project.phase,
        to_phase=to_phase,
        changed_on=changed_on,
        note=(note or "")[:300],
        user=user,
    )
    project.phase = to_phase
    if project.year_initiated is None and to_phase != ProjectPhase.IDEA:
        project.year_initiated = changed_on.year
    project.version = F("version") + 1
    project.save(update_fields=["phase", "year_initiated", "version", "updated_at"])
    project.refresh_from_db()
    _record(project, user, ProjectHistoryAction.PHASE, {"from": change.from_phase, "to": to_phase})
    return change


@changes(versions.PROJECTS)
@transaction.atomic
def add_support_activity(*, project, user, date, kind: str, description: str = ""):
    if not can_manage_projects(user, project.cluster):
        raise PermissionDenied(_("Nur das Clustermanagement erfasst Unterstützungsleistungen."))
    if kind not in SupportKind.values:
        raise ValidationError({"kind": _("Unbekannte Art der Unterstützung.")})
    return SupportActivity.objects.create(
        project=project, user=user, date=date, kind=kind, description=(description or "")[:500]
    )


@changes(versions.PROJECTS)
@transaction.atomic
def set_results(*, project, user, values: dict) -> ProjectResults:
    if not can_manage_projects(user, project.cluster):
        raise PermissionDenied(_("Nur das Clustermanagement erfasst Ergebnisse."))
    errors = PayloadErrors()
    counts = {
        name: validation.integer(values[name], name, errors, maximum=MAX_RESULT_COUNT) or 0
        for name in RESULT_COUNTS
        if name in values
    }
    errors.raise_if_any()
    results, _created = ProjectResults.objects.get_or_create(project=project)
    for name, number in counts.items():
        setattr(results, name, number)
    if "success_story" in values:
        results.success_story = (values["success_story"] or "").strip()[:10_000]
    results.reported_on = timezone.localdate()
    results.save()
    return results


# --- Ideas ----------------------------------------------------------------------------------


@changes(versions.PROJECTS)
@transaction.atomic
def propose_idea(*, user, cluster: Cluster, data: dict) -> Project:
    """A member proposes a project idea; only the cluster management and the proposer see it."""
    if not can_propose_ideas(user, cluster):
        raise PermissionDenied(_("Projektideen können angemeldete Clustermitglieder vorschlagen."))
    allowed = {key: data[key] for key in ("title", "description", "topics") if key in data}
    cleaned = clean_project(
        {**allowed, "partners": [], "phase": ProjectPhase.IDEA},
        catalogue=topic_catalogue(cluster),
        partial=True,
    )
    project = Project(
        cluster=cluster,
        phase=ProjectPhase.IDEA,
        idea_status=IdeaStatus.PROPOSED,
        visibility=Visibility.CLUSTER_MANAGEMENT,
        proposed_by=user,
        created_by=user,
    )
    _write(project, cleaned, topic_catalogue(cluster), user=user)
    _record(project, user, ProjectHistoryAction.PROPOSED)
    return project


@changes(versions.PROJECTS)
@transaction.atomic
def decide_idea(*, project: Project, user, accept: bool, reason: str = "") -> Project:
    if not can_manage_projects(user, project.cluster):
        raise PermissionDenied(_("Über Projektideen entscheidet das Clustermanagement."))
    if project.idea_status != IdeaStatus.PROPOSED:
        raise ValidationError(_("Über diese Projektidee wurde bereits entschieden."))
    if not accept and not (reason or "").strip():
        raise ValidationError({"reason": _("Bitte begründen Sie die Ablehnung.")})
    project.idea_status = IdeaStatus.ACCEPTED if accept else IdeaStatus.DECLINED
    project.save(update_fields=["idea_status", "updated_at"])
    action = ProjectHistoryAction.ACCEPTED if accept else ProjectHistoryAction.DECLINED
    _record(project, user, action, message=reason.strip())
    return project


def _record(project, user, action, changes=None, message="") -> None:
    ProjectHistory.objects.create(
        project=project,
        user=user if user and user.is_authenticated else None,
        action=action,
        changes=changes or {},
        message=message[:500],
    )
