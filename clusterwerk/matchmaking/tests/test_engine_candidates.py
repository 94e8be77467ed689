"""The engine's database side: candidates within the cap, the preselection by the cheap rank
when more actors meet the words, the filters as SQL, and the statistics counted in SQL and
cached per data version (no copy of the actors in the process)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import slugify

from clusterwerk.actors.models import ActorKind, District, DistrictKind
from clusterwerk.actors.services import update_actor
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.masterplan.models import EditionStatus, TopicArea
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.matchmaking import engine
from clusterwerk.matchmaking.engine import Need, Region, candidates, match_actors, statistics
from clusterwerk.matchmaking.engine import actors as engine_actors
from clusterwerk.matchmaking.engine.needs import need_terms
from clusterwerk.matchmaking.models import RegionScope

POTSDAM = (52.40, 13.07)


@pytest.fixture(autouse=True)
def fresh_caches():
    from clusterwerk.masterplan.classify import clear_cache as clear_topic_model

    engine.clear_cache()
    clear_topic_model()
    yield
    engine.clear_cache()


@pytest.fixture
def districts(db):
    rows = [
        ("12054", "Potsdam", 52.40, 13.07),
        ("12052", "Cottbus", 51.77, 14.33),
        ("14612", "Dresden", 51.05, 13.74),
    ]
    return {
        ags: District.objects.create(
            ags=ags,
            name=name,
            kind=DistrictKind.URBAN_DISTRICT,
            state="Brandenburg" if ags.startswith("12") else "Sachsen",
            centroid_latitude=latitude,
            centroid_longitude=longitude,
        )
        for ags, name, latitude, longitude in rows
    }


def actor(cluster, name, *competences, kind=ActorKind.COMPANY, topics=(), **kw):
    return make_actor(
        cluster,
        name,
        kind=kind,
        slug=slugify(name),
        competences=[(text, "process", list(topics)) for text in competences],
        **kw,
    )


def names(matches) -> list[str]:
    return [match.name for match in matches]


def test_more_candidates_than_the_cap_are_preselected_by_the_cheap_rank(
    cluster, districts, monkeypatch
):
    for number in range(8):
        actor(cluster, f"Schlosserei {number}", "Schweißen von Stahl")
    actor(cluster, "Ultraschall-Prüflabor", "Ultraschallprüfung von Schweißnähten")
    actor(cluster, "Forschung Ost", "Schweißen", kind=ActorKind.RESEARCH_INSTITUTE)
    need = Need(text="Schweißnähte mit Ultraschall prüfen", listing_kind="rdi_request")
    complete = match_actors(need, limit=3)

    monkeypatch.setattr(engine_actors, "CANDIDATE_CAP", 3)
    monkeypatch.setattr(candidates, "CANDIDATE_CAP", 3)
    preselected = match_actors(need, limit=3)

    # The rare word decides the preselection; the result is the complete ranking's.
    assert names(preselected)[0] == "Ultraschall-Prüflabor"
    assert preselected == complete


def test_selective_terms_are_the_rarest_that_reach_the_cap(cluster, districts, monkeypatch):
    for number in range(5):
        actor(cluster, f"Fräserei {number}", "Fräsen und Drehen")
    actor(cluster, "Gießerei Süd", "Gießen")
    monkeypatch.setattr(engine_actors, "CANDIDATE_CAP", 2)

    searched = engine_actors.searched_terms(need_terms("Fräsen Gießen"))
    terms = searched.selective()

    assert searched.frequencies == [5, 1]
    assert [term.text for term in terms] == ["Fräsen", "Gießen"]  # 1 < 2: both needed
    monkeypatch.setattr(engine_actors, "CANDIDATE_CAP", 1)
    assert [term.text for term in searched.selective()] == ["Gießen"]


def test_when_filters_leave_too_few_of_the_rare_words_all_words_are_searched(
    cluster, districts, monkeypatch
):
    for number in range(4):
        actor(cluster, f"Dreherei {number}", "Drehen", district=districts["12054"])
    for number in range(2):
        actor(cluster, f"Drehlabor {number}", "Drehen, Laserhärten", district=districts["14612"])
    for number in range(5):  # so that "Drehen" is not a word nearly everyone has
        actor(cluster, f"Bäckerei {number}", "Brot", district=districts["12054"])
    monkeypatch.setattr(engine_actors, "CANDIDATE_CAP", 2)
    monkeypatch.setattr(candidates, "CANDIDATE_CAP", 2)
    need = Need(text="Laserhärten Drehen", region=Region(scope=RegionScope.BERLIN_BRANDENBURG))

    # "Laserhärten" alone meets the cap, but only outside the region: "Drehen" is searched.
    assert [t.text for t in engine_actors.searched_terms(need_terms(need.text)).selective()] == [
        "Laserhärten"
    ]
    assert names(match_actors(need, limit=2)) == ["Dreherei 0", "Dreherei 1"]


def test_topic_candidates_beyond_the_cap_are_the_best_share_then_the_preferred_kind(
    cluster, districts, monkeypatch
):
    plan = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    first, second = (
        str(TopicArea.objects.get(edition=plan, number=number).lineage)
        for number in ("4.4.2", "6.3.2")
    )
    actor(cluster, "Alpha GmbH", "Nieten", topics=[first])
    actor(cluster, "Beta Institut", "Nieten", kind=ActorKind.RESEARCH_INSTITUTE, topics=[first])
    actor(cluster, "Gamma GmbH", "Nieten", "Ausbilden", topics=[first, second])
    need = Need(
        text="", topic_lineages=(first, second), listing_kind="rdi_request", cluster_id=cluster.pk
    )

    assert names(match_actors(need, limit=3)) == ["Beta Institut", "Gamma GmbH", "Alpha GmbH"]
    monkeypatch.setattr(engine_actors, "CANDIDATE_CAP", 2)
    # Preselected: both areas (Gamma), then one area at a research institute (Beta), not
    # Alpha; ranked by the whole score (the kind counts more than the second area).
    assert names(match_actors(need, limit=3)) == ["Beta Institut", "Gamma GmbH"]


def test_radius_is_a_box_in_sql_and_exact_in_python(cluster, districts):
    actor(cluster, "Potsdamer Härterei", "Härten", district=districts["12054"])
    # Inside the box around Potsdam (51.77 is 70 km south, 14.33 is 85 km east) but outside
    # the circle of 100 km: 110 km away.
    actor(cluster, "Eckhärterei", "Härten", latitude=51.75, longitude=14.30)
    actor(cluster, "Dresdner Härterei", "Härten", district=districts["14612"])
    need = Need(
        text="Härten", origin=POTSDAM, region=Region(scope=RegionScope.RADIUS, radius_km=100)
    )

    boxed = candidates.filtered_actors(need).values_list("name", flat=True)

    assert sorted(boxed) == ["Eckhärterei", "Potsdamer Härterei"]
    assert names(match_actors(need)) == ["Potsdamer Härterei"]


def test_document_frequencies_are_counted_once_per_data_version(
    cluster, districts, cluster_manager
):
    first = actor(cluster, "Erste GmbH", "Laserhärten")
    actor(cluster, "Zweite GmbH", "Drehen")
    terms = need_terms("Laserhärten Drehen")
    version = statistics.data_version()

    assert statistics.document_frequencies(terms, version) == [1, 1]
    with CaptureQueriesContext(connection) as queries:
        assert statistics.document_frequencies(terms, version) == [1, 1]
    assert len(queries) == 0  # from the cache

    update_actor(
        cluster=cluster,
        actor=first,
        user=cluster_manager,
        expected_version=first.version,
        profile={"values": {"description": "Auch Drehen"}},
    )
    newer = statistics.data_version()
    assert newer != version
    assert statistics.document_frequencies(terms, newer) == [1, 2]


def test_corpus_statistics(cluster, districts):
    actor(cluster, "Eins GmbH", "Laserhärten von Stahl")
    actor(cluster, "Zwei GmbH")  # no competences: not in the average

    figures = statistics.corpus_statistics(statistics.data_version())

    assert figures.total == 2
    competences = engine.published_actors().get(name="Eins GmbH").search_competences
    assert figures.average_competence_length == len(competences.split())


def test_a_match_keeps_nothing_of_the_actors_in_the_process(cluster, districts):
    actor(cluster, "Härterei Ost", "Härten von Stahl")

    assert names(match_actors(Need(text="Härten"))) == ["Härterei Ost"]
    assert not hasattr(engine, "actor_index")
    module_state = [
        name
        for module in (engine_actors, candidates, statistics)
        for name, value in vars(module).items()
        if not name.startswith("__")
        and not name.isupper()  # constants aside
        and isinstance(value, list | dict | set)
        and value
    ]
    assert module_state == []
