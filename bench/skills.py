#!/usr/bin/env python
"""Benchmark: the Fachkräftematrix (issue 18) at ten times the demo – the matrix, its pages,
API and exports, the survey's saves, the training offers, the Nachfolgebörse and the
indicator import.

Usage: .venv/bin/python bench/skills.py [--scale 10] [--repeat 10] [--saves 100]
                                        [--database-url URL]

Builds its world in a throw-away SQLite file (or, with --database-url / DATABASE_URL, in that
database, which it migrates; create and drop a PostgreSQL database yourself, e.g.

    psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE cw_bench_skills'
    .venv/bin/python bench/skills.py \\
        --database-url postgres://postgres@127.0.0.1:5432/cw_bench_skills
    psql -h 127.0.0.1 -U postgres -c 'DROP DATABASE cw_bench_skills'

Scale: the demo (`seed_skills_demo` on `seed_demo`'s 2,506 demo companies) has the answers
of up to 300 companies a year over three years (2022–2024, 78/86/93 % of them answering),
7 occupations, 20 training offers and 8 succession cases (3 released). `--scale N` builds
the directory with `generate_demo_actors(scale=N)` (25,060 demo actors at 10) and lets the
skills demo choose 300 × N companies (3,000 at scale 10: about 2,300–2,800 answers a year,
in every district with demo companies) – the same code, only the count raised. On top, by
the ORM: 20 × N training offers in all (copies of the demo's offers spread over the
districts) and 8 × N succession cases (the extra ones released, of the answering companies,
in random districts, sizes and sectors).

Prints (ms: median and slowest of `--repeat` after 2 warm-ups; the queries of one more):
`matrix.build_matrix`, `district_summary`, `matrix_gaps`, `offers_near`,
`rank_cases_for_profile`, the `skills_matrix` command; the pages through the test client
(matrix, district, gaps, XLSX, offers search, succession list; the matrix API); then writes:
`services.survey.save_response` one by one by different companies in an open survey of the
next year (saves/s) and `services.indicators.import_indicators` of a file with every KldB
occupation of the list (rows/s, dry run and real). PostgreSQL gets ANALYZE after the load.
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

YEAR = 2024  # the demo's last survey year: the matrix measured
OPEN_YEAR = 2025  # an open survey for the saves (created after the reads)


def build(scale: int, seed: int) -> dict:
    from clusterwerk.accounts.models import Role, RoleAssignment, User
    from clusterwerk.actors.demo import generate_demo_actors
    from clusterwerk.actors.reference import load_actor_reference_data
    from clusterwerk.masterplan.reference import load_all_reference_data
    from clusterwerk.skills.demo import figures, seed_skills_demo
    from clusterwerk.skills.reference import load_occupations

    timings = {}
    start = time.perf_counter()
    (report,) = load_all_reference_data()
    load_actor_reference_data()
    load_occupations()
    cluster = report.cluster
    demo = generate_demo_actors(cluster=cluster, scale=scale, seed=seed)
    timings["actors"] = time.perf_counter() - start

    start = time.perf_counter()
    figures.COMPANY_COUNT = 300 * scale  # the only change against the demo
    skills = seed_skills_demo(cluster)
    timings["skills"] = time.perf_counter() - start

    start = time.perf_counter()
    rng = random.Random(seed)
    offers = more_offers(cluster, 20 * scale, rng)
    cases = more_cases(cluster, 8 * scale, rng)
    manager = User.objects.create_user(email="management@example.org", password=None)
    RoleAssignment.objects.create(user=manager, cluster=cluster, role=Role.CLUSTER_MANAGER)
    timings["extra"] = time.perf_counter() - start
    return {
        "cluster": cluster,
        "manager": manager,
        "actors": demo.created,
        "skills": skills,
        "offers": offers,
        "cases": cases,
        "timings": timings,
    }


def more_offers(cluster, total: int, rng) -> int:
    """Copies of the demo's offers in random districts with companies, up to `total`."""
    from clusterwerk.skills.models import SurveyResponse, TrainingOffer, TrainingOfferTopicArea

    offers = TrainingOffer.objects.filter(cluster=cluster).order_by("pk")
    demo = list(offers.prefetch_related("topic_areas"))
    districts = sorted(
        set(
            SurveyResponse.objects.filter(survey__cluster=cluster).values_list(
                "district_id", flat=True
            )
        )
    )
    for n in range(max(0, total - len(demo))):
        model = demo[n % len(demo)]
        topics = [t.topic_lineage for t in model.topic_areas.all()]
        copy = TrainingOffer.objects.get(pk=model.pk)
        copy.pk = None
        copy.title = f"{model.title} ({n + 2})"
        copy.district_id = rng.choice(districts)
        copy.save()
        TrainingOfferTopicArea.objects.bulk_create(
            TrainingOfferTopicArea(offer=copy, topic_lineage=t) for t in topics
        )
    return TrainingOffer.objects.filter(cluster=cluster, is_published=True).count()


