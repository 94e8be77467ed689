#!/usr/bin/env python
"""Benchmark: issue 19 at ten times the demo – the bodies (pages, members-only space, meetings,
action items, invitations, reminders, API), the participation gaps (the sorted proposal list,
comments on proposals, badges), Cross Cluster (topics, partner search, dashboard, report
section) and the public cluster profile with its open data.

Usage: .venv/bin/python bench/governance_crosscluster.py [--scale 10] [--repeat 10]
                                                         [--database-url URL]

Builds its world in a throw-away SQLite file (or, with --database-url / DATABASE_URL, in that
database, which it migrates; create and drop a PostgreSQL database yourself, e.g.

    createdb -h 127.0.0.1 -U postgres cw_bench19
    .venv/bin/python bench/governance_crosscluster.py \\
        --database-url postgres://postgres@127.0.0.1:5432/cw_bench19
    dropdb -h 127.0.0.1 -U postgres cw_bench19

The world: `load_reference_data` (9 clusters, 32 cross-cluster topics of table 4) and
`seed_demo --scale N` (2,506 × N demo companies, the demo projects, listings, consultation,
events, foresight, bodies and the cross-cluster demo), then, added with the ORM, at scale N
(figures for N = 10):
- bodies: N bodies (Technologie-Expertenkreise) of 4 × N members each (400 people with an
  account; the first 10 × N show their badge), 20 meetings per body (200, from two years ago
  to a year ahead) with 10 agenda items (linked to a topic area, a project, a proposal, an
  event, a foresight item), 10 decisions, 15 action items (3,000, owners among the members,
  due dates around today, two thirds open) and the attendance of every member; 50 × N posts
  per body (5,000; every fifth a reply). One more meeting with a 6 × N agenda (60 items,
  60 decisions, 60 action items) against a meeting of 10 – the query counts must not grow;
- the demo consultation: 200 × N proposals (2,000) with 1,000 × N supports, 1,000 × N
  comments (10,000; 20 × N = 200 on the proposal measured) by 100 × N authors (1,000), of
  whom 10 × N are body members who show their badge;
- Cross Cluster: 100 × N cross-cluster projects of the cluster with a partner cluster each
  (1,000, copies of the demo's two), 100 × N shared listings, 30 × N cross-cluster events
  (300, ten years) and 25 × N foresight items in the published demo cycle (250), all copies
  of the demo's texts and topic areas, so that they match the topics as the demo does.

Prints (ms: median and slowest of `--repeat` after 2 warm-ups; the queries of one more; the
size of pages): functions and commands, then the pages and API calls through Django's test
client (all middleware, DEBUG as in the other benchmarks). Both databases get ANALYZE after
the load.
"""

import argparse
import datetime
import io
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLOW = 5.0  # seconds: a call slower than this is timed twice only (see `measure`)
TEXT = "Wir prüfen, ob der Leichtbau mit Aluminium in der Fertigung wirtschaftlich ist. " * 3


# --- The world ----------------------------------------------------------------------------------


def users(prefix: str, count: int, cluster, role=None) -> list:
    from django.contrib.auth.hashers import make_password

    from clusterwerk.accounts.models import Role, RoleAssignment, User

    password = make_password(None)
    User.objects.bulk_create(
        User(email=f"{prefix}{n:05d}@example.org", password=password) for n in range(count)
    )
    made = list(User.objects.filter(email__startswith=prefix).order_by("email"))
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, cluster=cluster, role=role or Role.MEMBER) for u in made
    )
    return made


def clone(obj, count: int, change) -> list:
    """`count` copies of `obj` (saved one by one, `change(copy, n)` sets what must differ),
    with its topic areas; returns the copies."""
    source_pk = obj.pk
    model = type(obj)
    topics = getattr(model.objects.get(pk=source_pk), "topics", None)
    topics = list(topics.all()) if topics is not None else []
    copies = []
    for n in range(count):
        copy = model.objects.get(pk=source_pk)
        copy.pk = copy.id = None
        copy._state.adding = True
        change(copy, n)
        copy.save()
        for topic in topics:
            topic.pk = topic.id = None
            setattr(topic, topic._meta.get_field(model._meta.model_name).attname, copy.pk)
            topic._state.adding = True
            topic.save()
        copies.append(copy)
    return copies


