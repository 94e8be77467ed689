"""Listings through their life: create (as a draft or straight to review), edit (an owner's
change to a published listing goes back to review), submit, approve or return with a note,
close, and the daily expiry. Keyword-only, permission-checked, in a transaction."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import has_all_rights
from clusterwerk.actors.models import Actor, ActorStatus
from clusterwerk.core import versions
from clusterwerk.core.models import Cluster
from clusterwerk.core.versions import changes
from clusterwerk.matchmaking.models import Listing, ListingStatus, ListingTopicArea
from clusterwerk.matchmaking.permissions import (
    can_create_listing_for,
    can_edit_listing,
    can_review_listing,
)
from clusterwerk.matchmaking.services.listing_data import (
    MAX_MESSAGE,
    clean_listing,
    listing_edit_conflict,
)
from clusterwerk.matchmaking.services.notifications import notify_owner


def _apply(listing: Listing, values: dict) -> None:
    for name, value in values.items():
        if name not in ("districts", "topics"):
            setattr(listing, name, value)
    listing.full_clean(exclude=["owner_actor", "cluster", "created_by"])
    listing.save()
    listing.districts.set(values["districts"])
    listing.topics.all().delete()
    ListingTopicArea.objects.bulk_create(
        [
            ListingTopicArea(listing=listing, lineage=uuid.UUID(lineage))
            for lineage in values["topics"]
        ]
    )


@changes(versions.MATCHMAKING)
@transaction.atomic
def create_listing(
    *, user, cluster: Cluster, owner: Actor, data: dict, submit: bool = False
) -> Listing:
    """A listing of `owner` in `cluster` (the request's): the owner must belong to the
    cluster, and the user represent it or manage the cluster."""
    if not can_create_listing_for(user, owner, cluster):
        raise PermissionDenied(
            _(
                "Sie können Inserate nur für Organisationen dieses Clusters anlegen, die Sie "
                "vertreten."
            )
        )
    if owner.status == ActorStatus.ARCHIVED:
        raise ValidationError({"owner_actor": [_("Dieser Akteur ist archiviert.")]})
    values = clean_listing(data, owner=owner, cluster=cluster)
    listing = Listing(cluster=cluster, owner_actor=owner, created_by=user)
    _apply(listing, values)
    if submit:
        _submit(listing)
    return listing


@changes(versions.MATCHMAKING)
@transaction.atomic
def update_listing(*, user, listing: Listing, data: dict, version: int | None = None) -> Listing:
    """Owners' changes to a published listing go back to review; managers' do not."""
    if not can_edit_listing(user, listing):
        raise PermissionDenied(_("Nur der Anbieter und das Clustermanagement ändern Inserate."))
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if version is not None and listing.version != version:
        raise listing_edit_conflict(listing)
    if listing.status not in (
        ListingStatus.DRAFT,
        ListingStatus.IN_REVIEW,
        ListingStatus.PUBLISHED,
    ):
        raise ValidationError(
            _("Abgelaufene oder geschlossene Inserate lassen sich nicht mehr ändern.")
        )
    values = clean_listing(data, owner=listing.owner_actor, cluster=listing.cluster)
    back_to_review = listing.status == ListingStatus.PUBLISHED and not can_review_listing(
        user, listing
    )
    listing.version += 1  # the row is locked (select_for_update)
    _apply(listing, values)
    if back_to_review:
        _submit(listing)
    return listing


def _submit(listing: Listing) -> None:
    listing.status = ListingStatus.IN_REVIEW
    listing.submitted_at = timezone.now()
    listing.save(update_fields=["status", "submitted_at", "updated_at"])


@changes(versions.MATCHMAKING)
@transaction.atomic
def submit_listing(*, user, listing: Listing) -> Listing:
    if not can_edit_listing(user, listing):
        raise PermissionDenied(_("Nur der Anbieter reicht ein Inserat zur Prüfung ein."))
    if listing.status != ListingStatus.DRAFT:
        raise ValidationError(_("Nur Entwürfe können zur Prüfung eingereicht werden."))
    if listing.expires_on < timezone.localdate():
        raise ValidationError(
            {"expires_on": [_("Das Ablaufdatum liegt in der Vergangenheit. Bitte anpassen.")]}
        )
    _submit(listing)
    return listing


@changes(versions.MATCHMAKING)
@transaction.atomic
def approve_listing(*, user, listing: Listing, notify: bool = True) -> Listing:
    """Publish a listing in review; its owner's people hear of it unless `notify` is off
    (demo content, whose addresses reach nobody)."""
    if not can_review_listing(user, listing):
        raise PermissionDenied(_("Nur das Clustermanagement gibt Inserate frei."))
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status != ListingStatus.IN_REVIEW:
        raise ValidationError(_("Dieses Inserat wartet nicht auf Prüfung."))
    if listing.expires_on < timezone.localdate():
        raise ValidationError(_("Das Inserat ist bereits abgelaufen und kann nicht erscheinen."))
    listing.status = ListingStatus.PUBLISHED
    # The first publication counts (pipeline, saved-search hits); a re-approval after an edit
    # does not make the listing new again.
    listing.published_at = listing.published_at or timezone.now()
    listing.reviewed_by = user
    listing.review_note = ""
    listing.save(
        update_fields=["status", "published_at", "reviewed_by", "review_note", "updated_at"]
    )
    if notify:
        notify_owner(listing, "matchmaking/email/listing_published.txt", {})
    return listing


@changes(versions.MATCHMAKING)
@transaction.atomic
def return_listing(*, user, listing: Listing, note: str) -> Listing:
    """Send a listing back to its owner as a draft, with the reason."""
    if not can_review_listing(user, listing):
        raise PermissionDenied(_("Nur das Clustermanagement prüft Inserate."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Bitte begründen Sie, was zu ändern ist.")]})
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status != ListingStatus.IN_REVIEW:
        raise ValidationError(_("Dieses Inserat wartet nicht auf Prüfung."))
    listing.status = ListingStatus.DRAFT
    listing.reviewed_by = user
    listing.review_note = note[:MAX_MESSAGE]
    listing.save(update_fields=["status", "reviewed_by", "review_note", "updated_at"])
    notify_owner(listing, "matchmaking/email/listing_returned.txt", {"note": listing.review_note})
    return listing


@changes(versions.MATCHMAKING)
@transaction.atomic
def close_listing(*, user, listing: Listing) -> Listing:
    if not can_edit_listing(user, listing):
        raise PermissionDenied(_("Nur der Anbieter und das Clustermanagement beenden Inserate."))
    if listing.status in (ListingStatus.CLOSED, ListingStatus.EXPIRED):
        raise ValidationError(_("Das Inserat ist bereits beendet."))
    listing.status = ListingStatus.CLOSED
    listing.closed_at = timezone.now()
    listing.save(update_fields=["status", "closed_at", "updated_at"])
    return listing


@changes(versions.MATCHMAKING)
@transaction.atomic
def expire_listings(*, user, today: datetime.date | None = None) -> int:
    """Mark published listings of every cluster past their date as expired (a daily job of
    the system: `manage.py expire_listings` passes `system_user()`)."""
    if not has_all_rights(user):
        raise PermissionDenied(_("Abgelaufene Inserate markiert das System."))
    today = today or timezone.localdate()
    return Listing.objects.filter(status=ListingStatus.PUBLISHED, expires_on__lt=today).update(
        status=ListingStatus.EXPIRED, closed_at=timezone.now(), updated_at=timezone.now()
    )
