from django.core.management.base import BaseCommand, CommandError

from clusterwerk.core import periodic
from clusterwerk.core.jobs import AlreadyRunning
from clusterwerk.governance import tasks


class Command(BaseCommand):
    help = (
        "Erinnert die Verantwortlichen offener Aufgaben der Gremien, die in drei Tagen fällig "
        "oder überfällig sind, per E-Mail (höchstens einmal je Tag und Aufgabe). Einmal je Tag: "
        "ein zweiter Lauf am selben Tag wird abgelehnt."
    )

    def handle(self, *args, **options):
        key = periodic.run_key(tasks.REMIND_RUN, tasks.REMIND_FREQUENCY)
        try:
            count = periodic.run_here(
                key=key,
                kind=tasks.REMIND_KIND,
                title=tasks.remind_title(periodic.period_label(tasks.REMIND_FREQUENCY)),
                work=tasks.remind_work,
            )
        except AlreadyRunning as error:
            raise CommandError(periodic.refusal(key)) from error
        self.stdout.write(f"{count} Erinnerung(en) an Aufgaben verschickt.")
