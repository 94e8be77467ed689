"""The matching engine: every ranking rule with a case that fails without it, the filters,
the explanations, the cache and the listing ranking."""

import pytest
from django.utils.text import slugify

from clusterwerk.actors.models import (
    Actor,
    ActorKind,
    ActorStatus,
    ClusterMembership,
    District,
    DistrictKind,
)
from clusterwerk.actors.services import archive_actor, update_actor
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.masterplan.models import EditionStatus, TopicArea
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.matchmaking import engine
from clusterwerk.matchmaking.engine import (
    EmptyNeed,
    ListingCandidate,
    Need,
    Region,
    match_actors,
    rank_listings,
)
from clusterwerk.matchmaking.models import ListingKind, RegionScope

POTSDAM = (52.40, 13.07)
DISTRICTS = [
    ("12054", "Potsdam", 52.40, 13.07),
    ("12069", "Potsdam-Mittelmark", 52.23, 12.56),
    ("12052", "Cottbus", 51.77, 14.33),
    ("11000", "Berlin", 52.50, 13.40),
    ("14612", "Dresden", 51.05, 13.74),
]
PROCESS = "process"


@pytest.fixture(autouse=True)
def fresh_caches():
    """Ids repeat between rolled-back tests, so a fingerprint could too: start clean."""
    from clusterwerk.masterplan.classify import clear_cache as clear_topic_model

    engine.clear_cache()
    clear_topic_model()
    yield
    engine.clear_cache()


@pytest.fixture
def districts(db):
    return {
        ags: District.objects.create(
            ags=ags,
            name=name,
            kind=DistrictKind.URBAN_DISTRICT,
            state="Brandenburg" if ags.startswith("12") else "anderes Land",
            centroid_latitude=latitude,
            centroid_longitude=longitude,
        )
        for ags, name, latitude, longitude in DISTRICTS
    }


@pytest.fixture
def plan(cluster):
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


def lineage(plan, number: str) -> str:
    return str(TopicArea.objects.get(edition=plan, number=number).lineage)


def actor(cluster, name, *competences, kind=ActorKind.COMPANY, district=None, topics=(), **kw):
    """An actor with competences given as plain texts, all tagged with `topics` lineages."""
    return make_actor(
        cluster,
        name,
        kind=kind,
        district=district,
        slug=slugify(name),
        competences=[(text, PROCESS, list(topics)) for text in competences],
        **kw,
    )


def names(matches) -> list[str]:
    return [match.name for match in matches]


# --- Words -----------------------------------------------------------------------------------


def test_word_forms_compounds_and_synonyms_meet(cluster, districts):
    actor(cluster, "Nahtlabor GmbH", "Prüfung von Schweißverbindungen")
    actor(cluster, "Druckwerk GmbH", "Additive Fertigung von Metallteilen")
    actor(cluster, "Leicht GmbH", "Leichtbau mit neuen Werkstoffen")
    actor(cluster, "Bäckerei Krume", "Brot und Brötchen")

    assert names(match_actors(Need(text="Wer prüft unsere Schweißnähte?"))) == ["Nahtlabor GmbH"]
    assert names(match_actors(Need(text="3D-Druck"))) == ["Druckwerk GmbH"]
    assert names(match_actors(Need(text="Leichtbauwerkstoffe")))[0] == "Leicht GmbH"


def test_filler_words_of_need_phrasing_are_not_searched(cluster, districts):
    actor(cluster, "Partner für Suche GmbH", "Firmenberatung")
    actor(cluster, "Härterei Ost", "Härten von Stahl")

    matches = match_actors(Need(text="Wir suchen einen Partner, der Stahl härten kann"))

    assert names(matches) == ["Härterei Ost"]


def test_empty_need_raises_in_german(cluster, districts):
    for text in ("", "   ", "Wir suchen einen Partner, bitte helfen Sie uns"):
        with pytest.raises(EmptyNeed, match=r"^Bitte beschreiben Sie, wonach Sie suchen\.$"):
            match_actors(Need(text=text))
    with pytest.raises(EmptyNeed):
        rank_listings(Need(text=""), [])


def test_topic_areas_alone_are_a_need(cluster, districts, plan):
    tagged = actor(cluster, "Fügewerk GmbH", "Nieten", topics=[lineage(plan, "4.4.2")])
    actor(cluster, "Andere GmbH", "Nieten")

    matches = match_actors(
        Need(text="", topic_lineages=(lineage(plan, "4.4.2"),), cluster_id=cluster.pk)
    )

    assert [match.actor_id for match in matches] == [tagged.pk]
    assert matches[0].topic_numbers == ["4.4.2"]


