"""The synthetic demo companies: shape, determinism, idempotence, index, tags, command."""

import json
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from clusterwerk.accounts.models import User
from clusterwerk.actors import demo_vocabulary as vocabulary
from clusterwerk.actors.demo import (
    DEMO_ACTOR_COUNT,
    apportion,
    demo_actors,
    generate_demo_actors,
    link_demo_member,
    plan_demo_actors,
)
from clusterwerk.actors.indexing import build_actor_index
from clusterwerk.actors.models import (
    Actor,
    ActorActivity,
    ActorKind,
    ActorRepresentative,
    Competence,
    CompetenceTopicArea,
    ContactPerson,
    GrowthCoreMunicipality,
    SizeClass,
    Visibility,
    size_class_for,
)
from clusterwerk.actors.tests.demo_support import GROWTH_CORES, create_actor_reference_rows
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.models import TopicArea
from clusterwerk.masterplan.queries import get_published_edition
from clusterwerk.masterplan.reference import load_all_reference_data

REFERENCE_PLAN = (
    Path(__file__).resolve().parents[2] / "masterplan" / "reference_data" / "metall_2020.json"
)
STRONGEST = ["Potsdam-Mittelmark", "Oder-Spree", "Teltow-Fläming"]
NAME = re.compile(r"^Demo-[\w./ -]+ (\d{4,5}) [\w.()&ä -]+$")


def reference_topic_numbers() -> set[str]:
    data = json.loads(REFERENCE_PLAN.read_text(encoding="utf-8"))
    return {
        topic_area["number"]
        for action_field in data["action_fields"]
        for key_point in action_field["key_points"]
        for topic_area in key_point["topic_areas"]
    }


def snapshot():
    """Names, districts and competences of all demo actors, by external id."""
    competences = {}
    for actor_id, text in Competence.objects.filter(actor__is_demo=True).values_list(
        "actor__external_id", "text"
    ):
        competences.setdefault(actor_id, []).append(text)
    return {
        external_id: (name, district, sorted(competences.get(external_id, [])))
        for external_id, name, district in demo_actors().values_list(
            "external_id", "name", "district__ags"
        )
    }


@pytest.fixture
def reference_rows(db):
    return create_actor_reference_rows()


@pytest.fixture
def published_cluster(db):
    """The cluster with the 2020 reference edition published (37 topic areas)."""
    load_all_reference_data()
    create_actor_reference_rows()
    return Cluster.objects.get(slug="metall")


# --- the vocabulary -------------------------------------------------------------------------


def test_vocabulary_entries_are_complete_and_point_at_real_topic_areas():
    numbers = reference_topic_numbers()
    kinds = Counter(entry.kind for entry in vocabulary.VOCABULARY.values())
    assert set(kinds) == {"technology", "process", "material", "service", "shared_equipment"}
    for entry in vocabulary.VOCABULARY.values():
        assert 2 <= len(entry.keywords) <= 4, entry.text
        assert 1 <= len(entry.topic_areas) <= 2, entry.text
        assert set(entry.topic_areas) <= numbers, entry.text


def test_trades_use_known_competences_and_codes():
    assert sum(trade.weight for trade in vocabulary.TRADES) == 1000
    craft = sum(t.weight for t in vocabulary.TRADES if t.kind == ActorKind.CRAFT_BUSINESS)
    assert 300 <= craft <= 370
    for trade in vocabulary.TRADES:
        assert set(trade.core) | set(trade.pool) <= set(vocabulary.VOCABULARY), trade.name
        assert len(set(trade.core) | set(trade.pool)) >= 6, trade.name
        for code in (*trade.codes, *trade.second_codes):
            assert code in vocabulary.WZ_2008_CLASSES, (trade.name, code)
            assert code[:2] in vocabulary.WZ_2008_DIVISIONS
        assert all(code[:2] == trade.division for code in trade.codes), trade.name


def test_towns_are_in_brandenburg_and_cover_every_growth_core_municipality():
    assert set(vocabulary.TOWNS) == set(vocabulary.DISTRICT_WEIGHTS)
    assert len(vocabulary.TOWNS) == 18
    assert sum(vocabulary.DISTRICT_WEIGHTS.values()) == 1000
    for towns in vocabulary.TOWNS.values():
        assert 3 <= len(towns) <= 6
        for town in towns:
            assert re.fullmatch(r"\d{5}", town.postal_code), town
            assert 51.3 < town.latitude < 53.6 and 11.2 < town.longitude < 14.8, town
    for _number, _name, _focus, municipalities in GROWTH_CORES:
        for municipality, _ags, district_ags in municipalities:
            names = {town.name for town in vocabulary.TOWNS[district_ags]}
            assert municipality in names, municipality


