"""The Kooperationsbörse services: validation with German messages by field, permissions,
the review flow, the rules for interests, back-to-review, expiry, edit conflicts, and what the
e-mails say (never the owner of an anonymous listing before acceptance)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterwerk.accounts.services import system_user
from clusterwerk.actors.models import ActorStatus
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.matchmaking import services
from clusterwerk.matchmaking.models import InterestStatus, Listing, ListingStatus
from clusterwerk.matchmaking.tests.factories import (
    INSTITUTE_NAME,
    OWNER_NAME,
    listing_data,
    make_interest,
    make_listing,
    make_market,
)
from conftest import DaysFromToday, resolve_days

pytestmark = pytest.mark.clock


def today():
    return timezone.localdate()


def yesterday():
    return today() - datetime.timedelta(days=1)


@pytest.fixture
def market(cluster):
    return make_market(cluster)


def create(market, submit=False, **overrides) -> Listing:
    return services.create_listing(
        cluster=market.cluster,
        user=market.owner_user,
        owner=market.owner,
        data=listing_data(**overrides),
        submit=submit,
    )


def errors_of(market, **overrides) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        create(market, **overrides)
    return caught.value.message_dict


# --- Validation ----------------------------------------------------------------------------


def test_create_stores_the_canonical_data(market):
    listing = create(
        market,
        keywords="Laserschweißen; Aluminium, , Laserschweißen",
        region_scope="districts",
        districts=["12052", "11000"],
        topics=["4.4.2", "4.2.1"],
    )
    assert listing.status == ListingStatus.DRAFT
    assert listing.cluster == market.cluster
    data = services.listing_data(listing)
    assert data["keywords"] == ["Laserschweißen", "Aluminium"]
    assert sorted(data["districts"]) == ["11000", "12052"]
    assert data["topics"] == ["4.2.1", "4.4.2"]
    assert data["is_anonymous"] is True


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"expires_on": DaysFromToday(-1, iso=True)}, "expires_on", "in der Vergangenheit"),
        ({"expires_on": "2026-13-01"}, "expires_on", "JJJJ-MM-TT"),
        ({"expires_on": None}, "expires_on", "bis wann das Inserat gilt"),
        (
            {"expires_on": DaysFromToday(400, iso=True)},
            "expires_on",
            "höchstens ein Jahr",
        ),
        ({"description": ""}, "description", "Dieses Feld ist erforderlich."),
        ({"description": "kurz"}, "description", "mindestens 20 Zeichen"),
        ({"title": "   "}, "title", "Dieses Feld ist erforderlich."),
        ({"kind": "lottery"}, "kind", "keine gültige Auswahl"),
        (
            {"region_scope": "districts", "districts": ["99999"]},
            "districts",
            "Unbekannter Kreisschlüssel: 99999.",
        ),
        ({"region_scope": "atlantis"}, "region_scope", "keine gültige Auswahl"),
        ({"region_scope": "radius", "radius_km": 0}, "radius_km", "zwischen 1 und 1000 km"),
        ({"topics": ["9.9.9"]}, "topics", "Unbekannter Themenbereich: 9.9.9."),
        ({"topics": ["4.4.2", "4.2.1", "6.3.2", "1", "2", "3"]}, "topics", "Höchstens 5"),
        ({"partner_kinds": ["alien"]}, "partner_kinds", "Unbekannte Partnerart: alien."),
        ({"keywords": ["x" * 61]}, "keywords", "höchstens 60 Zeichen"),
    ],
)
def test_invalid_data_is_refused_by_field(market, overrides, field, message):
    errors = errors_of(market, **resolve_days(overrides))
    assert field in errors, errors
    assert any(message in text for text in errors[field]), errors[field]
    assert not Listing.objects.exists()


def test_radius_needs_a_position_of_the_owner(market):
    market.owner.district = None
    market.owner.save()
    errors = errors_of(market, region_scope="radius", radius_km=80)
    assert "Standort" in errors["region_scope"][0]
    market.owner.latitude, market.owner.longitude = 52.35, 12.9
    market.owner.save()
    assert create(market, region_scope="radius", radius_km=80).radius_km == 80


# --- Permissions ---------------------------------------------------------------------------


def test_who_may_create_for_whom(market, member, outsider, cluster_manager):
    for user in (member, outsider, market.institute_user):
        with pytest.raises(PermissionDenied):
            services.create_listing(
                cluster=market.cluster, user=user, owner=market.owner, data=listing_data()
            )
    listing = services.create_listing(
        cluster=market.cluster, user=cluster_manager, owner=market.owner, data=listing_data()
    )
    assert listing.created_by == cluster_manager
    market.owner.status = ActorStatus.ARCHIVED
    market.owner.save()
    with pytest.raises(ValidationError):
        create(market)


def test_edit_permissions(market, member):
    listing = create(market)
    for user in (member, market.institute_user):
        with pytest.raises(PermissionDenied):
            services.update_listing(user=user, listing=listing, data=listing_data())
        with pytest.raises(PermissionDenied):
            services.close_listing(user=user, listing=listing)


# --- Review --------------------------------------------------------------------------------


def test_review_flow(market, cluster_manager, mailoutbox, django_capture_on_commit_callbacks):
    listing = create(market)
    with pytest.raises(PermissionDenied):
        services.submit_listing(user=market.institute_user, listing=listing)
    services.submit_listing(user=market.owner_user, listing=listing)
    assert listing.status == ListingStatus.IN_REVIEW and listing.submitted_at
    with pytest.raises(ValidationError):
        services.submit_listing(user=market.owner_user, listing=listing)
    for user in (market.owner_user, market.institute_user):
        with pytest.raises(PermissionDenied):
            services.approve_listing(user=user, listing=listing)
    with pytest.raises(ValidationError) as missing:
        services.return_listing(user=cluster_manager, listing=listing, note="  ")
    assert "note" in missing.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.return_listing(user=cluster_manager, listing=listing, note="Werkstoff nennen.")
    listing.refresh_from_db()
    assert listing.status == ListingStatus.DRAFT
    assert listing.review_note == "Werkstoff nennen."
    assert mailoutbox[-1].to == ["rita.richter@havelland.example"]
    assert "Werkstoff nennen." in mailoutbox[-1].body

    services.submit_listing(user=market.owner_user, listing=listing)
    with django_capture_on_commit_callbacks(execute=True):
        listing = services.approve_listing(user=cluster_manager, listing=listing)
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.published_at and listing.reviewed_by == cluster_manager
    assert listing.review_note == ""
    assert "ist veröffentlicht" in mailoutbox[-1].subject
    with pytest.raises(ValidationError):
        services.approve_listing(user=cluster_manager, listing=listing)


def test_expired_drafts_cannot_be_submitted_or_approved(market, cluster_manager):
    draft = make_listing(market.owner, status=ListingStatus.DRAFT, expires_on=yesterday())
    with pytest.raises(ValidationError) as caught:
        services.submit_listing(user=market.owner_user, listing=draft)
    assert "expires_on" in caught.value.message_dict
    waiting = make_listing(market.owner, status=ListingStatus.IN_REVIEW, expires_on=yesterday())
    with pytest.raises(ValidationError):
        services.approve_listing(user=cluster_manager, listing=waiting)


def test_owner_edit_of_published_listing_goes_back_to_review(market, cluster_manager):
    listing = make_listing(market.owner, created_by=market.owner_user)
    services.update_listing(user=cluster_manager, listing=listing, data=listing_data())
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PUBLISHED
    services.update_listing(
        user=market.owner_user, listing=listing, data=listing_data(title="Geändert")
    )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.IN_REVIEW
    assert listing.title == "Geändert"


def test_edit_conflict_writes_nothing(market):
    listing = create(market)
    loaded = listing.version
    services.update_listing(
        user=market.owner_user,
        listing=listing,
        data=listing_data(title="Erste Fassung"),
        version=loaded,
    )
    with pytest.raises(EditConflict):
        services.update_listing(
            user=market.owner_user,
            listing=listing,
            data=listing_data(title="Zweite Fassung"),
            version=loaded,
        )
    listing.refresh_from_db()
    assert listing.title == "Erste Fassung"
    assert listing.version == loaded + 1


def test_ended_listings_cannot_be_edited_or_closed_again(market):
    listing = make_listing(market.owner, status=ListingStatus.CLOSED)
    with pytest.raises(ValidationError):
        services.update_listing(user=market.owner_user, listing=listing, data=listing_data())
    with pytest.raises(ValidationError):
        services.close_listing(user=market.owner_user, listing=listing)


def test_expire_listings(market):
    old = make_listing(market.owner, expires_on=yesterday())
    current = make_listing(market.owner, expires_on=today())
    draft = make_listing(market.owner, status=ListingStatus.DRAFT, expires_on=yesterday())
    assert services.expire_listings(user=system_user()) == 1
    for listing in (old, current, draft):
        listing.refresh_from_db()
    assert old.status == ListingStatus.EXPIRED and old.closed_at
    assert current.status == ListingStatus.PUBLISHED
    assert draft.status == ListingStatus.DRAFT
    assert (
        services.expire_listings(user=system_user(), today=today() + datetime.timedelta(days=1))
        == 1
    )


# --- Interests -----------------------------------------------------------------------------


def send(market, listing, *, user=None, actor=None, message="Das passt zu uns."):
    return services.send_interest(
        user=user or market.institute_user,
        listing=listing,
        actor=actor or market.institute,
        message=message,
    )


def test_interest_rules(market, member):
    listing = make_listing(market.owner, created_by=market.owner_user)
    with pytest.raises(PermissionDenied):
        send(market, listing, user=member)
    with pytest.raises(PermissionDenied):  # for an organisation one does not represent
        send(market, listing, actor=market.supplier)
    with pytest.raises(ValidationError) as own:
        send(market, listing, user=market.owner_user, actor=market.owner)
    assert "eigenes Inserat" in own.value.message_dict["actor"][0]
    with pytest.raises(ValidationError) as empty:
        send(market, listing, message="   ")
    assert "message" in empty.value.message_dict
    interest = send(market, listing)
    assert interest.status == InterestStatus.PENDING
    with pytest.raises(ValidationError) as duplicate:
        send(market, listing)
    assert "bereits eine Interessensbekundung" in duplicate.value.message_dict["actor"][0]
    services.decline_interest(user=market.owner_user, interest=interest)
    assert send(market, listing).status == InterestStatus.PENDING  # after a "no", try again


@pytest.mark.parametrize(
    "listing_values",
    [
        {"status": ListingStatus.CLOSED},
        {"status": ListingStatus.DRAFT},
        {"status": ListingStatus.EXPIRED},
        {"expires_on": DaysFromToday(-1)},
    ],
)
def test_no_interest_in_listings_that_are_not_open(market, listing_values):
    listing = make_listing(market.owner, **resolve_days(listing_values))
    with pytest.raises(ValidationError):
        send(market, listing)


def test_decisions_and_withdrawal(market, cluster_manager):
    listing = make_listing(market.owner, created_by=market.owner_user)
    interest = send(market, listing)
    for user in (cluster_manager, market.institute_user):
        with pytest.raises(PermissionDenied):
            services.accept_interest(user=user, interest=interest)
    with pytest.raises(PermissionDenied):
        services.withdraw_interest(user=market.owner_user, interest=interest)
    services.accept_interest(user=market.owner_user, interest=interest, note="Gern.")
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED
    assert interest.decided_by == market.owner_user and interest.decided_at
    with pytest.raises(ValidationError):
        services.decline_interest(user=market.owner_user, interest=interest)
    with pytest.raises(ValidationError):
        services.withdraw_interest(user=market.institute_user, interest=interest)

    other = make_interest(listing, market.supplier, market.supplier_user)
    services.withdraw_interest(user=market.supplier_user, interest=other)
    other.refresh_from_db()
    assert other.status == InterestStatus.WITHDRAWN


def test_emails_keep_an_anonymous_owner_hidden_until_acceptance(
    market, mailoutbox, django_capture_on_commit_callbacks
):
    listing = make_listing(market.owner, created_by=market.owner_user, is_anonymous=True)
    with django_capture_on_commit_callbacks(execute=True):
        declined = send(market, listing)
    received = mailoutbox[-1]
    assert received.to == ["rita.richter@havelland.example"]  # the owner's own people
    assert INSTITUTE_NAME in received.body
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_interest(user=market.owner_user, interest=declined, note="Kein Bedarf.")
    refusal = mailoutbox[-1]
    assert refusal.to == ["ingo.igel@fuegetechnik.example"]
    for secret in (OWNER_NAME, "Rita", "rita.richter@havelland.example", "info@havelland"):
        assert secret not in refusal.subject + refusal.body

    with django_capture_on_commit_callbacks(execute=True):
        accepted = send(market, listing)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_interest(user=market.owner_user, interest=accepted)
    acceptance = mailoutbox[-1]
    assert acceptance.to == ["ingo.igel@fuegetechnik.example"]
    assert OWNER_NAME in acceptance.body
    assert "rita.richter@havelland.example" in acceptance.body
