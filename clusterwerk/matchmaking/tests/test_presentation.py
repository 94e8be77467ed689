"""What the match lists show (`presentation.py`): town, district and distance where the owner
may be known, topic areas by title, partners grouped by kind in the engine's rank, similar
providers apart."""

import pytest

from clusterwerk.accounts.permissions import manages_cluster
from clusterwerk.actors.models import ActorKind, ActorStatus
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.matchmaking import engine, matches, presentation
from clusterwerk.matchmaking.models import ListingKind
from clusterwerk.matchmaking.tests.factories import make_listing, make_market
from conftest import make_user

pytestmark = pytest.mark.clock


@pytest.fixture
def market(cluster):
    return make_market(cluster)


@pytest.fixture
def chamber(market):
    return make_actor(
        market.cluster,
        "Handwerkskammer Potsdam",
        kind=ActorKind.CHAMBER,
        district=market.districts["12069"],
        municipality="Werder (Havel)",
    )


def actor_match(actor, *, score=0.5, reasons=(), km=None, numbers=(), similar=False):
    return engine.ActorMatch(
        actor_id=actor.pk,
        name=actor.name,
        kind=actor.kind,
        kind_label=str(actor.get_kind_display()),
        score=score,
        reasons=list(reasons),
        distance_km=km,
        topic_numbers=list(numbers),
        is_demo=False,
        similar_offer=similar,
    )


def test_distance_and_place_in_words():
    place = presentation.ActorPlace
    assert presentation.distance_text(None) == ""
    assert presentation.distance_text(0) == "unter 1 km"
    assert presentation.distance_text(12) == "ca. 12 km"
    assert presentation.place_text(place("Werder (Havel)", "Potsdam-Mittelmark")) == (
        "Werder (Havel), Potsdam-Mittelmark"
    )
    assert presentation.place_text(place("Cottbus", "Cottbus")) == "Cottbus"
    assert presentation.place_text(place("", "Cottbus")) == "Cottbus"
    assert presentation.place_text(place("", "")) == ""


def test_reasons_shown_on_their_own_are_left_out():
    topics = [presentation.Topic("4.4.2", "Beherrschen und Weiterentwickeln")]
    reasons = [
        "Treffer: Schweißnähte, Aluminium",
        "Forschungseinrichtung",
        "130 km",
        "Themenbereich 4.4.2",
        "Themenbereich „Beherrschen und Weiterentwickeln“",
        "Themenbereich 4.4.20",  # another number, not a part of it
        "Cross-Cluster: Optik",
    ]
    kept = presentation.other_reasons(
        reasons, kind_label="Forschungseinrichtung", kilometres=130, topics=topics
    )
    assert kept == [
        "Treffer: Schweißnähte, Aluminium",
        "Themenbereich 4.4.20",
        "Cross-Cluster: Optik",
    ]


def test_grouping_keeps_the_rank_and_puts_similar_providers_apart(
    market, chamber, django_assert_num_queries
):
    found = [
        actor_match(market.supplier, score=0.9, km=130, reasons=["Unternehmen", "130 km"]),
        actor_match(
            market.institute, score=0.8, numbers=["4.4.2"], reasons=["Themenbereich 4.4.2"]
        ),
        actor_match(market.owner, score=0.7, similar=True),
        actor_match(chamber, score=0.6),
    ]
    manages_cluster(market.owner_user, market.cluster)  # the user's roles, read once per request
    topic_catalogue(market.cluster)  # the edition's titles, built once per process
    with django_assert_num_queries(2):  # the places; which edition is published
        results = presentation.present_actor_matches(
            found, user=market.owner_user, cluster=market.cluster
        )
    assert [group.label for group in results.groups] == [
        "Unternehmen & Handwerk",
        "Forschung & Transfer",
        "Kammern & Netzwerke",
    ]
    assert results.headed and results.count == 3
    assert [item.actor_id for item in results.partners] == [
        market.supplier.pk,
        market.institute.pk,
        chamber.pk,
    ]
    assert [item.actor_id for item in results.similar] == [market.owner.pk]
    supplier, institute, chamber_item = results.partners
    assert (supplier.municipality, supplier.district, supplier.distance) == (
        "Cottbus",
        "Cottbus",
        "ca. 130 km",
    )
    assert supplier.reasons == []  # kind and distance are shown on their own
    assert chamber_item.place_text == "Werder (Havel), Potsdam-Mittelmark"
    assert chamber_item.distance == ""
    assert institute.topics == [
        presentation.Topic("4.4.2", "Beherrschen und Weiterentwickeln von Fertigungstechnologien")
    ]
    assert institute.reasons == []


