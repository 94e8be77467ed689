from django.core.management.base import BaseCommand, CommandError

from clusterwerk.core import periodic
from clusterwerk.core.jobs import AlreadyRunning
from clusterwerk.participation import tasks


class Command(BaseCommand):
    help = (
        "Benachrichtigt die Folgenden einer Beteiligung, wenn eine neue Phase begonnen hat "
        "(stündlich; `manage.py schedule` erledigt das von selbst; mehrfache Läufe "
        "benachrichtigen niemanden doppelt, ein zweiter Lauf in derselben Stunde wird "
        "abgelehnt; für die Beteiligungen aller Cluster)."
    )

    def handle(self, *args, **options):
        key = periodic.run_key(tasks.PHASE_RUN, tasks.PHASE_FREQUENCY)
        try:
            created = periodic.run_here(
                key=key,
                kind=tasks.PHASE_KIND,
                title=tasks.phase_title(periodic.period_label(tasks.PHASE_FREQUENCY)),
                work=tasks.phase_work,
            )
        except AlreadyRunning as error:
            raise CommandError(periodic.refusal(key)) from error
        self.stdout.write(f"{created} Benachrichtigung(en) über Phasenwechsel angelegt.")
