"""Events and series through their life: create, edit (optimistic `version`), publish, cancel
(participants are told by e-mail), co-organisers, topic areas by lineage, partner clusters,
contingents and registration questions. Keyword-only, permission-checked, in a transaction.

Event data is one JSON-safe format that forms and the API hand in (`event_data` gives it back):

    {"format": "workshop_talk", "series": "<series slug>", "title": "…", "description": "…",
     "topics": ["4.4.2"], "starts_at": "2027-03-04T10:00", "ends_at": "2027-03-04T13:00",
     "time_zone": "Europe/Berlin", "venue_name": "…", "street": "…", "postal_code": "…",
     "municipality": "…", "district": "12054", "online_url": "", "co_organisers": [12],
     "partner_clusters": ["kunststoffe"], "language": "de", "is_public": true,
     "registration_enabled": true, "registration_opens_at": null,
     "registration_closes_at": null, "cancellation_deadline": null,
     "requires_approval": false, "offer_hours": 48}

Times without an offset are local times in the event's time zone. An update takes only the
keys it is given; the rest stays as stored.
"""

import datetime
import functools
import uuid
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clusterwerk.actors.models import Actor, ActorStatus, District
from clusterwerk.actors.permissions import directory_condition
from clusterwerk.core import validation, versions
from clusterwerk.core.exceptions import EditConflict
from clusterwerk.core.mail import send_email_later
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import cluster_url
from clusterwerk.core.validation import PayloadErrors
from clusterwerk.core.versions import changes
from clusterwerk.events.models import (
    ACTIVE_STATUSES,
    DEFAULT_TIME_ZONE,
    Event,
    EventFormat,
    EventLanguage,
    EventOrganiser,
    EventSeries,
    EventStatus,
    EventTopicArea,
    Registration,
)
from clusterwerk.events.permissions import can_create_events, can_manage_event
from clusterwerk.masterplan.queries import topic_catalogue

MAX_TITLE = 200
MAX_DESCRIPTION = 10_000
MAX_TOPICS = 8
MAX_ORGANISERS = 20
MAX_REASON = 2000
# Changing one of these moves the event in people's calendars: the iCal SEQUENCE goes up.
CALENDAR_FIELDS = (
    "starts_at",
    "ends_at",
    "time_zone",
    "venue_name",
    "street",
    "postal_code",
    "municipality",
    "online_url",
)
SCALAR_FIELDS = (
    "format",
    "series",
    "title",
    "description",
    "language",
    "starts_at",
    "ends_at",
    "time_zone",
    "venue_name",
    "street",
    "postal_code",
    "municipality",
    "district",
    "online_url",
    "is_public",
    "registration_enabled",
    "registration_opens_at",
    "registration_closes_at",
    "cancellation_deadline",
    "requires_approval",
    "offer_hours",
)
EDITABLE_STATUSES = (
    EventStatus.DRAFT,
    EventStatus.PUBLISHED,
    EventStatus.HELD,
    EventStatus.DOCUMENTED,
)


# --- the data format ---------------------------------------------------------------------------


def _local_iso(value: datetime.datetime | None, zone: str) -> str | None:
    if value is None:
        return None
    return value.astimezone(event_zone(zone)).isoformat(timespec="minutes")