def test_one_group_has_no_headings_and_order_within_a_group_is_the_rank(market):
    found = [
        actor_match(market.supplier, score=0.4),
        actor_match(market.owner, score=0.3),
    ]
    results = presentation.present_actor_matches(found, user=None, cluster=market.cluster)
    assert not results.headed
    assert [item.name for item in results.partners] == [market.supplier.name, market.owner.name]
    assert presentation.present_actor_matches([], user=None, cluster=market.cluster).count == 0


def test_no_place_for_actors_outside_what_the_user_may_see(market):
    market.supplier.status = ActorStatus.DRAFT
    market.supplier.save()
    results = presentation.present_actor_matches(
        [actor_match(market.supplier, km=5)], user=None, cluster=market.cluster
    )
    (item,) = results.partners
    assert item.place_text == "" and item.distance == "ca. 5 km"
    manager = make_user("leitung@clusterwerk.test", market.cluster, "cluster_manager")
    (seen,) = presentation.present_actor_matches(
        [actor_match(market.supplier)], user=manager, cluster=market.cluster
    ).partners
    assert seen.place_text == "Cottbus"


def test_payload_for_the_api(market):
    found = [actor_match(market.institute, km=130, numbers=["4.4.2"], similar=True)]
    (item,) = presentation.present_actor_matches(found, user=None, cluster=market.cluster).similar
    payload = presentation.actor_match_payload(item)
    assert payload["municipality"] == "Cottbus" and payload["district"] == "Cottbus"
    assert payload["distance"] == "ca. 130 km" and payload["distance_km"] == 130
    assert (payload["group"], payload["group_label"]) == ("research", "Forschung & Transfer")
    assert payload["similar_offer"] is True
    assert payload["topics"][0]["number"] == "4.4.2"


def test_a_hidden_owner_shows_no_town_and_no_distance(market):
    request = make_listing(
        market.owner,
        kind=ListingKind.RDI_REQUEST,
        title="Laserschweißen von Aluminium gesucht",
        description="Wir suchen jemanden, der Aluminium laserschweißt und Schweißnähte prüft.",
    )
    hidden = make_listing(
        market.supplier,
        kind=ListingKind.TECHNOLOGY_OFFER,
        title="Laserschweißen Aluminium als Lohnarbeit",
        description="Laserschweißen von Aluminiumgehäusen, Schweißnähte geprüft.",
        is_anonymous=True,
    )
    shown = make_listing(
        market.institute,
        kind=ListingKind.TECHNOLOGY_OFFER,
        title="Schweißnähte an Aluminium prüfen",
        description="Wir prüfen Schweißnähte an Aluminium und schweißen mit dem Laser.",
    )
    hits = matches.listing_matches_for_listing(market.owner_user, request)
    by_listing = {
        item.listing.pk: item
        for item in presentation.present_listing_hits(hits, user=market.owner_user)
    }
    assert by_listing[hidden.pk].place_text == "" and by_listing[hidden.pk].distance == ""
    assert not any("km" in reason for reason in by_listing[hidden.pk].reasons)
    assert by_listing[shown.pk].place_text == "Cottbus"
    assert by_listing[shown.pk].distance.startswith("ca. ") and by_listing[
        shown.pk
    ].distance.endswith(" km")
    # The supplier's own people and the cluster management know the owner.
    assert presentation.owner_place(market.supplier_user, hidden).municipality == "Cottbus"
    assert presentation.owner_place(None, hidden) == presentation.NO_PLACE
