"""Builders for the conversation tests: a market with an accepted interest of the institute
on the owner's listing, and named contact persons with and without consent."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from clusterwerk.actors.models import ContactPerson, Visibility
from clusterwerk.matchmaking.models import Interest, InterestStatus, Listing
from clusterwerk.matchmaking.tests.factories import Market, make_interest, make_listing


@dataclass
class Thread:
    market: Market
    listing: Listing
    interest: Interest

    @property
    def owner_user(self):
        return self.market.owner_user

    @property
    def partner_user(self):
        return self.market.institute_user


def accepted_thread(market: Market, **listing_overrides) -> Thread:
    listing = make_listing(market.owner, created_by=market.owner_user, **listing_overrides)
    interest = make_interest(listing, market.institute, market.institute_user)
    Interest.objects.filter(pk=interest.pk).update(
        status=InterestStatus.ACCEPTED, decided_at=timezone.now(), decided_by=market.owner_user
    )
    interest.refresh_from_db()
    return Thread(market, listing, interest)


def add_contacts(market: Market) -> None:
    """The institute: one consenting member-visible person, one without consent, one for the
    management only. The owner: nobody named (general contact only)."""
    ContactPerson.objects.create(
        actor=market.institute,
        name="Dr. Ines Naht",
        function="Leiterin Fügetechnik",
        phone="0355 123456",
        email="naht@fuegetechnik.example",
        consent=True,
        consent_given_at=timezone.now(),
        visibility=Visibility.MEMBERS,
    )
    ContactPerson.objects.create(
        actor=market.institute,
        name="Otto Ohnezustimmung",
        email="otto@fuegetechnik.example",
        consent=False,
        visibility=Visibility.PUBLIC,
    )
    ContactPerson.objects.create(
        actor=market.institute,
        name="Clara Intern",
        email="clara@fuegetechnik.example",
        consent=True,
        visibility=Visibility.CLUSTER_MANAGEMENT,
    )


def future(days: int, hour: int = 10) -> datetime.datetime:
    """A moment `days` ahead at `hour` o'clock, German time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))
