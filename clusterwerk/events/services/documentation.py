"""The documentation of an event after it took place: held → minutes → documented, what came
out of it (follow-ups: a listing, a project idea, a foresight signal, a proposal for the next
masterplan edition), and the feedback survey for those who were there.

Every write: keyword-only, in a transaction, the event row locked, permission-checked
(`permissions.can_manage_event` for organisers; the person themselves for feedback), German
messages (`ValidationError` → form errors / 422, `PermissionDenied` → 403).

Follow-ups that create something use the owning app's service, with the organiser as the
author: a draft listing through `matchmaking.services.create_listing` (for an attendees'
organisation the organiser may create listings for), a project idea through
`projects.services.propose_idea`. Linking takes an existing object of the event's cluster.
"""

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterwerk.core import versions
from clusterwerk.core.mail import send_email_later
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.core.versions import changes
from clusterwerk.events import queries_documentation as documentation
from clusterwerk.events.models import (
    Event,
    EventStatus,
    Feedback,
    FollowUp,
    FollowUpKind,
    Registration,
    RegistrationStatus,
)
from clusterwerk.events.permissions import can_manage_event
from clusterwerk.masterplan.queries import topic_catalogue
from clusterwerk.matchmaking.models import Listing, ListingKind, RegionScope
from clusterwerk.matchmaking.permissions import can_create_listing_for
from clusterwerk.matchmaking.services import create_listing
from clusterwerk.participation.models import Proposal
from clusterwerk.projects.models import Project
from clusterwerk.projects.services import propose_idea

MAX_MINUTES = 20_000
MAX_FEEDBACK_TEXT = 2_000
MAX_NOTE = 2_000
LISTING_DAYS = 90  # a follow-up listing is valid this long unless the data says otherwise
DOCUMENTABLE = (EventStatus.HELD, EventStatus.DOCUMENTED)


def _require_manager(by, event: Event) -> None:
    if not can_manage_event(by, event):
        raise PermissionDenied(
            _(
                "Nur das Clustermanagement und die Mitveranstalter dokumentieren diese "
                "Veranstaltung."
            )
        )


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).select_related("cluster").get(pk=event.pk)


def _require_documentable(event: Event) -> None:
    if event.status not in DOCUMENTABLE:
        raise ValidationError(
            _("Erst wenn die Veranstaltung als durchgeführt markiert ist, wird sie dokumentiert.")
        )


def _save(event: Event, fields: list[str]) -> None:
    event.full_clean()
    event.save(update_fields=[*fields, "updated_at"])


