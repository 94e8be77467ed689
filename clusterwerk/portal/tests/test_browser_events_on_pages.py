"""Browser tests (Debian's chromium) on a 390 px phone: the events on a topic area's page and
on an actor's profile; axe-core checks both pages for WCAG 2.1 AA."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from clusterwerk.actors.models import ActorKind
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.events.models import CheckIn, CheckInKind, CheckInMethod, EventStatus
from clusterwerk.events.tests.factories import BERLIN, make_event, make_registration
from clusterwerk.masterplan.models import EditionStatus, TopicArea
from clusterwerk.masterplan.tests.factories import make_edition

pytestmark = [pytest.mark.browser, pytest.mark.clock, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def day(offset):
    date = timezone.localdate() + datetime.timedelta(days=offset)
    return datetime.datetime.combine(date, datetime.time(16), tzinfo=BERLIN)


@pytest.fixture
def world(cluster):
    plan = make_edition(cluster, label="2020", status=EditionStatus.PUBLISHED)
    lineage = TopicArea.objects.get(edition=plan, number="4.4.2").lineage
    chamber = make_actor(cluster, "Handwerkskammer Beispiel", kind=ActorKind.CHAMBER)
    craft = make_actor(cluster, "Metallbau Beispiel", kind=ActorKind.CRAFT_BUSINESS)
    make_event(
        cluster,
        title="Werkstattgespräch Laserschweißen",
        starts_at=day(21),
        topics=[lineage],
        organisers=[chamber],
    )
    past = make_event(
        cluster,
        title="Werkstattgespräch Fügen",
        starts_at=day(-60),
        status=EventStatus.DOCUMENTED,
        topics=[lineage],
        organisers=[chamber],
    )
    registration = make_registration(past, actor=craft)
    CheckIn.objects.create(
        registration=registration,
        kind=CheckInKind.ENTRY,
        method=CheckInMethod.QR,
        scanned_at=past.starts_at,
    )
    return {"chamber": chamber, "craft": craft}


def test_topic_area_page_lists_upcoming_and_past_events(phone, live_server, world, axe):
    phone.goto(live_server.url + reverse("portal:topic-area", args=["2020", "4.4.2"]))
    expect(phone.get_by_role("heading", name="Veranstaltungen")).to_be_visible()
    expect(phone.get_by_role("link", name="Werkstattgespräch Laserschweißen")).to_be_visible()
    expect(phone.get_by_role("link", name="Werkstattgespräch Fügen")).to_be_visible()
    axe(phone)


def test_actor_profiles_list_organised_and_attended_events(phone, live_server, world, axe):
    phone.goto(live_server.url + world["chamber"].get_absolute_url())
    expect(phone.get_by_role("heading", name="Mitveranstaltet: vergangen")).to_be_visible()
    expect(phone.get_by_role("link", name="Werkstattgespräch Laserschweißen")).to_be_visible()
    axe(phone)
    phone.goto(live_server.url + world["craft"].get_absolute_url())
    expect(phone.get_by_role("heading", name="Teilgenommen")).to_be_visible()
    expect(phone.get_by_text("1 Person teilgenommen")).to_be_visible()
    axe(phone)
