"""The reference data the project ships for projects (clusterwerk/projects/reference_data):

- funding_programmes.json: the funding programmes projects are assigned to (ZIM, ProFIT, StaF,
  BIG, Weiterbildungsrichtlinie, EFRE, Horizon …) and the default assessment criteria of the
  Metall cluster.

`load_project_reference_data()` writes through the services as the system user, in one
transaction, and is idempotent: programmes are upserted by key (the shipped list is
authoritative for their names and order; programmes a manager added are left alone); assessment
criteria are only created when missing, so weights and texts a manager changed are never
overwritten.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from clusterwerk.accounts.services import system_user
from clusterwerk.core import versions
from clusterwerk.core.models import Cluster
from clusterwerk.core.versions import changes
from clusterwerk.projects import services

REFERENCE_DIR = Path(__file__).resolve().parent / "reference_data"
PROGRAMMES_FILE = "funding_programmes.json"


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


@changes(versions.PROJECTS, shared=True)
@transaction.atomic
def load_project_reference_data(directory: Path = REFERENCE_DIR) -> ProjectReferenceReport:
    """Create or update the funding programmes and create missing assessment criteria."""
    data = read_reference(PROGRAMMES_FILE, directory)
    report = ProjectReferenceReport()
    load_programmes(data["funding_programmes"], report)
    load_criteria(data["assessment_criteria"], report)
    return report


def load_programmes(entries: list[dict], report: ProjectReferenceReport) -> None:
    sync = services.sync_funding_programmes(user=system_user(), entries=entries)
    report.programmes += sync.total
    report.programmes_created += len(sync.created)
    report.programmes_updated += sync.updated
    report.created_keys += sync.created


def load_criteria(data: dict, report: ProjectReferenceReport) -> None:
    cluster = Cluster.objects.filter(slug=data["cluster"]).first()
    if cluster is None:
        return
    report.criteria_cluster = cluster.slug
    report.criteria += len(data["criteria"])
    report.criteria_created += services.add_missing_assessment_criteria(
        user=system_user(), cluster=cluster, entries=data["criteria"]
    )
