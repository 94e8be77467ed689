from django.core.management.base import BaseCommand

from clusterwerk.participation.phase_notices import notify_phase_changes


class Command(BaseCommand):
    help = (
        "Benachrichtigt die Folgenden einer Beteiligung, wenn eine neue Phase begonnen hat "
        "(per Cron z. B. stündlich; mehrfache Läufe benachrichtigen niemanden doppelt)."
    )

    def handle(self, *args, **options):
        created = notify_phase_changes()
        self.stdout.write(f"{created} Benachrichtigung(en) über Phasenwechsel angelegt.")
