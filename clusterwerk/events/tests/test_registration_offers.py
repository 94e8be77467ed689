"""The waiting list's offers: a freed seat goes to the first person waiting for a limited
time; who accepts in time gets it, who does not loses it to the next (hourly run)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterwerk.accounts.models import User
from clusterwerk.core.models import Job
from clusterwerk.events import tasks
from clusterwerk.events.models import RegistrationStatus
from clusterwerk.events.services import registration as services
from clusterwerk.events.tests.factories import make_event
from clusterwerk.events.tests.registration_support import sign_up

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

Status = RegistrationStatus


def person(n: int) -> User:
    return User.objects.create_user(email=f"w{n}@example.org", first_name=f"W{n}")


@pytest.fixture
def full_event(cluster):
    """One seat, taken; three people waiting (in this order)."""
    event = make_event(cluster, capacity=1, offer_hours=48)
    holder = sign_up(event, person(0))
    waiting = [sign_up(event, person(n)) for n in (1, 2, 3)]
    return event, holder, waiting


def fresh(registration):
    registration.refresh_from_db()
    return registration


def test_freed_seat_is_offered_to_the_first_waiting(full_event, django_capture_on_commit_callbacks):
    event, holder, (first, second, _third) = full_event
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=holder, by=holder.user)
    first = fresh(first)
    assert first.status == Status.OFFERED
    assert first.offer_expires_at == first.offered_at + datetime.timedelta(hours=48)
    assert fresh(second).status == Status.WAITLISTED
    assert services.waitlist_position(fresh(second)) == 1
    offer_mail = [m for m in mail.outbox if m.to == [first.email]][-1]
    assert "Platz ist frei" in offer_mail.subject
    assert timezone.localtime(first.offer_expires_at).strftime("%d.%m.%Y") in offer_mail.body
    assert f"/veranstaltungen/anmeldung/{first.pk}/" in offer_mail.body
    # A newcomer does not overtake the people waiting.
    newcomer = sign_up(event, person(9))
    assert newcomer.status == Status.WAITLISTED


def test_accept_in_time_confirms(full_event):
    _event, holder, (first, _second, _third) = full_event
    services.cancel_registration(registration=holder, by=holder.user)
    with pytest.raises(PermissionDenied):
        services.accept_offer(registration=first, by=holder.user)
    accepted = services.accept_offer(registration=first, by=first.user)
    assert accepted.status == Status.CONFIRMED
    with pytest.raises(ValidationError, match="kein Angebot"):
        services.accept_offer(registration=first, by=first.user)


def test_accept_with_approval_waits_for_the_organisers(cluster):
    event = make_event(cluster, capacity=1, requires_approval=True)
    holder = sign_up(event, person(0))
    waiting = sign_up(event, person(1))
    services.cancel_registration(registration=holder, by=holder.user)
    assert services.accept_offer(registration=waiting, by=waiting.user).status == Status.PENDING


def test_accept_after_expiry_is_refused_and_nothing_changes(full_event, pinned_clock):
    _event, holder, (first, _second, _third) = full_event
    services.cancel_registration(registration=holder, by=holder.user)
    pinned_clock.move_to(fresh(first).offer_expires_at + datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="abgelaufen"):
        services.accept_offer(registration=first, by=first.user)
    assert fresh(first).status == Status.OFFERED  # until the hourly run


def test_chain_freed_seat_offer_expiry_next(
    full_event, pinned_clock, django_capture_on_commit_callbacks
):
    event, holder, (first, second, third) = full_event
    services.cancel_registration(registration=holder, by=holder.user)
    assert services.expire_offers() == 0  # not yet
    pinned_clock.move_to(fresh(first).offer_expires_at + datetime.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_offers() == 1
    assert fresh(first).status == Status.OFFER_EXPIRED
    assert fresh(second).status == Status.OFFERED
    assert fresh(third).status == Status.WAITLISTED
    assert any("abgelaufen" in m.subject for m in mail.outbox if m.to == [first.email])
    with pytest.raises(ValidationError, match="abgelaufen"):
        services.accept_offer(registration=first, by=first.user)
    # The second one declines: the third gets it.
    services.decline_offer(registration=second, by=second.user)
    assert fresh(second).status == Status.DECLINED
    assert fresh(third).status == Status.OFFERED
    assert services.accept_offer(registration=third, by=third.user).status == Status.CONFIRMED
    assert services.seats_taken(event.ticket_types.get()) == 1


def test_offer_never_runs_past_the_start(cluster, pinned_clock):
    event = make_event(cluster, capacity=1, offer_hours=48)
    holder = sign_up(event, person(0))
    waiting = sign_up(event, person(1))
    pinned_clock.move_to(event.starts_at - datetime.timedelta(hours=3))
    services.cancel_registration(registration=holder, by=holder.user)
    assert fresh(waiting).offer_expires_at == event.starts_at


def test_periodic_run_expires_offers(full_event, pinned_clock):
    _event, holder, (first, second, _third) = full_event
    services.cancel_registration(registration=holder, by=holder.user)
    pinned_clock.move_to(fresh(first).offer_expires_at + datetime.timedelta(hours=1))
    from clusterwerk.core.periodic import run_here, run_key

    key = run_key(tasks.EXPIRE_OFFERS_RUN, tasks.EXPIRE_OFFERS_FREQUENCY)
    count = run_here(
        key=key,
        kind=tasks.EXPIRE_OFFERS_KIND,
        title=tasks.expire_offers_title(key),
        work=tasks.expire_offers_work,
    )
    assert count == 1
    assert Job.objects.get(run_key=key).result == {"expired": 1}
    assert fresh(second).status == Status.OFFERED


def test_raised_capacity_goes_to_those_waiting(full_event):
    event, _holder, (first, second, third) = full_event
    ticket_type = event.ticket_types.get()
    ticket_type.capacity = 2
    ticket_type.save()
    assert services.expire_offers() == 0  # nothing expired, but the free seat is offered
    assert fresh(first).status == Status.OFFERED
    ticket_type.capacity = 4
    ticket_type.save()
    assert services.fill_free_seats(ticket_type=ticket_type) == 2
    assert fresh(second).status == fresh(third).status == Status.OFFERED
