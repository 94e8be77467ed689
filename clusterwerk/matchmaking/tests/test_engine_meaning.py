"""The matching engine, issue 14: words that carry meaning (damped words, name words only as
names, modifiers not inside compounds), complementary matching of offers and diversity."""

import pytest

from clusterwerk.actors.models import ActivityScheme, ActorActivity, ActorKind, EconomicActivity
from clusterwerk.core.text import is_bound_modifier, needle_in, parse_query
from clusterwerk.core.thesaurus import Expansion
from clusterwerk.matchmaking import engine
from clusterwerk.matchmaking.engine import (
    ListingCandidate,
    Need,
    match_actors,
    need_terms,
    rank_listings,
)
from clusterwerk.matchmaking.engine import needs as needs_module
from clusterwerk.matchmaking.engine import weights as tuned
from clusterwerk.matchmaking.engine.candidates import CandidateRow
from clusterwerk.matchmaking.engine.diversity import diversify
from clusterwerk.matchmaking.engine.needs import term_weight
from clusterwerk.matchmaking.engine.weights import DAMPED_WEIGHT
from clusterwerk.matchmaking.matches import actor_matches_for_listing
from clusterwerk.matchmaking.models import ListingKind
from clusterwerk.matchmaking.tests.factories import make_listing
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


# --- Complementary matching ------------------------------------------------------------------


def _wz(actor_, code: str) -> None:
    activity, _created = EconomicActivity.objects.get_or_create(
        scheme=ActivityScheme.WZ_2008, code=code, defaults={"title": f"WZ {code}"}
    )
    ActorActivity.objects.create(actor=actor_, activity=activity, is_primary=True)


@pytest.fixture
def laser_offer(cluster):
    owner = actor(
        cluster, "Laserhandwerk Kern", "Laserschneiden von Blechen", kind=ActorKind.CRAFT_BUSINESS
    )
    _wz(owner, "25.99")
    return make_listing(
        owner,
        kind=ListingKind.BUSINESS_OFFER,
        title="Freie Kapazität: Laserschneiden von Blechen",
        description="Wir bieten freie Kapazität für Laserschneiden von Stahlblech und Edelstahl.",
        keywords=["Laserschneiden"],
        is_anonymous=False,
    )


def test_an_offer_ranks_a_requester_above_a_competitor(cluster, laser_offer):
    competitor = actor(cluster, "Blechprofi GmbH", "Laserschneiden", "Blechbearbeitung von Stahl")
    requester = actor(cluster, "Agrartechnik Nord GmbH", "Landmaschinen", "Montage")
    make_listing(
        requester,
        kind=ListingKind.BUSINESS_REQUEST,
        title="Lohnfertigung Laserschneiden gesucht",
        description="Wir brauchen lasergeschnittene Blechteile aus Stahl für unsere Landmaschinen.",
        keywords=["Laserschneiden", "Blech"],
        is_anonymous=False,
    )

    matches = actor_matches_for_listing(laser_offer)  # the listing page's "Passende Partner"

    order = [match.actor_id for match in matches]
    assert order.index(requester.pk) < order.index(competitor.pk)
    by_id = {match.actor_id: match for match in matches}
    assert by_id[competitor.pk].similar_offer
    assert "Bietet Ähnliches an" in by_id[competitor.pk].reasons
    assert not by_id[requester.pk].similar_offer
    assert "Sucht: „Lohnfertigung Laserschneiden gesucht“" in by_id[requester.pk].reasons


def test_an_anonymous_request_does_not_rank_its_owner_up(cluster, laser_offer):
    requester = actor(cluster, "Verdeckt GmbH", "Landmaschinen")
    make_listing(
        requester,
        kind=ListingKind.BUSINESS_REQUEST,
        title="Laserschneiden von Blechen gesucht",
        is_anonymous=True,
    )

    assert requester.pk not in [match.actor_id for match in actor_matches_for_listing(laser_offer)]


def test_an_offer_meets_the_downstream_stage_of_the_value_chain(cluster, laser_offer):
    builder = actor(cluster, "Maschinenbau Süd GmbH", "Sondermaschinen")
    _wz(builder, "28.99")
    baker = actor(cluster, "Bäckerei Krume", "Brot")
    _wz(baker, "10.71")

    matches = actor_matches_for_listing(laser_offer)

    ids = [match.actor_id for match in matches]
    assert builder.pk in ids
    assert baker.pk not in ids
    (found,) = [match for match in matches if match.actor_id == builder.pk]
    assert "Möglicher Abnehmer (nachgelagerte Wertschöpfungsstufe)" in found.reasons


def test_a_request_meets_capable_actors_not_flagged_as_competitors(cluster):
    capable = actor(cluster, "Blechprofi GmbH", "Laserschneiden")

    (match,) = match_actors(
        Need(text="Laserschneiden gesucht", listing_kind=ListingKind.BUSINESS_REQUEST)
    )

    assert match.actor_id == capable.pk
    assert not match.similar_offer
    assert match.group == "business"


# --- Diversity -------------------------------------------------------------------------------


def test_near_identical_profiles_do_not_fill_the_top_ranks(cluster, monkeypatch):
    monkeypatch.setattr(tuned, "MMR_LAMBDA", 0.7)
    for number in range(8):
        actor(cluster, f"Laserwerk {number:02d} GmbH", "Laserschweißen von Blechen", "Kanten")
    institute = actor(
        cluster,
        "Institut für Fügetechnik",
        "Laserschweißen dünner Bleche",
        "Schweißsimulation",
        kind=ActorKind.RESEARCH_INSTITUTE,
    )

    first = match_actors(Need(text="Laserschweißen von Blechen"), limit=5)
    again = match_actors(Need(text="Laserschweißen von Blechen"), limit=5)

    assert institute.pk in [match.actor_id for match in first]
    assert [m.actor_id for m in first] == [m.actor_id for m in again]
    assert first[0].name == "Laserwerk 00 GmbH"


