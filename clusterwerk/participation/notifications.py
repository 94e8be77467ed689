"""In-app notifications of participants (the e-mail digest sends the unsent ones).

Created by the services: a reply to one's comment, a decision on one's proposal, the
moderation of one's contribution, and the phase changes of consultations one follows.
"""

from django.utils.translation import gettext as _

from clusterwerk.participation.models import Notification, NotificationKind


def notify(user, kind: str, text: str, url: str = "", phase=None) -> Notification | None:
    if user is None or not user.is_active:
        return None
    return Notification.objects.create(user=user, kind=kind, text=text[:500], url=url, phase=phase)


def element_url(consultation, comment_or_proposal) -> str:
    from django.urls import reverse

    return reverse(
        "participation:element",
        args=[
            consultation.slug,
            comment_or_proposal.element_kind,
            comment_or_proposal.element_lineage,
        ],
    )


def notify_reply(comment) -> None:
    consultation = comment.consultation
    text = _("Neue Antwort auf Ihren Kommentar in „%(title)s“.") % {"title": consultation.title}
    notify(
        comment.parent.author,
        NotificationKind.REPLY,
        text,
        f"{element_url(consultation, comment)}#kommentar-{comment.pk}",
    )


def notify_decision(proposal) -> None:
    text = _("Über Ihren Vorschlag #%(id)d wurde entschieden: %(status)s.") % {
        "id": proposal.pk,
        "status": proposal.get_status_display(),
    }
    notify(proposal.author, NotificationKind.DECISION, text, proposal.get_absolute_url())


def notify_moderation(author, consultation, reason: str, url: str) -> None:
    text = _("Ein Beitrag von Ihnen in „%(title)s“ wurde ausgeblendet: %(reason)s") % {
        "title": consultation.title,
        "reason": reason,
    }
    notify(author, NotificationKind.MODERATION, text, url)
