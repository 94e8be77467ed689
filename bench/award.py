#!/usr/bin/env python
"""Benchmark: the innovation prize at the size of a busy cluster – conflicts, the assignment
solver, the ranking, the pages and the jury's score saves.

Usage: .venv/bin/python bench/award.py [--scale 10] [--repeat 20] [--database-url URL]

Builds its world in a throw-away SQLite file (or, with --database-url / DATABASE_URL, in that
database, which it migrates; create and drop a PostgreSQL database yourself, e.g.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE cw_bench_award'
    .venv/bin/python bench/award.py \\
        --database-url postgres://postgres@127.0.0.1:5432/cw_bench_award
    psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE cw_bench_award'

The world (bulk_create), at `--scale 10`: 2,500 organisations in 18 districts, each with a
representative (a member); 1,000 projects 2019–2026 with 3–6 partners each; 500 listings in
the Kooperationsbörse with 1–3 interests each (about 40 % accepted, the rest pending); 36 seats
in the cluster's bodies. The jurors come from well-connected organisations: a quarter of the
projects and a fifth of the listings involve one of their 15 organisations.

- Edition of this year (decision phase): 300 submitted applications (0–2 partners each), 15
  jurors, the conflicts `find_conflicts` proposes (stored, proposed), 3 submitted reviews per
  application assigned by the solver around them (scores 0–5 per criterion with a bias per
  juror), 2 comments per application.
- Edition of last year (formal check): the same size without reviews and 5 % of the pairs
  conflicted (pinned) – for `assign_reviews`.
- Edition of next year (call): 30 applications, drafts and submitted; the call page.
- An applicant who represents an organisation with 3 applications this year, 1 last year and
  a draft next year ("meine Bewerbungen").

Prints (ms: median and slowest of `--repeat` after 2 warm-ups; the queries of one more):
`find_conflicts`, `assignment.solve` (pure) and `assign_reviews` (each run from no reviews),
`ranking`, `edition_alpha`, `juror_table`; the pages through the test client (management,
juror, applicant, anonymous; the winners page with the edition switched to published); and
`save_review` 100 times one by one (scoring phase). PostgreSQL gets ANALYZE after the load.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JURORS = 15
BODY_SEATS = 12  # per body (three bodies)


def people(scale: int, rng: random.Random, cluster):
    """`250 × scale` organisations in the directory, each with a representative (a member)."""
    from django.contrib.auth.hashers import make_password

    from clusterwerk.accounts.models import Role, RoleAssignment, User
    from clusterwerk.actors import models as a

    a.District.objects.bulk_create(
        a.District(ags=f"12{n:03d}", name=f"Landkreis {n}", kind="rural_district", state="BB",
                   centroid_latitude=52.4, centroid_longitude=13.0)
        for n in range(18)
    )  # fmt: skip
    districts = list(a.District.objects.order_by("ags"))
    kinds, weights = list(a.ActorKind.values), [30, 35, 5, 5, 4, 4, 3, 2, 4, 2, 3, 3]
    count = 250 * scale
    a.Actor.objects.bulk_create(
        a.Actor(kind=rng.choices(kinds, weights)[0], name=f"Organisation {n:05d}",
                slug=f"bench-org-{n:05d}", district=rng.choice(districts))
        for n in range(count)
    )  # fmt: skip
    actors = list(a.Actor.objects.filter(slug__startswith="bench-org-").order_by("slug"))
    a.ClusterMembership.objects.bulk_create(a.ClusterMembership(actor=x, cluster=cluster)
                                            for x in actors)  # fmt: skip
    password = make_password(None)
    User.objects.bulk_create(User(email=f"person{n:05d}@example.org", password=password)
                             for n in range(count))  # fmt: skip
    users = list(User.objects.filter(email__startswith="person").order_by("email"))
    a.ActorRepresentative.objects.bulk_create(a.ActorRepresentative(actor=actors[i], user=u)
                                              for i, u in enumerate(users))  # fmt: skip
    RoleAssignment.objects.bulk_create(RoleAssignment(user=u, cluster=cluster, role=Role.MEMBER)
                                       for u in users)  # fmt: skip
    manager = User.objects.create_user(email="management@example.org", password=None)
    RoleAssignment.objects.create(user=manager, cluster=cluster, role=Role.CLUSTER_MANAGER)
    return actors, users, manager


def network(scale: int, rng: random.Random, cluster, actors, juror_orgs) -> dict:
    """Projects with partners, listings with interests and body seats; the jurors'
    organisations in a quarter of the projects and a fifth of the listings."""
    from clusterwerk.actors.models import BodySeat, ClusterBody
    from clusterwerk.matchmaking.models import Interest, Listing, ListingStatus
    from clusterwerk.projects.models import PartnerRole, Project, ProjectPartner, ProjectPhase

    projects = []
    for n in range(100 * scale):
        start = datetime.date(rng.randint(2019, 2026), rng.randint(1, 12), 1)
        end = start + datetime.timedelta(days=rng.randint(365, 1100))
        projects.append(
            Project(cluster=cluster, title=f"Bench-Projekt {n:05d}", acronym=f"B{n:05d}",
                    phase=ProjectPhase.COMPLETED if end < datetime.date(2026, 12, 1)
                    else ProjectPhase.RUNNING,
                    start_date=start, end_date=end, year_initiated=start.year)
        )  # fmt: skip
    Project.objects.bulk_create(projects, batch_size=1000)
    projects = list(Project.objects.filter(title__startswith="Bench-Projekt").order_by("pk"))
    partners = []
    for project in projects:
        members = rng.sample(actors, rng.randint(3, 6))
        if rng.random() < 0.25:
            juror_org = rng.choice(juror_orgs)
            if juror_org not in members:
                members[-1] = juror_org
        for index, actor in enumerate(members):
            role = PartnerRole.LEAD if index == 0 else PartnerRole.PARTNER
            partners.append(ProjectPartner(project=project, actor=actor, role=role))
    ProjectPartner.objects.bulk_create(partners, batch_size=2000)

    expires = datetime.date(2027, 6, 30)
    listings = [
        Listing(cluster=cluster, kind="technology_offer", title=f"Bench-Inserat {n:05d}",
                owner_actor=rng.choice(juror_orgs) if rng.random() < 0.2 else rng.choice(actors),
                description="Wir bieten Laserschweißen und suchen Partner.",
                expires_on=expires, status=ListingStatus.PUBLISHED)
        for n in range(50 * scale)
    ]  # fmt: skip
    Listing.objects.bulk_create(listings, batch_size=1000)
    listings = list(Listing.objects.filter(title__startswith="Bench-Inserat").order_by("pk"))
    interests, accepted = [], 0
    for listing in listings:
        for actor in rng.sample(actors, rng.randint(1, 3)):
            if actor.pk == listing.owner_actor_id:
                continue
            status = "accepted" if rng.random() < 0.4 else "pending"
            accepted += status == "accepted"
            interests.append(
                Interest(listing=listing, actor=actor, message="Wir haben Interesse.",
                         status=status)
            )  # fmt: skip
    Interest.objects.bulk_create(interests, batch_size=2000)

    seats = []
    for body in ClusterBody.values:
        chosen = rng.sample(juror_orgs, 3) + rng.sample(actors, BODY_SEATS - 3)
        for actor in {a.pk: a for a in chosen}.values():
            since = datetime.date(rng.randint(2018, 2025), 1, 1)
            until = since + datetime.timedelta(days=3 * 365) if rng.random() < 0.5 else None
            seats.append(BodySeat(actor=actor, cluster=cluster, body=body, since=since,
                                  until=until))  # fmt: skip
    BodySeat.objects.bulk_create(seats)
    return {
        "projects": len(projects),
        "partners": len(partners),
        "listings": len(listings),
        "interests": len(interests),
        "accepted": accepted,
        "seats": len(seats),
    }


def edition(cluster, year: int, phase: str, deadline):
    from clusterwerk.award.defaults import DEFAULT_CRITERIA, DEFAULT_RULES
    from clusterwerk.award.models import AwardEdition, Criterion, EligibilityRule

    made = AwardEdition.objects.create(
        cluster=cluster, year=year, title=f"Brandenburger Innovationspreis Metall {year}",
        description="Gesucht sind innovative Produkte, Verfahren und Dienstleistungen. " * 3,
        phase=phase, call_opens_at=deadline - datetime.timedelta(days=90), deadline=deadline,
        jury_meeting_on=deadline.date() + datetime.timedelta(days=60),
        ceremony_on=deadline.date() + datetime.timedelta(days=120),
    )  # fmt: skip
    Criterion.objects.bulk_create(
        Criterion(edition=made, order=order, key=data["key"], title=str(data["title"]),
                  description=str(data["description"]), weight=data["weight"],
                  knock_out_below=data["knock_out_below"],
                  scale_labels=[str(label) for label in data["scale_labels"]])
        for order, data in enumerate(DEFAULT_CRITERIA)
    )  # fmt: skip
    EligibilityRule.objects.bulk_create(
        EligibilityRule(edition=made, order=order, kind=data["kind"],
                        parameter=str(data["parameter"]))
        for order, data in enumerate(DEFAULT_RULES)
    )  # fmt: skip
    return made


def applications(made, applicants, partner_pool, rng, users_of, *, status="submitted", count):
    """`count` applications of `made`, one per applicant (cycled), with 0–2 partners."""
    from clusterwerk.award.models import Application, ApplicationPartner, FormalCheck

    rows = []
    for n in range(count):
        applicant = applicants[n % len(applicants)]
        submitted = status == "submitted" or (status == "mixed" and n % 3)
        rows.append(
            Application(
                edition=made, applicant=applicant, created_by=users_of[applicant.pk],
                title=f"Innovation {made.year}-{n:04d}: Laserhybridschweißen für Dickbleche",
                summary="Ein Verfahren, das Nähte in einem Zug schweißt.",
                description="Unser Verfahren verbindet Laser- und Lichtbogenschweißen. " * 10,
                stage="prototype", innovation_date=made.deadline.date()
                - datetime.timedelta(days=rng.randint(60, 900)),
                market="Stahlbau und Schiffbau in Norddeutschland.",
                figures="12 Beschäftigte, 1,2 Mio. Euro Umsatz", ip_declaration=True,
                publication_consent=rng.random() < 0.9,
                status="submitted" if submitted else "draft",
                submitted_at=made.deadline - datetime.timedelta(days=2) if submitted else None,
                formal_check=FormalCheck.ELIGIBLE
                if submitted and made.phase != "call" else FormalCheck.PENDING,
            )
        )  # fmt: skip
    Application.objects.bulk_create(rows)
    made_apps = list(Application.objects.filter(edition=made).order_by("pk"))
    links = []
    for application in made_apps:
        for actor in rng.sample(partner_pool, rng.choice([0, 0, 1, 1, 2])):
            if actor.pk != application.applicant_id:
                links.append(ApplicationPartner(application=application, actor=actor))
    ApplicationPartner.objects.bulk_create(links, batch_size=2000)
    return made_apps, len(links)


def jury(made, jurors, juror_orgs):
    from django.utils import timezone

    from clusterwerk.award.models import JuryMember

    JuryMember.objects.bulk_create(
        JuryMember(edition=made, user=user, affiliation=org, function="Jurymitglied",
                   is_chair=n == 0, confidentiality_accepted_at=timezone.now(),
                   confidentiality_version="1")
        for n, (user, org) in enumerate(zip(jurors, juror_orgs, strict=True))
    )  # fmt: skip
    return list(JuryMember.objects.filter(edition=made).order_by("pk"))


def reviews(made, apps, members, conflicts, rng) -> int:
    """Three submitted reviews per application, assigned by the solver around the conflicts,
    with scores: the application's quality plus the juror's bias plus noise."""
    from django.utils import timezone

    from clusterwerk.award import aggregation
    from clusterwerk.award.assignment import solve
    from clusterwerk.award.models import Review, Score

    solution = solve(
        applications=[a.pk for a in apps], jurors=[m.pk for m in members],
        reviews_per_application=made.reviews_per_application, conflicts=conflicts,
    )  # fmt: skip
    criteria = list(made.criteria.all())
    weights = {c.pk: c.weight for c in criteria}
    quality = {a.pk: rng.uniform(1.0, 4.5) for a in apps}
    bias = {m.pk: rng.uniform(-0.7, 0.7) for m in members}
    rows, values = [], []
    for application_id, member_id in solution.new:
        scores = {
            c.pk: max(0, min(5, round(quality[application_id] + bias[member_id]
                                      + rng.gauss(0, 0.8))))
            for c in criteria
        }  # fmt: skip
        rows.append(
            Review(application_id=application_id, jury_member_id=member_id, status="submitted",
                   submitted_at=timezone.now(), total=aggregation.weighted_total(scores, weights),
                   comment="Überzeugende Lösung, Marktchancen plausibel.")
        )  # fmt: skip
        values.append(scores)
    Review.objects.bulk_create(rows, batch_size=1000)
    by_pair = {
        (r.application_id, r.jury_member_id): r.pk
        for r in Review.objects.filter(application__edition=made)
    }
    Score.objects.bulk_create(
        (Score(review_id=by_pair[(row.application_id, row.jury_member_id)], criterion_id=c,
               value=v)
         for row, scores in zip(rows, values, strict=True) for c, v in scores.items()),
        batch_size=2000,
    )  # fmt: skip
    return len(rows)


def build(scale: int, seed: int):
    from django.conf import settings
    from django.utils import timezone

    from clusterwerk.accounts.models import Role, RoleAssignment, User
    from clusterwerk.award.conflicts import find_conflicts
    from clusterwerk.award.models import Comment, Conflict, ConflictKind, ConflictStatus
    from clusterwerk.core.models import Cluster

    rng, now = random.Random(seed), timezone.now()
    cluster, _ = Cluster.objects.get_or_create(
        slug=settings.DEFAULT_CLUSTER_SLUG, defaults={"name": "Cluster Metall (Benchmark)"}
    )
    actors, users, manager = people(scale, rng, cluster)
    users_of = {actor.pk: user for actor, user in zip(actors, users, strict=True)}
    # The jurors speak for 15 organisations; the applicants are others (the first applicant,
    # organisation 0, represented by person 0, enters three times this year).
    juror_orgs = actors[1 : 1 + JURORS]
    jurors = [
        User.objects.create_user(email=f"juror{n:02d}@example.org", password=None,
                                 first_name="Jurorin", last_name=f"Nr. {n:02d}")
        for n in range(JURORS)
    ]  # fmt: skip
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, cluster=cluster, role=Role.JURY) for u in jurors
    )
    figures = network(scale, rng, cluster, actors, juror_orgs)
    count = 30 * scale
    others = actors[1 + JURORS :]
    this_year = now.year
    applicants = [actors[0]] * 3 + rng.sample(others, count - 3)
    pool = actors[1:]

    main = edition(cluster, this_year, "decision", now - datetime.timedelta(days=150))
    apps, app_partners = applications(main, applicants, pool, rng, users_of, count=count)
    members = jury(main, jurors, juror_orgs)
    found = find_conflicts(main)
    Conflict.objects.bulk_create(
        Conflict(jury_member=c.jury_member, application=c.application, kind=c.kind,
                 source=c.source, evidence=c.evidence, status=ConflictStatus.PROPOSED)
        for c in found
    )  # fmt: skip
    pairs = {(c.application.pk, c.jury_member.pk) for c in found}
    review_count = reviews(main, apps, members, pairs, rng)
    Comment.objects.bulk_create(
        Comment(application=a, author=jurors[(a.pk + k) % JURORS],
                text="Die Spannweite kommt aus dem Kriterium Marktchancen.")
        for a in apps for k in range(2)
    )  # fmt: skip

    last = edition(cluster, this_year - 1, "formal_check", now - datetime.timedelta(days=500))
    last_apps, _ = applications(
        last, [actors[0], *rng.sample(others, count - 1)], pool, rng, users_of, count=count
    )
    last_members = jury(last, jurors, juror_orgs)
    wanted = round(0.05 * len(last_apps) * len(last_members))
    random_pairs = rng.sample([(a.pk, m.pk) for a in last_apps for m in last_members], wanted)
    Conflict.objects.bulk_create(
        Conflict(jury_member_id=m, application_id=a, kind=ConflictKind.OTHER,
                 source="management", status=ConflictStatus.PINNED, reason="Benchmark")
        for a, m in random_pairs
    )  # fmt: skip

    upcoming = edition(cluster, this_year + 1, "call", now + datetime.timedelta(days=30))
    call_apps, _ = applications(
        upcoming, [actors[0], *rng.sample(others, 3 * scale - 1)], pool, rng, users_of,
        status="mixed", count=3 * scale,
    )  # fmt: skip
    return {
        "cluster": cluster,
        "manager": manager,
        "applicant": users[0],
        "jurors": jurors,
        "main": main,
        "apps": apps,
        "members": members,
        "last": last,
        "upcoming": upcoming,
        "figures": {
            **figures,
            "actors": len(actors),
            "applications": len(apps),
            "app_partners": app_partners,
            "conflicts": len(found),
            "conflict_pairs": len(pairs),
            "reviews": review_count,
            "last_conflicts": wanted,
            "call_applications": len(call_apps),
        },
    }


def measure(call, repeat: int) -> tuple[list[float], int, object]:
    """Times of `repeat` calls after 2 warm-up calls; the queries of one more; its result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    connection.queries_log.clear()  # DEBUG keeps only the last 9,000
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return times, len(queries), result


