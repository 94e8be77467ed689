"""Synthetic demo companies and craft businesses for development and benchmarks.

`generate_demo_actors(cluster=…, scale=1.0)` creates round(2,506 × scale) actors — the number of
companies the masterplan 2020 (chapter 2.1) counts in the cluster — with the shape the masterplan
describes: mostly under 50 employees, WZ 25 the largest economic activity, Potsdam-Mittelmark,
Oder-Spree and Teltow-Fläming the districts with the most companies. Nothing else about them is
real: names, descriptions, competences and contacts are generated from
`clusterwerk.actors.demo_vocabulary` (only the towns there are facts). Every demo actor has
`is_demo=True` and an `external_id` "demo:0042"; scale 10 is the benchmark dataset.

The generator first plans all actors in plain Python (deterministic for a seed: the margins —
how many per trade, district and size class — are apportioned exactly, who gets what is drawn
with `random.Random(seed)`), then writes them with `bulk_create` in chunks.
"""

import datetime
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.text import slugify

from clusterwerk.accounts.permissions import forget_cached_permissions
from clusterwerk.actors import demo_vocabulary as vocabulary
from clusterwerk.actors.demo_vocabulary import Town, Trade, VocabularyEntry
from clusterwerk.actors.indexing import build_actor_index
from clusterwerk.actors.models import (
    ActivityScheme,
    Actor,
    ActorActivity,
    ActorKind,
    ActorRepresentative,
    ActorStatus,
    Claim,
    ClusterMembership,
    Competence,
    CompetenceTopicArea,
    ContactPerson,
    District,
    EconomicActivity,
    GrowthCoreMunicipality,
    SizeClass,
    Visibility,
)
from clusterwerk.actors.queries import DEMO_EXTERNAL_PREFIX, FIRST_DEMO_COMPANY_ID, demo_actors
from clusterwerk.actors.services.joining import submit_claim
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import TopicArea
from clusterwerk.masterplan.queries import get_published_edition

DEMO_ACTOR_COUNT = 2506  # companies in the cluster, masterplan 2020, chapter 2.1
CHUNK_SIZE = 1000  # actors per round of bulk inserts (and per progress report)
INSERT_BATCH_SIZE = 1000  # rows per INSERT (Django lowers it where the database needs)

SIZE_ORDER = (SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL, SizeClass.MICRO)
COMPETENCE_COUNTS = {
    SizeClass.MICRO: (2, 4),
    SizeClass.SMALL: (3, 5),
    SizeClass.MEDIUM: (4, 6),
    SizeClass.LARGE: (5, 6),
}
SECOND_ACTIVITY_SHARE = 0.3
CONTACT_COUNT_WEIGHTS = {0: 25, 1: 50, 2: 25}
CONTACT_CONSENT_SHARE = 0.7
CONTACT_VISIBILITY_WEIGHTS = {
    Visibility.PUBLIC: 40,
    Visibility.MEMBERS: 40,
    Visibility.CLUSTER_MANAGEMENT: 20,
}
CLUSTER_FOUNDED = datetime.date(2012, 11, 1)
MEMBERSHIP_UNTIL = datetime.date(2025, 6, 30)
TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def demo_source(seed: int) -> str:
    return (
        f"Synthetische Demo-Daten (Clusterwerk-Generator, Startwert {seed}); "
        "kein reales Unternehmen"
    )


# --- Planning (pure Python, deterministic) --------------------------------------------------


@dataclass(frozen=True)
class PlannedCompetence:
    entry: VocabularyEntry
    evidence: str = ""


@dataclass(frozen=True)
class PlannedContact:
    name: str
    function: str
    email: str
    consent: bool
    consent_given_at: datetime.datetime | None
    visibility: str


