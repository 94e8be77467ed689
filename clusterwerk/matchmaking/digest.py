"""The weekly e-mail digest of saved searches (`manage.py send_match_digest`, run by cron).

Per user with at least one saved search set to "weekly": one e-mail that lists, search by
search, the open listings published since the search's `last_digest_at` that meet it (not the
user's own, see `queries.new_hits`). Owners are named only as `queries.owner_label` allows, so
an anonymous listing appears without its owner. After sending, `last_digest_at` moves to the
moment the run started; listings published during the run come in the next digest.
Users without a hit get no e-mail, but their searches move on as well.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clusterwerk.matchmaking.models import DigestFrequency, Listing, SavedSearch
from clusterwerk.matchmaking.queries import new_hits, owner_label

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DigestHit:
    listing: Listing
    owner: str

    @property
    def url(self) -> str:
        return settings.SITE_URL + self.listing.get_absolute_url()


@dataclass
class Digest:
    user: object
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
        .select_related("user")
        .order_by("user_id", "name", "pk")
    )


def collect_digests(*, now: datetime.datetime | None = None) -> list[Digest]:
    """One digest per user with weekly searches; `hits` only lists searches with new hits."""
    now = now or timezone.now()
    digests = []
    for _user_id, group in groupby(weekly_searches(), key=lambda search: search.user_id):
        searches = list(group)
        user = searches[0].user
        for search in searches:
            search.user = user  # one object per user: its permission caches are shared
        digest = Digest(user=user, searches=searches)
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
            "site_url": settings.SITE_URL,
            "saved_searches_url": settings.SITE_URL + reverse("matchmaking:saved-search-list"),
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
    """Send the digests. A dry run sends nothing and changes nothing. When the mail server
    refuses one e-mail, the others still go out; that user's searches keep their
    `last_digest_at`, so the next run sends the hits again."""
    now = now or timezone.now()
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
            SavedSearch.objects.filter(pk__in=[search.pk for search in digest.searches]).update(
                last_digest_at=now
            )
    return DigestRun(sent=sent, without_hits=without_hits, failed=failed)
