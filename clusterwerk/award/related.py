"""The innovation prize on other apps' pages, which the portal composes: an actor's prizes
(as applicant or as partner of an entry) for its profile, and the published entries of a topic
area for the topic area's page. Only what the public results pages show: published editions
of the cluster, public decisions (winner, special prize, nominee) and the applicant's consent
to publication – the same for every viewer. Each function takes one query."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from clusterwerk.award.models import (
    Application,
    ApplicationPartner,
    ApplicationStatus,
    Decision,
    Phase,
)
from clusterwerk.award.queries import PUBLIC_DECISIONS
from clusterwerk.core.models import Cluster

ACTOR_LIMIT = 10
TOPIC_LIMIT = 5

# Order of honour within a year: winners first, then the special prize, then nominees.
_RANK = {Decision.WINNER: 0, Decision.SPECIAL_PRIZE: 1, Decision.NOMINEE: 2}


@dataclass
class Prize:
    application: Application
    as_partner: bool = False  # the actor was a partner of the entry, not the applicant

    @property
    def edition(self):
        return self.application.edition

    @property
    def is_prize(self) -> bool:
        return self.application.decision in (Decision.WINNER, Decision.SPECIAL_PRIZE)


@dataclass
class PrizeList:
    """The entries (latest edition first, winners before nominees), cut to the limit, with
    the full count."""

    items: list[Prize] = field(default_factory=list)
    count: int = 0

    @property
    def is_empty(self) -> bool:
        return not self.count


def published_entries(cluster: Cluster) -> QuerySet[Application]:
    """Every entry of `cluster` that the public results pages show."""
    return Application.objects.filter(
        edition__cluster=cluster,
        edition__phase=Phase.PUBLISHED,
        status=ApplicationStatus.SUBMITTED,
        decision__in=PUBLIC_DECISIONS,
        publication_consent=True,
    )


def _sorted(applications) -> list[Application]:
    return sorted(
        applications,
        key=lambda a: (-a.edition.year, _RANK.get(a.decision, 9), a.title.casefold(), a.pk),
    )


def prizes_of_actor(user, cluster: Cluster, actor, *, limit: int = ACTOR_LIMIT) -> PrizeList:
    """The actor's published prizes and nominations in `cluster`, as applicant or partner
    (`user` for the portal's uniform signature; the list is public)."""
    partnered = ApplicationPartner.objects.filter(actor=actor).values("application_id")
    entries = list(
        published_entries(cluster)
        .filter(Q(applicant=actor) | Q(pk__in=partnered))
        .select_related("edition", "applicant")
    )
    items = [
        Prize(application, as_partner=application.applicant_id != actor.pk)
        for application in _sorted(entries)
    ]
    return PrizeList(items=items[:limit], count=len(items))


def prizes_for_topic_area(
    user, cluster: Cluster, lineage, *, limit: int = TOPIC_LIMIT
) -> PrizeList:
    """The published entries of `cluster` tagged with the topic area (by lineage)."""
    entries = list(
        published_entries(cluster)
        .filter(topics__lineage=lineage)
        .select_related("edition", "applicant")
        .distinct()
    )
    items = [Prize(application) for application in _sorted(entries)]
    return PrizeList(items=items[:limit], count=len(items))