# --- Ranking rules ---------------------------------------------------------------------------


@pytest.fixture
def laser_pair(cluster, districts):
    """The same competence at a company (first by name) and at a research institute."""
    company = actor(cluster, "Alpha Laser GmbH", "Laserhärten von Werkzeugen")
    institute = actor(
        cluster,
        "Zentrum für Lasertechnik",
        "Laserhärten von Werkzeugen",
        kind=ActorKind.RESEARCH_INSTITUTE,
    )
    return company, institute


def test_rdi_request_ranks_science_up(laser_pair):
    company, institute = laser_pair

    plain = match_actors(Need(text="Laserhärten"))
    rdi = match_actors(Need(text="Laserhärten", listing_kind=ListingKind.RDI_REQUEST))
    business = match_actors(Need(text="Laserhärten", listing_kind=ListingKind.BUSINESS_REQUEST))

    assert [m.actor_id for m in plain] == [company.pk, institute.pk]  # ties by name
    assert [m.actor_id for m in rdi] == [institute.pk, company.pk]
    assert [m.actor_id for m in business] == [company.pk, institute.pk]
    assert business[0].score > plain[0].score


def test_research_words_in_free_text_rank_science_up(laser_pair):
    company, institute = laser_pair

    matches = match_actors(Need(text="Wir suchen einen Forschungspartner für Laserhärten"))

    assert [m.actor_id for m in matches] == [institute.pk, company.pk]
    assert "Forschungseinrichtung" in matches[0].reasons


def test_research_intent_words():
    def intent(text):
        return engine.has_research_intent(engine.need_terms(text))

    assert intent("Forschungspartner gesucht")
    assert intent("mit einer Hochschule")
    assert intent("eine Machbarkeitsstudie") is False  # only the word "Studie" itself
    assert intent("eine Studie zu Korrosion")
    assert intent("F&E zu Korrosion")
    assert intent("Entwicklung eines Greifers")
    assert not intent("Personalentwicklung im Betrieb")
    assert not intent("Schweißen von Edelstahl")


def test_craft_business_meets_industry_and_vice_versa(cluster, districts):
    craft = actor(
        cluster, "Anton Metallbau", "Geländer aus Edelstahl", kind=ActorKind.CRAFT_BUSINESS
    )
    company = actor(cluster, "Zander Industrie AG", "Geländer aus Edelstahl")

    from_craft = match_actors(Need(text="Geländer", origin_kind=ActorKind.CRAFT_BUSINESS))
    from_company = match_actors(Need(text="Geländer", origin_kind=ActorKind.COMPANY))

    assert [m.actor_id for m in from_craft] == [company.pk, craft.pk]
    assert [m.actor_id for m in from_company] == [craft.pk, company.pk]


def test_topic_overlap_ranks_tagged_actor_up(cluster, districts, plan):
    plain = actor(cluster, "Aaron Nieterei", "Nieten von Blechen")
    tagged = actor(cluster, "Zeta Nieterei", "Nieten von Blechen", topics=[lineage(plan, "4.4.2")])

    untagged_need = match_actors(Need(text="Nieten", cluster_id=cluster.pk))
    topic_need = match_actors(
        Need(text="Nieten", topic_lineages=(lineage(plan, "4.4.2"),), cluster_id=cluster.pk)
    )

    assert [m.actor_id for m in topic_need] == [tagged.pk, plain.pk]
    title = TopicArea.objects.get(edition=plan, number="4.4.2").title
    assert f"Thema: {title}" in topic_need[0].reasons
    assert untagged_need[0].score <= topic_need[0].score


def test_closer_actor_ranks_up_and_distance_is_explained(cluster, districts):
    far = actor(cluster, "Alpha Gießerei", "Sandguss", district=districts["12052"])
    near = actor(cluster, "Zeta Gießerei", "Sandguss", district=districts["12069"])

    matches = match_actors(Need(text="Sandguss", origin=POTSDAM))

    assert [m.actor_id for m in matches] == [near.pk, far.pk]
    assert matches[0].distance_km == 39
    assert "39 km" in matches[0].reasons
    assert match_actors(Need(text="Sandguss"))[0].distance_km is None


