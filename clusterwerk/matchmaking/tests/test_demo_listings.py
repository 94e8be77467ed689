"""The demo listings of the Kooperationsbörse: deterministic, every kind, dates relative to
today, interests over the past year, wired into seed_demo."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from clusterwerk.accounts.models import User
from clusterwerk.actors.demo import FIRST_DEMO_COMPANY_ID, generate_demo_actors
from clusterwerk.actors.reference import load_actor_reference_data
from clusterwerk.core.models import Cluster
from clusterwerk.masterplan.reference import load_all_reference_data
from clusterwerk.matchmaking.demo import (
    LISTINGS,
    MAX_VALIDITY_DAYS,
    expected_counts,
    generate_demo_listings,
)
from clusterwerk.matchmaking.models import (
    Interest,
    InterestStatus,
    Listing,
    ListingKind,
    ListingStatus,
    RegionScope,
)
from clusterwerk.matchmaking.pipeline_report import build_pipeline_report
from clusterwerk.matchmaking.queries import brokerage_totals, open_listings
from conftest import make_user

pytestmark = pytest.mark.clock


def today():
    return timezone.localdate()


@pytest.fixture
def demo_cluster(db):
    load_all_reference_data()
    load_actor_reference_data()
    cluster = Cluster.objects.get(slug="metall")
    generate_demo_actors(cluster=cluster, scale=0.05)
    return cluster


@pytest.fixture
def member(demo_cluster):
    return make_user("betrieb@example.org", first_name="Mia")


@pytest.fixture
def demo(demo_cluster, member):
    return generate_demo_listings(cluster=demo_cluster, seed=2020, member=member)


def signature():
    """What identifies the demo listings, independent of primary keys."""
    rows = []
    for listing in (
        Listing.objects.filter(is_demo=True)
        .select_related("owner_actor")
        .prefetch_related("interests__actor", "topics", "districts")
        .order_by("title")
    ):
        rows.append(
            (
                listing.title,
                listing.kind,
                listing.status,
                listing.owner_actor.external_id,
                listing.is_anonymous,
                listing.expires_on,
                listing.published_at and listing.published_at.date(),
                listing.created_at.date(),
                sorted(str(topic.lineage) for topic in listing.topics.all()),
                sorted(district.ags for district in listing.districts.all()),
                sorted(
                    (i.actor.external_id, i.status, i.created_at.date())
                    for i in listing.interests.all()
                ),
            )
        )
    return rows


def test_forty_listings_of_every_kind(demo):
    assert demo.created == len(LISTINGS) == 40
    listings = Listing.objects.filter(is_demo=True)
    assert listings.count() == 40
    assert set(listings.values_list("kind", flat=True)) == set(ListingKind.values)
    counts = {status: listings.filter(status=status).count() for status in ListingStatus.values}
    assert counts == {
        "published": 31,
        "in_review": 3,
        "draft": 2,
        "expired": 2,
        "closed": 2,
    }
    assert counts == dict(expected_counts())
    assert listings.filter(is_anonymous=True).count() >= 4
    assert not Listing.objects.filter(is_demo=False).exists()
    # owners are demo actors
    assert not listings.filter(owner_actor__is_demo=False).exists()


def test_dates_are_relative_to_today(demo_cluster, demo):
    now = timezone.now()
    published = Listing.objects.filter(is_demo=True, status=ListingStatus.PUBLISHED)
    assert open_listings(demo_cluster).filter(is_demo=True).count() == 31
    for listing in published:
        assert listing.published_at < now
        assert listing.published_at.date() > today() - datetime.timedelta(days=366)
        assert listing.expires_on >= today() + datetime.timedelta(days=14)
        assert (listing.expires_on - listing.published_at.date()).days <= MAX_VALIDITY_DAYS
        assert listing.created_at < listing.published_at
    for listing in Listing.objects.filter(is_demo=True, status=ListingStatus.EXPIRED):
        assert listing.expires_on < today() and listing.closed_at is not None
    for listing in Listing.objects.filter(is_demo=True, status=ListingStatus.CLOSED):
        assert listing.closed_at < now
    for listing in Listing.objects.filter(is_demo=True, status=ListingStatus.IN_REVIEW):
        assert listing.submitted_at is not None and listing.published_at is None
    assert not Listing.objects.filter(is_demo=True, status=ListingStatus.DRAFT).exclude(
        published_at=None
    )


def test_listings_are_valid(demo):
    for listing in Listing.objects.filter(is_demo=True).prefetch_related("topics", "districts"):
        listing.full_clean(exclude=["created_by"])
        assert len(listing.description) >= 20
        assert listing.topics.exists(), listing.title
        if listing.region_scope == RegionScope.RADIUS:
            assert listing.radius_km and listing.owner_actor.position is not None
        if listing.region_scope == RegionScope.DISTRICTS:
            assert listing.districts.exists()


def test_interests_over_the_past_twelve_months(demo):
    interests = Interest.objects.filter(listing__is_demo=True).select_related("listing")
    statuses = {interest.status for interest in interests}
    assert {InterestStatus.PENDING, InterestStatus.ACCEPTED, InterestStatus.DECLINED} <= statuses
    months = {(i.created_at.year, i.created_at.month) for i in interests}
    assert len(months) >= 6
    now = timezone.now()
    for interest in interests:
        assert interest.actor_id != interest.listing.owner_actor_id
        assert interest.listing.published_at < interest.created_at < now
        assert interest.created_at > now - datetime.timedelta(days=366)
        if interest.status == InterestStatus.PENDING:
            assert interest.decided_at is None
        else:
            assert interest.created_at < interest.decided_at <= now
        if interest.listing.closed_at:
            assert interest.created_at <= interest.listing.closed_at


def test_the_demo_member_sees_the_whole_flow(demo, member):
    listing = Listing.objects.get(
        owner_actor__external_id=FIRST_DEMO_COMPANY_ID, status=ListingStatus.PUBLISHED
    )
    assert listing.kind == ListingKind.BUSINESS_REQUEST
    assert listing.created_by == member
    assert sorted(listing.interests.values_list("status", flat=True)) == ["accepted", "pending"]
    accepted = listing.interests.get(status=InterestStatus.ACCEPTED)
    assert accepted.decided_by == member
    # demo company 0001 owns only the listings written for it (and a draft)
    assert Listing.objects.filter(owner_actor__external_id=FIRST_DEMO_COMPANY_ID).count() == 2


def test_deterministic_for_a_seed(demo_cluster, member, demo):
    first = signature()
    Listing.objects.filter(is_demo=True).delete()
    generate_demo_listings(cluster=demo_cluster, seed=2020, member=member)
    assert signature() == first
    Listing.objects.filter(is_demo=True).delete()
    generate_demo_listings(cluster=demo_cluster, seed=7, member=member)
    other = signature()
    assert [row[0] for row in other] == [row[0] for row in first]  # same texts …
    assert [row[3] for row in other] != [row[3] for row in first]  # … other owners


def test_idempotent_and_renewed_when_stale(demo_cluster, member, demo):
    pks = set(Listing.objects.filter(is_demo=True).values_list("pk", flat=True))
    again = generate_demo_listings(cluster=demo_cluster, seed=2020, member=member)
    assert again.skipped and again.total == 40
    assert set(Listing.objects.filter(is_demo=True).values_list("pk", flat=True)) == pks
    # months later the published ones would have run out: they are made anew
    later = today() + datetime.timedelta(days=200)
    renewed = generate_demo_listings(cluster=demo_cluster, seed=2020, today=later)
    assert not renewed.skipped and renewed.deleted == 40 and renewed.created == 40
    assert Listing.objects.filter(is_demo=True).count() == 40


def test_real_listings_are_left_alone(demo_cluster, demo):
    owner = Listing.objects.filter(is_demo=True).first().owner_actor
    real = Listing.objects.create(
        cluster=demo_cluster,
        owner_actor=owner,
        kind=ListingKind.TECHNOLOGY_OFFER,
        title="Echtes Inserat",
        description="Kein Demo-Datensatz, bleibt erhalten.",
        expires_on=today() + datetime.timedelta(days=30),
    )
    generate_demo_listings(cluster=demo_cluster, seed=2020, today=today() + datetime.timedelta(400))
    assert Listing.objects.filter(pk=real.pk).exists()


def test_pipeline_and_report_figures_show_something(demo_cluster, demo):
    manager = make_user("leitung@clusterwerk.test", is_superuser=True)
    report = build_pipeline_report(manager, demo_cluster, {})
    totals = report.totals
    assert totals.listings >= 25 and totals.interests >= 10 and totals.accepted >= 5
    assert sum(1 for month in report.months if month.listings) >= 10
    assert report.demo_listings == 40
    year = today().year
    figures = [brokerage_totals([demo_cluster.pk], y) for y in (year - 1, year)]
    assert sum(f["listings"] for f in figures) >= 31


def test_too_few_demo_actors(db):
    load_all_reference_data()
    cluster = Cluster.objects.get(slug="metall")
    with pytest.raises(ValueError, match="Zu wenige Demo-Unternehmen"):
        generate_demo_listings(cluster=cluster)


# --- seed_demo -------------------------------------------------------------------------------


def test_seed_demo_creates_them_once_and_survives_new_demo_companies(settings, db):
    settings.DEBUG = True
    load_all_reference_data()
    load_actor_reference_data()
    first = StringIO()
    call_command("seed_demo", "--scale", "0.02", stdout=first)
    assert "Demo-Inserate: 40 angelegt" in first.getvalue()
    assert "31 veröffentlicht" in first.getvalue()
    member = User.objects.get(email="betrieb@example.org")
    assert Listing.objects.filter(is_demo=True, created_by=member).count() == 2
    pks = set(Listing.objects.values_list("pk", flat=True))
    interests = Interest.objects.count()

    again = StringIO()
    call_command("seed_demo", "--scale", "0.02", stdout=again)
    assert "Demo-Inserate: 40 vorhanden (unverändert)" in again.getvalue()
    assert set(Listing.objects.values_list("pk", flat=True)) == pks
    assert Interest.objects.count() == interests

    # other demo companies: the listings that point at the old ones are made anew
    other = StringIO()
    call_command("seed_demo", "--scale", "0.03", stdout=other)
    assert "Demo-Inserate entfernt" in other.getvalue()
    assert "Demo-Inserate: 40 angelegt" in other.getvalue()
    assert Listing.objects.filter(is_demo=True).count() == 40
    assert Listing.objects.get(
        owner_actor__external_id=FIRST_DEMO_COMPANY_ID, status=ListingStatus.PUBLISHED
    ).created_by == User.objects.get(email="betrieb@example.org")


def test_seed_demo_without_demo_companies(settings, db):
    settings.DEBUG = True
    load_all_reference_data()
    load_actor_reference_data()
    out = StringIO()
    call_command("seed_demo", "--scale", "0", stdout=out)
    assert "Demo-Inserate: übersprungen" in out.getvalue()
    assert not Listing.objects.exists()