@dataclass
class ActorPlan:
    number: int
    trade: Trade
    size_class: str
    district_ags: str
    kind: str = ""
    employees: int = 0
    legal_form: str = ""
    town: Town | None = None
    street: str = ""
    latitude: float = 0.0
    longitude: float = 0.0
    founded_year: int = 0
    member_since: datetime.date | None = None
    primary_code: str = ""
    second_code: str = ""
    competences: list[PlannedCompetence] = field(default_factory=list)
    contacts: list[PlannedContact] = field(default_factory=list)

    @property
    def external_id(self) -> str:
        return f"{DEMO_EXTERNAL_PREFIX}{self.number:04d}"

    @property
    def name(self) -> str:
        return f"Demo-{self.trade.name} {self.number:04d} {self.legal_form}"

    @property
    def slug(self) -> str:
        return slugify(self.name.translate(TRANSLITERATION))

    @property
    def description(self) -> str:
        focus = "; ".join(competence.entry.text for competence in self.competences[:3])
        return (
            f"{self.trade.noun} in {self.town.name}, gegründet {self.founded_year}, "
            f"{self.employees} Beschäftigte. Schwerpunkte: {focus}. Synthetischer Demo-Datensatz."
        )


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder; ties by position)."""
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    quotas = [total * weight / weight_sum for weight in weights]
    counts = [math.floor(quota) for quota in quotas]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - counts[i]), i))
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _expand(values: Sequence, counts: Sequence[int]) -> list:
    return [value for value, count in zip(values, counts, strict=True) for _ in range(count)]


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def plan_demo_actors(total: int, seed: int, district_ags: Sequence[str]) -> list[ActorPlan]:
    """The demo actors as plain data: same arguments, same plans."""
    if total <= 0:
        return []
    if not district_ags:
        raise ValueError("Keine Landkreise für die Demo-Unternehmen vorhanden.")
    rng = random.Random(seed)
    trades = _expand(
        vocabulary.TRADES, apportion(total, [trade.weight for trade in vocabulary.TRADES])
    )
    rng.shuffle(trades)
    _put_first_demo_company_first(trades)
    districts = _expand(
        district_ags,
        apportion(total, [vocabulary.DISTRICT_WEIGHTS[ags] for ags in district_ags]),
    )
    rng.shuffle(districts)
    sizes = _assign_size_classes(rng, trades)
    plans = [
        ActorPlan(number=index + 1, trade=trade, size_class=size, district_ags=ags)
        for index, (trade, size, ags) in enumerate(zip(trades, sizes, districts, strict=True))
    ]
    for plan in plans:
        _fill_plan(rng, plan)
    return plans


def _put_first_demo_company_first(trades: list[Trade]) -> None:
    """Demo actor 0001 is a Metallbau company: the demo member user represents it."""
    for index, trade in enumerate(trades):
        if trade.kind == vocabulary.COMPANY and trade.name == "Metallbau":
            trades[0], trades[index] = trades[index], trades[0]
            return
    trades[0] = next(
        trade
        for trade in vocabulary.TRADES
        if trade.kind == vocabulary.COMPANY and trade.name == "Metallbau"
    )


def _assign_size_classes(rng: random.Random, trades: Sequence[Trade]) -> list[str]:
    """Exact shares per kind; within a kind, trades with a higher size factor tend to get the
    bigger classes (a random score skewed by the factor decides the order)."""
    sizes: list[str] = [""] * len(trades)
    scores = [rng.random() ** (1 / trade.size_factor) for trade in trades]
    for kind, weights in vocabulary.SIZE_WEIGHTS.items():
        indices = [i for i, trade in enumerate(trades) if trade.kind == kind]
        indices.sort(key=lambda i: (-scores[i], i))
        counts = apportion(len(indices), [weights[size] for size in SIZE_ORDER])
        for index, size in zip(indices, _expand(SIZE_ORDER, counts), strict=True):
            sizes[index] = size
    return sizes


def _fill_plan(rng: random.Random, plan: ActorPlan) -> None:
    trade = plan.trade
    plan.kind = trade.kind
    low, high, mode = vocabulary.EMPLOYEE_RANGES[plan.size_class]
    plan.employees = min(high, max(low, round(rng.triangular(low, high, mode))))
    plan.legal_form = _weighted(rng, vocabulary.LEGAL_FORMS[trade.kind][plan.size_class])
    towns = vocabulary.TOWNS[plan.district_ags]
    plan.town = rng.choices(towns, weights=[town.weight for town in towns])[0]
    plan.street = f"{rng.choice(vocabulary.STREETS)} {rng.randint(1, 120)}"
    plan.latitude = round(plan.town.latitude + rng.uniform(-0.015, 0.015), 5)
    plan.longitude = round(plan.town.longitude + rng.uniform(-0.025, 0.025), 5)
    if rng.random() < 0.15:
        plan.founded_year = rng.randint(1880, 1989)
    else:
        plan.founded_year = rng.randint(1990, 2022)
    start = max(CLUSTER_FOUNDED, datetime.date(plan.founded_year, 1, 1))
    plan.member_since = start + datetime.timedelta(
        days=rng.randint(0, (MEMBERSHIP_UNTIL - start).days)
    )
    plan.primary_code = rng.choice(trade.codes)
    second = [code for code in trade.second_codes if code != plan.primary_code]
    if second and rng.random() < SECOND_ACTIVITY_SHARE:
        plan.second_code = rng.choice(second)
    plan.competences = _plan_competences(rng, plan)
    plan.contacts = _plan_contacts(rng, plan)


def _plan_competences(rng: random.Random, plan: ActorPlan) -> list[PlannedCompetence]:
    """2–6 competences: one or two of the trade's core ones, then others that fit the trade."""
    trade = plan.trade
    low, high = COMPETENCE_COUNTS[plan.size_class]
    count = rng.randint(low, high)
    texts = rng.sample(trade.core, k=min(len(trade.core), rng.randint(1, 2)))
    rest = [text for text in (*trade.core, *trade.pool) if text not in texts]
    texts += rng.sample(rest, k=min(len(rest), count - len(texts)))
    if rng.random() < 0.2:
        general = rng.choice(vocabulary.GENERAL_COMPETENCES)
        if general not in texts:
            texts[-1] = general
    competences = []
    for text in texts:
        entry = vocabulary.VOCABULARY[text]
        evidence = entry.evidence if entry.evidence and rng.random() < 0.6 else ""
        competences.append(PlannedCompetence(entry=entry, evidence=evidence))
    return competences