def test_cross_cluster_ranks_other_clusters_up(cluster, other_cluster, districts):
    own = actor(cluster, "Alpha Kunststofftechnik", "Spritzguss von Kunststoffteilen")
    foreign = actor(other_cluster, "Zeta Kunststofftechnik", "Spritzguss von Kunststoffteilen")

    plain = match_actors(Need(text="Spritzguss", cluster_id=cluster.pk))
    cross = match_actors(Need(text="Spritzguss", cluster_id=cluster.pk, cross_cluster=True))

    assert [m.actor_id for m in plain] == [own.pk, foreign.pk]
    assert [m.actor_id for m in cross] == [foreign.pk, own.pk]
    assert f"Cross-Cluster: {other_cluster.name}" in cross[0].reasons


def test_member_of_both_clusters_counts_half(cluster, other_cluster, districts):
    both = actor(cluster, "Alpha Spritzguss", "Spritzguss")
    ClusterMembership.objects.create(actor=both, cluster=other_cluster)
    foreign = actor(other_cluster, "Zeta Spritzguss", "Spritzguss")
    own = actor(cluster, "Beta Spritzguss", "Spritzguss")

    matches = match_actors(Need(text="Spritzguss", cluster_id=cluster.pk, cross_cluster=True))

    assert [m.actor_id for m in matches] == [foreign.pk, both.pk, own.pk]


# --- Filters ---------------------------------------------------------------------------------


def test_only_published_actors(cluster, districts, cluster_manager):
    published = actor(cluster, "Offen GmbH", "Pulverbeschichtung")
    actor(cluster, "Entwurf GmbH", "Pulverbeschichtung", status=ActorStatus.DRAFT)
    archived = actor(cluster, "Archiv GmbH", "Pulverbeschichtung")
    archive_actor(cluster=cluster, actor=archived, user=cluster_manager)
    actor(
        cluster,
        "Dublette GmbH",
        "Pulverbeschichtung",
        status=ActorStatus.ARCHIVED,
        merged_into=published,
    )

    matches = match_actors(Need(text="Pulverbeschichtung"))

    assert [m.actor_id for m in matches] == [published.pk]


def test_partner_kinds_and_excluded_actors(laser_pair):
    company, institute = laser_pair

    only_science = match_actors(
        Need(text="Laserhärten", partner_kinds=(ActorKind.RESEARCH_INSTITUTE,))
    )
    without_company = match_actors(
        Need(text="Laserhärten", exclude_actor_ids=frozenset({company.pk}))
    )

    assert [m.actor_id for m in only_science] == [institute.pk]
    assert [m.actor_id for m in without_company] == [institute.pk]


@pytest.fixture
def spread(cluster, districts):
    """The same competence in Potsdam-Mittelmark, Cottbus, Berlin, Dresden and nowhere."""
    return {
        key: actor(cluster, f"Drehteile {key}", "CNC-Drehen", district=district)
        for key, district in [
            ("mittelmark", districts["12069"]),
            ("cottbus", districts["12052"]),
            ("berlin", districts["11000"]),
            ("dresden", districts["14612"]),
            ("nowhere", None),
        ]
    }


def found(region: Region, origin=None) -> set[str]:
    matches = match_actors(Need(text="Drehen", region=region, origin=origin), limit=20)
    return {match.name.removeprefix("Drehteile ") for match in matches}


def test_region_scopes(spread):
    everything = {"mittelmark", "cottbus", "berlin", "dresden", "nowhere"}
    assert found(Region()) == everything
    assert found(Region(scope=RegionScope.EU)) == everything
    assert found(Region(scope=RegionScope.GERMANY)) == everything
    # Without a position an actor's place is unknown: kept in wide scopes, not in lists.
    assert found(Region(scope=RegionScope.BERLIN_BRANDENBURG)) == everything - {"dresden"}
    districts = Region(scope=RegionScope.DISTRICTS, district_ags=frozenset({"12052", "14612"}))
    assert found(districts) == {"cottbus", "dresden"}


def test_radius_around_the_origin(spread):
    radius = Region(scope=RegionScope.RADIUS, radius_km=50)

    assert found(radius, origin=POTSDAM) == {"mittelmark", "berlin"}
    assert found(Region(scope=RegionScope.RADIUS, radius_km=200), origin=POTSDAM) == {
        "mittelmark",
        "berlin",
        "cottbus",
        "dresden",
    }


def test_own_coordinates_come_before_the_district_centroid(cluster, districts):
    # Registered in Cottbus, but the workshop stands in Potsdam.
    actor(
        cluster,
        "Werkstatt Potsdam",
        "CNC-Drehen",
        district=districts["12052"],
        latitude=52.39,
        longitude=13.06,
    )
    radius = Region(scope=RegionScope.RADIUS, radius_km=10)

    matches = match_actors(Need(text="Drehen", region=radius, origin=POTSDAM))

    assert names(matches) == ["Werkstatt Potsdam"]
    assert matches[0].distance_km == 1


