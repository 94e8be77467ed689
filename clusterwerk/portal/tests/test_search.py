"""The one search (`portal.search`): every kind, visibility, anonymity, tenant, bad queries and
a bounded number of queries."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterwerk.actors.models import CompetenceKind
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.matchmaking.tests.factories import (
    INSTITUTE_NAME,
    OWNER_NAME,
    SUPPLIER_NAME,
    make_interest,
    make_listing,
)
from clusterwerk.portal.search import KINDS, UnusableQuery, checked_query, site_search
from clusterwerk.portal.tests.search_support import (
    ANONYMOUS_LISTING,
    CONFIDENTIAL_PROJECT,
    CONSULTATION,
    DRAFT_LISTING,
    MEMBERS_PROJECT,
    OPEN_LISTING,
    OTHER_ACTOR,
    OTHER_LISTING,
    PUBLIC_PROJECT,
    build_search_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cluster, other_cluster):
    return build_search_world(cluster, other_cluster)


def groups(result) -> dict:
    return {group.kind: group for group in result.groups}


def titles(group) -> set[str]:
    # A project's title starts with its acronym ("LASERSCHWEISS – …").
    return {item.title.split(" – ", 1)[-1] for item in group.items}


def test_laser_welding_finds_actors_listings_projects_and_the_consultation(world, cluster):
    result = site_search(AnonymousUser(), cluster, "Laserschweißen")
    found = groups(result)
    assert list(found) == list(KINDS)
    assert titles(found["actors"]) == {INSTITUTE_NAME}  # "Laserstrahlschweißen" is a form of it
    assert found["actors"].count == 1
    assert titles(found["listings"]) == {ANONYMOUS_LISTING, OPEN_LISTING}
    assert titles(found["projects"]) == {PUBLIC_PROJECT}
    assert titles(found["consultations"]) == {CONSULTATION}
    assert found["masterplan"].count == 0
    assert result.total == sum(group.count for group in result.groups) == 5
    actor = found["actors"].items[0]
    assert actor.url == world.market.institute.get_absolute_url()
    assert "<mark>" in actor.snippet_html
    assert "<mark>" not in actor.snippet


def test_each_group_links_to_the_sections_own_search(world, cluster):
    found = groups(site_search(AnonymousUser(), cluster, "Laserschweißen"))
    query = "q=Laserschwei%C3%9Fen"
    assert found["actors"].more_url == f"/akteure/?{query}"
    assert found["listings"].more_url == f"/kooperation/?{query}"
    assert found["projects"].more_url == f"/projekte/?{query}"
    assert found["masterplan"].more_url == f"/masterplan/suche/?{query}"
    assert found["consultations"].more_url == "/beteiligung/"


def test_masterplan_elements_are_found_by_german_word_forms(world, cluster):
    found = groups(site_search(AnonymousUser(), cluster, "Fertigungstechnologie"))
    masterplan = found["masterplan"]
    assert masterplan.count >= 1
    assert any("Fertigungstechnologien" in item.title for item in masterplan.items)
    assert masterplan.items[0].url.startswith("/masterplan/")


def test_actor_group_counts_all_and_shows_the_limit(world, cluster):
    for number in range(4):
        make_actor(
            cluster,
            f"Schweißtechnik {number} GmbH",
            district=world.market.districts["12052"],
            competences=[("Laserschweißen von Stahl", CompetenceKind.PROCESS, [])],
        )
    found = groups(site_search(AnonymousUser(), cluster, "Laserschweißen", limit=2))
    assert found["actors"].count == 5
    assert len(found["actors"].items) == 2
    assert found["actors"].more == 3


def test_a_confidential_project_stays_hidden_from_anonymous_and_outsiders(
    world, cluster, outsider, member, cluster_manager
):
    def project_titles(user):
        found = groups(site_search(user, cluster, "Laserschweißen", limit=10))
        return titles(found["projects"])

    assert project_titles(AnonymousUser()) == {PUBLIC_PROJECT}
    assert project_titles(outsider) == {PUBLIC_PROJECT}
    assert project_titles(member) == {PUBLIC_PROJECT, MEMBERS_PROJECT}
    assert project_titles(cluster_manager) == {
        PUBLIC_PROJECT,
        MEMBERS_PROJECT,
        CONFIDENTIAL_PROJECT,
    }


def test_an_anonymous_listing_does_not_name_its_owner(world, cluster, cluster_manager):
    def listing_meta(user):
        found = groups(site_search(user, cluster, "Laserschweißen"))
        return {item.title: item.meta for item in found["listings"].items}

    anonymous_view = listing_meta(AnonymousUser())
    assert OWNER_NAME not in anonymous_view[ANONYMOUS_LISTING]
    assert "Anonymer Anbieter" in anonymous_view[ANONYMOUS_LISTING]
    assert SUPPLIER_NAME in anonymous_view[OPEN_LISTING]
    # The owner's own people, the management and an accepted interest learn the name.
    assert OWNER_NAME in listing_meta(world.market.owner_user)[ANONYMOUS_LISTING]
    assert OWNER_NAME in listing_meta(cluster_manager)[ANONYMOUS_LISTING]
    make_interest(
        world.anonymous_listing,
        world.market.institute,
        world.market.institute_user,
        status="accepted",
    )
    assert OWNER_NAME in listing_meta(world.market.institute_user)[ANONYMOUS_LISTING]
    assert OWNER_NAME not in listing_meta(world.market.supplier_user)[ANONYMOUS_LISTING]


def test_only_published_listings_are_found(world, cluster):
    make_listing(world.market.owner, title="Laserschweißen, abgelaufen", status="expired")
    found = groups(site_search(world.market.supplier_user, cluster, "Laserschweißen"))
    assert DRAFT_LISTING not in titles(found["listings"])
    assert "Laserschweißen, abgelaufen" not in titles(found["listings"])


def test_another_clusters_actors_listings_and_projects_are_not_found(world, cluster):
    found = groups(site_search(AnonymousUser(), cluster, "Laserschweißen", limit=20))
    assert OTHER_ACTOR not in titles(found["actors"])
    assert OTHER_LISTING not in titles(found["listings"])
    assert not any("anderen Cluster" in title for title in titles(found["projects"]))
    # …and in the other cluster the own ones are, this cluster's are not.
    other = groups(site_search(AnonymousUser(), world.other_cluster, "Laserschweißen", limit=20))
    assert titles(other["actors"]) == {OTHER_ACTOR}
    assert titles(other["listings"]) == {OTHER_LISTING}
    assert other["consultations"].count == 0


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("", "zu kurz"),
        ("   ", "zu kurz"),
        ("x", "zu kurz"),
        ("und für die", "nur aus Füllwörtern"),
        ("der", "nur aus Füllwörtern"),
        ("?!", "enthält kein Wort"),
        ("– – –", "enthält kein Wort"),
    ],
)
def test_a_query_too_short_or_of_stop_words_only_is_refused_with_a_reason(query, reason):
    with pytest.raises(UnusableQuery, match=reason):
        checked_query(query)


def test_a_very_long_query_is_cut_at_a_word():
    query, terms = checked_query("Laserschweißen " * 40)
    assert len(query) <= 200
    assert query.endswith("Laserschweißen")
    assert terms


def test_the_number_of_queries_does_not_grow_with_the_hits(world, cluster, member):
    def count_queries():
        user = type(member).objects.get(pk=member.pk)  # without the permission caches
        with CaptureQueriesContext(connection) as captured:
            site_search(user, cluster, "Laserschweißen", limit=20)
        return len(captured)

    count_queries()  # process-wide caches (topic catalogue, text lexicon)
    before = count_queries()
    for number in range(6):
        actor = make_actor(
            cluster,
            f"Laserbetrieb {number} GmbH",
            district=world.market.districts["12052"],
            competences=[("Laserschweißen", CompetenceKind.PROCESS, [])],
        )
        make_listing(actor, title=f"Laserschweißen Nr. {number}", is_anonymous=True)
    assert count_queries() == before
