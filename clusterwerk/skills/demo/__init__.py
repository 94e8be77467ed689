"""Demo of the Fachkräftematrix (development and demonstrations).

`seed_skills_demo(cluster, seed=2024)` writes, everything marked demo and every text saying
so:

- the occupations it asks about (`data.OCCUPATIONS`, seven KldB 2010 Berufsgattungen of
  metal, mechanical, mechatronic and vehicle trades): through Part A's
  `skills.reference.load_occupations()` when it is there, else those rows only;
- the company surveys 2022, 2023 and 2024 (closed), answered by up to 300 of the cluster's
  demo companies (`actors.queries.demo_actors`, every district with demo companies in it):
  employees per occupation, openings in 12 ≤ 36 months, retirements ≤ employees, training
  places filled ≤ offered, difficulty 1–5, with demand and difficulty growing over the years.
  Large districts give many cells of at least five companies, small ones cells below;
- demo indicators per year (`IndicatorImport.is_demo`, source "Demo – keine amtlichen
  Zahlen", region Brandenburg): the six shortage indicators' scores per occupation and the
  verdict by the published rule;
- supply figures per year, occupation and district (Oberstufenzentren without a provider, the
  chambers' training centres where a chamber of the directory sits; some districts have none:
  gaps for the matrix) and 20 training offers of chambers, universities and demo companies in
  every format, starting around the year of seeding;
- the Nachfolgebörse: eight cases of demo companies (draft, submitted, three released, handed
  over, withdrawn; one released case and the third release created by the chamber on the
  owner's behalf), mediated by a Handwerkskammer and an IHK of the directory (demo chambers
  where the cluster has none); owner logins `nachfolge-inhaber1…8@example.org`, three
  searchers `nachfolge-suche1…3@example.org` (the demo password) with profiles, and interests
  submitted, forwarded and agreed. A chamber without a representative gets the demo login
  `nachfolge-hwk@example.org` / `nachfolge-ihk@example.org`.

Deterministic for a seed (`random.Random(seed)`); dates of offers and cases depend on the day
of seeding. Idempotent: when the demo is complete nothing is written; otherwise the cluster's
demo rows of the skills app are deleted and written again. Rows are written with the ORM, not
through the services (the surveys are the past's). A real (not demo) survey of a demo year
stops the demo (ValueError); so does a cluster without demo companies.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from clusterwerk.actors.models import BUSINESS_KINDS, Actor, ActorKind
from clusterwerk.actors.queries import demo_actors
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.skills.demo.data import (
    CASES,
    INTERESTS,
    OCCUPATION_SOURCE,
    OCCUPATIONS,
    OFFER_NOTE,
    OFFERS,
    SEARCHERS,
    SURVEY_YEARS,
)
from clusterwerk.skills.demo.figures import (
    choose_companies,
    write_indicators,
    write_supply,
    write_surveys,
)
from clusterwerk.skills.demo.succession import chamber_type, mediating_chambers, write_succession
from clusterwerk.skills.models import (
    IndicatorImport,
    Occupation,
    OccupationLevel,
    SuccessionCase,
    SuccessionInterest,
    SuccessorProfile,
    SupplyFigure,
    Survey,
    SurveyAnswer,
    SurveyResponse,
    TrainingOffer,
    TrainingOfferTopicArea,
)

# The demo logins' password; the same as `portal.cluster_demo.DEMO_PASSWORD` (skills may not
# import portal).
DEMO_PASSWORD = "clusterwerk-demo"
DEFAULT_SEED = 2024


@dataclass
class DemoSkillsReport:
    skipped: bool = False  # the demo was complete: nothing written
    deleted: bool = False  # earlier demo rows were deleted before writing
    occupations_loaded: bool = False  # Part A's load_occupations() provided the occupations
    occupations: int = 0
    surveys: int = 0
    companies: int = 0  # distinct demo companies with a response
    responses: int = 0
    answers: int = 0
    indicator_imports: int = 0
    assessments: dict[str, int] = field(default_factory=dict)  # latest year: verdict -> count
    supply_figures: int = 0
    offers: int = 0
    cases: dict[str, int] = field(default_factory=dict)  # status -> count
    profiles: int = 0
    interests: dict[str, int] = field(default_factory=dict)  # status -> count
    logins: list[str] = field(default_factory=list)


# --- Occupations ----------------------------------------------------------------------------


def demo_occupations() -> tuple[dict[str, Occupation], bool]:
    """The demo's occupations by code, loading Part A's list first when it is there."""
    try:
        from clusterwerk.skills.reference import load_occupations
    except ImportError:
        load_occupations = None
    if load_occupations is not None:
        load_occupations()
    for spec in OCCUPATIONS:
        Occupation.objects.get_or_create(
            code=spec.code,
            defaults={
                "title": spec.title,
                "short_title": spec.short_title,
                "level": OccupationLevel.TYPE,
                "skill_level": int(spec.code[4]),
                "is_apprenticeship": spec.is_apprenticeship,
                "chamber": spec.chamber,
                "source": OCCUPATION_SOURCE,
            },
        )
    occupations = Occupation.objects.filter(code__in=[spec.code for spec in OCCUPATIONS])
    return {occupation.code: occupation for occupation in occupations}, load_occupations is not None


# --- Which rows are the demo's ----------------------------------------------------------------


def demo_rows(cluster: Cluster) -> dict[str, object]:
    return {
        "surveys": Survey.objects.filter(cluster=cluster, is_demo=True),
        "imports": IndicatorImport.objects.filter(cluster=cluster, is_demo=True),
        "supply": SupplyFigure.objects.filter(cluster=cluster, is_demo=True),
        "offers": TrainingOffer.objects.filter(cluster=cluster, is_demo=True),
        "cases": SuccessionCase.objects.filter(cluster=cluster, is_demo=True),
        "profiles": SuccessorProfile.objects.filter(cluster=cluster, is_demo=True),
    }


def delete_demo_skills(cluster: Cluster | None = None) -> int:
    """Delete the skills demo rows (of `cluster`; of every cluster: None). Occupations, the
    logins and demo chambers stay. Returns the number of top-level rows deleted."""
    clusters = [cluster] if cluster is not None else list(Cluster.objects.all())
    total = 0
    for each in clusters:
        rows = demo_rows(each)
        SuccessionInterest.objects.filter(case__in=rows["cases"]).delete()
        SuccessionInterest.objects.filter(profile__in=rows["profiles"]).delete()
        for key in ("cases", "profiles", "offers", "supply", "imports", "surveys"):
            total += rows[key].count()
            rows[key].delete()
    return total


def _is_complete(cluster: Cluster) -> bool:
    rows = demo_rows(cluster)
    if sorted(rows["surveys"].values_list("year", flat=True)) != list(SURVEY_YEARS):
        return False
    for survey in rows["surveys"]:
        if not SurveyAnswer.objects.filter(response__survey=survey).exists():
            return False
    imports = rows["imports"]
    if sorted(imports.values_list("year", flat=True)) != list(SURVEY_YEARS):
        return False
    if any(batch.assessments.count() != len(OCCUPATIONS) for batch in imports):
        return False
    return (
        rows["supply"].exists()
        and rows["offers"].count() == len(OFFERS)
        and rows["cases"].count() == len(CASES)
        and rows["profiles"].count() == len(SEARCHERS)
        and SuccessionInterest.objects.filter(case__in=rows["cases"]).count() == len(INTERESTS)
    )


def _refuse_real_surveys(cluster: Cluster) -> None:
    real = Survey.objects.filter(cluster=cluster, year__in=SURVEY_YEARS, is_demo=False)
    if real.exists():
        years = ", ".join(str(year) for year in sorted(real.values_list("year", flat=True)))
        raise ValueError(
            f"Der Cluster hat schon eine echte Betriebsbefragung {years}: "
            "die Demo der Fachkräftematrix wird nicht angelegt."
        )


# --- Seeding --------------------------------------------------------------------------------


def seed_skills_demo(
    cluster: Cluster, *, seed: int = DEFAULT_SEED, password: str = DEMO_PASSWORD
) -> DemoSkillsReport:
    """Write the cluster's Fachkräftematrix demo (see the module docstring). ValueError
    (German) without demo companies or with a real survey of a demo year."""
    report = DemoSkillsReport()
    with transaction.atomic():
        occupations, report.occupations_loaded = demo_occupations()
        if _is_complete(cluster):
            report.skipped = True
        else:
            companies = list(
                demo_actors(cluster)
                .filter(kind__in=BUSINESS_KINDS, district__isnull=False)
                .distinct()
                .order_by("external_id")
            )
            if len(companies) < len(CASES) + len(SEARCHERS):
                raise ValueError(
                    "Zu wenige Demo-Unternehmen im Cluster: zuerst die Demo-Unternehmen "
                    "anlegen (python manage.py seed_demo)."
                )
            _refuse_real_surveys(cluster)
            report.deleted = bool(delete_demo_skills(cluster))
            _write(cluster, occupations, companies, random.Random(seed), password)
    _summarise(cluster, report)
    return report


def _write(cluster, occupations, companies, rng, password) -> None:
    chosen = choose_companies(rng, companies)
    districts = sorted({company.district for company in chosen}, key=lambda district: district.ags)
    topics = _topic_lineages(cluster)
    chambers = mediating_chambers(cluster, _busiest_district(chosen))
    write_surveys(cluster, occupations, chosen, rng)
    write_indicators(cluster, occupations, rng)
    write_supply(cluster, occupations, districts, _training_centres(cluster), rng)
    _write_offers(cluster, occupations, chosen, chambers, topics, rng)
    write_succession(
        cluster, chosen, chambers, password=password, topic=topics.get("6.3.8"), rng=rng
    )


def _topic_lineages(cluster) -> dict[str, object]:
    edition = get_published_edition(cluster)
    if edition is None:
        return {}
    return dict(edition.topic_areas.values_list("number", "lineage"))


def _busiest_district(companies):
    counts = Counter(company.district_id for company in companies)
    district_id = counts.most_common(1)[0][0]
    return next(company.district for company in companies if company.district_id == district_id)


def _training_centres(cluster) -> dict[tuple[int, str], Actor]:
    """(district id, chamber kind of an occupation) -> the chamber whose training centre
    trains there; "both" takes the Handwerkskammer when there is one, else the IHK."""
    centres: dict[tuple[int, str], Actor] = {}
    chambers = Actor.objects.filter(
        kind=ActorKind.CHAMBER, memberships__cluster=cluster, district__isnull=False
    ).order_by("name", "pk")
    for chamber in chambers.distinct():
        kind = chamber_type(chamber)
        centres.setdefault((chamber.district_id, kind), chamber)
        if kind == "hwk" or (chamber.district_id, "both") not in centres:
            centres[(chamber.district_id, "both")] = chamber
    return centres


def _write_offers(cluster, occupations, companies, chambers, topics, rng) -> None:
    year = timezone.localdate().year
    trainers = [c for c in companies if c.size_class in ("small", "medium", "large")] or companies
    picked = rng.sample(trainers, min(len(trainers), 4))
    universities = list(
        Actor.objects.filter(kind=ActorKind.UNIVERSITY, memberships__cluster=cluster)
        .distinct()
        .order_by("name", "pk")
    )
    fallback_district = _busiest_district(companies)
    company_offers = 0
    for spec in OFFERS:
        kind, external_id = spec.provider
        provider = Actor.objects.filter(external_id=external_id).first() if external_id else None
        if provider is None and kind == ActorKind.CHAMBER:
            provider = chambers["hwk" if "t3-03" in external_id else "ihk"]
        if provider is None and kind == ActorKind.UNIVERSITY and universities:
            provider = universities[len(spec.title) % len(universities)]
        if provider is None:
            provider = picked[company_offers % len(picked)]
            company_offers += 1
        month = spec.months
        starts = datetime.date(year + month // 12, month % 12 + 1, 1)
        offer = TrainingOffer.objects.create(
            cluster=cluster,
            provider=provider,
            title=spec.title,
            description=OFFER_NOTE,
            format=spec.format,
            occupation=occupations.get(spec.occupation) if spec.occupation else None,
            competence=spec.competence,
            district=provider.district or fallback_district,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(weeks=spec.weeks),
            is_published=True,
            is_demo=True,
        )
        TrainingOfferTopicArea.objects.bulk_create(
            [
                TrainingOfferTopicArea(offer=offer, topic_lineage=topics[number])
                for number in spec.topics
                if number in topics
            ]
        )


def _summarise(cluster: Cluster, report: DemoSkillsReport) -> None:
    rows = demo_rows(cluster)
    report.occupations = len(OCCUPATIONS)
    report.surveys = rows["surveys"].count()
    responses = SurveyResponse.objects.filter(survey__in=rows["surveys"])
    report.responses = responses.count()
    report.companies = responses.values("actor").distinct().count()
    report.answers = SurveyAnswer.objects.filter(response__in=responses).count()
    report.indicator_imports = rows["imports"].count()
    latest = rows["imports"].order_by("-year").first()
    if latest is not None:
        report.assessments = dict(Counter(latest.assessments.values_list("verdict", flat=True)))
    report.supply_figures = rows["supply"].count()
    report.offers = rows["offers"].count()
    report.cases = dict(Counter(rows["cases"].values_list("status", flat=True)))
    report.profiles = rows["profiles"].count()
    report.interests = dict(
        Counter(
            SuccessionInterest.objects.filter(case__in=rows["cases"]).values_list(
                "status", flat=True
            )
        )
    )
    owners = rows["cases"].exclude(owner=None).values_list("owner__email", flat=True)
    searchers = rows["profiles"].values_list("user__email", flat=True)
    report.logins = sorted(set(owners) | set(searchers))


__all__ = [
    "DEMO_PASSWORD",
    "DemoSkillsReport",
    "delete_demo_skills",
    "demo_occupations",
    "seed_skills_demo",
]
