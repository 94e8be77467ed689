"""Cross Cluster in the demo (`seed_crosscluster(cluster)`, called by the portal's
`seed_demo` for the metal cluster): the data are in `data/demo.json`.

- A few demo companies of the directory (`actors.queries.demo_actors`) become members of the
  partner clusters Optik und Photonik, Energietechnik and Kunststoffe und Chemie as well.
- Two demo cross-cluster projects of the cluster: laser-based surface processing with Optik
  und Photonik, lightweight components for wind energy and hydrogen with Energietechnik
  (partners: demo companies of both clusters; topic areas from the matching table-4 topic).
- A Cross-Cluster-Camp 2021 with the three partner clusters (documented, public).
- A listing shown in the other clusters (a request for metal-plastic hybrid partners).
- The table-4 topics get their first keywords and topic areas (`reference.tag_topics`).

Every row is `is_demo=True` and says that it is invented; written directly as the other demo
writers do (the dates are the past's), as the system user (`accounts.services.system_user`).
Idempotent: what exists is found by its title or slug and kept (the listing's validity is
renewed); partner clusters that the instance does not have are left out. A real (not demo)
event with the camp's slug is never touched: then the camp is skipped.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from clusterwerk.accounts.services import system_user
from clusterwerk.actors.models import ActorStatus, ClusterMembership
from clusterwerk.actors.queries import demo_actors
from clusterwerk.core.models import Cluster, CrossClusterTopic
from clusterwerk.crosscluster.reference import tag_topics
from clusterwerk.events.models import DEFAULT_TIME_ZONE, Event, EventFormat, EventStatus
from clusterwerk.matchmaking.models import Listing, ListingStatus, RegionScope
from clusterwerk.projects.models import PartnerRole, Project, ProjectPartner, ProjectTopicArea
from clusterwerk.projects.services.projects import refresh_derived_flags

DATA_FILE = Path(__file__).resolve().parent / "data" / "demo.json"
BERLIN = ZoneInfo(DEFAULT_TIME_ZONE)
DEMO_NOTE = "Demo-Datensatz (erfunden)"


@dataclass
class DemoCrossClusterReport:
    memberships: int = 0  # new memberships in partner clusters
    projects: list[str] = field(default_factory=list)
    event: str = ""
    listing: str = ""
    skipped: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"Cross Cluster: {self.memberships} neue Mitgliedschaften in Partnerclustern, "
            f"{len(self.projects)} Cross-Cluster-Projekte, Camp: {self.event or '–'}, "
            f"geteiltes Inserat: {self.listing or '–'}"
            + (f"; übersprungen: {', '.join(self.skipped)}" if self.skipped else "")
        )


def _data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _companies(cluster: Cluster) -> list:
    return list(
        demo_actors(cluster).filter(status=ActorStatus.PUBLISHED).order_by("external_id", "pk")
    )


def _memberships(companies, partners: dict, counts: dict, report) -> dict[str, list]:
    """The demo companies that also belong to each partner cluster: distinct slices of the
    directory's demo companies, the same on every run."""
    members, offset = {}, 0
    for slug, count in counts.items():
        chosen = companies[offset : offset + count]
        offset += count
        if slug not in partners:
            report.skipped.append(slug)
            continue
        for actor in chosen:
            _, created = ClusterMembership.objects.get_or_create(
                actor=actor, cluster=partners[slug]
            )
            report.memberships += created
        members[slug] = chosen
    return members


def _project(cluster, spec, partner, members, companies, report) -> None:
    project = Project.objects.filter(cluster=cluster, title=spec["title"]).first()
    if project is None:
        project = Project.objects.create(
            cluster=cluster,
            title=spec["title"],
            acronym=spec["acronym"],
            description=spec["description"],
            phase=spec["phase"],
            year_initiated=spec["year_initiated"],
            start_date=datetime.date.fromisoformat(spec["start_date"]),
            end_date=datetime.date.fromisoformat(spec["end_date"]),
            is_rdi=spec["is_rdi"],
            visibility="public",
            is_demo=True,
            created_by=system_user(),
        )
        lead = next((a for a in companies if a not in members), None)
        partners = [a for a in [lead, *members[:1]] if a is not None]
        for index, actor in enumerate(partners):
            role = PartnerRole.LEAD if index == 0 else PartnerRole.PARTNER
            ProjectPartner.objects.get_or_create(project=project, actor=actor, role=role)
    project.partner_clusters.add(partner)
    topic = CrossClusterTopic.objects.filter(
        cluster=cluster, partner_cluster=partner, title=spec["topic_title"]
    ).first()
    if topic is not None and not project.topics.exists():
        for index, lineage in enumerate(topic.topic_lineages or []):
            ProjectTopicArea.objects.create(
                project=project, lineage=lineage, is_primary=index == 0, assigned_by="manual"
            )
    refresh_derived_flags(project)
    report.projects.append(project.title)


