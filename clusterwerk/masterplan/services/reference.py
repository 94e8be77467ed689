"""The reference data the project ships: a cluster with its key figures, and the reference
edition of its masterplan. Only the system (or a superuser) loads them; a second run with the
same data changes nothing."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import has_all_rights
from clusterwerk.core import versions
from clusterwerk.core.models import Cluster, ClusterFigure
from clusterwerk.core.versions import changes
from clusterwerk.masterplan.models import Edition, EditionSource, EditionStatus
from clusterwerk.masterplan.services.editions import publish_edition
from clusterwerk.masterplan.services.sync import SyncReport, sync_edition_tree
from clusterwerk.masterplan.tree import PlanTree


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


@dataclass
class ClusterReference:
    """What the reference data says about a cluster."""

    slug: str
    values: dict  # name, short_name, region, description
    figures: list[dict]  # ClusterFigure values with their `key`
    strongest_districts: dict | None = None


@dataclass
class EditionReference:
    """The reference edition of a cluster's masterplan."""

    slug: str
    label: str
    title: str
    tree: PlanTree
    description: str = ""
    published_on: datetime.date | None = None


def ensure_loads_reference_data(user) -> None:
    if not has_all_rights(user):
        raise PermissionDenied(_("Nur das System darf die Referenzdaten laden."))


@changes(versions.MASTERPLAN)
@transaction.atomic
def load_reference(
    *, cluster: ClusterReference, edition: EditionReference, user
) -> ReferenceReport:
    """Create or update one cluster's reference data and its reference edition; the reference
    edition becomes the published one while the cluster has none."""
    ensure_loads_reference_data(user)
    target, created_cluster = Cluster.objects.get_or_create(
        slug=cluster.slug, defaults=cluster.values
    )
    if not created_cluster:
        update_if_changed(target, cluster.values)
    figures_changed = sync_figures(target, cluster.figures, cluster.strongest_districts)
    reference_edition, created_edition = Edition.objects.get_or_create(
        cluster=target,
        slug=edition.slug,
        defaults={
            "label": edition.label,
            "title": edition.title,
            "description": edition.description,
            "source": EditionSource.REFERENCE,
            "status": EditionStatus.DRAFT,
            "created_by": user,
        },
    )
    report = ReferenceReport(
        cluster=target,
        edition=reference_edition,
        created_cluster=created_cluster,
        created_edition=created_edition,
        figures_changed=figures_changed,
    )
    if created_edition or reference_edition.source == EditionSource.REFERENCE:
        report.sync = sync_edition_tree(
            edition=reference_edition, tree=edition.tree, user=user, message="Referenzdaten"
        )
    has_published = Edition.objects.filter(cluster=target, status=EditionStatus.PUBLISHED).exists()
    if not has_published and reference_edition.status == EditionStatus.DRAFT:
        publish_edition(edition=reference_edition, user=user)
        if edition.published_on:
            reference_edition.published_on = edition.published_on
            reference_edition.save(update_fields=["published_on"])
        report.published = True
    return report


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