# --- Explanations ----------------------------------------------------------------------------


def test_explanation_names_words_kind_distance_and_topic(cluster, districts, plan):
    institute = actor(
        cluster,
        "Institut für Fügetechnik",
        "Prüfung von Schweißverbindungen",
        "Faserverbund im Leichtbau",
        kind=ActorKind.RESEARCH_INSTITUTE,
        district=districts["12069"],
        topics=[lineage(plan, "4.4.2")],
    )

    (match,) = match_actors(
        Need(
            text="Leichtbau mit Faserverbund, Schweißnähte prüfen",
            topic_lineages=(lineage(plan, "4.4.2"),),
            origin=POTSDAM,
            cluster_id=cluster.pk,
        )
    )

    assert match.actor_id == institute.pk
    assert match.reasons[0].startswith("Treffer: ")
    for word in ("Leichtbau", "Faserverbund", "Schweißnähte"):
        assert word in match.reasons[0]
    title = TopicArea.objects.get(edition=plan, number="4.4.2").title
    # between the words and the kind: what the thesaurus added for the need's problems
    assert all(reason.startswith("passt zu „") for reason in match.reasons[1:-3])
    assert match.reasons[-3:] == ["Forschungseinrichtung", "39 km", f"Thema: {title}"]
    assert match.explanation == " · ".join(match.reasons)
    assert match.kind_label == "Forschungseinrichtung"
    assert 0 < match.score <= 1


def test_suggested_topic_areas_explain_a_free_text(cluster, districts, plan):
    actor(cluster, "Ausbildungsring Ost", "Duale Ausbildung", topics=[lineage(plan, "6.3.2")])

    (match,) = match_actors(
        Need(text="Wir wollen Auszubildende in der dualen Ausbildung", cluster_id=cluster.pk)
    )

    title = TopicArea.objects.get(edition=plan, number="6.3.2").title
    assert f"Thema: {title}" in match.reasons


def test_limit_order_and_determinism(cluster, districts):
    for number in range(12):
        actor(cluster, f"Fräserei {number:02d}", "CNC-Fräsen" + " und Fräsen" * (number % 3))

    first = match_actors(Need(text="Fräsen"), limit=5)
    second = match_actors(Need(text="Fräsen"), limit=5)

    assert len(first) == 5
    assert first == second
    assert [m.score for m in first] == sorted((m.score for m in first), reverse=True)
    assert match_actors(Need(text="Fräsen"), limit=0) == []


# --- Cache -----------------------------------------------------------------------------------


def test_index_sees_edits_additions_and_archiving(cluster, districts, cluster_manager):
    first = actor(cluster, "Erste GmbH", "Drehen")
    assert names(match_actors(Need(text="Laserhärten"))) == []
    version = engine.data_version()
    assert engine.data_version() == version  # nothing changed: the same version

    update_actor(
        cluster=cluster,
        actor=first,
        user=cluster_manager,
        expected_version=first.version,
        profile={"values": {"description": "Neu bei uns: Laserhärten"}},
    )
    assert names(match_actors(Need(text="Laserhärten"))) == ["Erste GmbH"]
    assert engine.data_version() != version

    actor(cluster, "Zweite GmbH", "Laserhärten")
    assert names(match_actors(Need(text="Laserhärten"))) == ["Zweite GmbH", "Erste GmbH"]

    archive_actor(
        cluster=cluster, actor=Actor.objects.get(name="Zweite GmbH"), user=cluster_manager
    )
    assert names(match_actors(Need(text="Laserhärten"))) == ["Erste GmbH"]


# --- Listings --------------------------------------------------------------------------------


def candidate(listing_id, kind, text, *, position=None, district_ags="", owner_kind="company"):
    return ListingCandidate(
        listing_id=listing_id,
        kind=kind,
        text=text,
        topic_lineages=(),
        position=position,
        owner_kind=owner_kind,
        district_ags=district_ags,
    )


