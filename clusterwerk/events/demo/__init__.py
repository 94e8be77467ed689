"""Demo events of the metal cluster (development and demonstrations).

`seed_demo_events(cluster=…)` writes the events of `data/events.json`, built on the facts of
the masterplan 2020 (chapters 2.5 and 5.1.4) and the Handwerkskammer's paper on the
cooperation: the Clusterkonferenz 2019 (in person) and 2020 (online, the masterplan
presented), the joint "Leichtbau" stand at the Hannover Messe 2019 with the clusters Verkehr,
Mobilität und Logistik and Kunststoffe und Chemie, the series "Innovation im Metallhandwerk"
with Werkstattgespräche 2021–2023 in several districts, co-organised by the three
Handwerkskammern with universities and networks (one of them cancelled), a Cross-Cluster-Camp
with the IKT cluster, a B2B day with 60 participants, wishes and a schedule solved with
CP-SAT, and upcoming events in the year after the day of seeding (registration open), among
them a Werkstattgespräch whose craft contingent is full with a waiting list.

Past events are held and documented: registrations linked to directory organisations (demo
companies and craft businesses, the reference institutions, networks and chambers), entrance
check-ins for most of them, minutes, feedback and typed follow-ups (linked to a demo listing
or demo project where there is one). The people are invented, their addresses end in
`@example.org`; every event, series, registration, B2B participant and follow-up is
`is_demo=True`, and every description says that it is a demo.

Deterministic: the contents, counts and dates (past events: fixed; upcoming ones: the same
days of the next year) come from the data and `random.Random(seed)`; only ticket codes are
secrets, and the solver may place a meeting in another slot. Idempotent: when the cluster's
demo events are complete (every expected event, no registration that lost its organisation
because the demo companies were made anew), nothing happens; otherwise they are deleted and
written again. Only the events of the data file count (`own_demo_events`): demo events other
demos add to the cluster (the Cross-Cluster-Camp of `crosscluster.demo`) are left alone.
The rows are written directly (not through the services: the dates are the past's), as the
other demo generators do.
"""

from __future__ import annotations

import datetime
import json
import random
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from clusterwerk.actors.models import Actor, ActorStatus, District
from clusterwerk.actors.queries import FIRST_DEMO_COMPANY_ID, demo_actors
from clusterwerk.core.models import Cluster
from clusterwerk.events.demo.attendance import (
    Organisation,
    People,
    Person,
    pools_for,
    write_registrations,
)
from clusterwerk.events.demo.b2b import write_b2b_day
from clusterwerk.events.models import (
    AUDIENCE_KINDS,
    DEFAULT_TIME_ZONE,
    Audience,
    CheckIn,
    CheckInKind,
    Event,
    EventSeries,
    EventStatus,
    Feedback,
    FollowUp,
    FollowUpKind,
    Registration,
    RegistrationStatus,
    TicketType,
)
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.matchmaking.models import Listing
from clusterwerk.projects.models import Project

BERLIN = ZoneInfo(DEFAULT_TIME_ZONE)
# The chamber whose representative is the demo organiser login (seed_demo).
ORGANISER_CHAMBER_ID = "ref:metall-2020:t3-03-potsdam"
CHAMBER_IDS = (
    "ref:metall-2020:t3-03-cottbus",
    "ref:metall-2020:t3-03-frankfurt-oder",
    ORGANISER_CHAMBER_ID,
)


@cache
def _data_text() -> str:
    return (
        resources.files("clusterwerk.events.demo")
        .joinpath("data", "events.json")
        .read_text(encoding="utf-8")
    )


def demo_data() -> dict:
    """The parsed data file (a fresh copy)."""
    return json.loads(_data_text())


@dataclass
class DemoEventsReport:
    created: int = 0
    deleted: int = 0
    skipped: bool = False
    events: int = 0
    held: int = 0
    upcoming: int = 0
    registrations: int = 0
    check_ins: int = 0
    waitlisted: int = 0
    follow_ups: int = 0
    feedback: int = 0
    b2b_participants: int = 0
    b2b_wishes: int = 0
    b2b_meetings: int = 0
    solver: dict = field(default_factory=dict)


def demo_events(cluster: Cluster | None = None) -> QuerySet[Event]:
    events = Event.objects.filter(is_demo=True)
    return events.filter(cluster=cluster) if cluster is not None else events


