"""50 people register at the same moment for the last 5 seats of a contingent: exactly 5 get
a seat, 45 land on the waiting list, in the order in which they got the contingent's lock.

Every thread has its own database connection (Django's connections are per thread). On
PostgreSQL the contingent's row lock (`SELECT … FOR UPDATE`) queues them; on SQLite the
single writer does (`BEGIN IMMEDIATE` with a busy timeout). The test database of SQLite lives
in shared memory, where a waiting writer may get "database table is locked" at once instead
of waiting; the thread then tries again – the service's transaction was rolled back
completely, so a retry is the same request once more (what a person's second click would be).
"""

import threading
import time

import pytest
from django.db import OperationalError, connection

from clusterwerk.accounts.models import User
from clusterwerk.events.models import Registration, RegistrationStatus
from clusterwerk.events.services import registration as services
from clusterwerk.events.tests.factories import make_event, make_registration

PEOPLE = 50
SEATS_LEFT = 5
CAPACITY = 20


def register_with_retry(event, ticket_type, user) -> None:
    for attempt in range(200):
        try:
            services.register(
                event=event,
                ticket_type=ticket_type,
                user=user,
                first_name=user.first_name,
                last_name="Rennen",
                email=user.email,
            )
            return
        except OperationalError as error:  # SQLite's shared-memory test database only
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.005 * (1 + attempt % 10))
    raise AssertionError("gave up after 200 attempts")


@pytest.mark.django_db(transaction=True)
def test_fifty_people_for_the_last_five_seats(cluster):
    event = make_event(cluster, capacity=CAPACITY)
    ticket_type = event.ticket_types.get()
    for _seat in range(CAPACITY - SEATS_LEFT):
        make_registration(event)
    people = [
        User.objects.create_user(email=f"rennen{n}@example.org", first_name=f"R{n}")
        for n in range(PEOPLE)
    ]
    barrier = threading.Barrier(PEOPLE)
    errors: list[BaseException] = []

    def run(user) -> None:
        try:
            barrier.wait(timeout=30)
            register_with_retry(event, ticket_type, user)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]

    raced = Registration.objects.filter(user__in=people)
    assert raced.count() == PEOPLE
    confirmed = raced.filter(status=RegistrationStatus.CONFIRMED)
    waiting = list(
        raced.filter(status=RegistrationStatus.WAITLISTED).order_by("waitlisted_at", "id")
    )
    assert confirmed.count() == SEATS_LEFT
    assert len(waiting) == PEOPLE - SEATS_LEFT
    assert services.seats_taken(ticket_type) == CAPACITY
    # In order: the waiting list's order is the order of arrival (ids are handed out under
    # the lock as well), the seats went to the first five, and positions run 1…45.
    assert [r.pk for r in waiting] == sorted(r.pk for r in waiting)
    assert max(r.pk for r in confirmed) < min(r.pk for r in waiting)
    assert [services.waitlist_position(r) for r in waiting] == list(range(1, len(waiting) + 1))
