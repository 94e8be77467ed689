"""The conversation after an accepted interest: messages, read state, e-mail notices,
meeting proposals, the outcome of the contact, and the moderation of reported messages.

Who may do what (`permissions`): the participants – the people who act for the listing's
owner and for the interested organisation – write while the interest is accepted, in the
cluster of the listing (the request's; asked from another cluster, every write is refused).
The cluster management reads, and hides reported messages; it does not take part.

E-mail notices go through the task queue (`core.mail`) to the other side's participants,
never to the author, at most one per thread and person per `NOTICE_INTERVAL`: a message
written within that time after the last notice is told in a notice queued for the end of the
interval (`send_held_back_notice`), which says how many messages are unread – unless the
person has read them by then.

Erasure of an account (`accounts.services.delete_account`): the user's messages and meeting
proposals stay in the thread with the author anonymised (their foreign keys are SET_NULL and
the pages say "gelöschtes Konto"), so the other organisation keeps an intelligible record of
what was agreed; the person's read state and notice times are deleted with the account
(CASCADE). The personal-data export lists the messages, proposals, outcomes and reports a user
authored, as it lists every row that points at the user.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core import validation, versions
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.matchmaking import queries
from clusterwerk.matchmaking.models import (
    ContactOutcome,
    ConversationRead,
    Interest,
    InterestOutcome,
    MeetingOption,
    MeetingProposal,
    MeetingStatus,
    Message,
    MessageReport,
    ReportStatus,
)
from clusterwerk.matchmaking.permissions import (
    can_moderate_messages,
    conversation_side,
)
from clusterwerk.matchmaking.services.notifications import (
    notify_meeting,
    notify_messages,
)

MAX_BODY = 4000
MAX_REASON = 300
MAX_NOTE = 1000
MAX_PLACE = 300
MAX_OPTIONS = 3
MIN_DURATION, MAX_DURATION = 15, 8 * 60
NOTICE_INTERVAL = datetime.timedelta(minutes=15)


def _cluster_id(cluster) -> int:
    return cluster if isinstance(cluster, int) else cluster.pk


def _participant_side(user, cluster, interest: Interest) -> int:
    """The organisation the user writes for; refuses everybody who may not write here now."""
    if interest.listing.cluster_id != _cluster_id(cluster):
        raise PermissionDenied(_("Dieses Gespräch gehört zu einem anderen Cluster."))
    side = conversation_side(user, interest)
    if side is None:
        raise PermissionDenied(
            _("Nur die Beteiligten der beiden Organisationen schreiben in diesem Gespräch.")
        )
    if not interest.is_accepted:
        raise PermissionDenied(
            _("Geschrieben wird erst, wenn die Interessensbekundung angenommen ist.")
        )
    return side


def _locked_interest(interest: Interest) -> Interest:
    return (
        Interest.objects.select_for_update()
        .select_related("listing", "listing__owner_actor", "listing__cluster", "actor")
        .get(pk=interest.pk)
    )


# --- Messages and read state --------------------------------------------------------------


@transaction.atomic
def send_message(*, user, cluster, interest: Interest, body: str) -> Message:
    interest = _locked_interest(interest)
    side = _participant_side(user, cluster, interest)
    errors = PayloadErrors()
    body = validation.text(body, "body", errors, max_length=MAX_BODY, required=True)
    errors.raise_if_any()
    message = Message.objects.create(
        interest=interest, author=user, author_actor_id=side, body=body
    )
    _mark_read(user, interest, message.created_at)
    _notify_other_side(interest, side, message.created_at)
    return message


def _mark_read(user, interest: Interest, moment) -> None:
    read, created = ConversationRead.objects.get_or_create(
        interest=interest, user=user, defaults={"last_read_at": moment}
    )
    if not created and (read.last_read_at is None or read.last_read_at < moment):
        read.last_read_at = moment
        read.save(update_fields=["last_read_at"])


@transaction.atomic
def mark_read(*, user, cluster, interest: Interest) -> None:
    """The participant has seen the thread up to now (the cluster management leaves no
    trace: it is not a participant)."""
    if interest.listing.cluster_id != _cluster_id(cluster):
        raise PermissionDenied(_("Dieses Gespräch gehört zu einem anderen Cluster."))
    if conversation_side(user, interest) is None:
        return
    _mark_read(user, interest, timezone.now())


def _notify_other_side(interest: Interest, side: int, now) -> None:
    """One notice per recipient and thread per NOTICE_INTERVAL, with the count of messages
    they have not read."""
    other = queries.other_side(interest, side)
    recipients = [user for user in queries.participant_users(other.pk) if user.email]
    if not recipients:
        return
    counts = _unread_for(interest, recipients)
    due = []
    for recipient in recipients:
        read, _created = ConversationRead.objects.select_for_update().get_or_create(
            interest=interest, user=recipient
        )
        if read.last_notified_at and now - read.last_notified_at < NOTICE_INTERVAL:
            if _first_since_notice(interest, recipient, read.last_notified_at):
                _follow_up_later(interest, recipient, read.last_notified_at + NOTICE_INTERVAL)
            continue
        read.last_notified_at = now
        read.save(update_fields=["last_notified_at"])
        due.append((recipient, counts.get(recipient.pk, 1)))
    notify_messages(interest, due)


def _first_since_notice(interest: Interest, recipient, notified_at) -> bool:
    """Whether the message just written is the first the recipient was not told about."""
    return (
        Message.objects.filter(interest=interest, created_at__gt=notified_at)
        .exclude(author=recipient)
        .count()
        == 1
    )


def _follow_up_later(interest: Interest, recipient, at) -> None:
    """Queue the notice the interval held back, for when it has passed. The immediate
    backend (tests, no worker) cannot defer: there the next message brings the notice."""
    from clusterwerk.core.tasks import default_task_backend
    from clusterwerk.matchmaking.tasks import conversation_notice_task

    if not default_task_backend.supports_defer:
        return
    interest_id, user_id = interest.pk, recipient.pk
    transaction.on_commit(
        lambda: conversation_notice_task.using(run_after=at).enqueue(
            interest_id=interest_id, user_id=user_id
        )
    )


@transaction.atomic
def send_held_back_notice(*, interest_id: int, user_id: int) -> bool:
    """The notice held back by the interval: sent when the participant has messages they
    were neither told about nor have read, and the interval since the last notice has
    passed; True when it was sent. Run by `tasks.conversation_notice_task`."""
    read = (
        ConversationRead.objects.select_for_update()
        .select_related("user", "interest__listing")
        .filter(interest_id=interest_id, user_id=user_id)
        .first()
    )
    if read is None or not read.user.email or not read.interest.is_accepted:
        return False
    now = timezone.now()
    if read.last_notified_at and now - read.last_notified_at < NOTICE_INTERVAL:
        return False
    since = max(filter(None, (read.last_notified_at, read.last_read_at)), default=None)
    news = Message.objects.filter(interest_id=interest_id, hidden_at__isnull=True).exclude(
        author_id=user_id
    )
    if since is not None:
        news = news.filter(created_at__gt=since)
    if not news.exists():
        return False
    if conversation_side(read.user, read.interest) is None:
        return False
    read.last_notified_at = now
    read.save(update_fields=["last_notified_at"])
    unread = _unread_for(read.interest, [read.user]).get(user_id, 0)
    notify_messages(read.interest, [(read.user, unread or 1)])
    return True


def _unread_for(interest: Interest, users) -> dict[int, int]:
    return {
        user.pk: queries.unread_counts(user, [interest.pk]).get(interest.pk, 0) for user in users
    }


# --- Meetings ------------------------------------------------------------------------------


@changes(versions.MATCHMAKING)
@transaction.atomic
def propose_meeting(
    *,
    user,
    cluster,
    interest: Interest,
    options: list[datetime.datetime],
    duration_minutes: int,
    place: str = "",
    online_url: str = "",
    note: str = "",
) -> MeetingProposal:
    interest = _locked_interest(interest)
    side = _participant_side(user, cluster, interest)
    errors = PayloadErrors()
    options = sorted({option for option in options if option is not None})
    if not options:
        errors.add("options", _("Bitte schlagen Sie mindestens einen Termin vor."))
    elif len(options) > MAX_OPTIONS:
        errors.add("options", _("Höchstens drei Termine."))
    elif any(option <= timezone.now() for option in options):
        errors.add("options", _("Bitte schlagen Sie nur Termine in der Zukunft vor."))
    if not isinstance(duration_minutes, int) or not (
        MIN_DURATION <= duration_minutes <= MAX_DURATION
    ):
        errors.add(
            "duration_minutes",
            _("Die Dauer liegt zwischen %(min)d und %(max)d Minuten.")
            % {"min": MIN_DURATION, "max": MAX_DURATION},
        )
    place = validation.text(place, "place", errors, max_length=MAX_PLACE)
    online_url = validation.text(online_url, "online_url", errors, max_length=500)
    if online_url and not online_url.startswith(("https://", "http://")):
        errors.add("online_url", _("Bitte geben Sie einen Link mit https:// an."))
    if not place and not online_url and "place" not in errors:
        errors.add("place", _("Bitte geben Sie einen Ort oder einen Link zum Online-Treffen an."))
    note = validation.text(note, "note", errors, max_length=MAX_NOTE)
    errors.raise_if_any()
    meeting = MeetingProposal.objects.create(
        interest=interest,
        proposed_by=user,
        proposer_actor_id=side,
        duration_minutes=duration_minutes,
        place=place,
        online_url=online_url,
        note=note,
    )
    MeetingOption.objects.bulk_create(
        MeetingOption(proposal=meeting, starts_at=option) for option in options
    )
    notify_meeting(
        meeting, "matchmaking/email/meeting_proposed.txt", to_side=_other(interest, side)
    )
    return meeting


def _other(interest: Interest, side: int) -> int:
    return queries.other_side(interest, side).pk


def _answerable(user, cluster, meeting: MeetingProposal) -> tuple[MeetingProposal, int]:
    meeting = MeetingProposal.objects.select_for_update().get(pk=meeting.pk)
    interest = _locked_interest(meeting.interest)
    meeting.interest = interest
    side = _participant_side(user, cluster, interest)
    if side == meeting.proposer_actor_id:
        raise PermissionDenied(_("Über einen Terminvorschlag entscheidet die andere Seite."))
    if meeting.status != MeetingStatus.PROPOSED:
        raise ValidationError(_("Über diesen Terminvorschlag ist bereits entschieden."))
    return meeting, side


@changes(versions.MATCHMAKING)
@transaction.atomic
def accept_meeting(*, user, cluster, meeting: MeetingProposal, option_id) -> MeetingProposal:
    """The other side picks one of the times: the meeting is confirmed to both sides by e-mail
    with an iCalendar invitation."""
    meeting, _side = _answerable(user, cluster, meeting)
    option = meeting.options.filter(pk=_int_or_none(option_id)).first()
    if option is None:
        raise ValidationError({"option": [_("Bitte wählen Sie einen der Termine.")]})
    meeting.status = MeetingStatus.CONFIRMED
    meeting.chosen = option
    meeting.decided_by = user
    meeting.decided_at = timezone.now()
    meeting.save(update_fields=["status", "chosen", "decided_by", "decided_at"])
    notify_meeting(meeting, "matchmaking/email/meeting_confirmed.txt", to_side=None)
    return meeting


@changes(versions.MATCHMAKING)
@transaction.atomic
def decline_meeting(*, user, cluster, meeting: MeetingProposal, note: str) -> MeetingProposal:
    """None of the times fits: declined, with a note for the proposing side."""
    meeting, _side = _answerable(user, cluster, meeting)
    errors = PayloadErrors()
    note = validation.text(note, "decline_note", errors, max_length=MAX_NOTE, required=True)
    errors.raise_if_any()
    meeting.status = MeetingStatus.DECLINED
    meeting.decline_note = note
    meeting.decided_by = user
    meeting.decided_at = timezone.now()
    meeting.save(update_fields=["status", "decline_note", "decided_by", "decided_at"])
    notify_meeting(
        meeting, "matchmaking/email/meeting_declined.txt", to_side=meeting.proposer_actor_id
    )
    return meeting


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Outcome -------------------------------------------------------------------------------


@changes(versions.MATCHMAKING)
@transaction.atomic
def record_outcome(*, user, cluster, interest: Interest, outcome: str) -> Interest:
    """Either side records the outcome; the last one recorded counts, every one is kept in
    `InterestOutcome` (who, for which organisation, when)."""
    interest = _locked_interest(interest)
    side = _participant_side(user, cluster, interest)
    if outcome not in ContactOutcome.values:
        raise ValidationError({"outcome": [_("Bitte wählen Sie ein Ergebnis.")]})
    now = timezone.now()
    InterestOutcome.objects.create(
        interest=interest, outcome=outcome, recorded_by=user, recorded_for_id=side, created_at=now
    )
    interest.outcome = outcome
    interest.outcome_at = now
    interest.outcome_by = user
    interest.save(update_fields=["outcome", "outcome_at", "outcome_by"])
    return interest


# --- Reports and moderation ------------------------------------------------------------------


def _reason(value, *, required: bool = True) -> str:
    errors = PayloadErrors()
    reason = validation.text(value, "reason", errors, max_length=MAX_REASON, required=required)
    errors.raise_if_any()
    return reason


@transaction.atomic
def report_message(*, user, cluster, message: Message, reason: str) -> MessageReport:
    """A participant reports a message of the other side (or a colleague's) to the cluster
    management; one open report per person and message."""
    message = (
        Message.objects.select_for_update().select_related("interest__listing").get(pk=message.pk)
    )
    interest = message.interest
    if interest.listing.cluster_id != _cluster_id(cluster):
        raise PermissionDenied(_("Dieses Gespräch gehört zu einem anderen Cluster."))
    if conversation_side(user, interest) is None:
        raise PermissionDenied(_("Nachrichten melden die Beteiligten des Gesprächs."))
    reason = _reason(reason)
    if message.author_id == user.pk:
        raise ValidationError(_("Eigene Nachrichten können Sie nicht melden."))
    if message.is_hidden:
        raise ValidationError(_("Diese Nachricht ist bereits ausgeblendet."))
    if message.reports.filter(reporter=user, status=ReportStatus.OPEN).exists():
        raise ValidationError(
            _("Sie haben diese Nachricht bereits gemeldet; die Moderation prüft sie.")
        )
    return MessageReport.objects.create(message=message, reporter=user, reason=reason)


def _moderated(moderator, cluster, message: Message) -> Message:
    if not can_moderate_messages(moderator, cluster):
        raise PermissionDenied(_("Nachrichten moderiert das Clustermanagement."))
    message = (
        Message.objects.select_for_update().select_related("interest__listing").get(pk=message.pk)
    )
    if message.interest.listing.cluster_id != _cluster_id(cluster):
        raise PermissionDenied(_("Dieses Gespräch gehört zu einem anderen Cluster."))
    return message


@changes(versions.MATCHMAKING)
@transaction.atomic
def hide_message(*, moderator, cluster, message: Message, reason: str) -> Message:
    """Hide a message; participants see "Nachricht von der Moderation ausgeblendet" instead.
    The open reports are resolved."""
    message = _moderated(moderator, cluster, message)
    reason = _reason(reason)
    if message.is_hidden:
        raise ValidationError(_("Diese Nachricht ist bereits ausgeblendet."))
    message.hidden_at = timezone.now()
    message.hidden_by = moderator
    message.hidden_reason = reason
    message.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    message.reports.filter(status=ReportStatus.OPEN).update(status=ReportStatus.RESOLVED)
    return message


@transaction.atomic
def dismiss_message_reports(*, moderator, cluster, message: Message) -> int:
    """The reports were unfounded: closed, the message stays."""
    message = _moderated(moderator, cluster, message)
    count = message.reports.filter(status=ReportStatus.OPEN).update(status=ReportStatus.RESOLVED)
    if not count:
        raise ValidationError(_("Zu dieser Nachricht gibt es keine offenen Meldungen."))
    return count