def test_apportion_is_exact():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]
    assert sum(apportion(2506, [t.weight for t in vocabulary.TRADES])) == 2506
    assert apportion(0, [1, 2]) == [0, 0]


def test_plans_are_deterministic_per_seed():
    districts = sorted(vocabulary.DISTRICT_WEIGHTS)
    first = plan_demo_actors(200, 2020, districts)
    again = plan_demo_actors(200, 2020, districts)
    other = plan_demo_actors(200, 7, districts)
    summary = [(p.name, p.district_ags, [c.entry.text for c in p.competences]) for p in first]
    assert summary == [
        (p.name, p.district_ags, [c.entry.text for c in p.competences]) for p in again
    ]
    assert summary != [
        (p.name, p.district_ags, [c.entry.text for c in p.competences]) for p in other
    ]


# --- generating -----------------------------------------------------------------------------


def test_distribution_follows_the_masterplan(cluster, reference_rows):
    report = generate_demo_actors(cluster=cluster, scale=0.2)
    actors = list(demo_actors(cluster).select_related("district"))
    assert report.created == len(actors) == round(DEMO_ACTOR_COUNT * 0.2) == 501
    kinds = Counter(actor.kind for actor in actors)
    assert set(kinds) == {ActorKind.COMPANY, ActorKind.CRAFT_BUSINESS}
    assert 0.30 <= kinds[ActorKind.CRAFT_BUSINESS] / len(actors) <= 0.37

    sizes = Counter(actor.size_class for actor in actors)
    under_50 = (sizes[SizeClass.MICRO] + sizes[SizeClass.SMALL]) / len(actors)
    assert 0.85 <= under_50 <= 0.95
    assert report.under_50_share == pytest.approx(under_50)
    assert sizes[SizeClass.MICRO] > sizes[SizeClass.SMALL] > sizes[SizeClass.MEDIUM]
    assert sizes[SizeClass.LARGE] >= 1
    assert all(size_class_for(actor.employees) == actor.size_class for actor in actors)

    districts = Counter(actor.district.name for actor in actors)
    assert [name for name, _ in districts.most_common(3)] == STRONGEST
    assert len(districts) == 18
    assert [name for name, _ in report.top_districts] == STRONGEST

    primary = ActorActivity.objects.filter(actor__in=demo_actors(), is_primary=True)
    assert primary.count() == len(actors)  # exactly one primary activity each
    divisions = Counter(code[:2] for code in primary.values_list("activity__code", flat=True))
    ranking = [division for division, _ in divisions.most_common()]
    assert ranking[:6] == ["25", "28", "33", "71", "24", "72"]
    assert report.top_division[0] == "25"
    assert ActorActivity.objects.filter(actor__in=demo_actors(), is_primary=False).exists()


def test_demo_actors_are_complete_and_plausible(cluster, reference_rows):
    generate_demo_actors(cluster=cluster, scale=0.05)
    actors = list(demo_actors(cluster).prefetch_related("competences", "contacts"))
    rwk = dict(GrowthCoreMunicipality.objects.values_list("name", "growth_core_id"))
    towns = {
        (ags, town.name, town.postal_code): town
        for ags, entries in vocabulary.TOWNS.items()
        for town in entries
    }
    assert len({actor.slug for actor in actors}) == len(actors)
    for actor in actors:
        match = NAME.match(actor.name)
        assert match, actor.name
        assert actor.external_id == f"demo:{match.group(1)}"
        assert actor.is_demo and "ynthetisch" in actor.source
        assert actor.slug.startswith("demo-") and match.group(1) in actor.slug
        assert actor.description and actor.municipality in actor.description
        town = towns[(actor.district.ags, actor.municipality, actor.postal_code)]
        assert abs(actor.latitude - town.latitude) < 0.05
        assert abs(actor.longitude - town.longitude) < 0.05
        assert re.fullmatch(r"\d{5}", actor.postal_code) and actor.street
        assert actor.growth_core_id == rwk.get(actor.municipality)
        assert 2 <= len(actor.competences.all()) <= 6
        assert len(actor.contacts.all()) <= 2
        for contact in actor.contacts.all():
            assert contact.email.endswith("@example.org")
            assert contact.name.split()[-1] in vocabulary.CONTACT_LAST_NAMES
            assert (contact.consent_given_at is not None) == contact.consent
    assert Actor.objects.filter(is_demo=True, growth_core__isnull=False).exists()
    assert Actor.objects.filter(is_demo=True, growth_core__isnull=True).exists()
    assert demo_actors(cluster).count() == demo_actors().count()
    contacts = ContactPerson.objects.filter(actor__is_demo=True)
    assert {contact.visibility for contact in contacts} == set(Visibility.values)
    assert {contact.consent for contact in contacts} == {True, False}


