"""Every write to projects: create and edit (managers), phases, support, results, ideas
(members propose, managers decide) and assessments. Keyword-only, permission-checked, in a
transaction; German errors keyed by field.

Project data comes in one JSON-safe format (forms, API and demo data use it):

    {"title": "…", "acronym": "", "description": "", "phase": "running",
     "start_date": "2019-03-01", "end_date": "2021-02-28", "year_initiated": 2019,
     "is_rdi": true, "funding_programme": "zim", "total_volume": "480000",
     "funding_amount": "260000", "regional_volume": "400000", "visibility": "members",
     "partner_clusters": ["kunststoffe-chemie"],
     "partners": [{"actor": 12, "role": "lead"}, {"actor": 40, "role": "partner"}],
     "topics": {"primary": "4.4.2", "secondary": ["4.2.1"], "assigned_by": "manual"}}
"""

import datetime
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.actors.models import SCIENCE_KINDS, Actor, ActorStatus, Visibility
from clusterwerk.actors.profile_data import ProfileErrors
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.models import Cluster
from clusterwerk.core.text import build_search_document
from clusterwerk.masterplan.queries import TopicCatalogue, topic_catalogue
from clusterwerk.projects.models import (
    MAX_SCORE,
    Assessment,
    AssessmentCriterion,
    AssessmentScore,
    AssignmentSource,
    FundingProgramme,
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
from clusterwerk.projects.permissions import (
    can_assess_projects,
    can_manage_projects,
    can_propose_ideas,
)

SCALAR_FIELDS = (
    "title",
    "acronym",
    "description",
    "phase",
    "start_date",
    "end_date",
    "year_initiated",
    "is_rdi",
    "funding_programme",
    "total_volume",
    "funding_amount",
    "regional_volume",
    "visibility",
)
MAX_AMOUNT = Decimal("999999999999.99")
MAX_PARTNERS = 60
MAX_ID = 2**63  # larger ids cannot be looked up (SQLite raises OverflowError)


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


# --- Validation -----------------------------------------------------------------------------


def _text(data, key, errors, *, max_length, required=False) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        errors.add(key, _("Bitte einen Text angeben."))
        return ""
    value = value.strip()
    if required and not value:
        errors.add(key, _("Dieses Feld ist erforderlich."))
    if len(value) > max_length:
        errors.add(key, _("Höchstens %(max)d Zeichen.") % {"max": max_length})
    return value


def _date(data, key, errors):
    value = data.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.add(key, _("Bitte ein Datum im Format JJJJ-MM-TT angeben."))
        return None


def _amount(data, key, errors):
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        errors.add(key, _("Bitte einen Betrag in Euro angeben, z. B. 250000."))
        return None
    if not amount.is_finite():
        errors.add(key, _("Bitte einen Betrag in Euro angeben, z. B. 250000."))
        return None
    if amount < 0:
        errors.add(key, _("Der Betrag darf nicht negativ sein."))
        return None
    if amount > MAX_AMOUNT:
        errors.add(key, _("Der Betrag ist zu groß."))
        return None
    return amount.quantize(Decimal("0.01"))


def _year(data, key, errors):
    value = data.get(key)
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        errors.add(key, _("Bitte eine Jahreszahl angeben."))
        return None
    if not 2000 <= year <= 2100:
        errors.add(key, _("Bitte ein Jahr zwischen 2000 und 2100 angeben."))
        return None
    return year


def _choice(data, key, errors, choices, default=""):
    value = data.get(key) or default
    if value not in choices.values:
        errors.add(key, _("Unbekannter Wert „%(value)s“.") % {"value": value})
        return default
    return value


def clean_project(data: dict, *, catalogue: TopicCatalogue, partial: bool = False) -> dict:
    """Validate project data; raises ValidationError with German messages by key."""
    if not isinstance(data, dict):
        raise ValidationError(_("Die Angaben müssen ein Objekt sein."))
    errors = ProfileErrors()
    present = set(data) if partial else {*SCALAR_FIELDS, "partners", "topics"}
    cleaned = {}
    if "title" in present:
        cleaned["title"] = _text(data, "title", errors, max_length=300, required=True)
    if "acronym" in present:
        cleaned["acronym"] = _text(data, "acronym", errors, max_length=40)
    if "description" in present:
        cleaned["description"] = _text(data, "description", errors, max_length=10_000)
    if "phase" in present:
        cleaned["phase"] = _choice(data, "phase", errors, ProjectPhase, ProjectPhase.IDEA)
    if "visibility" in present:
        cleaned["visibility"] = _choice(data, "visibility", errors, Visibility, Visibility.MEMBERS)
    for key in ("start_date", "end_date"):
        if key in present:
            cleaned[key] = _date(data, key, errors)
    if "year_initiated" in present:
        cleaned["year_initiated"] = _year(data, "year_initiated", errors)
    if "is_rdi" in present:
        cleaned["is_rdi"] = bool(data.get("is_rdi"))
    for key in ("total_volume", "funding_amount", "regional_volume"):
        if key in present:
            cleaned[key] = _amount(data, key, errors)
    if "funding_programme" in present:
        cleaned["funding_programme"] = _programme(data.get("funding_programme"), errors)
    if "partner_clusters" in data:
        cleaned["partner_clusters"] = _clusters(data.get("partner_clusters"), errors)
    if "partners" in present:
        cleaned["partners"] = _partners(data.get("partners") or [], errors)
    if "topics" in present:
        cleaned["topics"] = _topics(data.get("topics") or {}, errors, catalogue)
    _check_consistency(cleaned, errors)
    errors.raise_if_any()
    return cleaned


def _programme(value, errors):
    if value in (None, ""):
        return None
    programme = FundingProgramme.objects.filter(key=str(value)).first()
    if programme is None:
        errors.add(
            "funding_programme", _("Unbekanntes Förderprogramm „%(value)s“.") % {"value": value}
        )
    return programme


def _clusters(values, errors) -> list[Cluster]:
    if not isinstance(values, list):
        errors.add("partner_clusters", _("Cluster als Liste von Kürzeln angeben."))
        return []
    clusters = list(Cluster.objects.filter(slug__in=[str(value) for value in values]))
    unknown = sorted(set(map(str, values)) - {cluster.slug for cluster in clusters})
    if unknown:
        errors.add(
            "partner_clusters",
            _("Unbekannte Cluster: %(slugs)s.") % {"slugs": ", ".join(unknown)},
        )
    return clusters


def _partners(values, errors) -> list[tuple[Actor, str]]:
    if not isinstance(values, list):
        errors.add("partners", _("Partner als Liste angeben."))
        return []
    if len(values) > MAX_PARTNERS:
        errors.add("partners", _("Höchstens %(max)d Partner.") % {"max": MAX_PARTNERS})
        return []
    ids = []
    for index, item in enumerate(values, start=1):
        actor_id = item.get("actor") if isinstance(item, dict) else None
        if not isinstance(actor_id, int) or isinstance(actor_id, bool) or not 0 < actor_id < MAX_ID:
            errors.add(f"partners.{index}", _("Bitte einen Akteur auswählen."))
            continue
        ids.append(actor_id)
    actors = Actor.objects.exclude(status=ActorStatus.ARCHIVED).in_bulk(ids)
    partners, seen, leads = [], set(), 0
    for index, item in enumerate(values, start=1):
        if not isinstance(item, dict) or item.get("actor") not in actors:
            if isinstance(item, dict) and item.get("actor") in ids:
                errors.add(f"partners.{index}", _("Diesen Akteur gibt es nicht (mehr)."))
            continue
        actor = actors[item["actor"]]
        role = item.get("role") or PartnerRole.PARTNER
        if role not in PartnerRole.values:
            errors.add(f"partners.{index}", _("Unbekannte Rolle „%(role)s“.") % {"role": role})
            continue
        if actor.pk in seen:
            errors.add(
                f"partners.{index}",
                _("„%(actor)s“ ist bereits Partner; jeder Akteur nur einmal.") % {"actor": actor},
            )
            continue
        seen.add(actor.pk)
        leads += role == PartnerRole.LEAD
        partners.append((actor, role))
    if leads > 1:
        errors.add("partners", _("Ein Projekt hat höchstens eine Konsortialführung."))
    return partners


def _topics(value, errors, catalogue: TopicCatalogue) -> dict:
    if not isinstance(value, dict):
        errors.add("topics", _("Themenbereiche als Objekt mit primary und secondary angeben."))
        return {}
    primary = str(value.get("primary") or "").strip()
    secondary = value.get("secondary") or []
    if isinstance(secondary, str):
        secondary = secondary.replace(";", ",").split(",")
    if not isinstance(secondary, list):
        errors.add("topics", _("Weitere Themenbereiche als Liste von Nummern angeben."))
        secondary = []
    secondary = [str(number).strip() for number in secondary if str(number).strip()]
    unknown = [n for n in [primary, *secondary] if n and n not in catalogue.lineage_by_number]
    if unknown:
        errors.add(
            "topics",
            _(
                "Unbekannte Themenbereiche: %(numbers)s (Nummern des veröffentlichten "
                "Masterplans, z. B. 4.4.2)."
            )
            % {"numbers": ", ".join(unknown)},
        )
    if not primary and secondary:
        errors.add("topics", _("Bitte zuerst einen Haupt-Themenbereich wählen."))
    assigned_by = value.get("assigned_by") or AssignmentSource.MANUAL
    if assigned_by not in AssignmentSource.values:
        assigned_by = AssignmentSource.MANUAL
    return {
        "primary": primary if primary in catalogue.lineage_by_number else "",
        "secondary": [
            n for n in dict.fromkeys(secondary) if n in catalogue.lineage_by_number and n != primary
        ],
        "assigned_by": assigned_by,
    }


def _check_consistency(cleaned, errors) -> None:
    start, end = cleaned.get("start_date"), cleaned.get("end_date")
    if start and end and end < start:
        errors.add("end_date", _("Das Ende liegt vor dem Beginn."))
    total = cleaned.get("total_volume")
    for key, message in (
        ("funding_amount", _("Die Fördersumme ist größer als das Projektvolumen.")),
        (
            "regional_volume",
            _("Der Anteil in Berlin-Brandenburg ist größer als das Projektvolumen."),
        ),
    ):
        amount = cleaned.get(key)
        if total is not None and amount is not None and amount > total:
            errors.add(key, message)


# --- Writes ---------------------------------------------------------------------------------


def _catalogue(cluster) -> TopicCatalogue:
    return topic_catalogue(cluster)


@transaction.atomic
def create_project(*, user, cluster: Cluster, data: dict) -> Project:
    if not can_manage_projects(user, cluster):
        raise PermissionDenied(_("Nur das Clustermanagement legt Projekte an."))
    cleaned = clean_project(data, catalogue=_catalogue(cluster))
    project = Project(cluster=cluster, created_by=user)
    _write(project, cleaned, _catalogue(cluster), user=user)
    _record(project, user, ProjectHistoryAction.CREATED)
    return project


@transaction.atomic
def update_project(*, project: Project, user, expected_version: int, data: dict) -> Project:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if not can_manage_projects(user, project.cluster):
        raise PermissionDenied(_("Nur das Clustermanagement bearbeitet Projekte."))
    if project.version != expected_version:
        raise project_edit_conflict(project)
    cleaned = clean_project(data, catalogue=_catalogue(project.cluster), partial=True)
    cleaned.pop("phase", None)  # phases change through change_phase (dated history)
    _write(project, cleaned, _catalogue(project.cluster), user=user)
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
                % {"date": last.changed_on.strftime("%d.%m.%Y")}
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


@transaction.atomic
def add_support_activity(*, project, user, date, kind: str, description: str = ""):
    if not can_manage_projects(user, project.cluster):
        raise PermissionDenied(_("Nur das Clustermanagement erfasst Unterstützungsleistungen."))
    if kind not in SupportKind.values:
        raise ValidationError({"kind": _("Unbekannte Art der Unterstützung.")})
    return SupportActivity.objects.create(
        project=project, user=user, date=date, kind=kind, description=(description or "")[:500]
    )


@transaction.atomic
def set_results(*, project, user, values: dict) -> ProjectResults:
    if not can_manage_projects(user, project.cluster):
        raise PermissionDenied(_("Nur das Clustermanagement erfasst Ergebnisse."))
    results, _created = ProjectResults.objects.get_or_create(project=project)
    errors = ProfileErrors()
    for name in ("new_products", "new_processes", "patents", "jobs_created", "follow_up_projects"):
        if name in values:
            try:
                number = int(values[name] or 0)
            except (TypeError, ValueError):
                errors.add(name, _("Bitte eine ganze Zahl angeben."))
                continue
            if number < 0:
                errors.add(name, _("Die Zahl darf nicht negativ sein."))
                continue
            setattr(results, name, number)
    if "success_story" in values:
        results.success_story = (values["success_story"] or "").strip()[:10_000]
    errors.raise_if_any()
    results.reported_on = timezone.localdate()
    results.save()
    return results


# --- Ideas ----------------------------------------------------------------------------------


@transaction.atomic
def propose_idea(*, user, cluster: Cluster, data: dict) -> Project:
    """A member proposes a project idea; only the cluster management and the proposer see it."""
    if not can_propose_ideas(user, cluster):
        raise PermissionDenied(_("Projektideen können angemeldete Clustermitglieder vorschlagen."))
    allowed = {key: data[key] for key in ("title", "description", "topics") if key in data}
    cleaned = clean_project(
        {**allowed, "partners": [], "phase": ProjectPhase.IDEA},
        catalogue=_catalogue(cluster),
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
    _write(project, cleaned, _catalogue(cluster), user=user)
    _record(project, user, ProjectHistoryAction.PROPOSED)
    return project


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


# --- Assessment -----------------------------------------------------------------------------


@transaction.atomic
def save_assessment(*, project: Project, user, scores: dict[str, int], comment: str = ""):
    """The user's scores (criterion key → 0…MAX_SCORE) for the cluster's active criteria."""
    if not can_assess_projects(user, project.cluster):
        raise PermissionDenied(_("Beurteilen dürfen Clustermanagement und Strategischer Beirat."))
    criteria = {
        criterion.key: criterion
        for criterion in AssessmentCriterion.objects.filter(cluster=project.cluster, is_active=True)
    }
    errors = ProfileErrors()
    for key in sorted(set(scores) - set(criteria)):
        errors.add(key, _("Unbekanntes Kriterium."))
    cleaned = {}
    for key, criterion in criteria.items():
        value = scores.get(key)
        try:
            number = int(value)
        except (TypeError, ValueError):
            errors.add(
                key,
                _("Bitte %(name)s mit 0 bis %(max)d Punkten bewerten.")
                % {"name": criterion.name, "max": MAX_SCORE},
            )
            continue
        if not 0 <= number <= MAX_SCORE:
            errors.add(
                key,
                _("Bitte %(name)s mit 0 bis %(max)d Punkten bewerten.")
                % {"name": criterion.name, "max": MAX_SCORE},
            )
            continue
        cleaned[key] = number
    errors.raise_if_any()
    assessment, _created = Assessment.objects.update_or_create(
        project=project, assessor=user, defaults={"comment": (comment or "").strip()[:5000]}
    )
    assessment.scores.all().delete()
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=assessment, criterion=criteria[key], score=score)
        for key, score in cleaned.items()
    )
    return assessment


def _record(project, user, action, changes=None, message="") -> None:
    ProjectHistory.objects.create(
        project=project,
        user=user if user and user.is_authenticated else None,
        action=action,
        changes=changes or {},
        message=message[:500],
    )