def _plan_contacts(rng: random.Random, plan: ActorPlan) -> list[PlannedContact]:
    contacts = []
    for position in range(_weighted(rng, CONTACT_COUNT_WEIGHTS)):
        first = rng.choice(vocabulary.CONTACT_FIRST_NAMES)
        last = rng.choice(vocabulary.CONTACT_LAST_NAMES)
        consent = rng.random() < CONTACT_CONSENT_SHARE
        given_at = None
        if consent:
            given_at = datetime.datetime(2019, 1, 1, 9, tzinfo=datetime.UTC) + datetime.timedelta(
                days=rng.randint(0, 6 * 365), minutes=rng.randint(0, 600)
            )
        local = f"{first}.{last}.{plan.number:04d}-{position + 1}".lower()
        contacts.append(
            PlannedContact(
                name=f"{first} {last}",
                function=rng.choice(vocabulary.CONTACT_FUNCTIONS[plan.kind]),
                email=f"{local.translate(TRANSLITERATION)}@example.org",
                consent=consent,
                consent_given_at=given_at,
                visibility=_weighted(rng, CONTACT_VISIBILITY_WEIGHTS),
            )
        )
    return contacts


# --- Writing ----------------------------------------------------------------------------------


@dataclass
class DemoReport:
    """What `generate_demo_actors` did and what the demo actors of the cluster look like."""

    expected: int
    created: int = 0
    deleted: int = 0
    skipped: bool = False
    seconds: float = 0.0
    total: int = 0
    companies: int = 0
    craft_businesses: int = 0
    employees: int = 0
    by_size_class: dict[str, int] = field(default_factory=dict)
    by_district: list[tuple[str, int]] = field(default_factory=list)
    by_division: list[tuple[str, int]] = field(default_factory=list)
    competences: int = 0
    topic_tags: int = 0
    contacts: int = 0
    missing_activity_codes: list[str] = field(default_factory=list)

    @property
    def under_50_share(self) -> float:
        if not self.total:
            return 0.0
        small = self.by_size_class.get(SizeClass.MICRO, 0) + self.by_size_class.get(
            SizeClass.SMALL, 0
        )
        return small / self.total

    @property
    def top_districts(self) -> list[tuple[str, int]]:
        return self.by_district[:3]

    @property
    def top_division(self) -> tuple[str, int] | None:
        return self.by_division[0] if self.by_division else None


