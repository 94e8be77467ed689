from django.core.management.base import BaseCommand, CommandError

from clusterwerk.core import periodic
from clusterwerk.core.jobs import AlreadyRunning
from clusterwerk.matchmaking import tasks


class Command(BaseCommand):
    help = (
        "Markiert veröffentlichte Inserate der Kooperationsbörse, deren Ablaufdatum vorbei ist, "
        "als abgelaufen (täglich; `manage.py schedule` erledigt das von selbst). Einmal je Tag: "
        "ein zweiter Lauf am selben Tag wird abgelehnt."
    )

    def handle(self, *args, **options):
        key = periodic.run_key(tasks.EXPIRE_RUN, tasks.EXPIRE_FREQUENCY)
        try:
            count = periodic.run_here(
                key=key,
                kind=tasks.EXPIRE_KIND,
                title=tasks.expire_title(periodic.period_label(tasks.EXPIRE_FREQUENCY)),
                work=tasks.expire_work,
            )
        except AlreadyRunning as error:
            raise CommandError(periodic.refusal(key)) from error
        self.stdout.write(f"{count} Inserat(e) als abgelaufen markiert.")