def event_zone(name: str) -> ZoneInfo:
    """The event's time zone (the default one for an unknown name)."""
    try:
        return ZoneInfo(name or DEFAULT_TIME_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


def event_data(event: Event) -> dict:
    """The event in the data format (for forms, the API and edit conflicts)."""
    catalogue = topic_catalogue(event.cluster_id)
    zone = event.time_zone
    return {
        "format": event.format,
        "series": event.series.slug if event.series_id else "",
        "title": event.title,
        "description": event.description,
        "topics": catalogue.numbers_of(topic.lineage for topic in event.topics.all()),
        "starts_at": _local_iso(event.starts_at, zone),
        "ends_at": _local_iso(event.ends_at, zone),
        "time_zone": zone,
        "venue_name": event.venue_name,
        "street": event.street,
        "postal_code": event.postal_code,
        "municipality": event.municipality,
        "district": event.district.ags if event.district_id else "",
        "online_url": event.online_url,
        "co_organisers": sorted(event.organisers.values_list("actor_id", flat=True)),
        "partner_clusters": sorted(event.partner_clusters.values_list("slug", flat=True)),
        "language": event.language,
        "is_public": event.is_public,
        "registration_enabled": event.registration_enabled,
        "registration_opens_at": _local_iso(event.registration_opens_at, zone),
        "registration_closes_at": _local_iso(event.registration_closes_at, zone),
        "cancellation_deadline": _local_iso(event.cancellation_deadline, zone),
        "requires_approval": event.requires_approval,
        "offer_hours": event.offer_hours,
    }


def event_edit_conflict(event: Event) -> EditConflict:
    return EditConflict(
        _("Die Veranstaltung wurde inzwischen geändert."),
        obj=event,
        version=event.version,
        current=lambda _viewer: event_data(event),
    )


def _datetime(value, key: str, errors: PayloadErrors, zone: ZoneInfo, *, required=False):
    if isinstance(value, datetime.datetime):
        parsed = value
    elif value in (None, "") or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(key, _("Bitte Datum und Uhrzeit angeben."))
        return None
    elif not isinstance(value, str):
        errors.add(key, _("Bitte Datum und Uhrzeit angeben."))
        return None
    else:
        try:
            parsed = datetime.datetime.fromisoformat(value.strip())
        except ValueError:
            errors.add(key, _("Bitte Datum und Uhrzeit im Format JJJJ-MM-TTTHH:MM angeben."))
            return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=zone)
    if not 2000 <= parsed.year <= 2100:
        errors.add(key, _("Bitte ein Datum zwischen 2000 und 2100 angeben."))
        return None
    return parsed


def _time_zone(value, errors: PayloadErrors) -> tuple[str, ZoneInfo]:
    name = (value or DEFAULT_TIME_ZONE) if isinstance(value, str | None) else ""
    name = name.strip()
    if name not in _time_zone_names():
        errors.add("time_zone", _("Unbekannte Zeitzone: %(value)s") % {"value": value})
        return DEFAULT_TIME_ZONE, ZoneInfo(DEFAULT_TIME_ZONE)
    return name, ZoneInfo(name)


@functools.cache
def _time_zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def _series(value, cluster: Cluster, errors: PayloadErrors) -> EventSeries | None:
    if value in (None, ""):
        return None
    series = None
    if isinstance(value, int) and not isinstance(value, bool):
        series = EventSeries.objects.filter(cluster=cluster, pk=value).first()
    elif isinstance(value, str):
        series = EventSeries.objects.filter(cluster=cluster, slug=value.strip()).first()
    if series is None:
        errors.add("series", _("Diese Veranstaltungsreihe gibt es in diesem Cluster nicht."))
    return series


def _district(value, errors: PayloadErrors) -> District | None:
    if value in (None, ""):
        return None
    district = District.objects.filter(ags=str(value).strip()).first()
    if district is None:
        errors.add("district", _("Unbekannter Kreisschlüssel: %(code)s.") % {"code": value})
    return district


def _online_url(value, errors: PayloadErrors) -> str:
    url = validation.text(value, "online_url", errors, max_length=500)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors.add(
                "online_url",
                _("Bitte eine vollständige Adresse angeben, die mit https:// beginnt."),
            )
    return url


def _topics(value, cluster: Cluster, errors: PayloadErrors) -> list[str]:
    numbers = validation.string_list(value, "topics", errors)
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


