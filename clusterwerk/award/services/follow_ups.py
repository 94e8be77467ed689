"""The follow-up questions after an edition: one and three years after the ceremony every
applicant of a submitted application – winners and all the others – is asked what became of
the innovation (on the market, developed further, licensed, stopped; new jobs). The answers
are counted in the monitoring report (`award.reporting`).

- `schedule_follow_ups(edition)`: called by `decisions.release_decisions` in its transaction;
  one row per application and 1 or 3 years, due on the ceremony's anniversary (or that of the
  release when the edition has no ceremony date); 29 February becomes 28 February in a common
  year (`core.dates.add_years`). Running it again changes nothing that was sent.
- `send_due_follow_ups()`: the daily task (`award.tasks`); every due row that was not sent
  yet is marked sent and mailed to the application's creator and the applicant's
  representatives – exactly once, also when two runs overlap.
- `answer_follow_up(...)`: the applicant answers (and may correct the answer later).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.award import phases
from clusterwerk.award.models import (
    Application,
    ApplicationStatus,
    AwardEdition,
    FollowUp,
    FollowUpOutcome,
    Phase,
)
from clusterwerk.award.permissions import is_applicant
from clusterwerk.core import versions
from clusterwerk.core.dates import add_years
from clusterwerk.core.versions import changes

YEARS_AFTER = (1, 3)
MAX_NOTE = 2_000
MAX_EMPLOYEES = 100_000


def base_date(edition: AwardEdition) -> datetime.date:
    """The day the follow-ups count from: the ceremony, else the release of the results."""
    if edition.ceremony_on:
        return edition.ceremony_on
    if edition.results_published_at:
        return timezone.localdate(edition.results_published_at)
    return timezone.localdate()


@transaction.atomic
@changes(versions.AWARD)
def schedule_follow_ups(edition: AwardEdition) -> int:
    """Create the follow-up rows of every submitted application of `edition` (1 and 3 years
    after `base_date`); a row not sent yet gets the current due date. Returns how many rows
    were created."""
    start = base_date(edition)
    created = 0
    applications = Application.objects.filter(edition=edition, status=ApplicationStatus.SUBMITTED)
    for application in applications:
        for years in YEARS_AFTER:
            due_on = add_years(start, years)
            row, was_created = FollowUp.objects.get_or_create(
                application=application, years_after=years, defaults={"due_on": due_on}
            )
            if was_created:
                created += 1
            elif row.sent_at is None and row.due_on != due_on:
                row.due_on = due_on
                row.save(update_fields=["due_on"])
    return created


def due_follow_ups(today: datetime.date | None = None):
    """Rows due on or before `today` that were not sent, of published editions (never of demo
    applications: the demo's people are invented)."""
    today = today or timezone.localdate()
    return FollowUp.objects.filter(
        due_on__lte=today,
        sent_at__isnull=True,
        application__is_demo=False,
        application__status=ApplicationStatus.SUBMITTED,
        application__edition__phase=Phase.PUBLISHED,
    ).order_by("due_on", "pk")


def send_due_follow_ups(*, today: datetime.date | None = None) -> int:
    """Mail every due follow-up that was not sent yet; returns how many were sent. A row is
    claimed by one conditional update (sent_at still empty), so two overlapping runs never
    send the same question twice; the mails leave after the row's transaction commits."""
    from clusterwerk.award import follow_up_mail

    sent = 0
    for pk in list(due_follow_ups(today).values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = FollowUp.objects.filter(pk=pk, sent_at__isnull=True).update(
                sent_at=timezone.now()
            )
            if not claimed:
                continue
            follow_up = FollowUp.objects.select_related(
                "application__edition__cluster", "application__applicant", "application__created_by"
            ).get(pk=pk)
            follow_up_mail.follow_up_due(follow_up)
            versions.bump(versions.AWARD, cluster=follow_up.application.edition.cluster_id)
            sent += 1
    return sent


def _clean_answer(data) -> dict:
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Antwort als Objekt senden."))
    errors: dict[str, list[str]] = {}
    outcome = str(data.get("outcome") or "").strip()
    if not outcome:
        errors["outcome"] = [_("Bitte wählen Sie aus, was aus der Innovation geworden ist.")]
    elif outcome not in FollowUpOutcome.values:
        errors["outcome"] = [_("Bitte wählen Sie eine der angebotenen Antworten.")]
    employees = data.get("employees_added")
    if employees in (None, ""):
        employees = None
    else:
        try:
            employees = int(str(employees).strip())
        except (TypeError, ValueError):
            errors["employees_added"] = [_("Bitte eine ganze Zahl angeben, z. B. 3.")]
            employees = None
        else:
            if employees < 0:
                errors["employees_added"] = [_("Die Zahl darf nicht negativ sein.")]
            elif employees > MAX_EMPLOYEES:
                errors["employees_added"] = [
                    _("Bitte höchstens %(max)d angeben.") % {"max": MAX_EMPLOYEES}
                ]
    note = data.get("note") or ""
    if not isinstance(note, str):
        errors["note"] = [_("Bitte einen Text angeben.")]
        note = ""
    note = note.strip()
    if len(note) > MAX_NOTE:
        errors["note"] = [
            _("Bitte höchstens %(max)d Zeichen (jetzt %(count)d).")
            % {"max": MAX_NOTE, "count": len(note)}
        ]
    if errors:
        raise ValidationError(errors)
    return {"outcome": outcome, "employees_added": employees, "note": note}


@transaction.atomic
@changes(versions.AWARD)
def answer_follow_up(*, user, cluster, follow_up: FollowUp, data: dict) -> FollowUp:
    """The applicant answers the follow-up question (again, to correct it): `data` holds
    `outcome` (a FollowUpOutcome), `employees_added` (optional, ≥ 0) and `note` (optional)."""
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("application__edition")
        .get(pk=follow_up.pk)
    )
    application = follow_up.application
    edition = application.edition
    if edition.cluster_id != cluster.pk:
        raise Http404(_("Diese Nachfrage gibt es nicht oder sie ist nicht für Sie."))
    if not is_applicant(user, application):
        raise PermissionDenied(_("Nur der Bewerber beantwortet diese Nachfrage."))
    phases.require(edition, phases.FOLLOW_UP)
    today = timezone.localdate()
    if follow_up.due_on > today:
        raise ValidationError(
            _("Diese Nachfrage ist erst ab dem %(date)s zu beantworten.")
            % {"date": follow_up.due_on.strftime("%d.%m.%Y")}
        )
    values = _clean_answer(data)
    for field, value in values.items():
        setattr(follow_up, field, value)
    follow_up.answered_at = timezone.now()
    follow_up.answered_by = user
    follow_up.full_clean()
    follow_up.save(
        update_fields=[*values.keys(), "answered_at", "answered_by"],
    )
    return follow_up
