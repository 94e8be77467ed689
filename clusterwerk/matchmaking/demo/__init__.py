"""Synthetic demo listings for the Kooperationsbörse (development and demonstrations).

`generate_demo_listings(cluster=…, seed=2020)` creates the forty listings of `LISTINGS` –
every kind, written for this purpose: small metal firms offering laser cutting or contract
turning, looking for a galvanizer, for a partner in joint apprenticeships or for an institute
for an R&D project, sharing a press brake – owned by the demo companies and craft businesses
of `clusterwerk.actors.demo`, and a handful of expressions of interest between demo actors, so
that the brokerage pipeline and the monitoring report show something. Nothing of it is real;
every listing has `is_demo=True`.

Dates are relative to today: the 31 published listings were published over the past twelve
months and run for a few more weeks or months; three wait for review, two are drafts, two
expired and two were closed. The interests were sent over the same twelve months; some are
accepted, declined or withdrawn, some still open. Demo company 0001, which the demo member
betrieb@example.org represents, has a published request with one accepted and one open
interest (and a draft), so the demo shows the whole flow.

Deterministic: the texts, statuses and dates (for a given day) are fixed; the seed chooses the
owners (a demo actor of the listing's trade where there is one) and the interested actors.
Idempotent: when the cluster has its demo listings and none of the published ones is past its
date, nothing happens; otherwise they are deleted and made anew, with fresh dates.

The texts are in `texts`, the planning in `planning`; the listings are written by the bulk
service `services.replace_demo_listings` as the system user.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from clusterwerk.accounts.services import system_user
from clusterwerk.actors.models import ActorStatus
from clusterwerk.actors.queries import FIRST_DEMO_COMPANY_ID, demo_actors
from clusterwerk.core.models import Cluster
from clusterwerk.matchmaking import services
from clusterwerk.matchmaking.demo.planning import ActorRef, PlannedListing, plan_demo_listings
from clusterwerk.matchmaking.demo.texts import (
    DECISION_NOTES,
    LISTINGS,
    MAX_VALIDITY_DAYS,
    PUBLISHED,
    expected_counts,
)
from clusterwerk.matchmaking.models import Interest
from clusterwerk.matchmaking.services.demo import demo_listings

__all__ = [
    "LISTINGS",
    "MAX_VALIDITY_DAYS",
    "DemoListingsReport",
    "delete_demo_listings",
    "demo_listings",
    "expected_counts",
    "generate_demo_listings",
]


@dataclass
class DemoListingsReport:
    expected: int
    created: int = 0
    deleted: int = 0
    skipped: bool = False
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    interests: dict[str, int] = field(default_factory=dict)


def delete_demo_listings(cluster: Cluster | None = None) -> int:
    """Delete demo listings of a cluster (of every cluster for None), with their interests and
    topic tags, as the system."""
    return services.delete_demo_listings(user=system_user(), cluster=cluster)


def _is_current(cluster: Cluster, today: datetime.date) -> bool:
    """The cluster has the demo listings of `LISTINGS` and none is past its date."""
    listings = demo_listings(cluster)
    counts = Counter(dict(listings.order_by().values_list("status").annotate(count=Count("pk"))))
    stale = listings.filter(status=PUBLISHED, expires_on__lt=today).exists()
    return counts == expected_counts() and not stale


def generate_demo_listings(
    *,
    cluster: Cluster,
    seed: int = 2020,
    member=None,
    today: datetime.date | None = None,
) -> DemoListingsReport:
    """Create the cluster's demo listings and interests (see the module docstring).

    `member` (the demo member user) becomes the author of demo company 0001's listings.
    Needs at least two demo actors (`generate_demo_actors`)."""
    today = today or timezone.localdate()
    now = timezone.now()
    report = DemoListingsReport(expected=len(LISTINGS))
    with transaction.atomic():
        if _is_current(cluster, today):
            report.skipped = True
        else:
            actors = [
                ActorRef(pk, name, external_id)
                for pk, name, external_id in demo_actors(cluster)
                .exclude(status=ActorStatus.ARCHIVED)
                .order_by("external_id")
                .values_list("pk", "name", "external_id")
            ]
            if len(actors) < 2:
                raise ValueError(
                    "Zu wenige Demo-Unternehmen für Demo-Inserate: zuerst seed_demo mit "
                    "--scale größer 0."
                )
            plans = plan_demo_listings(actors, seed, today, now)
            report.deleted = services.replace_demo_listings(
                user=system_user(),
                cluster=cluster,
                listings=[_demo_listing(plan, member) for plan in plans],
            )
            report.created = len(plans)
    listings = demo_listings(cluster)
    report.total = listings.count()
    report.by_status = dict(Counter(listings.values_list("status", flat=True)))
    report.interests = dict(
        Counter(Interest.objects.filter(listing__in=listings).values_list("status", flat=True))
    )
    return report


def _demo_listing(plan: PlannedListing, member) -> services.DemoListing:
    spec = plan.spec
    return services.DemoListing(
        owner_id=plan.owner.pk,
        created_by=member if plan.owner.external_id == FIRST_DEMO_COMPANY_ID else None,
        kind=spec.kind,
        title=spec.title,
        description=spec.description,
        keywords=spec.keywords,
        partner_kinds=spec.partner_kinds,
        region_scope=spec.region,
        radius_km=spec.radius_km,
        districts=spec.districts,
        maturity=spec.maturity,
        expires_on=plan.expires_on,
        is_anonymous=spec.anonymous,
        status=spec.status,
        cross_cluster=spec.cross_cluster,
        created_at=plan.created,
        submitted_at=plan.submitted,
        published_at=plan.published,
        closed_at=plan.closed,
        topics=spec.topics,
        interests=tuple(
            services.DemoInterest(
                actor_id=entry.actor.pk,
                status=entry.status,
                message=entry.message,
                sent_at=entry.sent,
                decided_at=entry.decided,
                decision_note=DECISION_NOTES[entry.status],
            )
            for entry in plan.interests
        ),
    )