def _id_list(value, key: str, errors: PayloadErrors) -> list[int]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [part for part in value.replace(";", ",").split(",") if part.strip()]
    if not isinstance(value, list | tuple):
        errors.add(key, _("Bitte eine Liste von Nummern angeben."))
        return []
    ids = []
    for item in value:
        try:
            ids.append(int(str(item).strip()))
        except (TypeError, ValueError):
            errors.add(key, _("„%(value)s“ ist keine Nummer.") % {"value": item})
    return list(dict.fromkeys(ids))


def _co_organisers(value, cluster: Cluster, errors: PayloadErrors) -> list[Actor]:
    ids = _id_list(value, "co_organisers", errors)
    if len(ids) > MAX_ORGANISERS:
        errors.add(
            "co_organisers", _("Höchstens %(max)d Mitveranstalter.") % {"max": MAX_ORGANISERS}
        )
        return []
    found = {
        actor.pk: actor
        for actor in Actor.objects.filter(directory_condition(cluster), pk__in=ids).exclude(
            status=ActorStatus.ARCHIVED
        )
    }
    unknown = [str(pk) for pk in ids if pk not in found]
    if unknown:
        errors.add(
            "co_organisers",
            _("Diese Organisationen gibt es im Akteursverzeichnis des Clusters nicht: %(ids)s.")
            % {"ids": ", ".join(unknown)},
        )
    return [found[pk] for pk in ids if pk in found]


def _partner_clusters(value, cluster: Cluster, errors: PayloadErrors) -> list[Cluster]:
    slugs = validation.string_list(value, "partner_clusters", errors)
    found = {c.slug: c for c in Cluster.objects.filter(slug__in=slugs).exclude(pk=cluster.pk)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        errors.add(
            "partner_clusters",
            _("Unbekanntes Partnercluster: %(slugs)s.") % {"slugs": ", ".join(unknown)},
        )
    return [found[slug] for slug in slugs if slug in found]


def clean_event(data: dict, *, cluster: Cluster) -> dict:
    """Validate complete event data; returns the model values (and `topics`, `co_organisers`,
    `partner_clusters`) or raises a ValidationError with German messages by field."""
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zur Veranstaltung als Objekt senden."))
    errors = PayloadErrors()
    zone_name, zone = _time_zone(data.get("time_zone"), errors)
    values = {
        "format": validation.choice(
            data.get("format"),
            "format",
            errors,
            EventFormat,
            required=True,
            required_message=_("Bitte wählen Sie das Format."),
        ),
        "series": _series(data.get("series"), cluster, errors),
        "title": validation.text(
            data.get("title"), "title", errors, max_length=MAX_TITLE, required=True
        ),
        "description": validation.text(
            data.get("description"), "description", errors, max_length=MAX_DESCRIPTION
        ),
        "language": validation.choice(
            data.get("language"),
            "language",
            errors,
            EventLanguage,
            default=EventLanguage.GERMAN,
        ),
        "time_zone": zone_name,
        "starts_at": _datetime(data.get("starts_at"), "starts_at", errors, zone, required=True),
        "ends_at": _datetime(data.get("ends_at"), "ends_at", errors, zone, required=True),
        "venue_name": validation.text(data.get("venue_name"), "venue_name", errors, max_length=200),
        "street": validation.text(data.get("street"), "street", errors, max_length=200),
        "postal_code": validation.text(
            data.get("postal_code"), "postal_code", errors, max_length=10
        ),
        "municipality": validation.text(
            data.get("municipality"), "municipality", errors, max_length=120
        ),
        "district": _district(data.get("district"), errors),
        "online_url": _online_url(data.get("online_url"), errors),
        "is_public": validation.boolean(data.get("is_public"), "is_public", errors, default=True),
        "registration_enabled": validation.boolean(
            data.get("registration_enabled"), "registration_enabled", errors, default=True
        ),
        "registration_opens_at": _datetime(
            data.get("registration_opens_at"), "registration_opens_at", errors, zone
        ),
        "registration_closes_at": _datetime(
            data.get("registration_closes_at"), "registration_closes_at", errors, zone
        ),
        "cancellation_deadline": _datetime(
            data.get("cancellation_deadline"), "cancellation_deadline", errors, zone
        ),
        "requires_approval": validation.boolean(
            data.get("requires_approval"), "requires_approval", errors
        ),
        "offer_hours": validation.integer(
            data.get("offer_hours"), "offer_hours", errors, minimum=1, maximum=14 * 24
        ),
        "topics": _topics(data.get("topics"), cluster, errors),
        "co_organisers": _co_organisers(data.get("co_organisers"), cluster, errors),
        "partner_clusters": _partner_clusters(data.get("partner_clusters"), cluster, errors),
    }
    if values["offer_hours"] is None and "offer_hours" not in errors:
        values["offer_hours"] = 48
    _check_times(values, errors)
    if not values["online_url"] and not (values["venue_name"] or values["municipality"]):
        if values["format"] == EventFormat.ONLINE:
            errors.add("online_url", _("Eine Online-Veranstaltung braucht einen Online-Zugang."))
        else:
            errors.add(
                "venue_name",
                _("Bitte geben Sie einen Veranstaltungsort (mit Ort) oder einen Online-Zugang an."),
            )
    elif values["format"] == EventFormat.ONLINE and not values["online_url"]:
        errors.add("online_url", _("Eine Online-Veranstaltung braucht einen Online-Zugang."))
    errors.raise_if_any()
    return values


def _check_times(values: dict, errors: PayloadErrors) -> None:
    starts, ends = values["starts_at"], values["ends_at"]
    if starts and ends and ends < starts:
        errors.add("ends_at", _("Das Ende liegt vor dem Beginn."))
    opens, closes = values["registration_opens_at"], values["registration_closes_at"]
    if opens and closes and closes < opens:
        errors.add("registration_closes_at", _("Der Anmeldeschluss liegt vor dem Anmeldebeginn."))
    if closes and ends and closes > ends:
        errors.add(
            "registration_closes_at", _("Der Anmeldeschluss liegt nach dem Ende der Veranstaltung.")
        )
    if opens and starts and opens > starts:
        errors.add("registration_opens_at", _("Die Anmeldung beginnt erst nach der Veranstaltung."))
    deadline = values["cancellation_deadline"]
    if deadline and starts and deadline > starts:
        errors.add(
            "cancellation_deadline",
            _("Abmelden geht höchstens bis zum Beginn der Veranstaltung."),
        )


# --- events ------------------------------------------------------------------------------------


GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)


