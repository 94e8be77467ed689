"""The e-mails about a registration (German; from the task queue after the transaction
commits, `clusterwerk.core.mail`). Each names the event, its date and the registration's page
(status, ticket with QR code, cancel, accept an offer). A registration without an e-mail
address (at the door, erased) gets none."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core.mail import send_email_later
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.events.models import Registration, RegistrationStatus


def registration_address(registration: Registration) -> str:
    return cluster_url(
        registration.event.cluster,
        reverse("events:registration-detail", args=[registration.pk]),
    )


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y, %H:%M Uhr")


def _ticket_attachment(registration: Registration) -> list[tuple[str, str, str]]:
    """The ticket's QR code (SVG, text) for a confirmed registration."""
    from clusterwerk.events.tickets import has_ticket, ticket_qr_svg

    if not has_ticket(registration):
        return []
    return [("ticket.svg", ticket_qr_svg(registration), "image/svg+xml")]


def _send(
    registration: Registration,
    subject: str,
    paragraphs: list[str],
    *,
    with_ticket: bool = False,
) -> None:
    if not registration.email:
        return
    event = registration.event
    greeting = _("Guten Tag %(name)s,") % {"name": registration.full_name}
    facts = _("Veranstaltung: %(title)s\nBeginn: %(start)s\nKontingent: %(ticket)s") % {
        "title": event.title,
        "start": _when(event.starts_at),
        "ticket": registration.ticket_type.name,
    }
    link = _("Ihre Anmeldung: %(url)s") % {"url": registration_address(registration)}
    closing = _("Ihr Clustermanagement")
    body = "\n\n".join([greeting, *paragraphs, facts, link, closing]) + "\n"
    send_email_later(
        subject=f"{subject}: {event.title}",
        body=body,
        to=[registration.email],
        attachments=_ticket_attachment(registration) if with_ticket else None,
    )


def registered(registration: Registration) -> None:
    """After registering or accepting an offer: confirmed, pending or waitlisted."""
    status = registration.status
    if status == RegistrationStatus.CONFIRMED:
        _send(
            registration,
            _("Anmeldung bestätigt"),
            [
                _(
                    "Ihre Anmeldung ist bestätigt. Ihr Ticket mit QR-Code für den Einlass hängt "
                    "an (ticket.svg) und steht auf der Seite Ihrer Anmeldung."
                )
            ],
            with_ticket=True,
        )
    elif status == RegistrationStatus.PENDING:
        _send(
            registration,
            _("Anmeldung eingegangen"),
            [
                _(
                    "Ihre Anmeldung ist eingegangen. Die Veranstalter prüfen sie; Ihr Platz ist "
                    "bis dahin für Sie reserviert. Sie erhalten eine E-Mail mit der Entscheidung."
                )
            ],
        )
    elif status == RegistrationStatus.WAITLISTED:
        _send(
            registration,
            _("Auf der Warteliste"),
            [
                _(
                    "Die Veranstaltung ist ausgebucht; Sie stehen auf der Warteliste. Wird ein "
                    "Platz frei, bieten wir ihn Ihnen per E-Mail an – der Reihe nach."
                )
            ],
        )


def approved(registration: Registration) -> None:
    _send(
        registration,
        _("Anmeldung angenommen"),
        [
            _(
                "Die Veranstalter haben Ihre Anmeldung angenommen. Ihr Ticket mit QR-Code für den "
                "Einlass hängt an (ticket.svg) und steht auf der Seite Ihrer Anmeldung."
            )
        ],
        with_ticket=True,
    )


def declined(registration: Registration, reason: str) -> None:
    _send(
        registration,
        _("Anmeldung nicht angenommen"),
        [
            _("Die Veranstalter konnten Ihre Anmeldung leider nicht annehmen."),
            _("Begründung: %(reason)s") % {"reason": reason},
        ],
    )


def offer(registration: Registration) -> None:
    _send(
        registration,
        _("Ein Platz ist frei geworden"),
        [
            _(
                "Ein Platz ist frei geworden, und Sie sind an der Reihe. Der Platz ist bis "
                "%(deadline)s für Sie reserviert. Bitte nehmen Sie ihn auf der Seite Ihrer "
                "Anmeldung an (oder lehnen Sie ab); danach bieten wir ihn der nächsten Person an."
            )
            % {"deadline": _when(registration.offer_expires_at)},
        ],
    )


def offer_expired(registration: Registration) -> None:
    _send(
        registration,
        _("Angebot abgelaufen"),
        [
            _(
                "Sie haben den angebotenen Platz nicht rechtzeitig angenommen; er wurde der "
                "nächsten Person auf der Warteliste angeboten. Sie können sich erneut anmelden, "
                "solange die Anmeldung offen ist."
            )
        ],
    )


def cancelled(registration: Registration, *, by_organiser: bool) -> None:
    text = (
        _("Die Veranstalter haben Ihre Anmeldung storniert.")
        if by_organiser
        else _("Sie haben sich von der Veranstaltung abgemeldet.")
    )
    _send(registration, _("Abmeldung"), [text])