def _camp(cluster, spec, partners: dict, report) -> None:
    existing = Event.objects.filter(slug=spec["slug"]).first()
    if existing is not None and (not existing.is_demo or existing.cluster_id != cluster.pk):
        report.skipped.append(spec["slug"])
        return
    if existing is None:
        starts = datetime.datetime.fromisoformat(spec["starts_at"]).replace(tzinfo=BERLIN)
        ends = datetime.datetime.fromisoformat(spec["ends_at"]).replace(tzinfo=BERLIN)
        existing = Event.objects.create(
            cluster=cluster,
            slug=spec["slug"],
            format=EventFormat.CROSS_CLUSTER_CAMP,
            title=spec["title"],
            description=spec["description"],
            starts_at=starts,
            ends_at=ends,
            venue_name=spec["venue_name"],
            municipality=spec["municipality"],
            is_public=True,
            status=EventStatus.DOCUMENTED,
            registration_enabled=False,
            published_at=starts - datetime.timedelta(days=60),
            documented_at=ends + datetime.timedelta(days=7),
            minutes=f"{DEMO_NOTE}: Vier Themeninseln, 23 Gesprächswünsche.",
            is_demo=True,
        )
    existing.partner_clusters.add(*[partners[s] for s in spec["partner_clusters"] if s in partners])
    report.event = existing.title


def _shared_demo_listing(cluster, spec) -> Listing | None:
    """An open listing of the Kooperationsbörse's own demo to share with the other clusters
    (one about the topic's words first). Sharing it changes nothing the Börse's demo counts,
    so its next run keeps its listings; a listing of our own would make it rewrite them."""
    today = timezone.localdate()
    listings = Listing.objects.filter(
        cluster=cluster,
        is_demo=True,
        status=ListingStatus.PUBLISHED,
        expires_on__gte=today,
        is_anonymous=False,
    ).order_by("pk")
    for word in spec["keywords"]:
        listing = listings.filter(title__icontains=word).first()
        if listing is not None:
            return listing
    return listings.first()


def _listing(cluster, spec, owner, report) -> None:
    today = timezone.localdate()
    listing = Listing.objects.filter(cluster=cluster, title=spec["title"], is_demo=True).first()
    if listing is None:
        listing = _shared_demo_listing(cluster, spec)
        if listing is not None:
            if not listing.shared_with_other_clusters:
                listing.shared_with_other_clusters = True
                listing.save(update_fields=["shared_with_other_clusters"])
            report.listing = listing.title
            return
        now = timezone.now()
        # Without the Börse's demo (e.g. this app's tests): a listing of its own.
        listing = Listing.objects.create(
            cluster=cluster,
            owner_actor=owner,
            kind=spec["kind"],
            title=spec["title"],
            description=spec["description"],
            keywords=spec["keywords"],
            region_scope=RegionScope.BERLIN_BRANDENBURG,
            expires_on=today + datetime.timedelta(days=spec["valid_days"]),
            status=ListingStatus.PUBLISHED,
            cross_cluster=True,
            shared_with_other_clusters=True,
            submitted_at=now,
            published_at=now,
            is_demo=True,
        )
    elif listing.expires_on < today:
        listing.expires_on = today + datetime.timedelta(days=spec["valid_days"])
        listing.status = ListingStatus.PUBLISHED
        listing.save(update_fields=["expires_on", "status"])
    report.listing = listing.title


def seed_crosscluster(cluster: Cluster) -> DemoCrossClusterReport:
    """Write the cluster's cross-cluster demo (see the module docstring); idempotent."""
    data = _data()
    report = DemoCrossClusterReport()
    user = system_user()
    wanted = set(data["partner_members"]) | set(data["event"]["partner_clusters"])
    partners = {c.slug: c for c in Cluster.objects.filter(slug__in=wanted)}
    with transaction.atomic():
        tag_topics(cluster, user=user)
        companies = _companies(cluster)
        if not companies:
            report.skipped.append("keine Demo-Unternehmen im Verzeichnis")
            return report
        members = _memberships(companies, partners, data["partner_members"], report)
        for spec in data["projects"]:
            slug = spec["partner_cluster"]
            if slug in partners:
                _project(cluster, spec, partners[slug], members.get(slug, []), companies, report)
        _camp(cluster, data["event"], partners, report)
        _listing(cluster, data["listing"], companies[-1], report)
    return report