def own_demo_events(cluster: Cluster, data: dict) -> QuerySet[Event]:
    """The cluster's demo events that this module writes: those with a slug of the data file
    (upcoming ones with any year). Other demos may add demo events to the cluster too (the
    Cross-Cluster-Camp of `crosscluster.demo`): those are neither counted nor rewritten here."""
    plain = {spec["slug"] for spec in data["events"] if "upcoming" not in spec}
    yearly = [spec["slug"] for spec in data["events"] if "upcoming" in spec]
    mine = Q(slug__in=plain)
    if yearly:
        stems = "|".join(map(re.escape, yearly))
        mine |= Q(slug__regex=rf"^({stems})-[0-9]{{4}}$")
    return demo_events(cluster).filter(mine)


def delete_demo_events(cluster: Cluster | None = None, events: QuerySet | None = None) -> int:
    """Delete the demo events (of `cluster`; of every cluster: None; or just `events`) with
    everything that hangs on them, and the demo series."""
    events = demo_events(cluster) if events is None else events
    count = events.count()
    # Registrations protect their contingents: they go first.
    Registration.objects.filter(event__in=events.values("pk")).delete()
    events.delete()
    series = EventSeries.objects.filter(is_demo=True)
    (series.filter(cluster=cluster) if cluster is not None else series).delete()
    return count


def organiser_chamber(cluster: Cluster | None = None) -> Actor | None:
    """The Handwerkskammer the demo organiser login represents (reference data)."""
    return Actor.objects.filter(external_id=ORGANISER_CHAMBER_ID).first()


def upcoming_year(now: datetime.datetime | None = None) -> int:
    """The upcoming demo events take place in the year after the day of seeding."""
    return timezone.localtime(now or timezone.now(), BERLIN).year + 1


def expected_slugs(data: dict, year: int) -> set[str]:
    return {_slug(spec, year) for spec in data["events"]}


def _slug(spec: dict, year: int) -> str:
    return f"{spec['slug']}-{year}" if "upcoming" in spec else spec["slug"]


def _is_complete(cluster: Cluster, data: dict, year: int) -> bool:
    slugs = set(own_demo_events(cluster, data).values_list("slug", flat=True))
    if slugs != expected_slugs(data, year):
        return False
    orphaned = Registration.objects.filter(
        event__cluster=cluster, is_demo=True, actor__isnull=True, organisation_name=""
    ).exclude(user__isnull=False)
    return not orphaned.exists()


def seed_demo_events(
    *,
    cluster: Cluster,
    seed: int = 2020,
    member=None,
    time_limit: float = 10.0,
) -> DemoEventsReport:
    """Write the cluster's demo events (see the module docstring); `member`: the demo member
    login, registered for a past Werkstattgespräch (attended) and two upcoming events.
    ValueError when the demo companies or the reference institutions are missing."""
    data = demo_data()
    now = timezone.now()
    year = upcoming_year(now)
    report = DemoEventsReport()
    with transaction.atomic():
        if _is_complete(cluster, data, year):
            report.skipped = True
        else:
            context = _Context.load(cluster, data, seed)
            report.deleted = delete_demo_events(cluster, own_demo_events(cluster, data))
            # Dates of upcoming events count from the start of the day: the same all day.
            today = timezone.localtime(now, BERLIN).replace(
                hour=0, minute=0, second=0, microsecond=0
            )
            _write(
                cluster,
                data,
                context,
                report,
                now=today,
                year=year,
                member=member,
                time_limit=time_limit,
            )
            report.created = len(data["events"])
    _summarise(own_demo_events(cluster, data), report, now)
    return report


