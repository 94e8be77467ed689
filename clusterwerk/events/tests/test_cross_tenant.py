"""Every page of the events app that writes, tried by the management of another cluster: under
the event's cluster it gets 403 (or 404 where the page is only for the registrant), under its
own cluster 404 – and nothing is written. Pages that only read for organisers answer the same."""

import pytest
from django.urls import reverse

from clusterwerk.events import urls
from clusterwerk.events.models import (
    B2BMeeting,
    CheckIn,
    Event,
    EventSeries,
    FollowUp,
    MeetingWish,
    Registration,
    TicketType,
)
from clusterwerk.events.tests.b2b_support import make_b2b_day, make_participant, wish

pytestmark = pytest.mark.django_db

# Open to everybody by design: the public calendar, iCal files, the personal feed (its token
# is the key), the front pages for people who register or give feedback, and the B2B pages a
# participant sees – they check the person, not the cluster management, and are tried below.
PUBLIC = {
    "calendar",
    "detail",
    "series-detail",
    "event-ics",
    "series-ics",
    "feed",
    "feed-token",
    "mine",
    "manage-list",
    "register",
    "feedback",
    "checkin-ticket",
    "b2b-home",
    "b2b-participants",
    "b2b-profile",
    "b2b-wish",
    "b2b-my-agenda-pdf",
}
ONLY_ON_OWN_CLUSTER = {"create", "series-create"}  # no event in the address


@pytest.fixture
def world(cluster):
    series = EventSeries.objects.create(
        cluster=cluster, slug="innovation-im-metallhandwerk", title="Innovation im Metallhandwerk"
    )
    day = make_b2b_day(cluster, series=series)
    anna = make_participant(day, name="Laser")
    bernd = make_participant(day, name="Guss")
    request = wish(anna, bernd)
    meeting = B2BMeeting.objects.create(
        event=day, first=anna, second=bernd, slot=day.b2b_slots.get(index=2), table=1
    )
    return {
        "event": day,
        "registration": anna.registration,
        "wish": request,
        "meeting": meeting,
    }


def address(name: str, world: dict) -> str:
    pattern = next(p for p in urls.urlpatterns if p.name == name)
    keys = set(pattern.pattern.converters)
    kwargs = {}
    if "slug" in keys:
        kwargs["slug"] = (
            world["event"].series.slug if name.startswith("series") else world["event"].slug
        )
    if "pk" in keys:
        if name.startswith("b2b-wish"):
            kwargs["pk"] = world["wish"].pk
        elif name.startswith("b2b-"):
            kwargs["pk"] = world["meeting"].pk
        else:
            kwargs["pk"] = world["registration"].pk
    if "code" in keys:
        kwargs["code"] = world["registration"].ticket_code
    if "kind" in keys:
        kwargs["kind"] = "listing"
    if "token" in keys:
        kwargs["token"] = "x"
    return reverse(f"events:{name}", kwargs=kwargs)


def state() -> tuple:
    event = Event.objects.get()
    return (
        event.version,
        event.status,
        event.title,
        event.minutes,
        Registration.objects.filter(status="confirmed").count(),
        Registration.objects.count(),
        TicketType.objects.count(),
        CheckIn.objects.count(),
        FollowUp.objects.count(),
        MeetingWish.objects.filter(status="accepted").count(),
        list(B2BMeeting.objects.values_list("slot_id", "table", "locked", "status", "outcome")),
    )


GUARDED = sorted(p.name for p in urls.urlpatterns if p.name not in PUBLIC | ONLY_ON_OWN_CLUSTER)


@pytest.mark.parametrize("name", GUARDED)
def test_another_clusters_management_can_neither_write_nor_read_organiser_pages(
    name, client, world, other_cluster, other_cluster_manager
):
    before = state()
    client.force_login(other_cluster_manager)
    path = address(name, world)
    data = {
        "reason": "x",
        "minutes": "gekapert",
        "code": world["registration"].ticket_code,
        "outcome": "cooperation",
        "kind": "entry",
    }
    for prefix in ("", f"/c/{other_cluster.slug}"):
        answer = client.post(prefix + path, data)
        assert answer.status_code in (403, 404, 405), (prefix + path, answer.status_code)
        answer = client.get(prefix + path)
        assert answer.status_code in (403, 404, 405), (prefix + path, answer.status_code)
    assert state() == before


@pytest.mark.parametrize("name", sorted(ONLY_ON_OWN_CLUSTER))
def test_creating_is_for_the_management_of_the_request_cluster(
    name, client, cluster, other_cluster_manager
):
    client.force_login(other_cluster_manager)
    assert client.post(reverse(f"events:{name}"), {"title": "Gekapert"}).status_code == 403
    assert client.get(reverse(f"events:{name}")).status_code == 403
    assert not Event.objects.filter(title="Gekapert").exists()


def test_participant_pages_of_a_b2b_day_refuse_someone_who_does_not_take_part(
    client, world, other_cluster, other_cluster_manager
):
    before = state()
    client.force_login(other_cluster_manager)
    event = world["event"]
    for name in ("b2b-wish", "b2b-profile"):
        path = reverse(f"events:{name}", args=[event.slug])
        answer = client.post(path, {"target": world["meeting"].second_id, "reason": "x"})
        # 400: the form says that only confirmed registrations take part
        assert answer.status_code in (400, 403, 404), (path, answer.status_code)
        answer = client.post(f"/c/{other_cluster.slug}{path}", {"reason": "x"})
        assert answer.status_code == 404
    assert state() == before