def german_slug(text: str) -> str:
    """slugify with German letters spelled out (Gespräch → gespraech, Straße → strasse)."""
    return slugify(text.translate(GERMAN_LETTERS))


def unique_event_slug(title: str, starts_at: datetime.datetime, zone: str) -> str:
    """The title's slug + local date, with -2, -3 … when taken."""
    day = starts_at.astimezone(event_zone(zone)).date().isoformat()
    base = f"{german_slug(title)[:100].strip('-') or 'veranstaltung'}-{day}"
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _set_relations(event: Event, values: dict, keys) -> None:
    if "topics" in keys:
        wanted = {uuid.UUID(lineage) for lineage in values["topics"]}
        current = set(event.topics.values_list("lineage", flat=True))
        event.topics.filter(lineage__in=current - wanted).delete()
        EventTopicArea.objects.bulk_create(
            [EventTopicArea(event=event, lineage=lineage) for lineage in wanted - current]
        )
    if "co_organisers" in keys:
        wanted = {actor.pk for actor in values["co_organisers"]}
        current = set(event.organisers.values_list("actor_id", flat=True))
        event.organisers.filter(actor_id__in=current - wanted).delete()
        EventOrganiser.objects.bulk_create(
            [EventOrganiser(event=event, actor_id=pk) for pk in sorted(wanted - current)]
        )
    if "partner_clusters" in keys:
        event.partner_clusters.set(values["partner_clusters"])