def test_complementary_kinds():
    assert engine.complementary_kinds(ListingKind.TECHNOLOGY_OFFER) == (
        ListingKind.TECHNOLOGY_REQUEST,
        ListingKind.RDI_REQUEST,
    )
    assert engine.complementary_kinds(ListingKind.TECHNOLOGY_REQUEST) == (
        ListingKind.TECHNOLOGY_OFFER,
        ListingKind.EQUIPMENT_SHARING,
    )
    assert engine.complementary_kinds(ListingKind.RDI_REQUEST) == (ListingKind.TECHNOLOGY_OFFER,)
    assert engine.complementary_kinds(ListingKind.BUSINESS_REQUEST) == (ListingKind.BUSINESS_OFFER,)
    assert engine.complementary_kinds(ListingKind.EQUIPMENT_SHARING) == (
        ListingKind.EQUIPMENT_SHARING,
        ListingKind.TECHNOLOGY_REQUEST,
    )
    assert engine.complementary_kinds(ListingKind.TRAINING_COOPERATION) == (
        ListingKind.TRAINING_COOPERATION,
    )
    assert engine.complementary_kinds("unknown") == ()


def test_rank_listings_meets_only_complementary_kinds(cluster):
    candidates = [
        candidate(1, ListingKind.TECHNOLOGY_OFFER, "Wir prüfen Schweißnähte mit Ultraschall"),
        candidate(2, ListingKind.BUSINESS_OFFER, "Wir prüfen Schweißnähte mit Ultraschall"),
        candidate(
            3, ListingKind.EQUIPMENT_SHARING, "Ultraschallprüfgerät für Schweißnähte zu teilen"
        ),
        candidate(4, ListingKind.TECHNOLOGY_REQUEST, "Wir suchen Prüfung von Schweißnähten"),
        candidate(5, ListingKind.TECHNOLOGY_OFFER, "Pulverbeschichtung in vielen Farben"),
    ]
    need = Need(
        text="Schweißnähte mit Ultraschall prüfen", listing_kind=ListingKind.TECHNOLOGY_REQUEST
    )

    matches = rank_listings(need, candidates)

    assert [match.listing_id for match in matches] == [1, 3]
    assert matches[0].reasons[0].startswith("Treffer: ")
    assert "Technologie-Angebot" in matches[0].reasons
    assert {m.listing_id for m in rank_listings(Need(text="Schweißnähte"), candidates)} == {
        1,
        2,
        3,
        4,
    }


def test_rank_listings_region_and_distance(cluster):
    candidates = [
        candidate(
            1, ListingKind.BUSINESS_OFFER, "Lohnfertigung Drehteile", position=(51.77, 14.33)
        ),
        candidate(
            2,
            ListingKind.BUSINESS_OFFER,
            "Lohnfertigung Drehteile",
            position=(52.23, 12.56),
            district_ags="12069",
        ),
        candidate(
            3,
            ListingKind.BUSINESS_OFFER,
            "Lohnfertigung Drehteile",
            position=(51.05, 13.74),
            district_ags="14612",
        ),
    ]

    def ranked(region):
        need = Need(
            text="Drehteile",
            listing_kind=ListingKind.BUSINESS_REQUEST,
            origin=POTSDAM,
            region=region,
        )
        return rank_listings(need, candidates)

    nearest_first = ranked(Region())
    assert [m.listing_id for m in nearest_first] == [2, 1, 3]
    assert "39 km" in nearest_first[0].reasons
    assert nearest_first[0].distance_km == 39
    radius = Region(scope=RegionScope.RADIUS, radius_km=100)
    assert [m.listing_id for m in ranked(radius)] == [2]
    brandenburg = Region(scope=RegionScope.BERLIN_BRANDENBURG)
    assert [m.listing_id for m in ranked(brandenburg)] == [2, 1]
    districts = Region(scope=RegionScope.DISTRICTS, district_ags=frozenset({"14612"}))
    assert [m.listing_id for m in ranked(districts)] == [3]


def test_rank_listings_ranks_science_owners_up_for_rdi_requests(cluster):
    candidates = [
        candidate(1, ListingKind.TECHNOLOGY_OFFER, "Laserhärten", owner_kind=ActorKind.COMPANY),
        candidate(2, ListingKind.TECHNOLOGY_OFFER, "Laserhärten", owner_kind=ActorKind.UNIVERSITY),
    ]

    rdi = rank_listings(Need(text="Laserhärten", listing_kind=ListingKind.RDI_REQUEST), candidates)
    plain = rank_listings(Need(text="Laserhärten"), candidates)

    assert [m.listing_id for m in rdi] == [2, 1]
    assert [m.listing_id for m in plain] == [1, 2]
    assert not any("Hochschule" in reason for reason in rdi[0].reasons)  # owners may be anonymous
