"""The reference data the project ships for the masterplan: clusters, their key figures and
the reference structure of each cluster's masterplan (numbers, titles, own-words summaries)."""

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from clusterwerk.core.models import Cluster, ClusterFigure
from clusterwerk.masterplan.models import Edition, EditionSource, EditionStatus
from clusterwerk.masterplan.services import SyncReport, publish_edition, sync_edition_tree
from clusterwerk.masterplan.tree import (
    ActionFieldNode,
    KeyPointNode,
    PlanTree,
    SuccessFactorNode,
    TopicAreaNode,
)

REFERENCE_DIR = Path(__file__).resolve().parent / "reference_data"


@dataclass
class ReferenceReport:
    cluster: Cluster
    edition: Edition
    created_cluster: bool = False
    created_edition: bool = False
    published: bool = False
    figures_changed: int = 0
    sync: SyncReport = field(default_factory=SyncReport)

    @property
    def changed(self) -> bool:
        return (
            self.created_cluster
            or self.created_edition
            or self.published
            or bool(self.figures_changed)
            or self.sync.changed
        )


def reference_files() -> list[Path]:
    return sorted(REFERENCE_DIR.glob("*.json"))


def read_reference(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def tree_from_reference(data: dict) -> PlanTree:
    return PlanTree(
        action_fields=[
            ActionFieldNode(
                number=af["number"],
                title=af["title"],
                intro=af.get("intro", ""),
                key_points=[
                    KeyPointNode(
                        number=kp["number"],
                        title=kp["title"],
                        intro=kp.get("intro", ""),
                        topic_areas=[
                            TopicAreaNode(
                                number=ta["number"],
                                title=ta["title"],
                                goal=ta.get("goal", ""),
                                keywords=list(ta.get("keywords", [])),
                                references=list(ta.get("references", [])),
                            )
                            for ta in kp.get("topic_areas", [])
                        ],
                    )
                    for kp in af.get("key_points", [])
                ],
            )
            for af in data["action_fields"]
        ],
        success_factors=[
            SuccessFactorNode(
                number=sf["number"], title=sf["title"], description=sf.get("description", "")
            )
            for sf in data.get("success_factors", [])
        ],
    )


@transaction.atomic
def load_reference(data: dict) -> ReferenceReport:
    """Create or update one cluster's reference data; a second run changes nothing."""
    cluster, created_cluster = Cluster.objects.get_or_create(
        slug=data["cluster"]["slug"], defaults=cluster_values(data)
    )
    if not created_cluster:
        update_if_changed(cluster, cluster_values(data))
    figures_changed = sync_figures(
        cluster, data.get("figures", []), data.get("strongest_districts")
    )
    edition_data = data["edition"]
    edition, created_edition = Edition.objects.get_or_create(
        cluster=cluster,
        slug=edition_data["slug"],
        defaults={
            "label": edition_data["label"],
            "title": edition_data["title"],
            "description": edition_data.get("description", ""),
            "source": EditionSource.REFERENCE,
            "status": EditionStatus.DRAFT,
        },
    )
    report = ReferenceReport(
        cluster=cluster,
        edition=edition,
        created_cluster=created_cluster,
        created_edition=created_edition,
        figures_changed=figures_changed,
    )
    if created_edition or edition.source == EditionSource.REFERENCE:
        report.sync = sync_edition_tree(
            edition=edition, tree=tree_from_reference(data), message="Referenzdaten"
        )
    has_published = Edition.objects.filter(cluster=cluster, status=EditionStatus.PUBLISHED).exists()
    if not has_published and edition.status == EditionStatus.DRAFT:
        publish_edition(edition=edition)
        edition.refresh_from_db()
        published_on = edition_data.get("published_on")
        if published_on:
            edition.published_on = datetime.date.fromisoformat(published_on)
            edition.save(update_fields=["published_on"])
        report.published = True
    return report


def cluster_values(data: dict) -> dict:
    cluster = data["cluster"]
    return {
        "name": cluster["name"],
        "short_name": cluster.get("short_name", ""),
        "region": cluster.get("region", ""),
        "description": cluster.get("description", ""),
    }


def update_if_changed(instance, values: dict) -> bool:
    changed = {name: value for name, value in values.items() if getattr(instance, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(instance, name, value)
        instance.save()
    return bool(changed)


def sync_figures(cluster: Cluster, figures: list[dict], districts: dict | None) -> int:
    changed = 0
    for order, figure in enumerate(figures):
        values = {
            "label": figure["label"],
            "value": Decimal(figure["value"]),
            "unit": figure.get("unit", ""),
            "year": figure["year"],
            "comparison_value": (
                Decimal(figure["comparison_value"]) if figure.get("comparison_value") else None
            ),
            "comparison_year": figure.get("comparison_year"),
            "note": figure.get("note", ""),
            "source": figure["source"],
            "order": order,
        }
        existing = ClusterFigure.objects.filter(cluster=cluster, key=figure["key"]).first()
        if existing is None:
            ClusterFigure.objects.create(cluster=cluster, key=figure["key"], **values)
            changed += 1
        elif update_if_changed(existing, values):
            changed += 1
    if districts:
        changed += int(update_if_changed(cluster, {"strongest_districts": districts}))
    return changed


def load_all_reference_data() -> list[ReferenceReport]:
    return [load_reference(read_reference(path)) for path in reference_files()]