SECTORS = ["Metallbau", "Zerspanung", "Werkzeugbau", "Kfz-Werkstatt", "Landmaschinen",
           "Schweißtechnik", "Blechbearbeitung", "Anlagenbau"]  # fmt: skip


def more_cases(cluster, total: int, rng) -> dict:
    """Released copies of a released demo case, of other answering companies, up to `total`."""
    from django.utils import timezone

    from clusterwerk.actors.models import Actor
    from clusterwerk.skills.models import CaseStatus, SizeClass, SuccessionCase, SurveyResponse

    cases = SuccessionCase.objects.filter(cluster=cluster)
    model = cases.filter(status=CaseStatus.RELEASED).first()
    taken = set(cases.values_list("company_id", flat=True))
    answering = SurveyResponse.objects.filter(survey__cluster=cluster)
    company_ids = sorted(set(answering.values_list("actor_id", flat=True)) - taken)
    companies = Actor.objects.in_bulk(rng.sample(company_ids, max(0, total - cases.count())))
    rows = []
    for n, company in enumerate(companies.values()):
        copy = SuccessionCase.objects.get(pk=model.pk)
        copy.pk, copy.uid, copy.company, copy.owner = None, uuid.uuid4(), company, None
        copy.district_id = company.district_id
        copy.sector = rng.choice(SECTORS)
        copy.title = f"{copy.sector}: Betrieb sucht Nachfolge ({n + 1})"
        copy.size_class = rng.choice(SizeClass.values)
        copy.exit_year = rng.randint(2026, 2031)
        copy.status, copy.released_at = CaseStatus.RELEASED, timezone.now()
        rows.append(copy)
    SuccessionCase.objects.bulk_create(rows, batch_size=500)
    return {
        "all": cases.count(),
        "released": cases.filter(status=CaseStatus.RELEASED).count(),
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
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return times, len(queries), result


def summary(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:8.1f} {max(times) * 1000:8.1f}"


def row(label: str, times: list[float], queries: int, extra: str = "") -> None:
    print(f"{label:60s} {summary(times)} {queries:7d} {extra}")


def busiest_district(cluster):
    from django.db.models import Count

    from clusterwerk.actors.models import District
    from clusterwerk.skills.models import SurveyResponse

    top = (
        SurveyResponse.objects.filter(survey__cluster=cluster, survey__year=YEAR)
        .values("district_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return District.objects.get(pk=top["district_id"])


def functions(world, repeat: int) -> None:
    from django.core.management import call_command

    from clusterwerk.skills import matrix
    from clusterwerk.skills.models import Occupation, SuccessorProfile
    from clusterwerk.skills.offer_search import offers_near
    from clusterwerk.skills.succession_matching import rank_cases_for_profile

    cluster = world["cluster"]
    district = world["district"]
    print(f"\nfunctions (ms: median, max of {repeat}; queries of one more)")
    print(f"{'':60s} {'median':>8s} {'max':>8s} {'queries':>7s}")
    times, queries, built = measure(lambda: matrix.build_matrix(cluster, YEAR), repeat)
    published = sum(1 for c in built.cells if c.published)
    row(f"matrix.build_matrix({YEAR})", times, queries,
        f"{len(built.cells)} cells, {published} published")  # fmt: skip
    times, queries, _ = measure(lambda: matrix.district_summary(cluster, district, YEAR), repeat)
    row(f"matrix.district_summary ({district.name})", times, queries)
    times, queries, gaps = measure(lambda: matrix.matrix_gaps(cluster, YEAR), repeat)
    row("matrix.matrix_gaps", times, queries, f"{len(gaps)} gaps")
    occupation = Occupation.objects.get(code="25102")
    times, queries, found = measure(lambda: offers_near(cluster, occupation, district), repeat)
    label = f"offer_search.offers_near (25102, {district.name})"
    row(label, times, queries, f"{len(found)} offers")
    profile = SuccessorProfile.objects.filter(cluster=cluster).order_by("pk").first()
    times, queries, ranked = measure(lambda: rank_cases_for_profile(profile), repeat)
    row(f"rank_cases_for_profile ({world['cases']['released']} released)", times, queries,
        f"{len(ranked)} ranked")  # fmt: skip
    for file_format in ("json", "text"):

        def command(fmt=file_format):
            out = io.StringIO()
            call_command("skills_matrix", cluster=cluster.slug, year=YEAR, format=fmt, stdout=out)
            return out.getvalue()

        times, queries, text = measure(command, repeat)
        row(f"manage.py skills_matrix --format {file_format}", times, queries,
            f"{len(text) // 1024} KB")  # fmt: skip


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

    district = world["district"]
    anonymous, management = Client(), Client()
    management.force_login(world["manager"])
    year = f"?jahr={YEAR}"
    listed = [
        ("matrix page", anonymous, "anonymous", reverse("skills:matrix") + year),
        ("matrix page", management, "management", reverse("skills:matrix") + year),
        (f"district page ({district.name})", anonymous, "anonymous",
         reverse("skills:district", args=[district.ags]) + year),
        ("gaps page", management, "management", reverse("skills:matrix_gaps") + year),
        ("matrix XLSX", management, "management", reverse("skills:matrix_xlsx") + year),
        ("API GET /api/v1/skills/matrix", anonymous, "anonymous",
         f"/api/v1/skills/matrix?year={YEAR}"),
        ("API GET /api/v1/skills/districts/{ags}", anonymous, "anonymous",
         f"/api/v1/skills/districts/{district.ags}?year={YEAR}"),
        (f"offers search, no filter ({world['offers']} offers)", anonymous, "anonymous",
         reverse("skills:offers")),
        ("offers search, Beruf 25102 + Kreis", anonymous, "anonymous",
         reverse("skills:offers") + f"?beruf=25102&kreis={district.ags}"),
        ("offers search, Suchwort", anonymous, "anonymous",
         reverse("skills:offers") + "?q=Schwei%C3%9Fen"),
        (f"succession list ({world['cases']['released']} released)", anonymous, "anonymous",
         reverse("skills:succession")),
        ("succession list, Stichwort", anonymous, "anonymous",
         reverse("skills:succession") + "?q=Metallbau"),
    ]  # fmt: skip
    print(f"\npages (ms: median, max of {repeat}; queries of one request; size)")
    print(f"{'page':52s} {'client':10s} {'median':>8s} {'max':>8s} {'queries':>7s} {'size':>8s}")
    for label, client, name, path in listed:
        print(f"{label:52s} {name:10s} {timed_get(client, path, repeat)}")


def open_survey(cluster, companies: int):
    """An open survey of OPEN_YEAR and `companies` member companies with a representative."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from clusterwerk.accounts.models import Role, RoleAssignment, User
    from clusterwerk.actors.models import ActorRepresentative
    from clusterwerk.skills.models import Occupation, Survey, SurveyResponse, SurveyStatus

    today = timezone.localdate()
    survey = Survey.objects.create(
        cluster=cluster, year=OPEN_YEAR, title=f"Betriebsbefragung {OPEN_YEAR} (Benchmark)",
        opens_on=today - datetime.timedelta(days=5), closes_on=today + datetime.timedelta(days=30),
        status=SurveyStatus.OPEN,
    )  # fmt: skip
    last = Survey.objects.get(cluster=cluster, year=YEAR)
    survey.occupations.set(last.occupations.all())
    actors = [
        r.actor
        for r in SurveyResponse.objects.filter(survey=last).select_related("actor")[:companies]
    ]
    password = make_password(None)
    User.objects.bulk_create(User(email=f"betrieb{n:04d}@example.org", password=password)
                             for n in range(len(actors)))  # fmt: skip
    users = list(User.objects.filter(email__startswith="betrieb").order_by("email"))
    ActorRepresentative.objects.bulk_create(
        ActorRepresentative(actor=a, user=u) for a, u in zip(actors, users, strict=True)
    )
    RoleAssignment.objects.bulk_create(RoleAssignment(user=u, cluster=cluster, role=Role.MEMBER)
                                       for u in users)  # fmt: skip
    occupations = list(Occupation.objects.filter(pk__in=survey.occupations.all()).order_by("code"))
    return survey, list(zip(users, actors, strict=True)), occupations


def saves(world, count: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from clusterwerk.skills.services.survey import save_response

    survey, people, occupations = open_survey(world["cluster"], count)
    rng = random.Random(18)

    def rows():
        chosen = rng.sample(occupations, rng.randint(2, 4))
        result = {}
        for occupation in chosen:
            employees = rng.randint(2, 30)
            later = rng.randint(0, 6)
            offered = rng.randint(0, 3)
            result[occupation.pk] = {
                "employees": employees, "openings_12": rng.randint(0, later),
                "openings_36": later, "retirements_5y": rng.randint(0, min(5, employees)),
                "training_offered": offered, "training_filled": rng.randint(0, offered),
                "difficulty": rng.randint(1, 5),
            }  # fmt: skip
        return result

    took = []
    for user, actor in people:
        plan = rows()
        start = time.perf_counter()
        save_response(user=user, survey=survey, actor=actor, rows=plan, expected_version=0)
        took.append(time.perf_counter() - start)
    again = []
    for user, actor in people[: count // 2]:
        plan = rows()
        start = time.perf_counter()
        save_response(user=user, survey=survey, actor=actor, rows=plan, submit=True)
        again.append(time.perf_counter() - start)
    for label, series in (("first draft, 2–4 occupations", took),
                          ("again with submit, 2–4 occupations", again)):  # fmt: skip
        ordered = sorted(series)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(
            f"\nsave_response() one by one, {len(series)} companies, {label}: "
            f"{len(series) / sum(series):6.1f} saves/s "
            f"(p50 {statistics.median(ordered) * 1000:5.1f} ms, p95 {p95 * 1000:5.1f} ms)"
        )
    user, actor = people[-1]
    with CaptureQueriesContext(connection) as captured:
        save_response(user=user, survey=survey, actor=actor, rows=rows(), submit=True)
    print(f"queries of one save (submit): {len(captured.captured_queries)}")


def indicator_file() -> tuple[bytes, int]:
    """The BA layout (one row per occupation) with every occupation of the loaded list."""
    from clusterwerk.skills.models import Occupation

    rng = random.Random(7)
    header = ["KldB 2010", "Beruf", "Vakanzzeit Wert", "Vakanzzeit Punkte",
              "Arbeitsuchenden-Stellen-Relation Punkte", "Arbeitslosenquote Punkte",
              "Ausländeranteil Punkte", "Abgangsrate Punkte", "Entgelt Punkte",
              "Substituierbarkeitspotenzial Punkte"]  # fmt: skip
    lines = [";".join(header)]
    codes = list(Occupation.objects.order_by("code").values_list("code", "title"))
    for code, title in codes:
        scores = [str(rng.randint(0, 3)) for _ in range(6)]
        vacancy = f"{rng.uniform(60, 220):.1f}".replace(".", ",")
        title = title.replace(";", ",")
        lines.append(";".join([code, title, vacancy, *scores, str(rng.randint(0, 3))]))
    return ("\n".join(lines) + "\n").encode("utf-8"), len(codes)


def imports(world, repeat: int) -> None:
    from clusterwerk.skills.services.indicators import import_indicators

    data, count = indicator_file()
    print(f"\nimport_indicators, a CSV of {count} occupations (every one of the list), "
          f"{len(data) // 1024} KB (ms: median, max of {repeat}; queries of one more)")  # fmt: skip
    for dry_run in (True, False):

        def run(dry=dry_run):
            return import_indicators(
                user=world["manager"], cluster=world["cluster"], data=data,
                filename="engpassanalyse.csv", source="Bundesagentur für Arbeit (Benchmark)",
                region="Brandenburg", year=OPEN_YEAR, dry_run=dry,
            )  # fmt: skip

        times, queries, result = measure(run, repeat)
        rows = len(result.parsed.rows)
        per_second = rows / statistics.median(times)
        row(f"{'dry run' if dry_run else 'real (replaces the last)'}, {rows} rows", times,
            queries, f"{per_second:,.0f} rows/s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name, default in (("--scale", 10), ("--repeat", 10), ("--saves", 100),
                          ("--seed", 2020)):  # fmt: skip
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

    from clusterwerk.skills.models import SurveyResponse

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter() - started
    world = build(args.scale, args.seed)
    if connection.vendor == "postgresql":
        connection.cursor().execute("ANALYZE")
    world["district"] = busiest_district(world["cluster"])
    s, t = world["skills"], world["timings"]
    per_year = dict(
        SurveyResponse.objects.filter(survey__cluster=world["cluster"])
        .values_list("survey__year")
        .annotate(n=django.db.models.Count("id"))
    )
    print(
        f"database: {connection.vendor}; scale {args.scale}: {world['actors']} demo actors, "
        f"{s.companies} answering companies, {s.responses} responses "
        f"({', '.join(f'{y}: {n}' for y, n in sorted(per_year.items()))}), {s.answers} answers, "
        f"{s.occupations} occupations, {s.supply_figures} supply figures, {world['offers']} "
        f"offers, {world['cases']['all']} succession cases ({world['cases']['released']} "
        f"released); district measured: {world['district'].name} "
        f"({world['district'].ags}); set-up: migrate {migrated:.1f} s, "
        f"reference + actors {t['actors']:.1f} s, seed_skills_demo {t['skills']:.1f} s, "
        f"extra {t['extra']:.1f} s"
    )
    functions(world, args.repeat)
    pages(world, args.repeat)
    imports(world, args.repeat)
    saves(world, args.saves)


if __name__ == "__main__":
    main()