def test_competences_fit_the_trade(cluster, reference_rows):
    generate_demo_actors(cluster=cluster, scale=0.05)
    trades = {(trade.kind, trade.name): trade for trade in vocabulary.TRADES}
    for actor in demo_actors(cluster).prefetch_related("competences"):
        trade_name = re.sub(r" \d{4,5}.*$", "", actor.name.removeprefix("Demo-"))
        trade = trades[(actor.kind, trade_name)]
        fitting = {*trade.core, *trade.pool, *vocabulary.GENERAL_COMPETENCES}
        texts = [competence.text for competence in actor.competences.all()]
        assert set(texts) <= fitting, (actor.name, texts)
        assert set(texts) & set(trade.core), (actor.name, texts)
    welding = {"MAG-Schweißen", "WIG-Schweißen", "MIG-Schweißen"}
    steel = Actor.objects.filter(is_demo=True, name__startswith="Demo-Stahlbau ")
    for actor in steel.prefetch_related("competences"):
        texts = {competence.text for competence in actor.competences.all()}
        assert "Stahlbau" in texts or texts & welding


def test_same_seed_same_actors_other_seed_other_actors(cluster, reference_rows):
    generate_demo_actors(cluster=cluster, scale=0.05, seed=2020)
    first = snapshot()
    report = generate_demo_actors(cluster=cluster, scale=0.05, seed=7)
    assert report.deleted == report.created == len(first)
    other = snapshot()
    assert other.keys() == first.keys()
    assert other != first
    generate_demo_actors(cluster=cluster, scale=0.05, seed=2020)
    assert snapshot() == first


def test_second_run_creates_nothing(cluster, reference_rows):
    first = generate_demo_actors(cluster=cluster, scale=0.05)
    ids = set(demo_actors().values_list("id", flat=True))
    counts = (Competence.objects.count(), ContactPerson.objects.count())
    second = generate_demo_actors(cluster=cluster, scale=0.05)
    assert second.skipped and second.created == 0 and second.deleted == 0
    assert set(demo_actors().values_list("id", flat=True)) == ids
    assert (Competence.objects.count(), ContactPerson.objects.count()) == counts
    assert second.total == first.total == first.created


def test_other_size_regenerates_and_spares_real_actors(cluster, reference_rows):
    real = Actor.objects.create(kind=ActorKind.COMPANY, name="Echte Firma", slug="echte-firma")
    generate_demo_actors(cluster=cluster, scale=0.05)
    report = generate_demo_actors(cluster=cluster, scale=0.02)
    assert report.deleted == 125 and report.created == 50 == demo_actors().count()
    assert generate_demo_actors(cluster=cluster, scale=0).deleted == 50
    assert not demo_actors().exists()
    assert not Competence.objects.filter(actor__is_demo=True).exists()
    assert Actor.objects.get() == real


def test_search_columns_are_filled(cluster, reference_rows):
    generate_demo_actors(cluster=cluster, scale=0.02)
    for actor in demo_actors().select_related("district").prefetch_related("competences"):
        assert actor.search_name and actor.search_competences and actor.search_document
        expected = build_actor_index(
            name=actor.name,
            description=actor.description,
            municipality=actor.municipality,
            district_name=actor.district.name,
            competences=list(actor.competences.all()),
        )
        assert actor.search_name == expected.search_name
        assert actor.search_competences == expected.search_competences
        assert actor.search_document == expected.search_document


def test_without_published_edition_no_topic_tags(cluster, reference_rows):
    assert get_published_edition(cluster) is None
    report = generate_demo_actors(cluster=cluster, scale=0.02)
    assert report.competences > 0
    assert report.topic_tags == 0 == CompetenceTopicArea.objects.count()