def _clean_text(value, *, limit: int, field: str, required: str = "") -> str:
    text = (value or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if required and not text:
        raise ValidationError({field: [required]})
    if len(text) > limit:
        raise ValidationError({field: [_("Höchstens %(max)d Zeichen.") % {"max": limit}]})
    return text


# --- Status ----------------------------------------------------------------------------------


@changes(versions.EVENTS)
@transaction.atomic
def mark_held(*, event: Event, by, now: datetime.datetime | None = None) -> Event:
    """published → held, once the event has begun."""
    _require_manager(by, event)
    locked = _locked(event)
    if locked.status != EventStatus.PUBLISHED:
        raise ValidationError(
            _("Nur eine veröffentlichte Veranstaltung lässt sich als durchgeführt markieren.")
        )
    if (now or timezone.now()) < locked.starts_at:
        raise ValidationError(_("Die Veranstaltung hat noch nicht begonnen."))
    locked.status = EventStatus.HELD
    _save(locked, ["status"])
    return locked


@changes(versions.EVENTS)
@transaction.atomic
def save_minutes(*, event: Event, by, minutes: str) -> Event:
    """The minutes (safe Markdown, rendered by the `markdown` filter); nothing else of the
    event changes."""
    _require_manager(by, event)
    locked = _locked(event)
    _require_documentable(locked)
    locked.minutes = _clean_text(minutes, limit=MAX_MINUTES, field="minutes")
    _save(locked, ["minutes"])
    return locked


@changes(versions.EVENTS)
@transaction.atomic
def mark_documented(*, event: Event, by) -> Event:
    """held → documented: minutes and follow-ups appear on the public event page."""
    _require_manager(by, event)
    locked = _locked(event)
    if locked.status != EventStatus.HELD:
        raise ValidationError(
            _("Nur eine durchgeführte Veranstaltung lässt sich als dokumentiert abschließen.")
        )
    if not locked.minutes.strip():
        raise ValidationError({"minutes": [_("Bitte schreiben Sie zuerst das Protokoll.")]})
    locked.status = EventStatus.DOCUMENTED
    locked.documented_at = timezone.now()
    _save(locked, ["status", "documented_at"])
    return locked


# --- Follow-ups ------------------------------------------------------------------------------


def _listing_follow_up(
    *, event: Event, by, title: str, note: str, listing, owner, listing_data
) -> tuple[Listing, str]:
    if listing is not None:
        if (
            listing.cluster_id != event.cluster_id
            or not documentation.linkable_listings(by, event).filter(pk=listing.pk).exists()
        ):
            raise ValidationError(
                {"listing": [_("Dieses Inserat gehört keiner teilnehmenden Organisation.")]}
            )
        return listing, title or listing.title
    if owner is None:
        raise ValidationError(
            {"owner": [_("Bitte wählen Sie die Organisation, für die das Inserat angelegt wird.")]}
        )
    if not documentation.attendee_organisations(event).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": [_("Diese Organisation war nicht bei der Veranstaltung.")]})
    if not can_create_listing_for(by, owner, event.cluster):
        raise ValidationError(
            {
                "owner": [
                    _(
                        "Für diese Organisation können Sie kein Inserat anlegen. Das kann ihre "
                        "Vertretung oder das Clustermanagement."
                    )
                ]
            }
        )
    expires_on = timezone.localdate() + datetime.timedelta(days=LISTING_DAYS)
    data = {
        "kind": ListingKind.TECHNOLOGY_REQUEST,
        "title": title,
        "description": note,
        "region_scope": RegionScope.BERLIN_BRANDENBURG,
        "expires_on": expires_on.isoformat(),
        "topics": topic_catalogue(event.cluster).numbers_of(
            topic.lineage for topic in event.topics.all()
        )[:5],
        **(listing_data or {}),
    }
    created = create_listing(user=by, cluster=event.cluster, owner=owner, data=data)
    return created, created.title


def _project_follow_up(*, event: Event, by, title: str, note: str, project) -> tuple[Project, str]:
    if project is not None:
        if not documentation.linkable_projects(by, event).filter(pk=project.pk).exists():
            raise ValidationError({"project": [_("Dieses Projekt gibt es hier nicht.")]})
        return project, title or project.title
    if not title:
        raise ValidationError({"title": [_("Bitte geben Sie einen Titel an.")]})
    data = {"title": title, "description": note}
    created = propose_idea(user=by, cluster=event.cluster, data=data)
    return created, created.title


def _proposal_follow_up(*, event: Event, title: str, proposal) -> tuple[Proposal, str]:
    if proposal is None:
        raise ValidationError(
            {"proposal": [_("Bitte wählen Sie den Vorschlag aus der Beteiligung.")]}
        )
    if not documentation.linkable_edition_proposals(event).filter(pk=proposal.pk).exists():
        raise ValidationError(
            {"proposal": [_("Diesen Vorschlag gibt es in der Beteiligung dieses Clusters nicht.")]}
        )
    return proposal, title or proposal.title or _("Vorschlag für die nächste Ausgabe")


def _topic_lineage(event: Event, topic: str) -> uuid.UUID | None:
    if not topic:
        return None
    catalogue = topic_catalogue(event.cluster)
    lineage = catalogue.lineage_by_number.get(topic.strip())
    if lineage is None:
        raise ValidationError(
            {"topic": [_("Unbekannter Themenbereich: %(number)s.") % {"number": topic}]}
        )
    return uuid.UUID(lineage)


@changes(versions.EVENTS)
@transaction.atomic
def add_follow_up(
    *,
    event: Event,
    by,
    kind: str,
    title: str = "",
    note: str = "",
    listing: Listing | None = None,
    owner=None,
    listing_data: dict | None = None,
    project: Project | None = None,
    proposal: Proposal | None = None,
    topic: str = "",
) -> FollowUp:
    """What came out of the event, typed and linked:

    - LISTING: links `listing` (of an attendees' organisation), or creates a draft listing for
      `owner` (one of the attendees' organisations) with `title`, `note` as description and
      `listing_data` (the Kooperationsbörse's listing data) on top;
    - PROJECT_IDEA: links `project`, or proposes a project idea (`title`, `note`);
    - EDITION_PROPOSAL: links `proposal` (a proposal of the cluster's participation);
    - FORESIGHT_SIGNAL: `title`, `note` and a topic area by number (`topic`).
    """
    _require_manager(by, event)
    locked = _locked(event)
    _require_documentable(locked)
    if kind not in FollowUpKind.values:
        raise ValidationError({"kind": [_("Unbekannte Art des Ergebnisses.")]})
    title = _clean_text(title, limit=200, field="title")
    note = _clean_text(note, limit=MAX_NOTE, field="note")
    follow_up = FollowUp(event=locked, kind=kind, created_by=by, note=note)
    if kind == FollowUpKind.LISTING:
        follow_up.listing, title = _listing_follow_up(
            event=locked,
            by=by,
            title=title,
            note=note,
            listing=listing,
            owner=owner,
            listing_data=listing_data,
        )
    elif kind == FollowUpKind.PROJECT_IDEA:
        follow_up.project, title = _project_follow_up(
            event=locked, by=by, title=title, note=note, project=project
        )
    elif kind == FollowUpKind.EDITION_PROPOSAL:
        follow_up.proposal, title = _proposal_follow_up(
            event=locked, title=title, proposal=proposal
        )
    else:
        if not title:
            raise ValidationError({"title": [_("Bitte geben Sie einen Titel an.")]})
        follow_up.topic_lineage = _topic_lineage(locked, topic)
    follow_up.title = title[:200]
    follow_up.full_clean()
    follow_up.save()
    return follow_up


# --- Feedback --------------------------------------------------------------------------------


@changes(versions.EVENTS)
@transaction.atomic
def open_feedback(*, event: Event, by, notify: bool = True) -> Event:
    """Opens the survey; on first opening, attendees get an e-mail with the link."""
    _require_manager(by, event)
    locked = _locked(event)
    _require_documentable(locked)
    if locked.feedback_open:
        return locked
    locked.feedback_open = True
    _save(locked, ["feedback_open"])
    if notify:
        _invite_to_feedback(locked)
    return locked


@changes(versions.EVENTS)
@transaction.atomic
def close_feedback(*, event: Event, by) -> Event:
    _require_manager(by, event)
    locked = _locked(event)
    locked.feedback_open = False
    _save(locked, ["feedback_open"])
    return locked


def _invite_to_feedback(event: Event) -> None:
    address = cluster_url(event.cluster, reverse("events:feedback", args=[event.slug]))
    answered = Feedback.objects.filter(registration__event=event).values("registration_id")
    attendees = documentation.attendee_registrations(event)
    if attendees.exists():
        invited = attendees
    else:  # no door check-in: the confirmed registrations (`may_give_feedback`)
        invited = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    invited = invited.exclude(pk__in=answered).exclude(email="").exclude(user=None)
    for registration in invited.order_by("pk"):
        send_email_later(
            subject=_("Wie war „%(event)s“?") % {"event": event.title},
            body=_(
                "Guten Tag %(name)s,\n\n"
                "danke, dass Sie bei „%(event)s“ waren. Wie hat es Ihnen gefallen? "
                "Zwei Fragen, eine Minute:\n\n%(address)s\n\n"
                "Ihre Antwort sehen nur die Veranstalter, ohne Ihren Namen."
            )
            % {"name": registration.full_name, "event": event.title, "address": address},
            to=[registration.email],
        )


@changes(versions.EVENTS)
@transaction.atomic
def submit_feedback(*, registration: Registration, by, rating, text: str = "") -> Feedback:
    """One answer per registration (1–5 and a text), by the registered person, while the
    survey is open, if they were there (`queries_documentation.may_give_feedback`)."""
    registration = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event")
        .get(pk=registration.pk)
    )
    if by is None or not by.is_authenticated or registration.user_id != by.pk:
        raise PermissionDenied(_("Feedback gibt nur die angemeldete Person selbst."))
    event = registration.event
    if not event.feedback_open or event.status not in DOCUMENTABLE:
        raise ValidationError(_("Die Feedback-Umfrage zu dieser Veranstaltung ist nicht offen."))
    if not documentation.may_give_feedback(registration):
        raise PermissionDenied(
            _("Feedback geben die Teilnehmenden, die bei der Veranstaltung waren.")
        )
    if Feedback.objects.filter(registration=registration).exists():
        raise ValidationError(_("Sie haben zu dieser Veranstaltung schon Feedback gegeben."))
    try:
        value = int(rating)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ValidationError({"rating": [_("Bitte bewerten Sie mit 1 bis 5 Sternen.")]})
    feedback = Feedback(
        registration=registration,
        rating=value,
        text=_clean_text(text, limit=MAX_FEEDBACK_TEXT, field="text"),
    )
    feedback.full_clean()
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        raise ValidationError(
            _("Sie haben zu dieser Veranstaltung schon Feedback gegeben.")
        ) from None
    return feedback