@changes(versions.EVENTS)
@transaction.atomic
def create_event(*, cluster: Cluster, by, data: dict) -> Event:
    """A new event of `cluster` as a draft (the cluster management only)."""
    if not can_create_events(by, cluster):
        raise PermissionDenied(_("Veranstaltungen legt das Clustermanagement an."))
    values = clean_event(data, cluster=cluster)
    event = Event(cluster=cluster, created_by=by, status=EventStatus.DRAFT)
    for name in SCALAR_FIELDS:
        setattr(event, name, values[name])
    event.slug = unique_event_slug(event.title, event.starts_at, event.time_zone)
    event.full_clean()
    for attempt in range(3):
        try:
            with transaction.atomic():  # a savepoint: a slug taken meanwhile is tried again
                event.save()
            break
        except IntegrityError:
            if attempt == 2:
                raise
            event.pk = None
            event.slug = unique_event_slug(event.title, event.starts_at, event.time_zone)
    _set_relations(event, values, ("topics", "co_organisers", "partner_clusters"))
    return event


@changes(versions.EVENTS)
@transaction.atomic
def update_event(*, event: Event, by, data: dict, version: int | None) -> Event:
    """Change the given keys of `data`; the rest stays. `version` is the state the editor
    loaded: when somebody saved in between, EditConflict and nothing is written. A change of
    time or place moves the event in calendars (`sequence` + 1)."""
    if not can_manage_event(by, event):
        raise PermissionDenied(
            _("Nur das Clustermanagement und die Mitveranstalter ändern diese Veranstaltung.")
        )
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zur Veranstaltung als Objekt senden."))
    event = (
        Event.objects.select_for_update(of=("self",))
        .select_related("cluster", "series")
        .get(pk=event.pk)
    )
    if version is not None and event.version != version:
        raise event_edit_conflict(event)
    if event.status not in EDITABLE_STATUSES:
        raise ValidationError(_("Eine abgesagte Veranstaltung lässt sich nicht mehr ändern."))
    current = event_data(event)
    given = {key for key in data if key in current}
    if "co_organisers" in given and not can_create_events(by, event.cluster):
        wanted = sorted(set(_id_list(data["co_organisers"], "co_organisers", PayloadErrors())))
        if wanted != current["co_organisers"]:
            raise PermissionDenied(_("Die Mitveranstalter legt das Clustermanagement fest."))
    values = clean_event({**current, **{key: data[key] for key in given}}, cluster=event.cluster)
    changed = [name for name in SCALAR_FIELDS if getattr(event, name) != values[name]]
    relations = [
        key
        for key in ("topics", "co_organisers", "partner_clusters")
        if key in given and _relation_changed(event, key, values[key])
    ]
    if not changed and not relations:
        return event
    for name in changed:
        setattr(event, name, values[name])
    if any(name in CALENDAR_FIELDS for name in changed):
        event.sequence += 1
    event.version += 1  # the row is locked (select_for_update)
    event.full_clean()
    event.save()
    _set_relations(event, values, relations)
    return event


def _relation_changed(event: Event, key: str, wanted) -> bool:
    if key == "topics":
        current = {str(lineage) for lineage in event.topics.values_list("lineage", flat=True)}
        return current != set(wanted)
    if key == "co_organisers":
        current = set(event.organisers.values_list("actor_id", flat=True))
        return current != {actor.pk for actor in wanted}
    current = set(event.partner_clusters.values_list("pk", flat=True))
    return current != {cluster.pk for cluster in wanted}


