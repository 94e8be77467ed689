"""The weekly e-mail digest of saved searches (`manage.py send_match_digest`, run by cron).

Per user and cluster with at least one saved search set to "weekly": one e-mail that lists,
search by search, the cluster's open listings published since the search's `last_digest_at`
that meet it (not the user's own, see `queries.new_hits`), with addresses in that cluster
(`/c/<slug>/…` unless it is the instance's default cluster). Owners are named only as
`queries.owner_label` allows, so an anonymous listing appears without its owner. After
sending, `last_digest_at` moves to the moment the run started (`services.record_digest_sent`,
as the system user); listings published during the run come in the next digest. Users without
a hit get no e-mail, but their searches move on as well.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass, field
from itertools import groupby

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clusterwerk.accounts.services import system_user
from clusterwerk.core.models import Cluster, DigestFrequency
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.matchmaking.models import Listing, SavedSearch
from clusterwerk.matchmaking.queries import new_hits, owner_label
from clusterwerk.matchmaking.services import record_digest_sent

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DigestHit:
    listing: Listing
    owner: str

    @property
    def url(self) -> str:
        return cluster_url(self.listing.cluster, self.listing.get_absolute_url())


@dataclass
class Digest:
    user: object
    cluster: Cluster
    searches: list[SavedSearch]
    hits: list[tuple[SavedSearch, list[DigestHit]]] = field(default_factory=list)

    @property
    def hit_count(self) -> int:
        """Distinct listings (a listing meeting two searches counts once)."""
        return len({hit.listing.pk for _search, hits in self.hits for hit in hits})


def weekly_searches():
    return (
        SavedSearch.objects.filter(digest=DigestFrequency.WEEKLY, user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "cluster")
        .order_by("user_id", "cluster_id", "name", "pk")
    )


def collect_digests(*, now: datetime.datetime | None = None) -> list[Digest]:
    """One digest per user and cluster with weekly searches; `hits` only lists searches with
    new hits."""
    now = now or timezone.now()
    digests = []
    users: dict[int, object] = {}
    by_user_and_cluster = groupby(weekly_searches(), key=lambda s: (s.user_id, s.cluster_id))
    for (user_id, _cluster_id), group in by_user_and_cluster:
        searches = list(group)
        # One object per user: its permission caches are shared.
        user = users.setdefault(user_id, searches[0].user)
        for search in searches:
            search.user = user
        digest = Digest(user=user, cluster=searches[0].cluster, searches=searches)
        for search in searches:
            listings = [
                listing
                for listing in new_hits(search, search.last_digest_at)
                if listing.published_at and listing.published_at <= now
            ]
            if listings:
                hits = [DigestHit(listing, owner_label(user, listing)) for listing in listings]
                digest.hits.append((search, hits))
        digests.append(digest)
    return digests


def render_digest(digest: Digest) -> tuple[str, str]:
    """(subject, body) from `matchmaking/email/match_digest.txt` (subject, blank line, body)."""
    text = render_to_string(
        "matchmaking/email/match_digest.txt",
        {
            "digest": digest,
            "user": digest.user,
            "site_url": cluster_url(digest.cluster).rstrip("/"),
            "saved_searches_url": cluster_url(
                digest.cluster, reverse("matchmaking:saved-search-list")
            ),
        },
    )
    subject, _blank, body = text.strip().partition("\n\n")
    return subject.strip(), body.strip() + "\n"


@dataclass(frozen=True)
class DigestRun:
    sent: list[Digest]
    without_hits: int
    failed: list[Digest]


def send_digests(*, dry_run: bool = False, now: datetime.datetime | None = None) -> DigestRun:
    """Send the digests (a job of the system). A dry run sends nothing and changes nothing.
    When the mail server refuses one e-mail, the others still go out; that user's searches
    keep their `last_digest_at`, so the next run sends the hits again."""
    now = now or timezone.now()
    system = None if dry_run else system_user()
    sent, failed = [], []
    without_hits = 0
    for digest in collect_digests(now=now):
        if digest.hits:
            if not dry_run:
                subject, body = render_digest(digest)
                try:
                    send_mail(subject, body, None, [digest.user.email])
                except (OSError, smtplib.SMTPException):
                    logger.exception("Match digest to user %s failed", digest.user.pk)
                    failed.append(digest)
                    continue
            sent.append(digest)
        else:
            without_hits += 1
        if not dry_run:
            record_digest_sent(user=system, searches=digest.searches, at=now)
    return DigestRun(sent=sent, without_hits=without_hits, failed=failed)
