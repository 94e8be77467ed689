"""The weekly e-mail digest of saved searches (a periodic run: `manage.py schedule` enqueues it
every Monday, operators may start it with `manage.py send_match_digest`).

Per user and cluster with at least one saved search set to "weekly": one e-mail that lists,
search by search, the cluster's open listings published since the search's `last_digest_at`
that meet it (not the user's own, see `queries.new_hits`), with addresses in that cluster
(`/c/<slug>/…` unless it is the instance's default cluster). Owners are named only as
`queries.owner_label` allows, so an anonymous listing appears without its owner. After
sending, `last_digest_at` moves to the moment the run started (`services.record_digest_sent`,
as the system user); listings published during the run come in the next digest. Users without
a hit get no e-mail, but their searches move on as well.

At most one digest per search and ISO week: a search whose `last_digest_at` lies in the
current week (it was in this week's digest, or was saved this week) waits for the next week,
so a second run in the same week sends nothing twice. Each user's e-mail is handed to the task
queue (`core.mail.send_email_later`) in the same transaction that moves `last_digest_at`; the
queue retries when the mail server is away, and one failing user does not stop the others.
"""

import datetime
import logging
from dataclasses import dataclass, field
from itertools import groupby

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clusterwerk.accounts.services import system_user
from clusterwerk.core import periodic
from clusterwerk.core.mail import send_email_later
from clusterwerk.core.models import Cluster, DigestFrequency
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.matchmaking.models import Listing, SavedSearch
from clusterwerk.matchmaking.queries import new_hits, owner_label
from clusterwerk.matchmaking.services import record_digest_sent

logger = logging.getLogger(__name__)

# The periodic run's name: one run per ISO week (`core.periodic.run_key`).
RUN_NAME = "match_digest"
RUN_FREQUENCY = periodic.WEEKLY


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


def weekly_searches(*, due_before: datetime.datetime | None = None):
    """The weekly searches of active users with an address; with `due_before`, only those
    whose last digest (or saving) lies before that moment."""
    searches = SavedSearch.objects.filter(digest=DigestFrequency.WEEKLY, user__is_active=True)
    if due_before is not None:
        searches = searches.filter(last_digest_at__lt=due_before)
    return (
        searches.exclude(user__email="")
        .select_related("user", "cluster")
        .order_by("user_id", "cluster_id", "name", "pk")
    )


def this_period(now: datetime.datetime) -> datetime.datetime:
    """The start of the digest's period (the local ISO week) that contains `now`."""
    return periodic.period_start(RUN_FREQUENCY, now)


def collect_digests(*, now: datetime.datetime | None = None) -> list[Digest]:
    """One digest per user and cluster with weekly searches due in this period; `hits` only
    lists searches with new hits."""
    now = now or timezone.now()
    digests = []
    users: dict[int, object] = {}
    due = weekly_searches(due_before=this_period(now))
    by_user_and_cluster = groupby(due, key=lambda s: (s.user_id, s.cluster_id))
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
    Each user's e-mail goes to the task queue together with moving `last_digest_at`; when that
    fails for one user (logged), the others still go out and that user's searches stay due."""
    now = now or timezone.now()
    system = None if dry_run else system_user()
    sent, failed = [], []
    without_hits = 0
    for digest in collect_digests(now=now):
        if dry_run:
            if digest.hits:
                sent.append(digest)
            else:
                without_hits += 1
            continue
        try:
            delivered = _send_one(digest, system=system, now=now)
        except Exception:
            logger.exception("Match digest to user %s failed", digest.user.pk)
            failed.append(digest)
            continue
        if delivered is None:
            continue  # a concurrent run was faster
        if delivered:
            sent.append(digest)
        else:
            without_hits += 1
    return DigestRun(sent=sent, without_hits=without_hits, failed=failed)


@transaction.atomic
def _send_one(digest: Digest, *, system, now: datetime.datetime) -> bool | None:
    """Queue the user's e-mail (if there are hits) and move the searches on, in one
    transaction: True when an e-mail was queued, False without hits, None when another run
    has dealt with these searches in the meantime."""
    pks = [search.pk for search in digest.searches]
    still_due = SavedSearch.objects.select_for_update().filter(
        pk__in=pks, last_digest_at__lt=this_period(now)
    )
    if len(still_due.values_list("pk", flat=True)) < len(pks):
        return None
    if digest.hits:
        subject, body = render_digest(digest)
        send_email_later(subject=subject, body=body, to=[digest.user.email])
    record_digest_sent(user=system, searches=digest.searches, at=now)
    return bool(digest.hits)
