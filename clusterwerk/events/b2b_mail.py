"""The e-mails of a B2B day (German; from the task queue after the transaction commits,
`clusterwerk.core.mail`): a participant hears of a meeting wish addressed to them, and every
participant gets their agenda when the organisers publish the schedule. A participant
without an e-mail address (registered at the door, erased) gets none."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core.mail import send_email_later
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.events.models import B2BMeeting, B2BParticipant, Event, MeetingWish, WishStatus


def _label(participant: B2BParticipant) -> str:
    return participant.registration.name_with_organisation


def _home(event: Event) -> str:
    return cluster_url(event.cluster, reverse("events:b2b-home", args=[event.slug]))


def _send(participant: B2BParticipant, subject: str, paragraphs: list[str]) -> None:
    registration = participant.registration
    if not registration.email:
        return
    event = participant.event
    greeting = _("Guten Tag %(name)s,") % {"name": registration.full_name}
    link = _("Ihr B2B-Tag: %(url)s") % {"url": _home(event)}
    closing = _("Ihr Clustermanagement")
    body = "\n\n".join([greeting, *paragraphs, link, closing]) + "\n"
    send_email_later(subject=f"{subject}: {event.title}", body=body, to=[registration.email])


def wish_received(wish: MeetingWish) -> None:
    """Tell the target of a wish: to answer it, or that the wish is mutual."""
    if wish.status == WishStatus.ACCEPTED:
        paragraphs = [
            _(
                "%(requester)s möchte Sie am B2B-Tag sprechen – und Sie hatten sich dieses "
                "Gespräch ebenfalls gewünscht. Es wird bei der Planung vorrangig berücksichtigt."
            )
            % {"requester": _label(wish.requester)}
        ]
    else:
        paragraphs = [
            _("%(requester)s möchte Sie am B2B-Tag sprechen.")
            % {"requester": _label(wish.requester)},
            _("Grund: %(reason)s") % {"reason": wish.reason},
            _("Bitte nehmen Sie den Wunsch an oder lehnen Sie ihn ab."),
        ]
    _send(wish.target, _("Gesprächswunsch"), paragraphs)


def schedule_published(event: Event) -> int:
    """Send each participant their meetings (time, table, partner). Returns how many got one."""
    meetings = list(
        B2BMeeting.objects.filter(event=event)
        .select_related(
            "slot",
            "first__registration__actor",
            "second__registration__actor",
        )
        .order_by("slot__index", "table")
    )
    agenda: dict[int, list[str]] = {}
    for meeting in meetings:
        start = timezone.localtime(meeting.slot.starts_at).strftime("%H:%M")
        for own, other in ((meeting.first, meeting.second), (meeting.second, meeting.first)):
            agenda.setdefault(own.pk, []).append(
                _("%(start)s Uhr, Tisch %(table)d: %(partner)s")
                % {"start": start, "table": meeting.table, "partner": _label(other)}
            )
    sent = 0
    participants = B2BParticipant.objects.filter(event=event).select_related(
        "registration__actor", "event__cluster"
    )
    for participant in participants:
        lines = agenda.get(participant.pk)
        if lines:
            paragraphs = [
                _("der Gesprächsplan für den B2B-Tag steht. Ihre Gespräche:"),
                "\n".join(lines),
            ]
        else:
            paragraphs = [
                _(
                    "der Gesprächsplan für den B2B-Tag steht. Für Sie ist diesmal kein Gespräch "
                    "eingeplant; die Veranstalter helfen Ihnen vor Ort weiter."
                )
            ]
        _send(participant, _("Ihr Gesprächsplan"), paragraphs)
        sent += bool(participant.registration.email)
    return sent