@changes(versions.EVENTS)
@transaction.atomic
def publish_event(*, event: Event, by) -> Event:
    """A draft becomes visible to its audience."""
    if not can_manage_event(by, event):
        raise PermissionDenied(
            _("Nur das Clustermanagement und die Mitveranstalter veröffentlichen Veranstaltungen.")
        )
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.DRAFT:
        raise ValidationError(_("Nur Entwürfe können veröffentlicht werden."))
    if event.registration_enabled and not event.ticket_types.exists():
        raise ValidationError(
            _(
                "Legen Sie vor dem Veröffentlichen mindestens ein Kontingent an oder schalten "
                "Sie die Anmeldung über die Plattform ab."
            )
        )
    event.status = EventStatus.PUBLISHED
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    return event


@changes(versions.EVENTS)
@transaction.atomic
def cancel_event(*, event: Event, by, reason: str) -> Event:
    """Cancel a draft or published event with a reason; everybody with an active registration
    hears of it by e-mail, and calendars follow (`sequence` + 1, STATUS:CANCELLED)."""
    if not can_manage_event(by, event):
        raise PermissionDenied(
            _("Nur das Clustermanagement und die Mitveranstalter sagen Veranstaltungen ab.")
        )
    reason = (reason or "").strip() if isinstance(reason, str | None) else ""
    if not reason:
        raise ValidationError({"reason": [_("Bitte geben Sie den Grund der Absage an.")]})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": [_("Höchstens %(max)d Zeichen.") % {"max": MAX_REASON}]})
    event = Event.objects.select_for_update(of=("self",)).select_related("cluster").get(pk=event.pk)
    if event.status not in (EventStatus.DRAFT, EventStatus.PUBLISHED):
        raise ValidationError(
            _("Nur geplante Veranstaltungen (Entwurf oder veröffentlicht) können abgesagt werden.")
        )
    event.status = EventStatus.CANCELLED
    event.cancelled_at = timezone.now()
    event.cancellation_reason = reason
    event.sequence += 1
    event.save(
        update_fields=["status", "cancelled_at", "cancellation_reason", "sequence", "updated_at"]
    )
    _notify_cancellation(event)
    return event


def _notify_cancellation(event: Event) -> None:
    recipients = sorted(
        set(
            Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not recipients:
        return
    text = render_to_string(
        "events/email/event_cancelled.txt",
        {"event": event, "event_url": cluster_url(event.cluster, event.get_absolute_url())},
    )
    subject, _blank, body = text.partition("\n\n")
    for recipient in recipients:  # one mail each: the participants' addresses stay private
        send_email_later(subject=subject.strip(), body=body.strip() + "\n", to=[recipient])


# --- series ------------------------------------------------------------------------------------


def _clean_series(data: dict) -> dict:
    if not isinstance(data, dict):
        raise ValidationError(_("Bitte die Angaben zur Reihe als Objekt senden."))
    errors = PayloadErrors()
    values = {
        "title": validation.text(data.get("title"), "title", errors, max_length=200, required=True),
        "description": validation.text(
            data.get("description"), "description", errors, max_length=MAX_DESCRIPTION
        ),
    }
    errors.raise_if_any()
    return values


@changes(versions.EVENTS)
@transaction.atomic
def create_series(*, cluster: Cluster, by, data: dict) -> EventSeries:
    if not can_create_events(by, cluster):
        raise PermissionDenied(_("Veranstaltungsreihen legt das Clustermanagement an."))
    values = _clean_series(data)
    base = german_slug(values["title"])[:90].strip("-") or "reihe"
    slug, number = base, 2
    while EventSeries.objects.filter(cluster=cluster, slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    series = EventSeries(cluster=cluster, slug=slug, **values)
    series.full_clean()
    series.save()
    return series


@changes(versions.EVENTS)
@transaction.atomic
def update_series(*, series: EventSeries, by, data: dict) -> EventSeries:
    if not can_create_events(by, series.cluster):
        raise PermissionDenied(_("Veranstaltungsreihen ändert das Clustermanagement."))
    values = _clean_series({"title": series.title, "description": series.description, **data})
    for name, value in values.items():
        setattr(series, name, value)
    series.full_clean()
    series.save()
    return series
