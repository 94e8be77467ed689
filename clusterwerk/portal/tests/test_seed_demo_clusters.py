"""seed_demo with a second tenant: the small Kunststoffe-und-Chemie demo next to the metal one,
and the demo data files every demo reads."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from clusterwerk.accounts.models import Role, RoleAssignment, User
from clusterwerk.actors import demo_vocabulary
from clusterwerk.actors.models import (
    Actor,
    ActorRepresentative,
    Claim,
    ClaimStatus,
    ClusterMembership,
)
from clusterwerk.actors.queries import demo_actors, is_newcomer, pending_claims
from clusterwerk.actors.reference import load_actor_reference_data
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.reference import load_all_reference_data
from clusterwerk.matchmaking.demo import texts as listing_texts
from clusterwerk.matchmaking.models import Listing, ListingStatus
from clusterwerk.portal.cluster_demo import cluster_demo_data, clusters_with_demo_data
from clusterwerk.projects.demo import vocabulary as project_vocabulary
from clusterwerk.projects.models import Project

PACKAGE = Path(__file__).resolve().parents[2]
DATA_FOLDERS = (
    "actors/demo_data",
    "projects/demo/data",
    "matchmaking/demo/data",
    "portal/demo_data",
)
SECOND = "kunststoffe-chemie"


# --- the data files -------------------------------------------------------------------------


@pytest.mark.parametrize("folder", DATA_FOLDERS)
def test_every_demo_data_file_parses_and_is_not_empty(folder):
    files = sorted((PACKAGE / folder).glob("*.json"))
    assert files, folder
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data, path.name


def test_the_loaders_read_the_data_files():
    assert len(demo_vocabulary.VOCABULARY) > 100
    assert sum(trade.weight for trade in demo_vocabulary.TRADES) == 1000
    assert len(demo_vocabulary.TOWNS) == 18 and demo_vocabulary.STREETS
    assert project_vocabulary.THEMES and project_vocabulary.VOLUMES
    assert len(listing_texts.LISTINGS) == 40 and listing_texts.MESSAGES
    assert clusters_with_demo_data() == [SECOND]
    data = cluster_demo_data(SECOND)
    assert len(data["companies"]) == 12
    assert not data["external_prefix"].startswith("demo:")  # the metal demo's prefix
    assert cluster_demo_data("no-such-cluster") is None


# --- seed_demo ------------------------------------------------------------------------------


@pytest.fixture
def seeded(settings, db):
    settings.DEBUG = True
    load_all_reference_data()
    load_actor_reference_data()
    out = StringIO()
    call_command("seed_demo", "--scale", "0.02", stdout=out)
    return out.getvalue()


def second_cluster_rows(cluster):
    actors = Actor.objects.filter(external_id__startswith="demo-kc:")
    return {
        "actors": sorted(actors.values_list("pk", flat=True)),
        "memberships": ClusterMembership.objects.filter(actor__in=actors).count(),
        "listings": sorted(Listing.objects.filter(cluster=cluster).values_list("pk", flat=True)),
        "projects": sorted(Project.objects.filter(cluster=cluster).values_list("pk", flat=True)),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "representatives": ActorRepresentative.objects.count(),
    }


def test_seed_demo_seeds_the_second_cluster_with_its_members(seeded):
    cluster = Cluster.objects.get(slug=SECOND)
    metall = Cluster.objects.get(slug="metall")
    assert "kunststoffe@example.org" in seeded and "chemie@example.org" in seeded
    manager = User.objects.get(email="kunststoffe@example.org")
    member = User.objects.get(email="chemie@example.org")
    assert manager.check_password("clusterwerk-demo") and member.check_password("clusterwerk-demo")
    assert set(manager.role_assignments.values_list("cluster__slug", "role")) == {
        (SECOND, Role.CLUSTER_MANAGER)
    }
    assert set(member.role_assignments.values_list("cluster__slug", "role")) == {
        (SECOND, Role.MEMBER)
    }
    companies = Actor.objects.filter(external_id__startswith="demo-kc:")
    assert companies.count() == 12
    assert not companies.filter(is_demo=False).exists()
    assert set(
        ClusterMembership.objects.filter(actor__in=companies).values_list("cluster", flat=True)
    ) == {cluster.pk}
    assert not companies.filter(memberships__cluster=metall).exists()
    assert not demo_actors().filter(pk__in=companies).exists()  # not the metal demo's
    assert ActorRepresentative.objects.get(user=member).actor.external_id == "demo-kc:0001"
    listings = Listing.objects.filter(cluster=cluster)
    assert listings.count() == 4
    assert set(listings.values_list("status", flat=True)) == {ListingStatus.PUBLISHED}
    assert set(listings.values_list("owner_actor__memberships__cluster", flat=True)) == {cluster.pk}
    assert listings.filter(created_by=member).count() == 1
    project = Project.objects.get(cluster=cluster)
    assert project.partners.count() == 3
    assert not Project.objects.filter(cluster=metall, partners__actor__in=companies).exists()


def test_rerunning_seed_demo_creates_no_duplicates(seeded):
    cluster = Cluster.objects.get(slug=SECOND)
    before = second_cluster_rows(cluster)
    again = StringIO()
    call_command("seed_demo", "--scale", "0.02", stdout=again)
    assert "Kunststoffe und Chemie“: vorhanden (unverändert)" in again.getvalue()
    assert second_cluster_rows(cluster) == before


def test_seeding_sends_no_email(settings, db, mailoutbox, django_capture_on_commit_callbacks):
    """The demo's listings are published without telling their (example.org) owners."""
    settings.DEBUG = True
    load_all_reference_data()
    load_actor_reference_data()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--scale", "0.02", stdout=StringIO())
    assert Listing.objects.filter(cluster__slug=SECOND).count() == 4
    assert mailoutbox == []


def test_the_demo_newcomer_waits_at_the_front_door_with_one_claim(seeded):
    """neu@example.org signed up, has no role and no organisation, and asks to represent demo
    company 0002: the management's "Aufgaben" and the front door have something to show."""
    metall = Cluster.objects.get(slug="metall")
    newcomer = User.objects.get(email="neu@example.org")
    assert newcomer.check_password("clusterwerk-demo") and is_newcomer(newcomer)
    (claim,) = pending_claims(metall)
    assert (claim.user, claim.actor.external_id) == (newcomer, "demo:0002")
    assert "neu@example.org" in seeded

    call_command("seed_demo", "--scale", "0.02", stdout=StringIO())
    assert Claim.objects.filter(user=newcomer).count() == 1
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.REJECTED)
    call_command("seed_demo", "--scale", "0.02", stdout=StringIO())
    assert Claim.objects.filter(user=newcomer).count() == 1  # a decision stands
