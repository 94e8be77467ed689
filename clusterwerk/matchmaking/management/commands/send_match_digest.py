from django.core.management.base import BaseCommand, CommandError

from clusterwerk.core import periodic
from clusterwerk.core.jobs import AlreadyRunning
from clusterwerk.matchmaking import tasks
from clusterwerk.matchmaking.digest import send_digests


class Command(BaseCommand):
    help = (
        "Sendet die wöchentliche E-Mail mit neuen Treffern der gespeicherten Suchen der "
        "Kooperationsbörse (einmal je Kalenderwoche; `manage.py schedule` erledigt das "
        "montags von selbst). Ein zweiter Lauf in derselben Woche wird abgelehnt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur anzeigen, wer eine E-Mail bekäme; nichts senden und nichts ändern.",
        )

    def handle(self, *args, dry_run, **options):
        if dry_run:
            run = send_digests(dry_run=True)
        else:
            key = periodic.run_key(tasks.DIGEST_RUN, tasks.DIGEST_FREQUENCY)
            try:
                run = periodic.run_here(
                    key=key,
                    kind=tasks.DIGEST_KIND,
                    title=tasks.digest_title(periodic.period_label(tasks.DIGEST_FREQUENCY)),
                    work=tasks.digest_work,
                )
            except AlreadyRunning as error:
                raise CommandError(periodic.refusal(key)) from error
        for digest in run.sent:
            verb = "bekäme" if dry_run else "erhält"
            self.stdout.write(f"{digest.user.email} {verb} {digest.hit_count} Treffer.")
        if dry_run:
            self.stdout.write(f"Probelauf: {len(run.sent)} E-Mail(s) würden gesendet.")
        else:
            self.stdout.write(
                f"{len(run.sent)} E-Mail(s) gesendet; {run.without_hits} Person(en) ohne neue "
                "Treffer."
            )
        if run.failed:
            raise CommandError(
                f"{len(run.failed)} E-Mail(s) konnten nicht gesendet werden: "
                + ", ".join(digest.user.email for digest in run.failed)
                + ". Sie folgen beim nächsten Lauf."
            )
