"""Test data for the documentation of an event: the Kooperationsbörse's market (plan,
districts, three organisations with their representatives) and a Werkstattgespräch that took
place yesterday, with check-ins written straight to the database:

- two people of Metallbau Havelland (one scanned twice at the door), one of the Institut für
  Fügetechnik, one of a business not in the directory ("Schlosserei Freitext") – checked in;
- one more of Metallbau Havelland without a check-in, one of the institute with only an
  exit scan – not counted.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from clusterwerk.actors.tests.conftest import topic_lineage
from clusterwerk.events.models import (
    CheckIn,
    CheckInKind,
    CheckInMethod,
    Event,
    EventStatus,
    Registration,
)
from clusterwerk.events.tests import cal_support  # noqa: F401 – pages of other parts
from clusterwerk.events.tests.factories import make_event, make_registration
from clusterwerk.matchmaking.tests.factories import Market, make_market


@dataclass
class Documented:
    market: Market
    event: Event
    owner_attendee: Registration
    institute_attendee: Registration
    guest: Registration
    absent: Registration
    left_only: Registration


def check_in(registration, kind=CheckInKind.ENTRY, **extra) -> CheckIn:
    return CheckIn.objects.create(
        registration=registration,
        kind=kind,
        method=extra.pop("method", CheckInMethod.QR),
        scanned_at=extra.pop("scanned_at", registration.event.starts_at),
        **extra,
    )


def make_documented(cluster, *, status=EventStatus.HELD, **overrides) -> Documented:
    market = make_market(cluster)
    starts_at = timezone.now() - datetime.timedelta(days=1)
    values = {
        "title": "Werkstattgespräch Laserschweißen in Cottbus",
        "starts_at": starts_at,
        "status": status,
        "topics": [topic_lineage(market.plan, "4.4.2")],
        **overrides,
    }
    event = make_event(cluster, **values)
    owner_attendee = make_registration(
        event, actor=market.owner, user=market.owner_user, first_name="Rita"
    )
    colleague = make_registration(event, actor=market.owner)
    institute_attendee = make_registration(
        event, actor=market.institute, user=market.institute_user, first_name="Ingo"
    )
    guest = make_registration(event, organisation_name="Schlosserei Freitext")
    absent = make_registration(event, actor=market.owner)
    left_only = make_registration(event, actor=market.institute)
    for registration in (owner_attendee, colleague, colleague, institute_attendee, guest):
        check_in(registration)
    check_in(left_only, CheckInKind.EXIT)
    return Documented(
        market=market,
        event=event,
        owner_attendee=owner_attendee,
        institute_attendee=institute_attendee,
        guest=guest,
        absent=absent,
        left_only=left_only,
    )
