"""The reference data the project ships for projects (clusterwerk/projects/reference_data):

- funding_programmes.json: the funding programmes projects are assigned to (ZIM, ProFIT, StaF,
  BIG, Weiterbildungsrichtlinie, EFRE, Horizon …) and the default assessment criteria of the
  Metall cluster.

`load_project_reference_data()` works in one transaction and is idempotent: programmes are
upserted by key (the shipped list is authoritative for their names and order; programmes a
manager added are left alone); assessment criteria are only created when missing, so weights
and texts a manager changed are never overwritten.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from clusterwerk.core.models import Cluster
from clusterwerk.projects.models import AssessmentCriterion, FundingProgramme

REFERENCE_DIR = Path(__file__).resolve().parent / "reference_data"
PROGRAMMES_FILE = "funding_programmes.json"
PROGRAMME_FIELDS = ("name", "short_name", "level", "description", "order")


@dataclass
class ProjectReferenceReport:
    programmes: int = 0
    programmes_created: int = 0
    programmes_updated: int = 0
    criteria_cluster: str = ""  # slug of the cluster the criteria were loaded for ("" = none)
    criteria: int = 0
    criteria_created: int = 0
    created_keys: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.programmes_created or self.programmes_updated or self.criteria_created)

    def summary(self) -> str:
        """One German line for the management command."""
        line = f"Projekte: {self.programmes} Förderprogramme"
        if self.programmes_created or self.programmes_updated:
            line += f" ({self.programmes_created} neu, {self.programmes_updated} geändert)"
        else:
            line += " (unverändert)"
        if self.criteria_cluster:
            line += f", {self.criteria} Beurteilungskriterien für „{self.criteria_cluster}“"
            line += (
                f" ({self.criteria_created} neu angelegt)"
                if self.criteria_created
                else " (vorhanden, nicht überschrieben)"
            )
        else:
            line += ", Beurteilungskriterien übersprungen: Cluster nicht vorhanden"
        return line + "."


def read_reference(name: str = PROGRAMMES_FILE, directory: Path = REFERENCE_DIR) -> dict:
    return json.loads((directory / name).read_text(encoding="utf-8"))


@transaction.atomic
def load_project_reference_data(directory: Path = REFERENCE_DIR) -> ProjectReferenceReport:
    """Create or update the funding programmes and create missing assessment criteria."""
    data = read_reference(PROGRAMMES_FILE, directory)
    report = ProjectReferenceReport()
    load_programmes(data["funding_programmes"], report)
    load_criteria(data["assessment_criteria"], report)
    return report


def load_programmes(entries: list[dict], report: ProjectReferenceReport) -> None:
    existing = FundingProgramme.objects.in_bulk(
        [entry["key"] for entry in entries], field_name="key"
    )
    for order, entry in enumerate(entries, start=1):
        values = {
            "name": entry["name"],
            "short_name": entry["short_name"],
            "level": entry["level"],
            "description": entry.get("description", ""),
            "order": order,
        }
        report.programmes += 1
        programme = existing.get(entry["key"])
        if programme is None:
            programme = FundingProgramme(key=entry["key"], **values)
            programme.full_clean()
            programme.save()
            report.programmes_created += 1
            report.created_keys.append(programme.key)
            continue
        changes = {
            name: value for name, value in values.items() if getattr(programme, name) != value
        }
        if changes:
            for name, value in changes.items():
                setattr(programme, name, value)
            programme.full_clean()
            programme.save(update_fields=list(changes))
            report.programmes_updated += 1


def load_criteria(data: dict, report: ProjectReferenceReport) -> None:
    cluster = Cluster.objects.filter(slug=data["cluster"]).first()
    if cluster is None:
        return
    report.criteria_cluster = cluster.slug
    present = set(AssessmentCriterion.objects.filter(cluster=cluster).values_list("key", flat=True))
    for order, entry in enumerate(data["criteria"], start=1):
        report.criteria += 1
        if entry["key"] in present:
            continue  # a manager may have changed weight or wording: never overwrite
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
        report.criteria_created += 1
