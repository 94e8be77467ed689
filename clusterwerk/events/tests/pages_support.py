"""A small world for the tests of the events' pages, services and API (imported by the
`test_pages_*`, `test_events_services` and `test_events_api` modules):

- `plan`: the published SMALL_PLAN edition (topic areas 4.2.1, 4.4.2, 6.3.2);
- `districts`: Potsdam-Mittelmark, Potsdam, Cottbus, Berlin (by Kreisschlüssel);
- `chamber` (a Handwerkskammer in the cluster's directory) with its representative
  `chamber_user`, and `craft` (a craft business in Cottbus);
- `event_data(**overrides)`: valid data for `create_event` (a Werkstattgespräch in four
  weeks, 10:00–13:00 local time in Potsdam).
"""

import datetime

import pytest
from django.utils import timezone

from clusterwerk.actors.models import ActorKind, District, DistrictKind
from clusterwerk.actors.tests.conftest import DISTRICTS, make_actor
from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.matchmaking.tests.factories import make_representative


@pytest.fixture
def plan(cluster):
    return make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)


@pytest.fixture
def districts(db):
    return {
        ags: District.objects.create(
            ags=ags,
            name=name,
            kind=kind,
            nuts3=nuts3,
            state="Berlin" if ags == "11000" else "Brandenburg",
            centroid_latitude=lat,
            centroid_longitude=lon,
        )
        for ags, name, kind, nuts3, lat, lon in DISTRICTS
    }


@pytest.fixture
def chamber(cluster, districts):
    return make_actor(
        cluster,
        "Handwerkskammer Potsdam",
        kind=ActorKind.CHAMBER,
        district=districts["12054"],
        municipality="Potsdam",
    )


@pytest.fixture
def chamber_user(chamber, cluster):
    return make_representative(
        chamber, "kammer@hwk-potsdam.example", cluster, first_name="Kai", last_name="Kammer"
    )


@pytest.fixture
def craft(cluster, districts):
    return make_actor(
        cluster,
        "Schlosserei Lausitz",
        kind=ActorKind.CRAFT_BUSINESS,
        district=districts["12052"],
        municipality="Cottbus",
    )


def day_in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def event_data(**overrides) -> dict:
    day = day_in(28).isoformat()
    data = {
        "format": "workshop_talk",
        "title": "Werkstattgespräch Laserschweißen",
        "description": "Praxis in der Lehrwerkstatt.",
        "topics": ["4.4.2"],
        "starts_at": f"{day}T10:00",
        "ends_at": f"{day}T13:00",
        "venue_name": "Lehrwerkstatt",
        "street": "Musterstraße 1",
        "postal_code": "14467",
        "municipality": "Potsdam",
        "district": "12054",
    }
    data.update(overrides)
    return data


__all__ = ["DistrictKind", "chamber", "chamber_user", "craft", "districts", "plan"]
