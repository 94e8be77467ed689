# ruff: noqa: F811 (fixtures from pages_support)
"""Services of events and series: rules, bad input, exact edits, the calendar sequence,
cancellation e-mails, contingents and questions."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterwerk.core.exceptions import EditConflict
from clusterwerk.events.models import (
    Event,
    EventStatus,
    RegistrationStatus,
    TicketType,
)
from clusterwerk.events.services import contingents
from clusterwerk.events.services import events as services
from clusterwerk.events.tests.factories import make_event, make_registration
from clusterwerk.events.tests.pages_support import (  # noqa: F401 (fixtures)
    chamber,
    chamber_user,
    craft,
    day_in,
    districts,
    event_data,
    plan,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def event(cluster, cluster_manager, plan, districts, chamber):
    return services.create_event(
        cluster=cluster, by=cluster_manager, data=event_data(co_organisers=[chamber.pk])
    )


def test_create_event_stores_local_times_topics_and_organisers(event, plan, chamber):
    assert event.status == EventStatus.DRAFT
    assert event.starts_at.astimezone(BERLIN).time() == datetime.time(10, 0)
    assert event.slug == f"werkstattgespraech-laserschweissen-{day_in(28).isoformat()}"
    assert [o.actor_id for o in event.organisers.all()] == [chamber.pk]
    assert event.topics.count() == 1
    assert event.sequence == 0 and event.version == 1


def test_slugs_stay_unique(cluster, cluster_manager, plan, districts, event):
    second = services.create_event(cluster=cluster, by=cluster_manager, data=event_data())
    assert second.slug == f"{event.slug}-2"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Dieses Feld ist erforderlich."),
        ({"format": "party"}, "format", "keine gültige Auswahl"),
        ({"ends_at": "2020-01-01T09:00"}, "ends_at", "Das Ende liegt vor dem Beginn."),
        ({"starts_at": "morgen"}, "starts_at", "JJJJ-MM-TTTHH:MM"),
        ({"topics": ["9.9.9"]}, "topics", "Unbekannter Themenbereich: 9.9.9."),
        ({"district": "99999"}, "district", "Unbekannter Kreisschlüssel"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Unbekannte Zeitzone"),
        ({"online_url": "javascript:alert(1)"}, "online_url", "https://"),
        ({"co_organisers": [999999]}, "co_organisers", "Akteursverzeichnis"),
        ({"partner_clusters": ["nirgends"]}, "partner_clusters", "Unbekanntes Partnercluster"),
        ({"series": "gibt-es-nicht"}, "series", "Veranstaltungsreihe"),
        (
            {"venue_name": "", "municipality": "", "street": ""},
            "venue_name",
            "Veranstaltungsort",
        ),
        ({"format": "online"}, "online_url", "Online-Zugang"),
    ],
)
def test_bad_input_gets_german_messages_and_writes_nothing(
    cluster, cluster_manager, plan, districts, overrides, field, message
):
    with pytest.raises(ValidationError) as error:
        services.create_event(cluster=cluster, by=cluster_manager, data=event_data(**overrides))
    assert message in " ".join(error.value.message_dict[field])
    assert not Event.objects.exists()


def test_only_the_management_creates(cluster, member, chamber_user, other_cluster_manager, plan):
    for person in (member, chamber_user, other_cluster_manager):
        with pytest.raises(PermissionDenied):
            services.create_event(cluster=cluster, by=person, data=event_data())


def test_an_edit_changes_exactly_what_changed(event, cluster_manager):
    before = services.event_data(event)
    updated = services.update_event(
        event=event, by=cluster_manager, data={"title": "Neuer Titel"}, version=1
    )
    after = services.event_data(updated)
    assert {k for k in before if before[k] != after[k]} == {"title"}
    assert updated.sequence == 0  # the title does not move the event in calendars
    assert updated.version == 2
    assert updated.slug == event.slug  # addresses stay


def test_no_change_writes_nothing(event, cluster_manager):
    same = services.update_event(
        event=event, by=cluster_manager, data=services.event_data(event), version=1
    )
    assert same.version == 1


def test_time_and_place_changes_bump_the_sequence(event, cluster_manager):
    day = day_in(29).isoformat()
    event = services.update_event(
        event=event,
        by=cluster_manager,
        data={"starts_at": f"{day}T09:00", "ends_at": f"{day}T12:00"},
        version=1,
    )
    assert event.sequence == 1
    event = services.update_event(
        event=event, by=cluster_manager, data={"venue_name": "Halle 2"}, version=2
    )
    assert event.sequence == 2
    event = services.update_event(
        event=event, by=cluster_manager, data={"online_url": "https://meet.example/x"}, version=3
    )
    assert event.sequence == 3


def test_a_stale_version_is_a_conflict_and_writes_nothing(event, cluster_manager):
    services.update_event(event=event, by=cluster_manager, data={"title": "Erster"}, version=1)
    with pytest.raises(EditConflict) as conflict:
        services.update_event(event=event, by=cluster_manager, data={"title": "Zweiter"}, version=1)
    assert conflict.value.version == 2
    assert conflict.value.current_for(cluster_manager)["title"] == "Erster"
    event.refresh_from_db()
    assert event.title == "Erster"


def test_co_organiser_edits_but_not_the_co_organisers(event, chamber_user, chamber, craft):
    event = services.update_event(
        event=event, by=chamber_user, data={"description": "Von der Kammer."}, version=1
    )
    assert event.description == "Von der Kammer."
    # Sending the same list is fine; changing it is not.
    services.update_event(
        event=event, by=chamber_user, data={"co_organisers": [chamber.pk]}, version=2
    )
    with pytest.raises(PermissionDenied):
        services.update_event(
            event=event, by=chamber_user, data={"co_organisers": [chamber.pk, craft.pk]}, version=2
        )


def test_co_organiser_of_another_event_may_not_edit(cluster, event, chamber_user, plan):
    other = make_event(cluster)
    with pytest.raises(PermissionDenied):
        services.update_event(event=other, by=chamber_user, data={"title": "x"}, version=1)


def test_publish_needs_a_contingent_and_a_draft(event, cluster_manager):
    with pytest.raises(ValidationError, match="Kontingent"):
        services.publish_event(event=event, by=cluster_manager)
    contingents.create_ticket_type(
        event=event, by=cluster_manager, data={"name": "Handwerk", "capacity": 20}
    )
    event = services.publish_event(event=event, by=cluster_manager)
    assert event.status == EventStatus.PUBLISHED and event.published_at
    with pytest.raises(ValidationError, match="Nur Entwürfe"):
        services.publish_event(event=event, by=cluster_manager)


def test_cancel_needs_a_reason_and_mails_every_active_registration(
    cluster, cluster_manager, plan, django_capture_on_commit_callbacks
):
    event = make_event(cluster)
    active = [
        make_registration(event),
        make_registration(event, status=RegistrationStatus.WAITLISTED),
    ]
    make_registration(event, status=RegistrationStatus.CANCELLED)
    with pytest.raises(ValidationError) as error:
        services.cancel_event(event=event, by=cluster_manager, reason="  ")
    assert "Grund" in error.value.message_dict["reason"][0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = services.cancel_event(event=event, by=cluster_manager, reason="Referent erkrankt")
    assert event.status == EventStatus.CANCELLED and event.cancelled_at
    assert event.sequence == 1
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(r.email for r in active)
    assert "Referent erkrankt" in mail.outbox[0].body
    assert event.title in mail.outbox[0].subject
    with pytest.raises(ValidationError):
        services.cancel_event(event=event, by=cluster_manager, reason="nochmal")
    with pytest.raises(ValidationError, match="abgesagte"):
        services.update_event(event=event, by=cluster_manager, data={"title": "x"}, version=1)


def test_contingent_cannot_shrink_below_taken_seats_or_go_with_registrations(
    cluster, cluster_manager, plan
):
    event = make_event(cluster, capacity=5)
    ticket_type = event.ticket_types.get()
    for _ in range(3):
        make_registration(event)
    with pytest.raises(ValidationError) as error:
        contingents.update_ticket_type(
            ticket_type=ticket_type, by=cluster_manager, data={"capacity": 2}
        )
    assert "3 vergebene Plätze" in error.value.message_dict["capacity"][0]
    contingents.update_ticket_type(
        ticket_type=ticket_type, by=cluster_manager, data={"capacity": 3}
    )
    with pytest.raises(ValidationError, match="bereits Anmeldungen"):
        contingents.delete_ticket_type(ticket_type=ticket_type, by=cluster_manager)
    spare = contingents.create_ticket_type(
        event=event,
        by=cluster_manager,
        data={"name": "Wissenschaft", "audience": "science", "capacity": "4"},
    )
    contingents.delete_ticket_type(ticket_type=spare, by=cluster_manager)
    assert list(TicketType.objects.filter(event=event)) == [ticket_type]


def test_contingent_bad_input(cluster, cluster_manager, plan):
    event = make_event(cluster)
    with pytest.raises(ValidationError) as error:
        contingents.create_ticket_type(
            event=event, by=cluster_manager, data={"name": "", "capacity": 0, "audience": "x"}
        )
    assert set(error.value.message_dict) == {"name", "capacity", "audience"}


def test_questions(cluster, cluster_manager, chamber_user, plan):
    event = make_event(cluster)
    with pytest.raises(ValidationError, match="zwei Möglichkeiten"):
        contingents.create_question(
            event=event, by=cluster_manager, data={"label": "Essen?", "kind": "choice"}
        )
    question = contingents.create_question(
        event=event,
        by=cluster_manager,
        data={"label": "Essen?", "kind": "choice", "choices": "vegetarisch\nmit Fleisch"},
    )
    assert question.choices == ["vegetarisch", "mit Fleisch"]
    question = contingents.update_question(
        question=question, by=cluster_manager, data={"kind": "text"}
    )
    assert question.choices == []
    with pytest.raises(PermissionDenied):
        contingents.delete_question(question=question, by=chamber_user)
    contingents.delete_question(question=question, by=cluster_manager)
    assert not event.questions.exists()


def test_series(cluster, cluster_manager, member):
    series = services.create_series(
        cluster=cluster, by=cluster_manager, data={"title": "Innovation im Metallhandwerk"}
    )
    assert series.slug == "innovation-im-metallhandwerk"
    again = services.create_series(
        cluster=cluster, by=cluster_manager, data={"title": "Innovation im Metallhandwerk"}
    )
    assert again.slug == "innovation-im-metallhandwerk-2"
    series = services.update_series(series=series, by=cluster_manager, data={"description": "x"})
    assert series.description == "x" and series.title == "Innovation im Metallhandwerk"
    with pytest.raises(PermissionDenied):
        services.create_series(cluster=cluster, by=member, data={"title": "Meine"})
    with pytest.raises(ValidationError):
        services.create_series(cluster=cluster, by=cluster_manager, data={"title": ""})


def test_raising_a_contingent_offers_the_new_seats_to_the_waiting_list_in_order(
    cluster, cluster_manager, plan
):
    event = make_event(cluster, capacity=1)
    ticket_type = event.ticket_types.get()
    make_registration(event)
    first = make_registration(
        event, status="waitlisted", waitlisted_at=timezone.now() - datetime.timedelta(hours=2)
    )
    second = make_registration(
        event, status="waitlisted", waitlisted_at=timezone.now() - datetime.timedelta(hours=1)
    )
    contingents.update_ticket_type(
        ticket_type=ticket_type, by=cluster_manager, data={"capacity": 2}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "offered" and first.offer_expires_at is not None
    assert second.status == "waitlisted"
    ticket_type.refresh_from_db()
    assert ticket_type.capacity == 2 and ticket_type.name == "Teilnahme"
