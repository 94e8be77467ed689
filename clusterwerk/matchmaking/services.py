"""Every write in the Kooperationsbörse: listings through their review, expressions of interest
and their decision, saved searches. Keyword-only, permission-checked, in a transaction; German
errors keyed by field.

Listing data comes in one JSON-safe format (forms and API use it):

    {"kind": "rdi_request", "title": "…", "description": "…", "keywords": ["Leichtbau"],
     "partner_kinds": ["research_institute"], "region_scope": "radius", "radius_km": 80,
     "districts": [], "maturity": "idea", "expires_on": "2027-03-31", "is_anonymous": true,
     "cross_cluster": false, "topics": ["4.4.1"]}
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.accounts.permissions import represented_actor_ids
from clusterwerk.actors.models import Actor, ActorKind, ActorStatus, District
from clusterwerk.core import validation
from clusterwerk.core.dates import add_years
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.models import Cluster
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.matchmaking.models import (
    MAX_RADIUS_KM,
    DigestFrequency,
    Interest,
    InterestStatus,
    Listing,
    ListingKind,
    ListingStatus,
    ListingTopicArea,
    Maturity,
    RegionScope,
    SavedSearch,
)
from clusterwerk.matchmaking.permissions import (
    can_create_listing_for,
    can_decide_interests,
    can_edit_listing,
    can_review_listing,
    can_send_interest,
)

MAX_TITLE = 200
MAX_DESCRIPTION = 5000
MAX_KEYWORDS = 20
MAX_KEYWORD = 60
MAX_TOPICS = 5
MAX_DISTRICTS = 30
MAX_MESSAGE = 2000
MIN_DESCRIPTION = 20
MAX_SAVED_SEARCHES = 20


def listing_edit_conflict(listing: Listing) -> EditConflict:
    """Somebody saved the listing since the form was loaded; nothing was overwritten. Only the
    owner and the cluster management get this far, so they may see the stored data."""
    return EditConflict(
        _("Das Inserat wurde inzwischen geändert."),
        obj=listing,
        version=listing.version,
        current=lambda _viewer: listing_data(listing),
    )


# --- Validation ----------------------------------------------------------------------------


def _expires_on(data, errors: PayloadErrors, *, today: datetime.date) -> datetime.date | None:
    parsed = validation.date(
        data.get("expires_on"),
        "expires_on",
        errors,
        required=True,
        required_message=_("Bitte geben Sie an, bis wann das Inserat gilt."),
    )
    if parsed is None:
        return None
    if parsed < today:
        errors.add("expires_on", _("Das Ablaufdatum liegt in der Vergangenheit."))
    elif parsed > add_years(today, 1):
        errors.add(
            "expires_on",
            _("Ein Inserat gilt höchstens ein Jahr; bitte ein früheres Datum wählen."),
        )
    return parsed


def _region(data, owner: Actor, errors: PayloadErrors) -> tuple[str, int | None, list[District]]:
    scope = validation.choice(
        data.get("region_scope"), "region_scope", errors, RegionScope, required=True
    )
    radius = None
    districts: list[District] = []
    if scope == RegionScope.RADIUS:
        radius = _radius(data.get("radius_km"), errors)
        if owner.position is None:
            errors.add(
                "region_scope",
                _(
                    "Für einen Umkreis braucht das Profil des Anbieters einen Standort "
                    "(Landkreis oder Koordinaten). Bitte wählen Sie eine andere Region."
                ),
            )
    if scope == RegionScope.DISTRICTS:
        districts = _districts(data.get("districts"), errors)
    return scope, radius, districts


def _radius(value, errors: PayloadErrors) -> int | None:
    try:
        radius = int(value)
    except (TypeError, ValueError):
        errors.add("radius_km", _("Bitte den Umkreis in ganzen Kilometern angeben."))
        return None
    if not 1 <= radius <= MAX_RADIUS_KM:
        errors.add(
            "radius_km",
            _("Der Umkreis liegt zwischen 1 und %(max)d km.") % {"max": MAX_RADIUS_KM},
        )
        return None
    return radius


def _districts(value, errors: PayloadErrors) -> list[District]:
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list) or not value:
        errors.add("districts", _("Bitte mindestens einen Landkreis oder eine Stadt wählen."))
        return []
    codes = list(dict.fromkeys(str(code).strip() for code in value))
    if len(codes) > MAX_DISTRICTS:
        errors.add("districts", _("Höchstens %(max)d Landkreise.") % {"max": MAX_DISTRICTS})
        return []
    found = {district.ags: district for district in District.objects.filter(ags__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        errors.add(
            "districts",
            _("Unbekannter Kreisschlüssel: %(codes)s.") % {"codes": ", ".join(unknown)},
        )
    return [found[code] for code in codes if code in found]


def _topics(data, cluster: Cluster, errors: PayloadErrors) -> list[str]:
    numbers = validation.string_list(data.get("topics"), "topics", errors)
    if len(numbers) > MAX_TOPICS:
        errors.add("topics", _("Höchstens %(max)d Themenbereiche.") % {"max": MAX_TOPICS})
        return []
    catalogue = topic_catalogue(cluster)
    unknown = [number for number in numbers if number not in catalogue.lineage_by_number]
    if unknown:
        errors.add(
            "topics",
            _("Unbekannter Themenbereich: %(numbers)s.") % {"numbers": ", ".join(unknown)},
        )
    return [catalogue.lineage_by_number[n] for n in numbers if n in catalogue.lineage_by_number]


def clean_listing(data: dict, *, owner: Actor, cluster: Cluster) -> dict:
    """Validate listing data; returns the model values or raises ValidationError by field."""
    errors = PayloadErrors()
    today = timezone.localdate()
    keywords = validation.string_list(data.get("keywords"), "keywords", errors)
    if len(keywords) > MAX_KEYWORDS:
        errors.add("keywords", _("Höchstens %(max)d Schlagwörter.") % {"max": MAX_KEYWORDS})
    if any(len(keyword) > MAX_KEYWORD for keyword in keywords):
        errors.add(
            "keywords", _("Ein Schlagwort hat höchstens %(max)d Zeichen.") % {"max": MAX_KEYWORD}
        )
    partner_kinds = validation.string_list(data.get("partner_kinds"), "partner_kinds", errors)
    unknown_kinds = [kind for kind in partner_kinds if kind not in ActorKind.values]
    if unknown_kinds:
        errors.add(
            "partner_kinds",
            _("Unbekannte Partnerart: %(kinds)s.") % {"kinds": ", ".join(unknown_kinds)},
        )
    scope, radius, districts = _region(data, owner, errors)
    values = {
        "kind": validation.choice(data.get("kind"), "kind", errors, ListingKind, required=True),
        "title": validation.text(
            data.get("title"), "title", errors, max_length=MAX_TITLE, required=True
        ),
        "description": validation.text(
            data.get("description"),
            "description",
            errors,
            max_length=MAX_DESCRIPTION,
            required=True,
            min_length=MIN_DESCRIPTION,
            min_length_message=_("Bitte beschreiben Sie es in mindestens %(min)d Zeichen.")
            % {"min": MIN_DESCRIPTION},
        ),
        "keywords": keywords,
        "partner_kinds": partner_kinds,
        "region_scope": scope,
        "radius_km": radius,
        "districts": districts,
        "maturity": validation.choice(data.get("maturity"), "maturity", errors, Maturity),
        "expires_on": _expires_on(data, errors, today=today),
        "is_anonymous": validation.boolean(data.get("is_anonymous"), "is_anonymous", errors),
        "cross_cluster": validation.boolean(data.get("cross_cluster"), "cross_cluster", errors),
        "topics": _topics(data, cluster, errors),
    }
    errors.raise_if_any()
    return values


def listing_data(listing: Listing) -> dict:
    """The listing in the canonical format (for forms, the API and conflicts)."""
    catalogue = topic_catalogue(listing.cluster)
    return {
        "kind": listing.kind,
        "title": listing.title,
        "description": listing.description,
        "keywords": list(listing.keywords or []),
        "partner_kinds": list(listing.partner_kinds or []),
        "region_scope": listing.region_scope,
        "radius_km": listing.radius_km,
        "districts": [district.ags for district in listing.districts.all()],
        "maturity": listing.maturity,
        "expires_on": listing.expires_on.isoformat(),
        "is_anonymous": listing.is_anonymous,
        "cross_cluster": listing.cross_cluster,
        "topics": sorted(
            catalogue.number_by_lineage[str(topic.lineage)]
            for topic in listing.topics.all()
            if str(topic.lineage) in catalogue.number_by_lineage
        ),
    }


# --- Listings ------------------------------------------------------------------------------


def default_cluster() -> Cluster:
    return Cluster.objects.get(slug=settings.DEFAULT_CLUSTER_SLUG)


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


@transaction.atomic
def create_listing(
    *, user, owner: Actor, data: dict, submit: bool = False, cluster: Cluster | None = None
) -> Listing:
    if not can_create_listing_for(user, owner):
        raise PermissionDenied(
            _("Sie können Inserate nur für Organisationen anlegen, die Sie vertreten.")
        )
    if owner.status == ActorStatus.ARCHIVED:
        raise ValidationError({"owner_actor": [_("Dieser Akteur ist archiviert.")]})
    cluster = cluster or default_cluster()
    values = clean_listing(data, owner=owner, cluster=cluster)
    listing = Listing(cluster=cluster, owner_actor=owner, created_by=user)
    _apply(listing, values)
    if submit:
        _submit(listing)
    return listing


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


@transaction.atomic
def approve_listing(*, user, listing: Listing) -> Listing:
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
    _notify_owner(listing, "matchmaking/email/listing_published.txt", {})
    return listing


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
    _notify_owner(listing, "matchmaking/email/listing_returned.txt", {"note": listing.review_note})
    return listing


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


@transaction.atomic
def expire_listings(*, today: datetime.date | None = None) -> int:
    """Mark published listings past their date as expired (run daily)."""
    today = today or timezone.localdate()
    return Listing.objects.filter(status=ListingStatus.PUBLISHED, expires_on__lt=today).update(
        status=ListingStatus.EXPIRED, closed_at=timezone.now(), updated_at=timezone.now()
    )


# --- Interests -----------------------------------------------------------------------------


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
    _notify_owner(listing, "matchmaking/email/interest_received.txt", {"interest": interest})
    return interest


def _decidable(user, interest: Interest) -> Interest:
    if not can_decide_interests(user, interest.listing):
        raise PermissionDenied(_("Nur der Anbieter entscheidet über Interessensbekundungen."))
    interest = Interest.objects.select_for_update().select_related("listing").get(pk=interest.pk)
    if interest.status != InterestStatus.PENDING:
        raise ValidationError(_("Über diese Interessensbekundung ist bereits entschieden."))
    return interest


@transaction.atomic
def accept_interest(*, user, interest: Interest, note: str = "") -> Interest:
    interest = _decidable(user, interest)
    _decide(interest, user, InterestStatus.ACCEPTED, note)
    _notify_sender(interest, "matchmaking/email/interest_accepted.txt")
    return interest


@transaction.atomic
def decline_interest(*, user, interest: Interest, note: str = "") -> Interest:
    interest = _decidable(user, interest)
    _decide(interest, user, InterestStatus.DECLINED, note)
    _notify_sender(interest, "matchmaking/email/interest_declined.txt")
    return interest


def _decide(interest: Interest, user, status: str, note: str) -> None:
    interest.status = status
    interest.decided_at = timezone.now()
    interest.decided_by = user
    interest.decision_note = (note or "").strip()[:MAX_MESSAGE]
    interest.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])


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


# --- Notifications -------------------------------------------------------------------------


def _owner_recipients(listing: Listing) -> list[str]:
    emails = {
        representative.user.email
        for representative in listing.owner_actor.representatives.select_related("user")
        if representative.user.email and representative.user.is_active
    }
    if listing.created_by and listing.created_by.email:
        emails.add(listing.created_by.email)
    return sorted(emails)


def _send(template: str, context: dict, recipients: list[str]) -> None:
    if not recipients:
        return
    body = render_to_string(template, {"site_url": settings.SITE_URL, **context})
    subject, _blank, text = body.partition("\n\n")
    transaction.on_commit(lambda: send_mail(subject.strip(), text.strip() + "\n", None, recipients))


def _notify_owner(listing: Listing, template: str, context: dict) -> None:
    # The owner's own people: naming the owner here gives nothing away.
    _send(template, {"listing": listing, **context}, _owner_recipients(listing))


def _notify_sender(interest: Interest, template: str) -> None:
    """Tell the sender of the decision; the owner is named only on acceptance."""
    from clusterwerk.matchmaking.queries import contact_of_owner

    sender = interest.sender
    if not sender or not sender.email:
        return
    listing = interest.listing
    context = {
        "listing": listing,
        "interest": interest,
        "owner": contact_of_owner(listing) if interest.is_accepted else None,
    }
    _send(template, context, [sender.email])


# --- Saved searches ------------------------------------------------------------------------


@transaction.atomic
def save_search(
    *,
    user,
    name: str,
    query: str = "",
    kinds=(),
    topic: str = "",
    digest: str = DigestFrequency.WEEKLY,
    cluster: Cluster | None = None,
) -> SavedSearch:
    if not (user and user.is_authenticated):
        raise PermissionDenied(_("Bitte melden Sie sich an, um Suchen zu speichern."))
    errors = PayloadErrors()
    name = validation.text(name, "name", errors, max_length=120, required=True)
    query = validation.text(query, "query", errors, max_length=300)
    kinds = validation.string_list(list(kinds or ()), "kinds", errors)
    unknown = [kind for kind in kinds if kind not in ListingKind.values]
    if unknown:
        errors.add("kinds", _("Unbekannte Art: %(kinds)s.") % {"kinds": ", ".join(unknown)})
    digest = validation.choice(digest, "digest", errors, DigestFrequency, required=True)
    lineage = None
    if topic:
        catalogue = topic_catalogue(cluster or default_cluster())
        lineage = catalogue.lineage_by_number.get(topic)
        if lineage is None:
            errors.add("topic", _("Unbekannter Themenbereich: %(n)s.") % {"n": topic})
    if not (query or kinds or topic):
        errors.add("query", _("Bitte geben Sie einen Suchtext, eine Art oder ein Thema an."))
    if user.saved_searches.count() >= MAX_SAVED_SEARCHES:
        errors.add(
            "name", _("Höchstens %(max)d gespeicherte Suchen.") % {"max": MAX_SAVED_SEARCHES}
        )
    errors.raise_if_any()
    return SavedSearch.objects.create(
        user=user, name=name, query=query, kinds=kinds, topic_lineage=lineage, digest=digest
    )


@transaction.atomic
def delete_saved_search(*, user, search: SavedSearch) -> None:
    if search.user_id != user.pk:
        raise PermissionDenied(_("Das ist nicht Ihre gespeicherte Suche."))
    search.delete()


def mark_searches_seen(*, user) -> None:
    if user and user.is_authenticated:
        user.saved_searches.update(last_seen_at=timezone.now())
