"""The check-in services: forged, reused and foreign tickets, registrations that are not
confirmed, exit before entry, the window of the door, who may check in, the late
registration at the door, and two scanners at once."""

import datetime
import threading

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from clusterwerk.events.models import (
    CheckIn,
    CheckInKind,
    CheckInMethod,
    EventStatus,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from clusterwerk.events.services.checkin import (
    check_in,
    check_in_registration,
    check_in_window,
    register_at_door,
)
from clusterwerk.events.tests.checkin_support import running_event, ticket
from clusterwerk.events.tests.factories import make_event
from clusterwerk.events.tests.registration_support import make_actor
from clusterwerk.events.tickets import new_ticket_code

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def refused(call, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return " ".join(caught.value.messages)


def test_a_valid_ticket_enters_and_leaves_again(cluster, cluster_manager):
    event = running_event(cluster)
    registration = ticket(event)
    entry = check_in(
        event=event, code=registration.ticket_code, kind="entry", by=cluster_manager, method="qr"
    )
    assert (entry.kind, entry.method, entry.scanned_by) == ("entry", "qr", cluster_manager)
    exit_ = check_in(
        event=event, code=registration.ticket_code, kind="exit", by=cluster_manager, method="qr"
    )
    assert exit_.kind == CheckInKind.EXIT
    # back in after a break
    again = check_in(
        event=event, code=registration.ticket_code, kind="entry", by=cluster_manager, method="qr"
    )
    assert again.kind == CheckInKind.ENTRY
    assert registration.check_ins.count() == 3


def test_the_whole_address_of_the_qr_code_works_as_code(cluster, cluster_manager):
    event = running_event(cluster)
    registration = ticket(event)
    address = f"https://clusterwerk.example/veranstaltungen/{event.slug}/einlass/{registration.ticket_code}/"
    entry = check_in(event=event, code=address, kind="entry", by=cluster_manager, method="qr")
    assert entry.registration == registration


@pytest.mark.parametrize("code", [None, "", "   ", "x" * 65, "nicht-echt", "../../admin"])
def test_a_forged_ticket_is_invalid(cluster, cluster_manager, code):
    event = running_event(cluster)
    ticket(event)
    message = refused(
        check_in, event=event, code=code or "", kind="entry", by=cluster_manager, method="qr"
    )
    assert message == "Dieses Ticket ist ungültig."
    assert not CheckIn.objects.exists()


def test_a_fresh_unknown_code_is_invalid(cluster, cluster_manager):
    event = running_event(cluster)
    message = refused(
        check_in, event=event, code=new_ticket_code(), kind="entry", by=cluster_manager, method="qr"
    )
    assert message == "Dieses Ticket ist ungültig."


def test_a_reused_ticket_is_refused_with_the_time_of_entry(cluster, cluster_manager):
    event = running_event(cluster)
    registration = ticket(event)
    first = check_in(
        event=event, code=registration.ticket_code, kind="entry", by=cluster_manager, method="qr"
    )
    message = refused(
        check_in,
        event=event,
        code=registration.ticket_code,
        kind="entry",
        by=cluster_manager,
        method="qr",
    )
    hhmm = timezone.localtime(first.scanned_at).strftime("%H:%M")
    assert f"bereits eingelassen um {hhmm}" in message
    assert "schon benutzt" in message
    assert registration.check_ins.count() == 1


def test_a_ticket_of_another_event_is_foreign(cluster, cluster_manager):
    event = running_event(cluster)
    other = running_event(cluster, title="Clusterkonferenz")
    registration = ticket(other)
    message = refused(
        check_in,
        event=event,
        code=registration.ticket_code,
        kind="entry",
        by=cluster_manager,
        method="qr",
    )
    assert message == "Dieses Ticket gehört zu einer anderen Veranstaltung."
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "status",
    [
        RegistrationStatus.CANCELLED,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.PENDING,
        RegistrationStatus.OFFERED,
        RegistrationStatus.DECLINED,
    ],
)
def test_a_registration_that_is_not_confirmed_does_not_enter(cluster, cluster_manager, status):
    event = running_event(cluster)
    registration = ticket(event, status=status)
    message = refused(
        check_in,
        event=event,
        code=registration.ticket_code,
        kind="entry",
        by=cluster_manager,
        method="qr",
    )
    assert message.startswith("Diese Anmeldung ist nicht bestätigt")
    assert not CheckIn.objects.exists()


def test_no_exit_before_the_entry(cluster, cluster_manager):
    event = running_event(cluster)
    registration = ticket(event)
    message = refused(
        check_in,
        event=event,
        code=registration.ticket_code,
        kind="exit",
        by=cluster_manager,
        method="qr",
    )
    assert "erst nach dem Einlass" in message
    check_in(
        event=event, code=registration.ticket_code, kind="entry", by=cluster_manager, method="qr"
    )
    check_in(
        event=event, code=registration.ticket_code, kind="exit", by=cluster_manager, method="qr"
    )
    assert "erst nach dem Einlass" in refused(
        check_in,
        event=event,
        code=registration.ticket_code,
        kind="exit",
        by=cluster_manager,
        method="qr",
    )


def test_an_unknown_kind_is_refused(cluster, cluster_manager):
    event = running_event(cluster)
    registration = ticket(event)
    with pytest.raises(ValidationError) as caught:
        check_in(
            event=event, code=registration.ticket_code, kind="in", by=cluster_manager, method="qr"
        )
    assert "kind" in caught.value.message_dict


def test_people_who_do_not_manage_the_event_check_nobody_in(
    cluster, member, outsider, other_cluster_manager
):
    from django.contrib.auth.models import AnonymousUser

    event = running_event(cluster)
    registration = ticket(event, user=member)
    for person in (member, outsider, other_cluster_manager, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            check_in(
                event=event, code=registration.ticket_code, kind="entry", by=person, method="qr"
            )
        with pytest.raises(PermissionDenied):
            check_in_registration(registration=registration, kind="entry", by=person)
    assert not CheckIn.objects.exists()


def test_a_co_organisers_representative_checks_in_at_their_event_only(cluster, member):
    chamber = make_actor(cluster, "Handwerkskammer Potsdam", representative=member)
    event = running_event(cluster, organisers=[chamber])
    other = running_event(cluster, title="Forum")
    mine = ticket(event)
    check_in(event=event, code=mine.ticket_code, kind="entry", by=member, method="qr")
    with pytest.raises(PermissionDenied):
        check_in(event=other, code=ticket(other).ticket_code, kind="entry", by=member, method="qr")


def test_the_door_opens_two_hours_before_and_closes_at_the_end_of_the_day(cluster, cluster_manager):
    event = make_event(cluster)  # in four weeks, 10:00–13:00 Berlin
    registration = ticket(event)
    opens, closes = check_in_window(event)
    assert opens == event.starts_at - datetime.timedelta(hours=2)
    assert timezone.localtime(closes).strftime("%d %H:%M") == (
        f"{(timezone.localtime(event.starts_at) + datetime.timedelta(days=1)).day:02d} 00:00"
    )
    kwargs = {
        "event": event,
        "code": registration.ticket_code,
        "kind": "entry",
        "by": cluster_manager,
        "method": "qr",
    }
    with time_machine.travel(opens - datetime.timedelta(minutes=1)):
        assert "Der Einlass beginnt zwei Stunden vor der Veranstaltung" in refused(
            check_in, **kwargs
        )
    with time_machine.travel(closes):
        assert "vorbei" in refused(check_in, **kwargs)
    with time_machine.travel(closes - datetime.timedelta(minutes=1)):
        assert check_in(**kwargs).kind == "entry"


@pytest.mark.parametrize("status", [EventStatus.DRAFT, EventStatus.CANCELLED])
def test_no_check_in_at_a_draft_or_cancelled_event(cluster, cluster_manager, status):
    event = running_event(cluster, status=status)
    registration = ticket(event)
    refused(
        check_in,
        event=event,
        code=registration.ticket_code,
        kind="entry",
        by=cluster_manager,
        method="qr",
    )
    assert not CheckIn.objects.exists()


def test_check_in_by_search(cluster, cluster_manager):
    event = running_event(cluster)
    registration = ticket(event)
    entry = check_in_registration(registration=registration, kind="entry", by=cluster_manager)
    assert entry.method == CheckInMethod.SEARCH
    assert "bereits eingelassen" in refused(
        check_in_registration, registration=registration, kind="entry", by=cluster_manager
    )


# --- at the door ------------------------------------------------------------------------------


def test_a_late_registration_at_the_door_is_registered_and_inside(cluster, cluster_manager):
    event = running_event(cluster, capacity=1)
    ticket(event)  # the contingent is full: the organisers decide at the door
    company = make_actor(cluster, "Metallbau Beispiel GmbH")
    entry = register_at_door(
        event=event,
        by=cluster_manager,
        first_name="Jonas",
        last_name="Schmidt",
        email="jonas@example.org",
        actor=company,
    )
    registration = entry.registration
    assert (registration.source, registration.status) == (
        RegistrationSource.DOOR,
        RegistrationStatus.CONFIRMED,
    )
    assert registration.actor == company and registration.user is None
    assert (entry.kind, entry.method) == (CheckInKind.ENTRY, CheckInMethod.DOOR)


def test_a_late_registration_with_a_free_organisation_name_and_no_email(cluster, cluster_manager):
    event = running_event(cluster)
    entry = register_at_door(
        event=event,
        by=cluster_manager,
        first_name="Ute",
        last_name="Lange",
        email="",
        organisation_name="Schlosserei Lange",
    )
    assert entry.registration.organisation_label == "Schlosserei Lange"


def test_a_late_registration_of_a_registered_email_writes_nothing(cluster, cluster_manager):
    event = running_event(cluster)
    known = ticket(event)
    message = refused(
        register_at_door,
        event=event,
        by=cluster_manager,
        first_name="Erika",
        last_name="Muster",
        email=known.email.upper(),
    )
    assert "schon eine Anmeldung" in message
    assert Registration.objects.count() == 1
    assert not CheckIn.objects.exists()


def test_a_late_registration_needs_a_name_and_an_organiser(cluster, cluster_manager, member):
    event = running_event(cluster)
    with pytest.raises(ValidationError) as caught:
        register_at_door(event=event, by=cluster_manager, first_name=" ", last_name="", email="")
    assert set(caught.value.message_dict) == {"first_name", "last_name"}
    with pytest.raises(PermissionDenied):
        register_at_door(event=event, by=member, first_name="A", last_name="B", email="")
    assert not Registration.objects.exists()


def test_a_late_registration_outside_the_window_writes_nothing(cluster, cluster_manager):
    event = make_event(cluster)  # in four weeks
    refused(
        register_at_door,
        event=event,
        by=cluster_manager,
        first_name="Jonas",
        last_name="Schmidt",
        email="jonas@example.org",
    )
    assert not Registration.objects.exists()


def test_a_late_registration_in_another_events_contingent_is_refused(cluster, cluster_manager):
    event = running_event(cluster)
    other = running_event(cluster, title="Forum")
    with pytest.raises(ValidationError) as caught:
        register_at_door(
            event=event,
            by=cluster_manager,
            first_name="Jonas",
            last_name="Schmidt",
            email="",
            ticket_type=other.ticket_types.first(),
        )
    assert "ticket_type" in caught.value.message_dict


# --- two scanners at once ---------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs parallel write transactions: SQLite serialises writers (IMMEDIATE), so the "
    "race cannot happen there; runs with DATABASE_URL=postgres://…",
)
@pytest.mark.django_db(transaction=True)
def test_two_scanners_scanning_the_same_ticket_at_once_let_it_in_once(cluster, cluster_manager):
    event = running_event(cluster)
    registration = ticket(event)
    scanners = 4
    barrier = threading.Barrier(scanners)
    outcomes: list[str] = []

    def scan() -> None:
        try:
            barrier.wait(timeout=10)
            check_in(
                event=event,
                code=registration.ticket_code,
                kind="entry",
                by=cluster_manager,
                method="qr",
            )
            outcomes.append("in")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        except BaseException as error:  # reported below
            outcomes.append(repr(error))
        finally:
            connection.close()

    for _round in range(3):
        CheckIn.objects.all().delete()
        barrier.reset()
        outcomes.clear()
        threads = [threading.Thread(target=scan) for _ in range(scanners)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert outcomes.count("in") == 1, outcomes
        assert all("bereits eingelassen" in outcome for outcome in outcomes if outcome != "in")
        assert CheckIn.objects.filter(kind="entry").count() == 1
