"""Expressions of interest: an organisation answers a listing, the owner accepts (both sides
see each other's contact) or declines, the sender may withdraw."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import represented_actor_ids
from clusterwerk.actors.models import Actor
from clusterwerk.core import versions
from clusterwerk.core.versions import changes
from clusterwerk.matchmaking.models import Interest, InterestStatus, Listing
from clusterwerk.matchmaking.permissions import can_decide_interests, can_send_interest
from clusterwerk.matchmaking.services.listing_data import MAX_MESSAGE
from clusterwerk.matchmaking.services.notifications import notify_owner, notify_sender


@changes(versions.MATCHMAKING)
@transaction.atomic
def send_interest(*, user, listing: Listing, actor: Actor, message: str) -> Interest:
    if not can_send_interest(user) or actor.pk not in represented_actor_ids(user):
        raise PermissionDenied(
            _("Interesse bekunden Sie im Namen einer Organisation, die Sie vertreten.")
        )
    if actor.pk == listing.owner_actor_id:
        raise ValidationError({"actor": [_("Das ist Ihr eigenes Inserat.")]})
    if not listing.is_open:
        raise ValidationError(_("Dieses Inserat ist nicht mehr offen."))
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": [_("Bitte schreiben Sie eine kurze Nachricht.")]})
    if len(message) > MAX_MESSAGE:
        raise ValidationError({"message": [_("Höchstens %(max)d Zeichen.") % {"max": MAX_MESSAGE}]})
    already = Interest.objects.filter(
        listing=listing,
        actor=actor,
        status__in=[InterestStatus.PENDING, InterestStatus.ACCEPTED],
    ).exists()
    if already:
        raise ValidationError(
            {"actor": [_("Für diese Organisation liegt bereits eine Interessensbekundung vor.")]}
        )
    interest = Interest.objects.create(listing=listing, actor=actor, sender=user, message=message)
    notify_owner(listing, "matchmaking/email/interest_received.txt", {"interest": interest})
    return interest


def _decidable(user, interest: Interest) -> Interest:
    if not can_decide_interests(user, interest.listing):
        raise PermissionDenied(_("Nur der Anbieter entscheidet über Interessensbekundungen."))
    interest = Interest.objects.select_for_update().select_related("listing").get(pk=interest.pk)
    if interest.status != InterestStatus.PENDING:
        raise ValidationError(_("Über diese Interessensbekundung ist bereits entschieden."))
    return interest


@changes(versions.MATCHMAKING)
@transaction.atomic
def accept_interest(*, user, interest: Interest, note: str = "") -> Interest:
    interest = _decidable(user, interest)
    _decide(interest, user, InterestStatus.ACCEPTED, note)
    notify_sender(interest, "matchmaking/email/interest_accepted.txt")
    return interest


@changes(versions.MATCHMAKING)
@transaction.atomic
def decline_interest(*, user, interest: Interest, note: str = "") -> Interest:
    interest = _decidable(user, interest)
    _decide(interest, user, InterestStatus.DECLINED, note)
    notify_sender(interest, "matchmaking/email/interest_declined.txt")
    return interest


def _decide(interest: Interest, user, status: str, note: str) -> None:
    interest.status = status
    interest.decided_at = timezone.now()
    interest.decided_by = user
    interest.decision_note = (note or "").strip()[:MAX_MESSAGE]
    interest.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])


@changes(versions.MATCHMAKING)
@transaction.atomic
def withdraw_interest(*, user, interest: Interest) -> Interest:
    if interest.sender_id != user.pk and interest.actor_id not in represented_actor_ids(user):
        raise PermissionDenied(_("Nur wer das Interesse bekundet hat, zieht es zurück."))
    if interest.status != InterestStatus.PENDING:
        raise ValidationError(_("Nur offene Interessensbekundungen lassen sich zurückziehen."))
    interest.status = InterestStatus.WITHDRAWN
    interest.decided_at = timezone.now()
    interest.save(update_fields=["status", "decided_at"])
    return interest