@dataclass
class _Context:
    cluster: Cluster
    districts: dict[str, District]
    growth_cores: dict[str, int]
    activities: dict[str, int]
    lineages: dict[str, object]
    taken_slugs: set[str]
    missing_codes: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, cluster: Cluster) -> "_Context":
        districts = {
            district.ags: district
            for district in District.objects.filter(ags__in=list(vocabulary.DISTRICT_WEIGHTS))
        }
        growth_cores = dict(GrowthCoreMunicipality.objects.values_list("name", "growth_core_id"))
        activities = dict(
            EconomicActivity.objects.filter(scheme=ActivityScheme.WZ_2008).values_list("code", "id")
        )
        edition = get_published_edition(cluster)
        lineages = {}
        if edition is not None:
            lineages = dict(
                TopicArea.objects.filter(edition=edition).values_list("number", "lineage")
            )
        taken_slugs = set(
            Actor.objects.filter(slug__startswith="demo-").values_list("slug", flat=True)
        )
        return cls(cluster, districts, growth_cores, activities, lineages, taken_slugs)

    def activity_id(self, code: str) -> int | None:
        """The code itself, else its group (25.1), else its division (25)."""
        for candidate in (code, code[:4], code[:2]):
            if candidate in self.activities:
                return self.activities[candidate]
        self.missing_codes.add(code)
        return None

    def unique_slug(self, slug: str) -> str:
        candidate, suffix = slug, 2
        while candidate in self.taken_slugs:
            candidate, suffix = f"{slug}-{suffix}", suffix + 1
        self.taken_slugs.add(candidate)
        return candidate


def generate_demo_actors(
    *,
    cluster: Cluster,
    scale: float = 1.0,
    seed: int = 2020,
    progress: Callable[[int, int], None] | None = None,
) -> DemoReport:
    """Create round(2,506 × scale) demo companies and craft businesses in the cluster.

    Idempotent: when the demo actors of this seed and size already exist, nothing happens;
    otherwise all demo actors of the generator (`is_demo=True`, external id "demo:…"; no
    other actor) are deleted and generated anew."""
    if scale < 0:
        raise ValueError("Der Maßstab darf nicht negativ sein.")
    started = time.perf_counter()
    expected = round(DEMO_ACTOR_COUNT * scale)
    source = demo_source(seed)
    with transaction.atomic():
        complete = (
            demo_actors().count() == expected
            and demo_actors(cluster).filter(source=source).count() == expected
        )
        if complete:
            report = summarize_demo_actors(cluster, expected=expected)
            report.skipped = True
            report.seconds = time.perf_counter() - started
            return report
        deleted = delete_demo_actors()
        context = _Context.load(cluster)
        if expected and not context.districts:
            raise ValueError(
                "Keine Landkreise vorhanden: zuerst die Referenzdaten laden "
                "(python manage.py load_reference_data)."
            )
        plans = plan_demo_actors(expected, seed, sorted(context.districts))
        for start in range(0, len(plans), CHUNK_SIZE):
            _insert_chunk(plans[start : start + CHUNK_SIZE], context, source)
            if progress is not None:
                progress(min(start + CHUNK_SIZE, len(plans)), len(plans))
    report = summarize_demo_actors(cluster, expected=expected)
    report.created = len(plans)
    report.deleted = deleted
    report.missing_activity_codes = sorted(context.missing_codes)
    report.seconds = time.perf_counter() - started
    return report


