import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from clusterwerk.core.tenancy import cluster_by_slug
from clusterwerk.events.calendar_export import events_as_records, public_events
from clusterwerk.events.ical import event_calendar
from clusterwerk.events.models import EventSeries

FORMATS = ("ics", "json")


class Command(BaseCommand):
    help = (
        "Gibt den öffentlichen Veranstaltungskalender eines Clusters aus (--cluster, Standard: "
        "der Standardcluster): veröffentlichte, durchgeführte, dokumentierte und abgesagte "
        "öffentliche Veranstaltungen, mit --series nur die einer Reihe. --format ics: "
        "iCalendar; --format json: eine Liste mit id, title, format, start, end (ISO 8601 mit "
        "Zeitzonenversatz), topic_areas (Nummern der Themenbereiche), registered (belegte "
        "Plätze: bestätigt, wartet auf Bestätigung, Nachrückplatz angeboten), capacity "
        "(Plätze aller Kontingente) und waitlist (Personen auf den Wartelisten)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", default="json", help="ics oder json (Standard)")
        parser.add_argument("--series", help="Kürzel einer Veranstaltungsreihe")
        parser.add_argument("--cluster", help="Kürzel des Clusters (Standard: der Standardcluster)")

    def handle(self, *args, format, series=None, cluster=None, **options):
        try:
            target = cluster_by_slug(cluster)
        except Http404 as error:
            raise CommandError(f"Unbekannter Cluster „{cluster}“.") from error
        file_format = (format or "").lower()
        if file_format not in FORMATS:
            raise CommandError(
                f"Unbekanntes Format „{format}“. Erlaubt sind: {', '.join(FORMATS)}."
            )
        chosen = None
        if series:
            chosen = EventSeries.objects.filter(cluster=target, slug=series).first()
            if chosen is None:
                raise CommandError(
                    f"Unbekannte Veranstaltungsreihe „{series}“ im Cluster „{target.slug}“."
                )
        events = public_events(target, series=chosen)
        if file_format == "json":
            records = events_as_records(target, events)
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
            return
        name = chosen.title if chosen else f"{target.short_name or target.name}: Veranstaltungen"
        text = event_calendar(events, base_url=settings.SITE_URL, name=name)
        self.stdout.write(text, ending="")
