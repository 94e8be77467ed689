"""The B2B day pages: who sees what, forms that write through the services, PDFs."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusterwerk.events.models import B2BMeeting, B2BParticipant, B2BSlot, MeetingWish, WishStatus
from clusterwerk.events.tests.b2b_support import make_b2b_day, make_participant, wish
from clusterwerk.events.tests.factories import make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(cluster):
    return make_b2b_day(cluster, tables=4, slots=4, breaks=(3,))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name, event, *args):
    return reverse(f"events:{name}", args=[event.slug, *args])


def test_join_from_the_page(day, member):
    make_registration(day, user=member, organisation_name="Blechbau Prignitz")
    client = client_for(member)
    page = client.get(url("b2b-home", day))
    assert page.status_code == 200
    assert "Am B2B-Tag teilnehmen" in page.content.decode()
    answer = client.post(
        url("b2b-profile", day),
        {"looking_for": "Laserschneiden", "available_slots": ["1", "2"], "max_meetings": "3"},
    )
    assert answer.status_code == 302
    participant = B2BParticipant.objects.get(registration__user=member)
    assert participant.available_slots == [1, 2]
    assert participant.max_meetings == 3


def test_profile_error_is_german_400(day, member):
    make_registration(day, user=member)
    answer = client_for(member).post(url("b2b-profile", day), {"max_meetings": "40"})
    assert answer.status_code == 400
    assert "Höchstens 8 Gespräche" in answer.content.decode()


def test_without_registration_no_join_form(day, member):
    page = client_for(member).get(url("b2b-home", day))
    assert "bestätigten Anmeldung" in page.content.decode()
    assert client_for(member).get(url("b2b-participants", day)).status_code == 403


def test_wish_and_answer(day):
    a, b = make_participant(day, name="Alpha"), make_participant(day, name="Beta")
    answer = client_for(a.registration.user).post(
        url("b2b-wish", day), {"target": b.pk, "reason": "Leichtbau besprechen"}
    )
    assert answer.status_code == 302
    sent = MeetingWish.objects.get(requester=a, target=b)
    page = client_for(b.registration.user).get(url("b2b-home", day)).content.decode()
    assert "Leichtbau besprechen" in page
    client_for(b.registration.user).post(url("b2b-wish-answer", day, sent.pk), {"accept": "1"})
    sent.refresh_from_db()
    assert sent.status == WishStatus.ACCEPTED
    # The requester may not answer their own wish.
    answer = client_for(a.registration.user).post(
        url("b2b-wish-answer", day, sent.pk), {"accept": "0"}
    )
    assert answer.status_code == 403


def test_wish_to_self_message(day):
    a = make_participant(day)
    client = client_for(a.registration.user)
    answer = client.post(url("b2b-wish", day), {"target": a.pk, "reason": "ich"}, follow=True)
    assert "nicht selbst" in answer.content.decode()
    assert not MeetingWish.objects.exists()


def test_participants_list(day):
    a = make_participant(day, name="Alpha", looking_for="Pulverbeschichtung")
    make_participant(day, name="Beta")
    page = client_for(a.registration.user).get(url("b2b-participants", day)).content.decode()
    assert "Pulverbeschichtung" in page and "Beta" in page


def test_manage_only_for_organisers(day, member, manager_client):
    assert client_for(member).get(url("b2b-manage", day)).status_code == 403
    assert client_for(member).post(url("b2b-solve", day)).status_code == 403
    assert manager_client.get(url("b2b-manage", day)).status_code == 200


def test_organiser_flow(day, manager_client):
    a, b, c = (make_participant(day, name=n) for n in ("Alpha", "Beta", "Gamma"))
    wish(a, b, reason="Fügen")
    wish(c, a, reason="Zulieferung")
    answer = manager_client.post(url("b2b-solve", day), follow=True)
    assert "Der Plan ist berechnet: 2 Gespräche" in answer.content.decode()
    meeting = B2BMeeting.objects.filter(event=day).first()
    page = manager_client.get(url("b2b-manage", day)).content.decode()
    assert "Wünsche erfüllt" in page
    # Move into the break: a German message, nothing moved.
    answer = manager_client.post(url("b2b-move", day, meeting.pk), {"slot": "3"}, follow=True)
    meeting.refresh_from_db()
    assert meeting.slot.index != 3
    manager_client.post(url("b2b-lock", day, meeting.pk), {"locked": "1"})
    meeting.refresh_from_db()
    assert meeting.locked
    manager_client.post(url("b2b-publish", day))
    day.b2b.refresh_from_db()
    assert day.b2b.schedule_published
    page = client_for(a.registration.user).get(url("b2b-home", day)).content.decode()
    assert "Mein Gesprächsplan" in page and "Tisch" in page
    for name in ("b2b-agendas-pdf", "b2b-table-plan-pdf"):
        response = manager_client.get(url(name, day))
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    mine = client_for(a.registration.user).get(url("b2b-my-agenda-pdf", day))
    assert mine["Content-Type"] == "application/pdf"
    assert client_for(a.registration.user).get(url("b2b-agendas-pdf", day)).status_code == 403


def test_configure_from_the_page(cluster, manager_client):
    from clusterwerk.events.models import EventFormat
    from clusterwerk.events.tests.factories import make_event

    event = make_event(cluster, format=EventFormat.B2B_DAY)
    answer = manager_client.post(
        url("b2b-configure", event),
        {
            "table_count": "10",
            "max_meetings_per_person": "6",
            "first_slot_at": "2027-01-10T10:00",
            "slot_minutes": "20",
            "slot_count": "6",
            "breaks": "4",
        },
    )
    assert answer.status_code == 302
    assert B2BSlot.objects.filter(event=event).count() == 6
    answer = manager_client.post(
        url("b2b-configure", event),
        {
            "table_count": "10",
            "max_meetings_per_person": "6",
            "first_slot_at": "2027-01-10T10:00",
            "slot_minutes": "20",
            "slot_count": "6",
            "breaks": "9",
        },
    )
    assert answer.status_code == 400
    assert "Pausen" in answer.content.decode()


def test_outcome_from_the_agenda(day):
    a, b = make_participant(day), make_participant(day)
    past = timezone.now() - datetime.timedelta(hours=1)
    B2BSlot.objects.filter(event=day).update(starts_at=past, ends_at=past)
    slot = B2BSlot.objects.get(event=day, index=1)
    meeting = B2BMeeting.objects.create(event=day, first=a, second=b, slot=slot, table=1)
    client_for(b.registration.user).post(
        url("b2b-outcome", day, meeting.pk), {"outcome": "cooperation", "note": "Angebot folgt"}
    )
    meeting.refresh_from_db()
    assert meeting.outcome == "cooperation"


def test_other_cluster_sees_nothing(day, other_cluster_manager):
    client = client_for(other_cluster_manager)
    assert client.get(url("b2b-manage", day)).status_code in (403, 404)