def test_without_mmr_near_identical_profiles_are_still_capped(cluster, monkeypatch):
    monkeypatch.setattr(tuned, "MMR_LAMBDA", 1.0)
    for number in range(8):
        actor(cluster, f"Laserwerk {number:02d} GmbH", "Laserschweißen von Blechen", "Kanten")
    actor(
        cluster,
        "Institut für Fügetechnik",
        "Laserschweißen dünner Bleche",
        "Schweißsimulation",
        kind=ActorKind.RESEARCH_INSTITUTE,
    )

    matches = match_actors(Need(text="Laserschweißen von Blechen"), limit=5)

    # the plain order by score, but no more than three twins before the others
    firms = [f"Laserwerk {number:02d} GmbH" for number in range(4)]
    assert names(matches) == [*firms[:3], "Institut für Fügetechnik", firms[3]]
    assert [match.group for match in matches] == ["business"] * 3 + ["research", "business"]


def _row(pk: int, kind: str, competences: str) -> CandidateRow:
    terms = frozenset(competences.split())
    return CandidateRow(
        pk=pk,
        name=f"Akteur {pk}",
        kind=kind,
        is_demo=False,
        position=None,
        district_ags="",
        fields={"document": terms, "competences": terms, "name": frozenset()},
        columns={"document": "", "competences": "", "name": ""},
    )


def test_each_group_that_fits_gets_a_quarter_of_the_places():
    firms = [(1.0 - pk / 100, _row(pk, ActorKind.COMPANY, f"a{pk} b{pk}")) for pk in range(12)]
    institutes = [(0.2, _row(100 + pk, ActorKind.UNIVERSITY, f"c{pk}")) for pk in range(3)]
    scored = firms + institutes

    chosen = diversify(scored, 8, 1.0)

    assert [row.pk for _score, row in chosen] == [0, 1, 2, 3, 4, 5, 100, 101]
    assert diversify(firms, 8, 1.0) == firms[:8]


# --- Problem → competence (thesaurus) --------------------------------------------------------


@pytest.fixture
def distortion_thesaurus(monkeypatch):
    entry = Expansion("Verzug", ("Wärmebehandlung", "Spannvorrichtungen"), "4.4.2; test")
    monkeypatch.setattr(
        needs_module, "expansions", lambda text: [entry] if "Verzug" in text else []
    )


def test_a_problem_meets_the_competences_that_solve_it(cluster, distortion_thesaurus):
    heat = actor(cluster, "Härterei Ost", "Wärmebehandlung von Stahl")
    actor(cluster, "Bäckerei Krume", "Brot")

    (match,) = match_actors(Need(text="Verzug an unseren Schweißteilen"))

    assert match.actor_id == heat.pk
    assert match.reasons[0] == "passt zu „Verzug“: Wärmebehandlung"


def test_the_need_own_words_weigh_more_than_the_thesaurus(cluster, distortion_thesaurus):
    actor(cluster, "Härterei Ost", "Wärmebehandlung")
    actor(cluster, "Richtwerk GmbH", "Verzug richten")

    matches = match_actors(Need(text="Verzug"))

    assert names(matches) == ["Richtwerk GmbH", "Härterei Ost"]
    assert matches[0].reasons[0] == "Treffer: Verzug"


def test_without_weight_the_thesaurus_adds_nothing(cluster, distortion_thesaurus, monkeypatch):
    monkeypatch.setattr(tuned, "THESAURUS_WEIGHT", 0.0)
    actor(cluster, "Härterei Ost", "Wärmebehandlung")

    assert match_actors(Need(text="Verzug")) == []


def test_a_long_need_ranked_in_sql_does_not_overflow_the_parser(cluster, monkeypatch):
    from clusterwerk.matchmaking.engine import actors as actors_module

    monkeypatch.setattr(actors_module, "CANDIDATE_CAP", 1)
    words = [
        f"Wort{chr(97 + first)}{chr(97 + second)}" for first in range(8) for second in range(7)
    ]
    actor(cluster, "Wortwerk A", " ".join(words[:30]))
    actor(cluster, "Wortwerk B", " ".join(words[20:]))

    matches = match_actors(Need(text=" ".join(words)))

    # the cap keeps one; the group rule adds the other business (a group that small whole)
    assert names(matches) == ["Wortwerk A", "Wortwerk B"]


def test_a_request_meets_offers_of_the_competences_that_solve_its_problem(
    cluster, distortion_thesaurus
):
    def offer(listing_id: int, text: str) -> ListingCandidate:
        return ListingCandidate(
            listing_id=listing_id,
            kind=ListingKind.TECHNOLOGY_OFFER,
            text=text,
            topic_lineages=(),
            position=None,
            owner_kind=ActorKind.COMPANY,
        )

    need = Need(text="Verzug an Schweißteilen", listing_kind=ListingKind.TECHNOLOGY_REQUEST)
    candidates = [offer(1, "Wärmebehandlung im Lohn"), offer(2, "Brot und Brötchen")]

    (match,) = rank_listings(need, candidates)

    assert match.listing_id == 1
    assert match.reasons[0] == "passt zu „Verzug“: Wärmebehandlung"
