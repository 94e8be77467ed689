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


def _erase(registrations, now: datetime.datetime) -> int:
    """Erase the person from `registrations` (a queryset) in one statement."""
    return registrations.update(
        first_name="",
        last_name="",
        email="",
        answers={},
        consent_participant_list=False,
        user=None,
        erased_at=now,
        updated_at=now,
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
    return _erase(Registration.objects.filter(user=user), now)


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
    expired = Registration.objects.filter(
        erased_at__isnull=True, event__ends_at__lt=retention_cutoff(now)
    )
    return _erase(expired, now)