@dataclass
class _Context:
    seed: int
    rng: random.Random
    people: People
    actors: dict[str, Organisation]
    districts: dict[str, int]
    lineages: dict[str, str]
    clusters: dict[str, Cluster]
    listings: list[int]
    projects: list[int]

    @classmethod
    def load(cls, cluster: Cluster, data: dict, seed: int) -> _Context:
        rng = random.Random(seed)
        companies = [
            Organisation(pk, kind, district)
            for pk, kind, district in demo_actors(cluster)
            .exclude(status=ActorStatus.ARCHIVED)
            .order_by("external_id")
            .values_list("pk", "kind", "district_id")
        ]
        if not companies:
            raise ValueError("Keine Demo-Unternehmen: zuerst die Demo-Unternehmen anlegen.")
        kinds = [kind for audience in AUDIENCE_KINDS for kind in AUDIENCE_KINDS[audience]]
        institutions = Actor.objects.filter(
            is_demo=False, external_id__startswith="ref:", kind__in=kinds
        ).exclude(status=ActorStatus.ARCHIVED)
        by_id = {
            external_id: Organisation(pk, kind, district)
            for external_id, pk, kind, district in institutions.order_by("external_id").values_list(
                "external_id", "pk", "kind", "district_id"
            )
        }
        if not all(external_id in by_id for external_id in CHAMBER_IDS):
            raise ValueError(
                "Die Handwerkskammern fehlen im Verzeichnis: zuerst "
                "python manage.py load_reference_data"
            )
        pools = pools_for([*companies, *by_id.values()])
        people = People(
            rng=rng,
            first_names=data["first_names"],
            last_names=data["last_names"],
            pools=pools,
            others=data["other_organisations"],
        )
        return cls(
            seed=seed,
            rng=rng,
            people=people,
            actors=by_id,
            districts=dict(District.objects.values_list("ags", "pk")),
            lineages=topic_catalogue(cluster).lineage_by_number,
            clusters={c.slug: c for c in Cluster.objects.exclude(pk=cluster.pk)},
            listings=list(
                Listing.objects.filter(cluster=cluster, is_demo=True)
                .order_by("pk")
                .values_list("pk", flat=True)
            ),
            projects=list(
                Project.objects.filter(cluster=cluster, is_demo=True)
                .order_by("pk")
                .values_list("pk", flat=True)
            ),
        )


def _moment(text: str, year: int | None = None) -> datetime.datetime:
    if year is not None:
        text = f"{year}-{text}"
    return datetime.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def _member_person(member, cluster) -> tuple[Person, str] | tuple[None, None]:
    if member is None:
        return None, None
    actor = demo_actors(cluster).filter(external_id=FIRST_DEMO_COMPANY_ID).first()
    audience = next(
        (a for a, kinds in AUDIENCE_KINDS.items() if actor is not None and actor.kind in kinds),
        None,
    )
    person = Person(
        first_name=member.first_name or "Mia",
        last_name=member.last_name or "Metallbau",
        email=member.email,
        actor_id=actor.pk if actor else None,
        user_id=member.pk,
    )
    return person, audience


def _write(cluster, data, context, report, *, now, year, member, time_limit) -> None:
    series = EventSeries(cluster=cluster, is_demo=True, **data["series"])
    series.full_clean()
    series.save()
    member_person, member_audience = _member_person(member, cluster)
    note = data["demo_note"]
    for spec in data["events"]:
        spec["_feedback_texts"] = data["feedback_texts"]
        event = _event(cluster, spec, series, context, now=now, year=year, note=note)
        organisers = [context.actors[i] for i in spec.get("organisers", []) if i in context.actors]
        contingents = _contingents(event, spec, data)
        if spec.get("b2b"):
            total = sum(c.get("registered", 0) for _t, c in contingents)
            spec["show_rate"] = (total - data["b2b"]["no_shows"]) / total
        attendance = write_registrations(
            event=event,
            spec=spec,
            contingents=contingents,
            people=context.people,
            organisers=organisers,
            now=now,
            member=member_person if spec.get("member") else None,
            member_audience=member_audience,
        )
        if spec.get("b2b"):
            came = {r.pk for r in attendance.attended}
            confirmed = [
                r for r in attendance.registrations if r.status == RegistrationStatus.CONFIRMED
            ]
            figures = write_b2b_day(
                event=event,
                registrations=confirmed,
                absent={r.pk for r in confirmed if r.pk not in came},
                frame=data["b2b"],
                reasons=data["wish_reasons"],
                # Its own generator: how many meetings the solver places must not change
                # what is drawn for the events after it.
                rng=random.Random(context.seed + 1),
                time_limit=time_limit,
            )
            report.b2b_participants = figures.participants
            report.b2b_wishes = figures.wishes
            report.b2b_meetings = figures.held
            report.solver = figures.solver
        _follow_ups(event, spec, context)