def test_topic_tags_are_lineages_of_the_published_edition(published_cluster):
    edition = get_published_edition(published_cluster)
    lineages = dict(TopicArea.objects.filter(edition=edition).values_list("number", "lineage"))
    report = generate_demo_actors(cluster=published_cluster, scale=0.05)
    tags = CompetenceTopicArea.objects.filter(competence__actor__is_demo=True)
    assert report.topic_tags == tags.count() > report.competences
    assert set(tags.values_list("lineage", flat=True)) <= set(lineages.values())
    for competence in Competence.objects.filter(actor__is_demo=True).prefetch_related("topics"):
        expected = {lineages[n] for n in vocabulary.VOCABULARY[competence.text].topic_areas}
        assert {tag.lineage for tag in competence.topics.all()} == expected


def test_progress_is_reported(cluster, reference_rows):
    calls = []
    generate_demo_actors(cluster=cluster, scale=0.05, progress=lambda *args: calls.append(args))
    assert calls and calls[-1] == (125, 125)


def test_link_demo_member(cluster, reference_rows):
    generate_demo_actors(cluster=cluster, scale=0.02)
    user = User.objects.create_user(email="betrieb@example.org", first_name="Mia")
    actor = link_demo_member(user, cluster)
    assert actor.external_id == "demo:0001" and actor.kind == ActorKind.COMPANY
    assert re.match(r"^Demo-Metallbau 0001 ", actor.name)
    assert link_demo_member(user, cluster) == actor
    assert ActorRepresentative.objects.get(user=user).actor == actor
    contact = ContactPerson.objects.get(user=user)
    assert contact.actor == actor and contact.consent and contact.email == user.email


# --- the command ----------------------------------------------------------------------------


def test_seed_demo_prints_the_summary_and_links_the_demo_member(settings, published_cluster):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", "--scale", "0.05", "--seed", "7", stdout=out)
    output = out.getvalue()
    assert demo_actors(published_cluster).count() == 125
    assert "Demo-Unternehmen: 125" in output
    assert "Handwerksbetriebe" in output
    assert "unter 50 Beschäftigten" in output
    assert "Potsdam-Mittelmark" in output
    assert "WZ 25" in output
    user = User.objects.get(email="betrieb@example.org")
    assert ActorRepresentative.objects.get(user=user).actor.external_id == "demo:0001"
    again = StringIO()
    call_command("seed_demo", "--scale", "0.05", "--seed", "7", stdout=again)
    assert "unverändert" in again.getvalue()
    assert ActorRepresentative.objects.filter(user=user).count() == 1


def test_seed_demo_without_districts_says_what_to_do(settings, db):
    settings.DEBUG = True
    load_all_reference_data()
    out = StringIO()
    call_command("seed_demo", "--scale", "0.05", stdout=out)
    assert "load_reference_data" in out.getvalue()
    assert not demo_actors().exists()


def test_seed_demo_scale_zero_creates_no_demo_actors(settings, published_cluster):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", "--scale", "0", stdout=out)
    assert not demo_actors().exists()
    assert "Demo-Unternehmen" in out.getvalue()


# --- full scale (the slowest test here: ~3–5 s on SQLite) ---------------------------------


def test_full_scale_creates_exactly_2506_companies_and_craft_businesses(cluster, reference_rows):
    """FULL SCALE: the masterplan's 2,506 companies, as companies + craft businesses."""
    report = generate_demo_actors(cluster=cluster, scale=1)
    assert report.companies + report.craft_businesses == 2506 == DEMO_ACTOR_COUNT
    assert (
        demo_actors(cluster).filter(kind__in=[ActorKind.COMPANY, ActorKind.CRAFT_BUSINESS]).count()
        == 2506
    )


def test_works_on_the_shipped_reference_data(db):
    """With `load_actor_reference_data()` (WZ divisions only, no classes), the activities fall
    back to the divisions and the towns of the growth cores still find their RWK."""
    from clusterwerk.actors.reference import load_actor_reference_data

    load_all_reference_data()
    load_actor_reference_data()
    cluster = Cluster.objects.get(slug="metall")
    real = Actor.objects.count()
    report = generate_demo_actors(cluster=cluster, scale=0.05)
    assert report.created == 125 and report.missing_activity_codes == []
    assert report.top_division[0] == "25" and report.topic_tags > 0
    assert demo_actors().filter(growth_core__isnull=False).exists()
    assert Actor.objects.count() == real + 125
    generate_demo_actors(cluster=cluster, scale=0)
    assert Actor.objects.count() == real
