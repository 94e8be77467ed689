"""Writing the shipped reference data (`projects/reference.py` reads the files): funding
programmes for the whole instance, and a cluster's default assessment criteria."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import has_all_rights
from clusterwerk.core import versions
from clusterwerk.core.models import Cluster
from clusterwerk.core.versions import changes
from clusterwerk.projects.models import AssessmentCriterion, FundingProgramme
from clusterwerk.projects.permissions import can_manage_projects


@dataclass
class ProgrammeSync:
    total: int = 0
    created: list[str] = field(default_factory=list)  # keys
    updated: int = 0


@changes(versions.PROJECTS)
@transaction.atomic
def sync_funding_programmes(*, user, entries: list[dict]) -> ProgrammeSync:
    """Create or update the programmes of `entries` by key, in the list's order: the shipped
    list is authoritative for their names and order; programmes not in it are left alone.
    They serve every cluster, so only the system (or a superuser) writes them."""
    if not has_all_rights(user):
        raise PermissionDenied(_("Förderprogramme pflegt nur die Plattform selbst."))
    existing = FundingProgramme.objects.in_bulk(
        [entry["key"] for entry in entries], field_name="key"
    )
    sync = ProgrammeSync()
    for order, entry in enumerate(entries, start=1):
        values = {
            "name": entry["name"],
            "short_name": entry["short_name"],
            "level": entry["level"],
            "description": entry.get("description", ""),
            "order": order,
        }
        sync.total += 1
        programme = existing.get(entry["key"])
        if programme is None:
            programme = FundingProgramme(key=entry["key"], **values)
            programme.full_clean()
            programme.save()
            sync.created.append(programme.key)
            continue
        changes = {
            name: value for name, value in values.items() if getattr(programme, name) != value
        }
        if changes:
            for name, value in changes.items():
                setattr(programme, name, value)
            programme.full_clean()
            programme.save(update_fields=list(changes))
            sync.updated += 1
    return sync


@changes(versions.PROJECTS)
@transaction.atomic
def add_missing_assessment_criteria(*, user, cluster: Cluster, entries: list[dict]) -> int:
    """Create the criteria of `entries` the cluster does not have yet (by key); weights and
    texts a manager changed are never overwritten. Returns how many were created."""
    if not can_manage_projects(user, cluster):
        raise PermissionDenied(_("Beurteilungskriterien legt das Clustermanagement fest."))
    present = set(AssessmentCriterion.objects.filter(cluster=cluster).values_list("key", flat=True))
    created = 0
    for order, entry in enumerate(entries, start=1):
        if entry["key"] in present:
            continue
        criterion = AssessmentCriterion(
            cluster=cluster,
            key=entry["key"],
            name=entry["name"],
            description=entry.get("description", ""),
            weight=Decimal(str(entry["weight"])),
            order=order,
        )
        criterion.full_clean(exclude=["cluster"])
        criterion.save()
        created += 1
    return created