def _event(cluster, spec, series, context, *, now, year, note) -> Event:
    upcoming = "upcoming" in spec
    starts = _moment(spec["upcoming"], year) if upcoming else _moment(spec["starts"])
    if "ends" in spec:
        ends = _moment(spec["ends"])
    elif "days" in spec:
        ends = starts + datetime.timedelta(days=spec["days"] - 1, hours=9)
    else:
        ends = starts + datetime.timedelta(hours=spec.get("hours", 3))
    title = f"{spec['title']} {year}" if spec.get("year_in_title") else spec["title"]
    status = spec.get("status", EventStatus.PUBLISHED)
    published = (
        now - datetime.timedelta(days=30) if upcoming else starts - datetime.timedelta(days=60)
    )
    opens = now - datetime.timedelta(days=21) if upcoming else starts - datetime.timedelta(days=56)
    event = Event(
        cluster=cluster,
        slug=_slug(spec, year),
        series=series if spec.get("series") else None,
        format=spec["format"],
        title=title,
        description=f"{spec['description']}\n\n*{note}*",
        starts_at=starts,
        ends_at=ends,
        venue_name=spec.get("venue_name", ""),
        street=spec.get("street", ""),
        postal_code=spec.get("postal_code", ""),
        municipality=spec.get("municipality", ""),
        district_id=context.districts.get(spec.get("district")),
        online_url=spec.get("online_url", ""),
        status=status,
        requires_approval=spec.get("requires_approval", False),
        registration_opens_at=opens,
        registration_closes_at=starts - datetime.timedelta(days=2),
        published_at=published,
        minutes=spec.get("minutes", ""),
        is_demo=True,
    )
    if status == EventStatus.DOCUMENTED:
        event.documented_at = ends + datetime.timedelta(days=context.rng.randint(5, 20))
    if status == EventStatus.CANCELLED:
        event.cancelled_at = starts - datetime.timedelta(days=9)
        event.cancellation_reason = spec.get("cancellation_reason", "")
        event.sequence = 1
    event.full_clean()
    event.save()
    Event.objects.filter(pk=event.pk).update(created_at=published - datetime.timedelta(days=7))
    for external_id in spec.get("organisers", []):
        if external_id in context.actors:
            event.organisers.create(actor_id=context.actors[external_id].pk)
    event.partner_clusters.set(
        [context.clusters[s] for s in spec.get("partner_clusters", []) if s in context.clusters]
    )
    for number in spec.get("topics", []):
        if number in context.lineages:
            event.topics.create(lineage=context.lineages[number])
    return event


def _contingents(event, spec, data) -> list[tuple[TicketType, dict]]:
    if spec["contingents"] == "workshop":
        registered = spec.get("registered", {})
        specs = [
            {**entry, "registered": registered.get(entry["audience"], 0)}
            for entry in data["workshop_contingents"]
        ]
    else:
        specs = spec["contingents"]
    result = []
    for order, entry in enumerate(specs):
        ticket_type = TicketType(
            event=event,
            name=entry["name"],
            audience=entry.get("audience", Audience.OPEN),
            capacity=entry["capacity"],
            order=order,
        )
        ticket_type.full_clean()
        ticket_type.save()
        result.append((ticket_type, entry))
    return result


def _follow_ups(event, spec, context) -> None:
    rows = []
    for entry in spec.get("follow_ups", []):
        follow_up = FollowUp(
            event=event,
            kind=entry["kind"],
            title=entry["title"],
            note=entry.get("note", ""),
            topic_lineage=context.lineages.get((spec.get("topics") or [None])[0]),
            is_demo=True,
        )
        if entry["kind"] == FollowUpKind.LISTING and context.listings:
            follow_up.listing_id = context.listings.pop(0)
        if entry["kind"] == FollowUpKind.PROJECT_IDEA and context.projects:
            follow_up.project_id = context.projects.pop(0)
        follow_up.full_clean()
        follow_up.save()
        rows.append((follow_up.pk, event.ends_at + datetime.timedelta(days=entry["after_days"])))
    for pk, created in rows:
        FollowUp.objects.filter(pk=pk).update(created_at=created)


def _summarise(events: QuerySet[Event], report: DemoEventsReport, now) -> None:
    report.events = events.count()
    report.held = events.filter(status__in=(EventStatus.HELD, EventStatus.DOCUMENTED)).count()
    report.upcoming = events.filter(starts_at__gt=now).exclude(status=EventStatus.CANCELLED).count()
    registrations = Registration.objects.filter(event__in=events.values("pk"))
    report.registrations = registrations.count()
    report.waitlisted = registrations.filter(status=RegistrationStatus.WAITLISTED).count()
    report.follow_ups = FollowUp.objects.filter(event__in=events.values("pk")).count()
    report.feedback = Feedback.objects.filter(registration__event__in=events.values("pk")).count()
    report.check_ins = CheckIn.objects.filter(
        registration__event__in=events.values("pk"), kind=CheckInKind.ENTRY
    ).count()
