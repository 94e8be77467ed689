"""Personal data of registrations: erased with the account, and after the retention period –
the organisation and the check-ins still count."""

import datetime

import pytest
from django.utils import timezone

from clusterwerk.accounts.services import delete_account
from clusterwerk.events.models import CheckIn, CheckInKind, CheckInMethod, RegistrationStatus
from clusterwerk.events.services.privacy import (
    RETENTION_MONTHS,
    erase_expired_registrations,
    retention_cutoff,
)
from clusterwerk.events.tasks import erase_work
from clusterwerk.events.tests.factories import make_event, make_registration
from clusterwerk.events.tests.registration_support import make_actor, sign_up
from conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_deleting_the_account_cancels_coming_registrations_and_frees_the_seat(cluster):
    event = make_event(cluster, capacity=1)
    person = make_user("geht@example.org", cluster, "member", first_name="Gerda", last_name="Geht")
    waiting = make_user("wartet@example.org", cluster, "member")
    registration = sign_up(event, person, consent_participant_list=True)
    queued = sign_up(event, waiting)
    assert queued.status == RegistrationStatus.WAITLISTED

    delete_account(user=person, password=PASSWORD)

    registration.refresh_from_db()
    queued.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert (registration.first_name, registration.last_name, registration.email) == ("", "", "")
    assert registration.user_id is None and registration.erased_at is not None
    assert registration.consent_participant_list is False
    assert queued.status == RegistrationStatus.OFFERED


def test_deleting_the_account_keeps_the_organisation_and_attendance_of_past_events(cluster):
    person = make_user("war-da@example.org", cluster, "member")
    actor = make_actor(cluster, "Schlosserei Beispiel", representative=person)
    past = make_event(
        cluster,
        starts_at=timezone.now() - datetime.timedelta(days=30),
        status="documented",
    )
    registration = make_registration(
        past, user=person, actor=actor, first_name="Paula", answers={"1": "vegetarisch"}
    )
    CheckIn.objects.create(
        registration=registration,
        kind=CheckInKind.ENTRY,
        method=CheckInMethod.QR,
        scanned_at=past.starts_at,
    )

    delete_account(user=person, password=PASSWORD)

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # it happened
    assert registration.actor == actor
    assert registration.check_ins.count() == 1
    assert registration.first_name == "" and registration.answers == {}


@pytest.mark.clock
def test_the_retention_run_erases_only_events_older_than_the_period(cluster):
    now = timezone.now()
    cutoff = retention_cutoff(now)
    assert cutoff.date().year * 12 + cutoff.date().month == (
        timezone.localdate().year * 12 + timezone.localdate().month - RETENTION_MONTHS
    )
    old = make_event(cluster, starts_at=cutoff - datetime.timedelta(days=2), status="held")
    recent = make_event(cluster, starts_at=cutoff + datetime.timedelta(days=2), status="held")
    gone = make_registration(old, first_name="Alt")
    kept = make_registration(recent, first_name="Neu")

    assert erase_expired_registrations(now=now) == 1
    assert erase_expired_registrations(now=now) == 0

    gone.refresh_from_db()
    kept.refresh_from_db()
    assert gone.first_name == "" and gone.email == "" and gone.erased_at is not None
    assert kept.first_name == "Neu" and kept.erased_at is None


def test_the_retention_run_reports_its_count_on_the_job(cluster):
    from clusterwerk.core.models import Job, JobState

    old = make_event(cluster, starts_at=timezone.now() - datetime.timedelta(days=800))
    make_registration(old)
    job = Job.objects.create(
        kind="events.erase_registrations", title="Test", state=JobState.RUNNING
    )
    assert erase_work(job) == 1
    job.refresh_from_db()
    assert job.result == {"erased": 1}
