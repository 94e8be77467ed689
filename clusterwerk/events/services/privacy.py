"""Personal data of registrations: kept while it is needed, then erased.

A registration holds a person's name, address and answers beside the organisation it counts
for. The organisation, contingent, status and check-ins stay (the attendance per
organisation and the monitoring report count them); the person goes:

- when the person deletes their account (`accounts.services.delete_account` runs
  `erase_registrations_of_user`, registered in `EventsConfig.ready`): registrations for events
  still to come are cancelled first, so that the seat goes to the next person waiting;
- `RETENTION_MONTHS` after the event ended, for everybody (`erase_expired_registrations`, a
  daily run of the scheduler).

Feedback keeps its rating and text, which were given without a name shown to anybody.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from clusterwerk.accounts.services import system_user
from clusterwerk.core import versions
from clusterwerk.core.dates import add_months
from clusterwerk.core.versions import changes
from clusterwerk.events.models import ACTIVE_STATUSES, Registration
from clusterwerk.events.services.registration import cancel_registration

RETENTION_MONTHS = 12


def _erase(registration: Registration, now: datetime.datetime) -> None:
    registration.first_name = ""
    registration.last_name = ""
    registration.email = ""
    registration.answers = {}
    registration.consent_participant_list = False
    registration.user = None
    registration.erased_at = now
    registration.save(
        update_fields=[
            "first_name",
            "last_name",
            "email",
            "answers",
            "consent_participant_list",
            "user",
            "erased_at",
            "updated_at",
        ]
    )


@changes(versions.EVENTS)
@transaction.atomic
def erase_registrations_of_user(user) -> int:
    """Cancel the user's active registrations for events that have not ended, then erase the
    person's data from all their registrations. Returns the number erased."""
    now = timezone.now()
    registrations = Registration.objects.filter(user=user).select_related("event")
    for registration in registrations.filter(status__in=ACTIVE_STATUSES, event__ends_at__gt=now):
        cancel_registration(registration=registration, by=system_user())
    erased = 0
    for registration in Registration.objects.filter(user=user):
        _erase(registration, now)
        erased += 1
    return erased


def retention_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Events that ended before this moment keep no personal data."""
    local = timezone.localtime(now)
    day = add_months(local.date(), -RETENTION_MONTHS)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


@changes(versions.EVENTS)
@transaction.atomic
def erase_expired_registrations(*, now: datetime.datetime | None = None) -> int:
    """Erase the personal data of registrations of events that ended more than
    `RETENTION_MONTHS` ago. Returns the number erased."""
    now = now or timezone.now()
    erased = 0
    expired = Registration.objects.filter(
        erased_at__isnull=True, event__ends_at__lt=retention_cutoff(now)
    )
    for registration in expired.iterator():
        _erase(registration, now)
        erased += 1
    return erased