def delete_demo_actors() -> int:
    """Delete the generator's demo actors (and with them their competences, contacts …)."""
    actors = demo_actors()
    count = actors.count()
    if count:
        # The bulky children first, each in one statement; the rest goes through Django's
        # collector so that whatever else refers to an actor is handled by its on_delete.
        ids = actors.values("id")
        CompetenceTopicArea.objects.filter(competence__actor__in=ids).delete()
        competences = Competence.objects.filter(actor__in=ids)
        if _only_tags_refer_to_competences():
            # The collector would delete ~90,000 competences 100 at a time; their only
            # dependants, the tags, are gone already.
            competences._raw_delete(competences.db)
        else:
            competences.delete()
        for model in (ContactPerson, ActorActivity, ClusterMembership):
            model.objects.filter(actor__in=ids).delete()
        actors.only("id").delete()
    return count


def _only_tags_refer_to_competences() -> bool:
    related = [relation.related_model for relation in Competence._meta.related_objects]
    return related == [CompetenceTopicArea]


def _insert_chunk(plans: Sequence[ActorPlan], context: _Context, source: str) -> None:
    actors = []
    for plan in plans:
        district = context.districts[plan.district_ags]
        description = plan.description
        index = build_actor_index(
            name=plan.name,
            description=description,
            municipality=plan.town.name,
            district_name=district.name,
            competences=[
                {"text": c.entry.text, "description": "", "keywords": list(c.entry.keywords)}
                for c in plan.competences
            ],
        )
        slug = context.unique_slug(plan.slug)
        actors.append(
            Actor(
                kind=plan.kind,
                name=plan.name,
                slug=slug,
                description=description,
                website=f"https://{slug}.example.org",
                email=f"kontakt@{slug}.example.org",
                street=plan.street,
                postal_code=plan.town.postal_code,
                municipality=plan.town.name,
                district=district,
                growth_core_id=context.growth_cores.get(plan.town.name),
                latitude=plan.latitude,
                longitude=plan.longitude,
                size_class=plan.size_class,
                employees=plan.employees,
                founded_year=plan.founded_year,
                status=ActorStatus.PUBLISHED,
                external_id=plan.external_id,
                source=source,
                is_demo=True,
                search_name=index.search_name,
                search_competences=index.search_competences,
                search_document=index.search_document,
            )
        )
    Actor.objects.bulk_create(actors, batch_size=INSERT_BATCH_SIZE)

    links, memberships, competences, contacts = [], [], [], []
    for plan, actor in zip(plans, actors, strict=True):
        primary = context.activity_id(plan.primary_code)
        if primary is not None:
            links.append(ActorActivity(actor=actor, activity_id=primary, is_primary=True))
        second = context.activity_id(plan.second_code) if plan.second_code else None
        if second is not None and second != primary:
            links.append(ActorActivity(actor=actor, activity_id=second, is_primary=False))
        memberships.append(
            ClusterMembership(actor=actor, cluster=context.cluster, since=plan.member_since)
        )
        for order, planned in enumerate(plan.competences):
            competences.append(
                Competence(
                    actor=actor,
                    kind=planned.entry.kind,
                    text=planned.entry.text,
                    keywords=list(planned.entry.keywords),
                    evidence=planned.evidence,
                    order=order,
                )
            )
        for order, contact in enumerate(plan.contacts, start=1):
            contacts.append(
                ContactPerson(
                    actor=actor,
                    name=contact.name,
                    function=contact.function,
                    email=contact.email,
                    consent=contact.consent,
                    consent_given_at=contact.consent_given_at,
                    visibility=contact.visibility,
                    order=order,
                )
            )
    ActorActivity.objects.bulk_create(links, batch_size=INSERT_BATCH_SIZE)
    ClusterMembership.objects.bulk_create(memberships, batch_size=INSERT_BATCH_SIZE)
    Competence.objects.bulk_create(competences, batch_size=INSERT_BATCH_SIZE)
    ContactPerson.objects.bulk_create(contacts, batch_size=INSERT_BATCH_SIZE)
    if context.lineages:
        tags = [
            CompetenceTopicArea(competence=competence, lineage=context.lineages[number])
            for competence in competences
            for number in vocabulary.VOCABULARY[competence.text].topic_areas
            if number in context.lineages
        ]
        CompetenceTopicArea.objects.bulk_create(tags, batch_size=INSERT_BATCH_SIZE)


