"""Planning the demo listings in pure Python: owners (a demo actor of the listing's trade
where there is one), interested actors and dates, deterministic for a seed and a day."""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from clusterwerk.actors.queries import FIRST_DEMO_COMPANY_ID
from clusterwerk.matchmaking.demo.texts import (
    LISTINGS,
    MAX_VALIDITY_DAYS,
    MESSAGES,
    MIN_REMAINING_DAYS,
    PENDING,
    PUBLISHED,
    ListingSpec,
)
from clusterwerk.matchmaking.models import ListingStatus


@dataclass(frozen=True)
class ActorRef:
    pk: int
    name: str
    external_id: str


@dataclass
class PlannedInterest:
    actor: ActorRef
    status: str
    sent: datetime.datetime
    decided: datetime.datetime | None
    message: str


@dataclass
class PlannedListing:
    spec: ListingSpec
    owner: ActorRef
    created: datetime.datetime
    submitted: datetime.datetime | None
    published: datetime.datetime | None
    closed: datetime.datetime | None
    expires_on: datetime.date
    interests: list[PlannedInterest] = field(default_factory=list)


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _owner(spec: ListingSpec, actors: list[ActorRef], rng: random.Random, used: set[int]):
    if spec.owner:
        chosen = next((actor for actor in actors if actor.external_id == spec.owner), None)
        if chosen is not None:
            return chosen
    # Demo company 0001 (the demo member's) owns only the listings written for it.
    others = [a for a in actors if a.external_id != FIRST_DEMO_COMPANY_ID] or actors
    prefix = f"Demo-{spec.trade} " if spec.trade else "Demo-"
    pool = [a for a in others if a.name.startswith(prefix) and a.pk not in used]
    if not pool:
        pool = [a for a in others if a.pk not in used] or others
    return rng.choice(pool)


def plan_demo_listings(
    actors: list[ActorRef], seed: int, today: datetime.date, now: datetime.datetime
) -> list[PlannedListing]:
    """Owners, interested actors and dates of the listings (pure Python, deterministic)."""
    rng = random.Random(seed)
    used: set[int] = set()
    plans = []
    message = 0
    for spec in LISTINGS:
        owner = _owner(spec, actors, rng, used)
        used.add(owner.pk)
        start = today - datetime.timedelta(days=spec.days_ago)
        published = submitted = closed = None
        if spec.status in (ListingStatus.DRAFT, ListingStatus.IN_REVIEW):
            expires_on = today + datetime.timedelta(days=spec.runs_days)
            if spec.status == ListingStatus.IN_REVIEW:
                submitted = _at(start, 11)
        else:
            published = _at(start, 9)
            if spec.status == PUBLISHED:
                remaining = min(spec.runs_days, MAX_VALIDITY_DAYS - spec.days_ago)
                expires_on = today + datetime.timedelta(days=max(MIN_REMAINING_DAYS, remaining))
            elif spec.status == ListingStatus.EXPIRED:
                expires_on = today - datetime.timedelta(days=spec.runs_days)
                closed = _at(expires_on + datetime.timedelta(days=1), 3)
            else:  # closed by the owner
                expires_on = start + datetime.timedelta(days=spec.runs_days)
                closed = _at(start + datetime.timedelta(days=spec.runs_days // 2), 16)
        plan = PlannedListing(
            spec=spec,
            owner=owner,
            created=_at(start - datetime.timedelta(days=2), 8),
            submitted=submitted or (published and published - datetime.timedelta(days=1)),
            published=published,
            closed=closed,
            expires_on=expires_on,
        )
        others = [
            actor
            for actor in actors
            if actor.pk != owner.pk and actor.external_id != FIRST_DEMO_COMPANY_ID
        ] or [actor for actor in actors if actor.pk != owner.pk]
        latest = min(now, closed) if closed else now
        for interest, actor in zip(
            spec.interests, rng.sample(others, min(len(spec.interests), len(others))), strict=False
        ):
            sent = min(published + datetime.timedelta(days=interest.after_days, hours=2), latest)
            sent = min(sent, now - datetime.timedelta(hours=1))
            decided = None
            if interest.status != PENDING:
                decided = min(sent + datetime.timedelta(days=interest.decided_after), now)
            plan.interests.append(
                PlannedInterest(actor, interest.status, sent, decided, MESSAGES[message % 5])
            )
            message += 1
        plans.append(plan)
    return plans
