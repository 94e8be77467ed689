"""schema.org `Event` JSON-LD for an event page: what search engines and calendars read.

The online access link is never in it (only registered participants get it): a virtual
location points at the event's page instead.
"""

from django.utils import timezone
from django.utils.safestring import SafeString

from clusterwerk.core.jsonld import json_ld_script
from clusterwerk.events.models import Event, EventStatus

LANGUAGES = {"de": "de", "en": "en", "de_en": ["de", "en"]}


def _place(event: Event) -> dict | None:
    if not (event.venue_name or event.street or event.municipality):
        return None
    address = {
        "@type": "PostalAddress",
        "streetAddress": event.street,
        "postalCode": event.postal_code,
        "addressLocality": event.municipality,
        "addressRegion": event.district.state if event.district_id else "",
        "addressCountry": "DE",
    }
    return {
        "@type": "Place",
        "name": event.venue_name or event.municipality,
        "address": {key: value for key, value in address.items() if value},
    }


def event_data(event: Event, request, *, organisers=()) -> dict:
    url = request.build_absolute_uri(event.get_absolute_url())
    place = _place(event)
    virtual = {"@type": "VirtualLocation", "url": url} if event.online_url else None
    locations = [location for location in (place, virtual) if location]
    if place and virtual:
        mode = "https://schema.org/MixedEventAttendanceMode"
    elif virtual:
        mode = "https://schema.org/OnlineEventAttendanceMode"
    else:
        mode = "https://schema.org/OfflineEventAttendanceMode"
    status = (
        "https://schema.org/EventCancelled"
        if event.status == EventStatus.CANCELLED
        else "https://schema.org/EventScheduled"
    )
    organizer = [{"@type": "Organization", "name": event.cluster.name}]
    organizer += [
        {
            "@type": "Organization",
            "name": actor.name,
            "url": request.build_absolute_uri(actor.get_absolute_url()),
        }
        for actor in organisers
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url,
        "name": event.title,
        "url": url,
        "startDate": timezone.localtime(event.starts_at, event.zone).isoformat(),
        "endDate": timezone.localtime(event.ends_at, event.zone).isoformat(),
        "eventStatus": status,
        "eventAttendanceMode": mode,
        "organizer": organizer if len(organizer) > 1 else organizer[0],
        "inLanguage": LANGUAGES.get(event.language, event.language),
    }
    if locations:
        data["location"] = locations if len(locations) > 1 else locations[0]
    if event.description:
        data["description"] = event.description
    if event.series_id:
        data["superEvent"] = {"@type": "EventSeries", "name": event.series.title}
    return data


def event_json_ld(event: Event, request, *, organisers=()) -> SafeString:
    """The JSON-LD, safe inside <script type="application/ld+json">."""
    return json_ld_script(event_data(event, request, organisers=organisers))