def summarize_demo_actors(cluster: Cluster, *, expected: int = 0) -> DemoReport:
    """Counts and distribution of the cluster's demo actors, read from the database."""
    actors = demo_actors(cluster)
    report = DemoReport(expected=expected)
    kinds = dict(actors.values_list("kind").annotate(n=Count("id")).order_by())
    report.companies = kinds.get(ActorKind.COMPANY, 0)
    report.craft_businesses = kinds.get(ActorKind.CRAFT_BUSINESS, 0)
    report.total = sum(kinds.values())
    report.employees = actors.aggregate(total=Sum("employees"))["total"] or 0
    report.by_size_class = dict(actors.values_list("size_class").annotate(n=Count("id")).order_by())
    districts = actors.values_list("district__name").annotate(n=Count("id")).order_by()
    report.by_district = sorted(districts, key=lambda item: (-item[1], item[0] or ""))
    codes = ActorActivity.objects.filter(actor__in=actors, is_primary=True).values_list(
        "activity__code", flat=True
    )
    divisions = Counter(code[:2] for code in codes)
    report.by_division = sorted(divisions.items(), key=lambda item: (-item[1], item[0]))
    report.competences = Competence.objects.filter(actor__in=actors).count()
    report.topic_tags = CompetenceTopicArea.objects.filter(competence__actor__in=actors).count()
    report.contacts = ContactPerson.objects.filter(actor__in=actors).count()
    return report


def division_title(division: str) -> str:
    title = (
        EconomicActivity.objects.filter(scheme=ActivityScheme.WZ_2008, code=division)
        .values_list("title", flat=True)
        .first()
    )
    return title or vocabulary.WZ_2008_DIVISIONS.get(division, "")


def link_demo_member(user, cluster: Cluster) -> Actor | None:
    """Make the user a representative of demo company 0001 and one of its contact persons
    (with consent). Idempotent; None when there is no demo company 0001 in the cluster."""
    actor = demo_actors(cluster).filter(external_id=FIRST_DEMO_COMPANY_ID).first()
    if actor is None:
        return None
    link_demo_representative(user, actor, function="Geschäftsführung")
    return actor


def link_demo_representative(user, actor: Actor, *, function: str) -> None:
    """Make the user a representative of the demo actor and one of its contact persons (with
    consent, for members). Idempotent; only for demo actors."""
    if not actor.is_demo:
        raise ValueError("Nur Demo-Akteure bekommen Demo-Vertretungen.")
    with transaction.atomic():
        ActorRepresentative.objects.get_or_create(actor=actor, user=user)
        ContactPerson.objects.get_or_create(
            actor=actor,
            user=user,
            defaults={
                "name": user.get_full_name() or user.public_name,
                "function": function,
                "email": user.email,
                "consent": True,
                "consent_given_at": timezone.now(),
                "visibility": Visibility.MEMBERS,
                "order": 0,
            },
        )
    forget_cached_permissions(user)


SECOND_DEMO_COMPANY_ID = "demo:0002"
DEMO_CLAIM_MESSAGE = "Ich leite die Fertigung und pflege künftig unser Profil."


def ensure_demo_claim(user, cluster: Cluster) -> Claim | None:
    """A pending claim of `user` for demo company 0002, so the front door and the
    management's queue have something to show. Idempotent (also once decided: a decided
    claim is not asked again); None without that demo company."""
    actor = demo_actors(cluster).filter(external_id=SECOND_DEMO_COMPANY_ID).first()
    if actor is None:
        return None
    existing = Claim.objects.filter(user=user, actor=actor, cluster=cluster).first()
    if existing is not None:
        return existing
    return submit_claim(user=user, cluster=cluster, actor=actor, message=DEMO_CLAIM_MESSAGE)