def summary(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:8.1f} {max(times) * 1000:8.1f}"


def row(label: str, times: list[float], queries: int, extra: str = "") -> None:
    print(f"{label:52s} {summary(times)} {queries:7d} {extra}")


def header(title: str, repeat: int) -> None:
    print(f"\n{title} (ms: median, max of {repeat}; queries of one more)")
    print(f"{'':52s} {'median':>8s} {'max':>8s} {'queries':>7s}")


def reads(world, repeat: int) -> None:
    from clusterwerk.award import ranking
    from clusterwerk.award.assignment import solve
    from clusterwerk.award.conflicts import find_conflicts
    from clusterwerk.award.models import Conflict, JuryMember, Review
    from clusterwerk.award.services.assignment import assign_reviews, blocking_pairs, competition

    main, last = world["main"], world["last"]
    header("reads and the solver", repeat)
    times, queries, found = measure(lambda: find_conflicts(main), repeat)
    row(
        f"find_conflicts ({len(world['apps'])} applications × {JURORS} jurors)",
        times,
        queries,
        f"{len(found)} found",
    )

    apps = list(competition(last).values_list("pk", flat=True))
    jurors = list(JuryMember.objects.filter(edition=last).values_list("pk", flat=True))
    conflicts = blocking_pairs(last)
    times, queries, solution = measure(
        lambda: solve(applications=apps, jurors=jurors, reviews_per_application=3,
                      conflicts=conflicts),
        repeat,
    )  # fmt: skip
    loads = sorted(solution.loads.values())
    share = len(conflicts) / (len(apps) * len(jurors))
    row(
        f"assignment.solve ({len(apps)} × {len(jurors)}, N=3, {share:.1%} conflicted)",
        times, queries, f"{len(solution.new)} reviews, loads {loads[0]}–{loads[-1]}",
    )  # fmt: skip

    def assign():
        Review.objects.filter(application__edition=last).delete()
        start = time.perf_counter()
        result = assign_reviews(user=world["manager"], cluster=world["cluster"], edition=last)
        return time.perf_counter() - start, result

    assign()
    took, results = [], []
    for _ in range(max(3, repeat // 4)):
        seconds, result = assign()
        took.append(seconds)
        results.append(result)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Review.objects.filter(application__edition=last).delete()
    with CaptureQueriesContext(connection) as captured:
        result = assign_reviews(user=world["manager"], cluster=world["cluster"], edition=last)
    assert not result.warnings, result.warnings
    made = set(Review.objects.filter(application__edition=last).values_list(
        "application_id", "jury_member_id"))  # fmt: skip
    assert not made & conflicts and len(made) == 3 * len(apps), (len(made), len(made & conflicts))
    row(
        f"assign_reviews from no reviews ({len(took)} runs)", took, len(captured.captured_queries),
        f"{result.created} created",
    )  # fmt: skip
    assert Conflict.objects.filter(jury_member__edition=last).count() == len(conflicts)

    times, queries, rows = measure(lambda: ranking.ranking(main), repeat)
    ranked = sum(r.rank is not None for r in rows)
    agenda = sum(r.disagreement for r in rows)
    row(
        f"ranking.ranking ({world['figures']['reviews']} reviews)",
        times,
        queries,
        f"{ranked} ranked, {agenda} on agenda",
    )
    times, queries, alpha = measure(lambda: ranking.edition_alpha(main), repeat)
    row(
        f"ranking.edition_alpha ({4 * world['figures']['reviews']} scores)",
        times,
        queries,
        f"alpha {alpha:.3f}",
    )
    times, queries, _ = measure(lambda: ranking.juror_table(main), repeat)
    row("ranking.juror_table", times, queries)
    manager = world["manager"]
    times, queries, _ = measure(lambda: ranking.ranking_for_user(manager, main), repeat)
    row("ranking.ranking_for_user (management)", times, queries)


def timed_get(client, path: str, repeat: int) -> str:
    def get():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    times, queries, response = measure(get, repeat)
    return f"{summary(times)} {queries:7d} {len(response.content) // 1024:5d} KB"


def pages(world, repeat: int) -> None:
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from clusterwerk.award.models import Application, AwardEdition, Review

    main, upcoming = world["main"], world["upcoming"]
    anonymous, management, juror, applicant = Client(), Client(), Client(), Client()
    management.force_login(world["manager"])
    juror_user = world["jurors"][3]
    juror.force_login(juror_user)
    applicant.force_login(world["applicant"])
    own = (
        Review.objects.filter(jury_member__user=juror_user, application__edition=main)
        .select_related("application").order_by("pk").first()
    )  # fmt: skip
    reviewed = own.application
    jury_reviews = Review.objects.filter(jury_member__user=juror_user,
                                         application__edition=main).count()  # fmt: skip
    year, n = main.year, len(world["apps"])
    listed = [
        (f"ranking page ({n} applications)", management, "management",
         reverse("award:ranking", args=[year])),
        ("ranking XLSX export", management, "management",
         reverse("award:ranking-export", args=[year])),
        (f"decisions page ({n} forms)", management, "management",
         reverse("award:decisions", args=[year])),
        (f"assignment matrix ({n} × {JURORS})", management, "management",
         reverse("award:assignment", args=[year])),
        ("conflicts page", management, "management", reverse("award:conflicts", args=[year])),
        ("edition dashboard", management, "management", reverse("award:manage", args=[year])),
        (f"jury home ({jury_reviews} reviews)", juror, "juror",
         reverse("award:jury-home", args=[year])),
        ("application page with the jury block", juror, "juror", reviewed.get_absolute_url()),
        ("application page, management", management, "management",
         reviewed.get_absolute_url()),
        ("review form", juror, "juror", reverse("award:review", args=[reviewed.uid])),
        ("meine Bewerbungen (5 applications)", applicant, "applicant", reverse("award:mine")),
        ("call page of next year's edition", anonymous, "anonymous",
         reverse("award:edition-detail", args=[upcoming.year])),
        ("call page of this year's edition", anonymous, "anonymous",
         reverse("award:edition-detail", args=[year])),
    ]  # fmt: skip
    print(f"\npages (ms: median, max of {repeat}; queries of one request; size)")
    print(f"{'page':44s} {'client':10s} {'median':>8s} {'max':>8s} {'queries':>7s} {'size':>8s}")
    for label, client, name, path in listed:
        print(f"{label:44s} {name:10s} {timed_get(client, path, repeat)}")

    # The winners page: the edition published with 3 winners, a special prize, 6 nominees.
    ids = [a.pk for a in world["apps"]]
    decided = {"winner": ids[3:6], "special_prize": ids[6:7], "nominee": ids[7:13]}
    for decision, chosen in decided.items():
        Application.objects.filter(pk__in=chosen).update(decision=decision,
                                                         publication_consent=True)  # fmt: skip
    AwardEdition.objects.filter(pk=main.pk).update(
        phase="published", results_published_at=timezone.now()
    )
    path = reverse("award:winners", args=[year])
    for name, client in (("anonymous", anonymous), ("applicant", applicant)):
        print(f"{'winners page (3 + 1 + 6)':44s} {name:10s} {timed_get(client, path, repeat)}")
    path = reverse("award:edition-detail", args=[year])
    print(f"{'archive page of the published edition':44s} {'anonymous':10s} "
          f"{timed_get(anonymous, path, repeat)}")  # fmt: skip
    AwardEdition.objects.filter(pk=main.pk).update(phase="decision", results_published_at=None)
    Application.objects.filter(edition=main).update(decision="")


def writes(world) -> None:
    from clusterwerk.award.models import AwardEdition, Review
    from clusterwerk.award.services.scoring import save_review

    main = world["main"]
    AwardEdition.objects.filter(pk=main.pk).update(phase="scoring")
    print("\nservices")
    took = []
    saved = 0
    for juror in world["jurors"][:5]:
        for review in Review.objects.filter(jury_member__user=juror, application__edition=main)[
            :20
        ]:
            value = saved % 6
            scores = {"innovation": value, "market": 5 - value, "relevance": 3, "social": 2}
            start = time.perf_counter()
            save_review(user=juror, cluster=world["cluster"], review=review, scores=scores,
                        comment=f"Nachgebessert {saved}", submit=True)  # fmt: skip
            took.append(time.perf_counter() - start)
            saved += 1
    ordered = sorted(took)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(
        f"save_review() one by one, {len(took)} saves (scoring phase)   "
        f"{len(took) / sum(took):7.1f} saves/s  (p50 {statistics.median(ordered) * 1000:5.1f} ms,"
        f" p95 {p95 * 1000:5.1f} ms)"
    )
    AwardEdition.objects.filter(pk=main.pk).update(phase="decision")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name, default in (("--scale", 10), ("--repeat", 20), ("--seed", 2016)):
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
    if connection.vendor == "postgresql":  # statistics, as autovacuum keeps them in production
        connection.cursor().execute("ANALYZE")
    f = world["figures"]
    pairs = f["applications"] * JURORS
    print(
        f"database: {connection.vendor}; scale {args.scale}: {f['actors']} organisations, "
        f"{f['projects']} projects ({f['partners']} partners), {f['listings']} listings "
        f"({f['interests']} interests, {f['accepted']} accepted), {f['seats']} body seats; "
        f"{f['applications']} applications ({f['app_partners']} partners), {JURORS} jurors, "
        f"{f['conflicts']} detected conflicts on {f['conflict_pairs']} pairs "
        f"({f['conflict_pairs'] / pairs:.1%}), {f['reviews']} reviews; last year "
        f"{f['last_conflicts']} pinned conflicts; next year {f['call_applications']} "
        f"applications; set-up {time.perf_counter() - started:.1f} s "
        f"(migrate {migrated - started:.1f} s, build {time.perf_counter() - migrated:.1f} s)"
    )
    reads(world, args.repeat)
    pages(world, args.repeat)
    writes(world)


if __name__ == "__main__":
    main()
