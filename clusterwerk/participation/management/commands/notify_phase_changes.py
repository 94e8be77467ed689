from django.core.management.base import BaseCommand

from clusterwerk.accounts.services import system_user
from clusterwerk.participation.services import notify_phase_changes


class Command(BaseCommand):
    help = (
        "Benachrichtigt die Folgenden einer Beteiligung, wenn eine neue Phase begonnen hat "
        "(per Cron z. B. stündlich; mehrfache Läufe benachrichtigen niemanden doppelt; für die "
        "Beteiligungen aller Cluster)."
    )

    def handle(self, *args, **options):
        created = notify_phase_changes(user=system_user())
        self.stdout.write(f"{created} Benachrichtigung(en) über Phasenwechsel angelegt.")
