"""The matching engine, issue 14: words that carry meaning (damped words, name words only as
names, modifiers not inside compounds), complementary matching of offers and diversity."""

import pytest

from clusterwerk.actors.models import ActorKind
from clusterwerk.core.text import is_bound_modifier, needle_in, parse_query
from clusterwerk.matchmaking import engine
from clusterwerk.matchmaking.engine import Need, match_actors, need_terms
from clusterwerk.matchmaking.engine.needs import term_weight
from clusterwerk.matchmaking.engine.weights import DAMPED_WEIGHT
from clusterwerk.matchmaking.tests.test_engine import actor, names


@pytest.fixture(autouse=True)
def fresh_caches():
    engine.clear_cache()
    yield
    engine.clear_cache()


def test_a_modifier_meets_only_the_whole_word_never_the_inside_of_a_compound():
    (thin,) = parse_query("dünner")
    (light,) = parse_query("leichte")

    assert is_bound_modifier("dunn")
    assert not thin.matches({"dunnschicht", "dunnschichttechnologi"})
    assert thin.matches({"dunn", "blech"})
    assert not needle_in("hart", {"hartmetall"})
    # a modifier that carries its meaning into the compound still does
    assert light.matches({"leichtbau"})


def test_words_that_say_little_about_the_need_are_damped():
    weights = {term.text: term_weight(term) for term in need_terms("Institut Lösung Schweißnaht")}

    assert weights == {"Institut": DAMPED_WEIGHT, "Lösung": DAMPED_WEIGHT, "Schweißnaht": 1.0}


def test_a_generic_name_word_is_a_name_not_a_competence(cluster):
    actor(
        cluster,
        "Institut für Dünnschichttechnologie",
        "Beschichtung von Glas",
        kind=ActorKind.RESEARCH_INSTITUTE,
    )
    actor(
        cluster,
        "Bundesanstalt für Werkstoffe",
        "Prüfung von Schweißnähten",
        kind=ActorKind.RESEARCH_INSTITUTE,
    )

    matches = match_actors(Need(text="Schweißnaht Prüfung Institut"))

    assert names(matches) == ["Bundesanstalt für Werkstoffe"]


def test_a_distinctive_name_word_still_finds_the_actor(cluster):
    actor(cluster, "Fraunhofer Werk Ost", "Beschichtung von Glas")

    assert names(match_actors(Need(text="Fraunhofer"))) == ["Fraunhofer Werk Ost"]


def test_thin_sheets_do_not_meet_thin_film_technology(cluster):
    actor(cluster, "Institut für Dünnschichttechnologie", "Dünnschichttechnologie")
    actor(cluster, "Blechwerk GmbH", "Laserschweißen von Blechen")

    matches = match_actors(Need(text="Verzug beim Laserschweißen dünner Bleche"))

    assert names(matches) == ["Blechwerk GmbH"]