def crosscluster_world(cluster, scale: int, rng) -> dict:
    from django.utils import timezone

    from clusterwerk.core.models import Cluster
    from clusterwerk.events.models import Event, EventFormat
    from clusterwerk.foresight.models import Item, ItemTopicArea, Status
    from clusterwerk.matchmaking.models import Listing
    from clusterwerk.projects.models import Project

    partners = list(Cluster.objects.exclude(pk=cluster.pk).order_by("slug"))
    now = timezone.now()
    sources = list(Project.objects.filter(cluster=cluster, is_cross_cluster=True).order_by("pk"))

    def project(copy, n):
        copy.key = f"bench-cc-{n:05d}"
        copy.title = f"{copy.title} ({n + 2})"
        copy.year_initiated = 2017 + n % 10

    projects = []
    for index, source in enumerate(sources):
        projects += clone(source, 100 * scale // len(sources) + (index == 0), project)
    Through = Project.partner_clusters.through
    Through.objects.bulk_create(
        Through(project_id=p.pk, cluster_id=rng.choice(partners).pk) for p in projects
    )
    shared = Listing.objects.filter(cluster=cluster, shared_with_other_clusters=True).first()

    def listing(copy, n):
        copy.title = f"{copy.title} ({n + 2})"
        copy.published_at = now - datetime.timedelta(days=n % 1500)

    listings = clone(shared, 100 * scale, listing) if shared else []
    camp = (
        Event.objects.filter(cluster=cluster, format=EventFormat.CROSS_CLUSTER_CAMP).first()
        or Event.objects.filter(cluster=cluster, partner_clusters__isnull=False).first()
    )

    def event(copy, n):
        copy.slug = f"bench-cc-{n:05d}"
        copy.uid = uuid.uuid4()
        copy.title = f"{copy.title} ({n + 2})"
        copy.starts_at = now - datetime.timedelta(days=12 * n)
        copy.ends_at = copy.starts_at + datetime.timedelta(hours=6)

    events = clone(camp, 30 * scale, event) if camp else []
    EventThrough = Event.partner_clusters.through
    EventThrough.objects.bulk_create(
        EventThrough(event_id=e.pk, cluster_id=rng.choice(partners).pk) for e in events
    )
    cycle_items = list(
        Item.objects.filter(cycle__cluster=cluster, cycle__status=Status.PUBLISHED)
        .select_related("cycle")
        .prefetch_related("topic_areas")
        .order_by("pk")
    )
    added = 0
    if cycle_items:
        cycle = cycle_items[0].cycle
        rows, areas = [], []
        for n in range(25 * scale):
            model = cycle_items[n % len(cycle_items)]
            rows.append(
                Item(cycle=cycle, key=f"B-{n:04d}", lineage=uuid.uuid4(), title=model.title,
                     description=model.description, kind=model.kind, steep=model.steep,
                     segment_id=model.segment_id, tags=model.tags)
            )  # fmt: skip
        Item.objects.bulk_create(rows, batch_size=500)
        made = Item.objects.filter(cycle=cycle, key__startswith="B-").order_by("key")
        for n, item in enumerate(made):
            for area in cycle_items[n % len(cycle_items)].topic_areas.all():
                areas.append(ItemTopicArea(item=item, topic_lineage=area.topic_lineage))
        ItemTopicArea.objects.bulk_create(areas, batch_size=1000)
        added = len(rows)
    return {
        "projects": len(projects),
        "listings": len(listings),
        "events": len(events),
        "items": added,
        "partners": partners,
    }


def participation_world(cluster, scale: int, members: list, rng) -> dict:
    from clusterwerk.participation.demo import demo_consultation
    from clusterwerk.participation.models import Comment, Proposal, Support

    consultation = demo_consultation(cluster)
    models = list(Proposal.objects.filter(consultation=consultation).order_by("pk"))
    authors = members[: 10 * scale] + users("author", 90 * scale, cluster)
    rows = []
    for n in range(200 * scale):
        model = models[n % len(models)]
        rows.append(
            Proposal(consultation=consultation, kind=model.kind, element_kind=model.element_kind,
                     element_lineage=model.element_lineage, field=model.field,
                     original_text=model.original_text, proposed_text=model.proposed_text,
                     title=f"Vorschlag {n:04d}: {model.title or 'mehr Leichtbau'}"[:300],
                     rationale=model.rationale, author=rng.choice(authors),
                     status=model.status)
        )  # fmt: skip
    Proposal.objects.bulk_create(rows, batch_size=1000)
    proposals = list(
        Proposal.objects.filter(consultation=consultation, title__startswith="Vorschlag ").order_by(
            "pk"
        )
    )
    supports, seen = [], set()
    while len(supports) < 1000 * scale:
        pair = (rng.randrange(len(proposals)), rng.randrange(len(authors)))
        if pair not in seen:
            seen.add(pair)
            supports.append(Support(proposal=proposals[pair[0]], user=authors[pair[1]]))
    Support.objects.bulk_create(supports, batch_size=2000)
    measured = proposals[0]
    comments = []
    for n in range(1000 * scale):
        proposal = measured if n < 20 * scale else rng.choice(proposals)
        body = f"Das sehen wir in unserem Betrieb genauso ({n})."
        comments.append(
            Comment(consultation=consultation, element_kind=proposal.element_kind,
                    element_lineage=proposal.element_lineage, proposal=proposal,
                    author=authors[n % len(authors)], body=body, body_html=f"<p>{body}</p>")
        )  # fmt: skip
    Comment.objects.bulk_create(comments, batch_size=2000)
    return {
        "consultation": consultation,
        "proposal": measured,
        "proposals": len(proposals),
        "supports": len(supports),
        "comments": len(comments),
        "authors": authors,
    }


def governance_world(cluster, scale: int, rng, crossworld) -> dict:
    from django.utils import timezone

    from clusterwerk.events.models import Event
    from clusterwerk.foresight.models import Item
    from clusterwerk.governance import models as g
    from clusterwerk.masterplan.models import TopicArea
    from clusterwerk.masterplan.queries import get_published_edition
    from clusterwerk.participation.models import Proposal
    from clusterwerk.projects.models import Project

    now = timezone.now()
    today = timezone.localdate()
    g.Body.objects.bulk_create(
        g.Body(cluster=cluster, kind=g.BodyKind.EXPERT_CIRCLE, slug=f"kreis-{n:02d}",
               name=f"Technologie-Expertenkreis {n:02d}", order=10 + n,
               description="Ein Kreis von Fachleuten aus den Mitgliedsunternehmen.")
        for n in range(scale)
    )  # fmt: skip
    bodies = list(
        g.Body.objects.filter(cluster=cluster, slug__startswith="kreis-").order_by("slug")
    )
    people = users("member", 40 * len(bodies), cluster)
    g.BodyMember.objects.bulk_create(
        g.BodyMember(body=bodies[n // 40], name=f"Person {n:04d}", user=u,
                     function=g.MemberFunction.CHAIR if n % 40 == 0 else g.MemberFunction.MEMBER,
                     term_start=datetime.date(2020, 1, 1), show_badge=n < 10 * scale)
        for n, u in enumerate(people)
    )  # fmt: skip
    members = {b.pk: list(b.members.order_by("pk")) for b in bodies}
    project = Project.objects.filter(cluster=cluster).first()
    proposal = Proposal.objects.filter(consultation__cluster=cluster).first()
    event = Event.objects.filter(cluster=cluster).first()
    item = Item.objects.filter(cycle__cluster=cluster).first()
    edition = get_published_edition(cluster)
    lineages = list(
        TopicArea.objects.filter(edition=edition).order_by("pk").values_list("lineage", flat=True)
    )

    def meeting(body, starts, title, agenda_size, decisions, actions):
        made = g.Meeting.objects.create(
            body=body, title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3),
            place="Haus der Wirtschaft, Cottbus", online_url="https://example.org/sitzung",
            status=g.MeetingStatus.HELD if starts < now else g.MeetingStatus.PREPARATION,
            minutes=TEXT if starts < now else "",
        )  # fmt: skip
        g.AgendaItem.objects.bulk_create(
            g.AgendaItem(meeting=made, order=k + 1, title=f"Bericht zum Leichtbau {k + 1}",
                         description=TEXT, presenter="Clustermanagement",
                         topic_lineage=lineages[k % len(lineages)] if lineages else None,
                         project=project, proposal=proposal, event=event, foresight_item=item)
            for k in range(agenda_size)
        )  # fmt: skip
        agenda = list(made.agenda.order_by("order"))
        g.Decision.objects.bulk_create(
            g.Decision(meeting=made, agenda_item=agenda[k % len(agenda)], text=TEXT,
                       mode=g.DecisionMode.VOTE if k % 2 else g.DecisionMode.CONSENSUS,
                       votes_yes=12 if k % 2 else None, votes_no=1 if k % 2 else None,
                       votes_abstain=2 if k % 2 else None, is_published=k % 3 == 0,
                       published_at=now if k % 3 == 0 else None, project=project,
                       topic_lineage=lineages[k % len(lineages)] if lineages else None)
            for k in range(decisions)
        )  # fmt: skip
        crew = members[body.pk]
        rows = []
        for k in range(actions):
            owner = crew[rng.randrange(len(crew))]
            status = rng.choice(
                [g.ActionStatus.OPEN, g.ActionStatus.OPEN, g.ActionStatus.IN_PROGRESS,
                 g.ActionStatus.DONE, g.ActionStatus.OPEN, g.ActionStatus.DROPPED]
            )  # fmt: skip
            due = max(
                timezone.localdate(starts), today + datetime.timedelta(days=rng.randint(-60, 60))
            )
            rows.append(
                g.ActionItem(meeting=made, title=f"Aufgabe {k + 1}: Angebot einholen",
                             owner=owner.user, owner_name=owner.name, due_on=due, status=status)
            )  # fmt: skip
        g.ActionItem.objects.bulk_create(rows)
        g.Attendance.objects.bulk_create(
            g.Attendance(meeting=made, member=m, invited_at=starts - datetime.timedelta(days=14),
                         response=g.Response.ACCEPTED, present=starts < now or None)
            for m in crew
        )  # fmt: skip
        return made

    meetings = []
    for body in bodies:
        for k in range(20):
            starts = now - datetime.timedelta(days=730) + datetime.timedelta(days=55 * k)
            starts = starts.replace(hour=10, minute=0, second=0, microsecond=0)
            meetings.append(meeting(body, starts, f"{k + 1}. Sitzung", 10, 10, 15))
    first = bodies[0]
    big = meeting(first, now - datetime.timedelta(days=3), "Klausurtagung", 6 * scale,
                  6 * scale, 6 * scale)  # fmt: skip
    normal = next(
        m
        for m in meetings
        if m.body_id == first.pk and m.starts_at < now - datetime.timedelta(days=30)
    )
    future = g.Meeting.objects.create(
        body=first, title="Sitzung mit Einladung", starts_at=now + datetime.timedelta(days=30),
        ends_at=now + datetime.timedelta(days=30, hours=3), place="Potsdam",
    )  # fmt: skip
    g.AgendaItem.objects.bulk_create(
        g.AgendaItem(meeting=future, order=k + 1, title=f"Punkt {k + 1}") for k in range(10)
    )
    posts = []
    for body in bodies:
        crew = members[body.pk]
        posts += [
            g.Post(body=body, author=crew[k % len(crew)].user, text=TEXT) for k in range(50 * scale)
        ]
    g.Post.objects.bulk_create(posts, batch_size=2000)
    replies = []
    for post in g.Post.objects.filter(body__in=bodies).order_by("pk")[::5]:
        replies.append(
            g.Post(body_id=post.body_id, reply_to=post, author=post.author, text="Danke.")
        )
    # Replies replace every fifth top-level post: the space still has 50 × N posts per body.
    g.Post.objects.filter(pk__in=[r.reply_to_id for r in replies]).delete()
    keep = list(g.Post.objects.filter(body__in=bodies).order_by("pk")[: len(replies)])
    for reply, parent in zip(replies, keep, strict=False):
        reply.reply_to, reply.body_id = parent, parent.body_id
    g.Post.objects.bulk_create(replies, batch_size=2000)
    return {
        "bodies": bodies,
        "body": first,
        "people": people,
        "badge_users": people[: 10 * scale],
        "members": sum(len(v) for v in members.values()),
        "meetings": len(meetings) + 2,
        "meeting": normal,
        "big": big,
        "future": future,
        "actions": g.ActionItem.objects.filter(meeting__body__in=bodies).count(),
        "open_actions": g.ActionItem.objects.filter(
            meeting__body__in=bodies, status__in=g.OPEN_ACTION_STATUSES
        ).count(),
        "decisions": g.Decision.objects.filter(meeting__body__in=bodies).count(),
        "posts": g.Post.objects.filter(body__in=bodies).count(),
    }


def build(scale: int, seed: int) -> dict:
    from django.core.management import call_command

    from clusterwerk.accounts.models import Role, User
    from clusterwerk.core.tenancy import default_cluster

    timings = {}
    start = time.perf_counter()
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("seed_demo", scale=scale, seed=2020, stdout=io.StringIO())
    timings["seed_demo"] = time.perf_counter() - start
    cluster = default_cluster()
    rng = random.Random(seed)
    start = time.perf_counter()
    cross = crosscluster_world(cluster, scale, rng)
    timings["crosscluster"] = time.perf_counter() - start
    start = time.perf_counter()
    gov = governance_world(cluster, scale, rng, cross)
    timings["governance"] = time.perf_counter() - start
    start = time.perf_counter()
    part = participation_world(cluster, scale, gov["people"], rng)
    timings["participation"] = time.perf_counter() - start
    manager = (
        User.objects.filter(
            role_assignments__cluster=cluster, role_assignments__role=Role.CLUSTER_MANAGER
        )
        .order_by("pk")
        .first()
    )
    return {"cluster": cluster, "manager": manager, "cross": cross, "gov": gov, "part": part,
            "timings": timings}  # fmt: skip


# --- Measuring ----------------------------------------------------------------------------------


def measure(call, repeat: int, before=None) -> tuple[list[float], int, object]:
    """Times of `repeat` calls after 2 warm-up calls; the queries of one more; its result.
    `before()` runs ahead of every call, outside the time and the query count. A first call
    slower than SLOW seconds: the figures of that call and one more (counted) only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(2):
        if before:
            before()
        start = time.perf_counter()
        call()
        if n == 0 and time.perf_counter() - start > SLOW:
            # Very slow: one more call, timed and counted (the "max" is the first call's).
            first = time.perf_counter() - start
            if before:
                before()
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                result = call()
                took = time.perf_counter() - start
            return [took, first], len(queries), result
    times = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    if before:
        before()
    connection.queries_log.clear()  # DEBUG keeps only the last 9,000
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return times, len(queries), result


def summary(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:8.1f} {max(times) * 1000:8.1f}"


def row(label: str, times: list[float], queries: int, extra: str = "") -> None:
    print(f"{label:64s} {summary(times)} {queries:7d} {extra}")


def header(title: str, repeat: int) -> None:
    print(f"\n{title} (ms: median, max of {repeat}; queries of one more)")
    print(f"{'':64s} {'median':>8s} {'max':>8s} {'queries':>7s}")


def functions(world, repeat: int) -> None:
    from django.core import mail
    from django.core.management import call_command
    from django.test.utils import override_settings

    from clusterwerk.crosscluster.reporting import crosscluster_sections
    from clusterwerk.governance.models import ActionItem
    from clusterwerk.governance.services.actions import send_action_reminders
    from clusterwerk.governance.services.meetings import send_invitations
    from clusterwerk.participation.badges import badges_for

    cluster, manager, gov, part = world["cluster"], world["manager"], world["gov"], world["part"]
    header("functions and commands", repeat)
    immediate = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(
        TASKS=immediate, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    ):
        from clusterwerk.governance.models import Meeting

        def invite():
            mail.outbox = []
            meeting = Meeting.objects.select_related("body__cluster").get(pk=gov["future"].pk)
            result = send_invitations(user=manager, cluster=cluster, meeting=meeting)
            return result, len(mail.outbox)

        times, queries, (result, mails) = measure(invite, repeat)
        row(f"send_invitations, body of {result['invited']} (locmem, tasks immediate)",
            times, queries, f"{mails} mails")  # fmt: skip

        reminded = ActionItem.objects.filter(meeting__body__in=gov["bodies"])

        def reset():
            reminded.update(last_reminded_at=None)
            mail.outbox = []

        def remind():
            return send_action_reminders(), len(mail.outbox)

        times, queries, (count, mails) = measure(remind, repeat, before=reset)
        row(f"send_action_reminders (daily run, {gov['open_actions']} open items)", times,
            queries, f"{count} reminded, {mails} mails")  # fmt: skip

    ids = [u.pk for u in part["authors"]]
    times, queries, found = measure(lambda: badges_for(cluster, ids), repeat)
    row(f"badges_for, {len(ids)} authors", times, queries, f"{len(found)} with a badge")

    year = datetime.date.today().year
    years = list(range(year - 9, year + 1))
    times, queries, _sections = measure(lambda: crosscluster_sections(cluster, years), repeat)
    row("crosscluster_sections, 10 years", times, queries)

    def export():
        out = io.StringIO()
        call_command("export_open_data", cluster=cluster.slug, format="json", stdout=out)
        return out.getvalue()

    times, queries, text = measure(export, repeat)
    row("manage.py export_open_data --format json", times, queries, f"{len(text) // 1024} KB")


def timed_get(client, path: str, repeat: int) -> str:
    def get():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    times, queries, response = measure(get, repeat)
    return f"{summary(times)} {queries:7d} {len(response.content) / 1024:7.1f} KB"


def pages(world, repeat: int) -> None:
    from django.test import Client
    from django.urls import reverse

    from clusterwerk.clusterprofile.opendata import DATASETS
    from clusterwerk.core.models import CrossClusterTopic
    from clusterwerk.crosscluster.queries import cluster_topics

    cluster, gov, part = world["cluster"], world["gov"], world["part"]
    anonymous, management, member = Client(), Client(), Client()
    management.force_login(world["manager"])
    member.force_login(gov["people"][1])
    body, meeting, big = gov["body"], gov["meeting"], gov["big"]
    slug = part["consultation"].slug
    topics = list(cluster_topics(cluster))
    counted = CrossClusterTopic.objects.count()
    topic = topics[0]
    partners = "&".join(f"clusters={c.slug}" for c in world["cross"]["partners"])
    api = "/api/v1/governance"
    body_url = reverse("governance:body", args=[body.slug])
    meeting_url = reverse("governance:meeting", args=[body.slug, meeting.pk])
    big_url = reverse("governance:meeting", args=[body.slug, big.pk])
    listed = [
        ("body page (40 members)", management, "management", body_url),
        ("body page", member, "member", body_url),
        (f"members-only space ({gov['posts'] // len(gov['bodies'])} posts)", member, "member",
         reverse("governance:space", args=[body.slug])),
        ("meetings of the body (21)", member, "member",
         reverse("governance:meetings", args=[body.slug])),
        ("meeting page (10 agenda items, 10 decisions, 15 actions)", management, "management",
         meeting_url),
        (f"meeting page ({big.agenda.count()} agenda items, as many decisions/actions)",
         management, "management", big_url),
        ("meeting page (big agenda)", member, "member", big_url),
        (f"action items ({gov['open_actions']} open, all bodies)", management, "management",
         reverse("governance:action-items")),
        ("action items (own bodies)", member, "member", reverse("governance:action-items")),
        ("API GET bodies", member, "member", f"{api}/bodies"),
        ("API GET bodies/{slug}", member, "member", f"{api}/bodies/{body.slug}"),
        ("API GET bodies/{slug}/posts", member, "member", f"{api}/bodies/{body.slug}/posts"),
        ("API GET bodies/{slug}/meetings", member, "member", f"{api}/bodies/{body.slug}/meetings"),
        ("API GET meetings/{id} (big agenda)", member, "member", f"{api}/meetings/{big.pk}"),
        ("API GET decisions", management, "management", f"{api}/decisions"),
        ("API GET action-items?overdue=true", management, "management",
         f"{api}/action-items?overdue=true"),
        ("API GET action-items", management, "management", f"{api}/action-items"),
    ]  # fmt: skip
    consultation = reverse("participation:detail", args=[slug])
    for sort in ("unterstuetzung", "neueste", "element"):
        listed.append((f"consultation, {part['proposals']} proposals, sortierung={sort}",
                       anonymous, "anonymous", f"{consultation}?sortierung={sort}"))  # fmt: skip
    listed += [
        ("consultation, alle=1 (every proposal on one page)", anonymous, "anonymous",
         f"{consultation}?alle=1"),
        ("proposal page (200 comments)", anonymous, "anonymous",
         reverse("participation:proposal", args=[slug, part["proposal"].pk])),
        ("proposal page (200 comments)", member, "member",
         reverse("participation:proposal", args=[slug, part["proposal"].pk])),
        (f"cross-cluster topics overview ({len(topics)} of {counted} topics)", anonymous,
         "anonymous", reverse("crosscluster:topics")),
        ("cross-cluster topics overview", management, "management", reverse("crosscluster:topics")),
        (f"cross-cluster topic page ({topic.title[:20]}…)", anonymous, "anonymous",
         reverse("crosscluster:topic", args=[topic.pk])),
        ("partner search (8 clusters)", member, "member",
         reverse("crosscluster:search") + f"?q=Leichtbau+Aluminium+Laserschwei%C3%9Fen&{partners}"),
        ("cross-cluster dashboard", management, "management", reverse("crosscluster:dashboard")),
        ("profile /profil/", anonymous, "anonymous", reverse("clusterprofile:profile")),
        ("profile /profil/en/", anonymous, "anonymous", reverse("clusterprofile:profile-en")),
        ("open data page", anonymous, "anonymous", reverse("clusterprofile:open-data")),
    ]  # fmt: skip
    for name in DATASETS:
        for file_format in ("json", "csv"):
            path = reverse("clusterprofile:open-data-file", args=[name, file_format])
            listed.append((f"open data {name}.{file_format}", anonymous, "anonymous", path))
    print(f"\npages (ms: median, max of {repeat}; queries of one request; size)")
    print(f"{'page':64s} {'client':10s} {'median':>8s} {'max':>8s} {'queries':>7s} {'size':>10s}")
    for label, client, name, path in listed:
        try:
            print(f"{label:64s} {name:10s} {timed_get(client, path, repeat)}", flush=True)
        except AssertionError as error:
            print(f"{label:64s} {name:10s} FAILED {error}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name, default in (("--scale", 10), ("--repeat", 10), ("--seed", 2019)):
        parser.add_argument(name, type=int, default=default)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    world = build(args.scale, args.seed)
    # Fresh statistics on both databases (seed_demo analyses before the bulk data above; on
    # SQLite the stale ones make the consultation page scan every comment per proposal).
    connection.cursor().execute("ANALYZE")
    gov, part, cross = world["gov"], world["part"], world["cross"]
    t = world["timings"]
    print(
        f"database: {connection.vendor}; scale {args.scale}: {len(gov['bodies'])} bodies, "
        f"{gov['members']} members, {gov['meetings']} meetings, {gov['decisions']} decisions, "
        f"{gov['actions']} action items ({gov['open_actions']} open), {gov['posts']} posts; "
        f"consultation: {part['proposals']} proposals, {part['supports']} supports, "
        f"{part['comments']} comments by {len(part['authors'])} authors; cross cluster: "
        f"+{cross['projects']} projects, +{cross['listings']} shared listings, "
        f"+{cross['events']} events, +{cross['items']} foresight items; set-up "
        f"{time.perf_counter() - started:.0f} s (migrate {migrated - started:.0f} s, "
        + ", ".join(f"{k} {v:.0f} s" for k, v in t.items())
        + ")",
        flush=True,
    )
    functions(world, args.repeat)
    pages(world, args.repeat)


if __name__ == "__main__":
    main()
