"""A small, hand-counted dataset for the monitoring report tests (plain functions).

Projects of the cluster "metall" over 2017–2019 (management view, report year 2019):

| project | initiated | phase       | dates                 | visibility | counted as            |
|---------|-----------|-------------|-----------------------|------------|-----------------------|
| P1      | 2019      | running     | 2019-03-01–2021-02-28 | public     | new + carr. 2019      |
| P2      | 2019      | application | –                     | members    | new + carr. 2019      |
| P3      | 2019      | consortium  | –                     | members    | new + carr. 2019      |
| P4      | 2019      | running     | 2019-06-01–           | mgmt       | new + carr. 2019      |
| P5      | 2019      | idea        | –                     | public     | nothing               |
| P6      | 2019      | cancelled   | – (never started)     | public     | nothing               |
| P7      | 2018      | running     | 2018-01-01–2020-12-31 | public     | new 2018, carr. 18–19 |
| P8      | 2017      | completed   | 2017-01-01–2018-06-30 | public     | new 2017, carr. 17–18 |
| P9      | 2017      | completed   | – (completed 2019-03) | members    | new 2017, carr. 17–19 |
| P10     | 2016      | running     | –                     | members    | carr. 17–19           |
| P11     | 2018      | cancelled   | 2018-05-01–           | public     | new 2018 only         |

So, for the management in 2019: 7 carried out, 4 new (2 R&D&I); 2018: 4 and 2; 2017: 3 and 2.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.utils.text import slugify

from clusterwerk.actors.models import (
    SCIENCE_KINDS,
    Actor,
    ActorKind,
    District,
    DistrictKind,
    SizeClass,
    Visibility,
)
from clusterwerk.masterplan.models import EditionStatus, TopicArea
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.projects.models import (
    AssignmentSource,
    FundingLevel,
    FundingProgramme,
    PartnerRole,
    PhaseChange,
    Project,
    ProjectPartner,
    ProjectPhase,
    ProjectResults,
    ProjectTopicArea,
)

DISTRICTS = [
    ("12054", "Potsdam", DistrictKind.URBAN_DISTRICT, 52.40, 13.03),
    ("12052", "Cottbus", DistrictKind.URBAN_DISTRICT, 51.77, 14.33),
    ("11000", "Berlin", DistrictKind.URBAN_DISTRICT, 52.50, 13.40),
]


def make_districts() -> dict[str, District]:
    return {
        name: District.objects.get_or_create(
            ags=ags,
            defaults={
                "name": name,
                "kind": kind,
                "state": "Berlin" if ags == "11000" else "Brandenburg",
                "centroid_latitude": lat,
                "centroid_longitude": lon,
            },
        )[0]
        for ags, name, kind, lat, lon in DISTRICTS
    }


def make_actor(name, kind, *, size_class="", district=None) -> Actor:
    return Actor.objects.create(
        name=name, slug=slugify(name), kind=kind, size_class=size_class, district=district
    )


def make_programmes() -> dict[str, FundingProgramme]:
    rows = [
        ("zim", "Zentrales Innovationsprogramm Mittelstand", "ZIM", FundingLevel.FEDERAL, 1),
        ("staf", "Förderung von Forschung, Innovation und Technologie", "StaF", "state", 2),
        ("horizon-europe", "Horizon Europe", "Horizon Europe", FundingLevel.EU, 3),
    ]
    return {
        key: FundingProgramme.objects.get_or_create(
            key=key,
            defaults={"name": name, "short_name": short, "level": level, "order": order},
        )[0]
        for key, name, short, level, order in rows
    }


def make_project(
    cluster,
    title,
    *,
    year_initiated,
    phase=ProjectPhase.RUNNING,
    start_date=None,
    end_date=None,
    visibility=Visibility.MEMBERS,
    is_rdi=False,
    programme=None,
    total_volume=None,
    funding_amount=None,
    regional_volume=None,
    partners=(),
    primary_topic=None,
    secondary_topics=(),
    is_cross_cluster=False,
    results=None,
) -> Project:
    """A project with its partners (first = lead), topics and results; the derived flags are
    set as the services would derive them."""
    partners = list(partners)
    project = Project.objects.create(
        cluster=cluster,
        title=title,
        acronym=title.split()[0][:12].upper(),
        phase=phase,
        start_date=start_date,
        end_date=end_date,
        year_initiated=year_initiated,
        visibility=visibility,
        is_rdi=is_rdi,
        funding_programme=programme,
        total_volume=None if total_volume is None else Decimal(total_volume),
        funding_amount=None if funding_amount is None else Decimal(funding_amount),
        regional_volume=None if regional_volume is None else Decimal(regional_volume),
        is_joint=len(partners) > 1,
        with_science=any(actor.kind in SCIENCE_KINDS for actor in partners),
        is_cross_cluster=is_cross_cluster,
    )
    for index, actor in enumerate(partners):
        ProjectPartner.objects.create(
            project=project,
            actor=actor,
            role=PartnerRole.LEAD if index == 0 else PartnerRole.PARTNER,
        )
    if primary_topic is not None:
        ProjectTopicArea.objects.create(
            project=project,
            lineage=primary_topic,
            is_primary=True,
            assigned_by=AssignmentSource.MANUAL,
        )
    for lineage in secondary_topics:
        ProjectTopicArea.objects.create(
            project=project, lineage=lineage, is_primary=False, assigned_by=AssignmentSource.MANUAL
        )
    if results is not None:
        ProjectResults.objects.create(project=project, **results)
    return project


def build_report_dataset(cluster) -> SimpleNamespace:
    """The dataset in the module docstring, with the published edition "2020" (SMALL_PLAN)."""
    edition = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    topics = {ta.number: ta.lineage for ta in TopicArea.objects.filter(edition=edition)}
    districts = make_districts()
    programmes = make_programmes()
    a = SimpleNamespace(
        micro=make_actor(
            "Feinmechanik Potsdam GmbH",
            ActorKind.COMPANY,
            size_class=SizeClass.MICRO,
            district=districts["Potsdam"],
        ),
        small=make_actor(
            "Lausitzer Leichtbau GmbH",
            ActorKind.COMPANY,
            size_class=SizeClass.SMALL,
            district=districts["Cottbus"],
        ),
        large=make_actor(
            "Berliner Maschinenbau AG",
            ActorKind.COMPANY,
            size_class=SizeClass.LARGE,
            district=districts["Berlin"],
        ),
        craft=make_actor(
            "Metallbau Meister KG",
            ActorKind.CRAFT_BUSINESS,
            size_class=SizeClass.MEDIUM,
            district=districts["Potsdam"],
        ),
        university=make_actor(
            "Technische Hochschule Lausitz", ActorKind.UNIVERSITY, district=districts["Cottbus"]
        ),
        institute=make_actor(
            "Institut für Fügetechnik", ActorKind.RESEARCH_INSTITUTE, district=districts["Potsdam"]
        ),
        network=make_actor("Netzwerk Metall Süd", ActorKind.NETWORK, district=districts["Potsdam"]),
    )
    d = datetime.date
    p = SimpleNamespace()
    p.p1 = make_project(
        cluster,
        "Leichtbau-Greifer aus Aluminium",
        year_initiated=2019,
        start_date=d(2019, 3, 1),
        end_date=d(2021, 2, 28),
        visibility=Visibility.PUBLIC,
        is_rdi=True,
        programme=programmes["zim"],
        total_volume="500000",
        funding_amount="250000",
        regional_volume="400000",
        partners=[a.small, a.university],
        primary_topic=topics["4.2.1"],
        secondary_topics=[topics["4.4.2"]],
    )
    p.p2 = make_project(
        cluster,
        "Schweißnaht-Prüfung mit Ultraschall",
        year_initiated=2019,
        phase=ProjectPhase.APPLICATION,
        programme=programmes["staf"],
        total_volume="100000",
        funding_amount="50000",
        regional_volume="100000",
        partners=[a.micro],
        primary_topic=topics["4.4.2"],
    )
    p.p3 = make_project(
        cluster,
        "Ausbildungsverbund Metall",
        year_initiated=2019,
        phase=ProjectPhase.CONSORTIUM,
        partners=[a.craft, a.micro],
        is_cross_cluster=True,
    )
    p.p4 = make_project(
        cluster,
        "Vertrauliches Fügeverfahren",
        year_initiated=2019,
        start_date=d(2019, 6, 1),
        visibility=Visibility.CLUSTER_MANAGEMENT,
        is_rdi=True,
        programme=programmes["horizon-europe"],
        total_volume="1000000",
        funding_amount="700000",
        partners=[a.institute, a.university],
        primary_topic=topics["4.2.1"],
    )
    p.p5 = make_project(
        cluster,
        "Idee Recyclingstahl",
        year_initiated=2019,
        phase=ProjectPhase.IDEA,
        visibility=Visibility.PUBLIC,
        partners=[a.small],
    )
    p.p6 = make_project(
        cluster,
        "Abgebrochen vor dem Start",
        year_initiated=2019,
        phase=ProjectPhase.CANCELLED,
        visibility=Visibility.PUBLIC,
        partners=[a.micro],
    )
    p.p7 = make_project(
        cluster,
        "Additive Fertigung von Ersatzteilen",
        year_initiated=2018,
        start_date=d(2018, 1, 1),
        end_date=d(2020, 12, 31),
        visibility=Visibility.PUBLIC,
        is_rdi=True,
        programme=programmes["zim"],
        total_volume="300000",
        funding_amount="150000",
        regional_volume="300000",
        partners=[a.large, a.institute],
        primary_topic=topics["4.4.2"],
        results={
            "new_products": 2,
            "patents": 1,
            "success_story": "Ersatzteile aus dem 3D-Drucker in zwei Tagen statt acht Wochen.",
            "reported_on": d(2019, 12, 1),
        },
    )
    p.p8 = make_project(
        cluster,
        "Qualifizierung Schweißfachkräfte",
        year_initiated=2017,
        phase=ProjectPhase.COMPLETED,
        start_date=d(2017, 1, 1),
        end_date=d(2018, 6, 30),
        visibility=Visibility.PUBLIC,
        partners=[a.small],
        primary_topic=topics["6.3.2"],
        results={"jobs_created": 3, "reported_on": d(2018, 9, 1)},
    )
    p.p9 = make_project(
        cluster,
        "Werkstattgespräche Netzwerk",
        year_initiated=2017,
        phase=ProjectPhase.COMPLETED,
        partners=[a.network],
        results={
            "new_processes": 1,
            "success_story": "Aus den Werkstattgesprächen gingen drei Kooperationen hervor.",
            "reported_on": d(2019, 5, 1),
        },
    )
    PhaseChange.objects.create(
        project=p.p9,
        from_phase=ProjectPhase.RUNNING,
        to_phase=ProjectPhase.COMPLETED,
        changed_on=d(2019, 3, 1),
    )
    p.p10 = make_project(cluster, "Langläufer ohne Daten", year_initiated=2016, partners=[a.large])
    p.p11 = make_project(
        cluster,
        "Nach dem Start abgebrochen",
        year_initiated=2018,
        phase=ProjectPhase.CANCELLED,
        start_date=d(2018, 5, 1),
        visibility=Visibility.PUBLIC,
        partners=[a.micro, a.small],
    )
    return SimpleNamespace(
        edition=edition,
        topics=topics,
        districts=districts,
        programmes=programmes,
        actors=a,
        projects=p,
    )


def add_filler_projects(cluster, dataset, count: int, *, year: int = 2019) -> list[Project]:
    """More new projects of `year`, each with partners, topics and results (for the
    constant-query tests)."""
    a = dataset.actors
    created = []
    for index in range(count):
        created.append(
            make_project(
                cluster,
                f"Zusatzprojekt {index}",
                year_initiated=year,
                start_date=datetime.date(year, 1 + index % 12, 1),
                visibility=Visibility.PUBLIC,
                is_rdi=index % 2 == 0,
                programme=dataset.programmes["zim"],
                total_volume="10000",
                funding_amount="5000",
                regional_volume="5000",
                partners=[a.small, a.university] if index % 2 else [a.micro],
                primary_topic=dataset.topics["4.2.1"],
                results={
                    "new_products": 1,
                    "success_story": "Gut.",
                    "reported_on": datetime.date(year, 11, 1),
                },
            )
        )
    return created
