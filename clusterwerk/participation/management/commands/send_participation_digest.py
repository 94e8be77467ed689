from django.core.management.base import BaseCommand, CommandError

from clusterwerk.accounts.services import system_user
from clusterwerk.core import periodic
from clusterwerk.core.jobs import AlreadyRunning
from clusterwerk.core.models import DigestFrequency
from clusterwerk.participation import tasks
from clusterwerk.participation.services import send_digests
from clusterwerk.participation.services.digest import run_name


class Command(BaseCommand):
    help = (
        "Sendet die E-Mail-Zusammenfassung der Benachrichtigungen aus den Beteiligungen: eine "
        "E-Mail je Person mit Neuem, nichts ohne Neues (täglich mit --frequency daily und "
        "wöchentlich mit --frequency weekly; `manage.py schedule` erledigt beides von selbst). "
        "Ein zweiter Lauf im selben Zeitraum wird abgelehnt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=[DigestFrequency.DAILY.value, DigestFrequency.WEEKLY.value],
            required=True,
            help="Für wen: Personen mit täglicher oder mit wöchentlicher Zusammenfassung.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Nur anzeigen, wer eine E-Mail bekäme; nichts senden und nichts ändern.",
        )

    def handle(self, *args, frequency, dry_run, **options):
        if dry_run:
            run = send_digests(user=system_user(), frequency=frequency, dry_run=True)
        else:
            period = tasks.digest_frequency(frequency)
            key = periodic.run_key(run_name(frequency), period)
            try:
                run = periodic.run_here(
                    key=key,
                    kind=tasks.digest_kind(frequency),
                    title=tasks.digest_title(frequency, periodic.period_label(period)),
                    work=lambda job: tasks.digest_work(job, frequency),
                )
            except AlreadyRunning as error:
                raise CommandError(periodic.refusal(key)) from error
        verb = "bekäme" if dry_run else "erhält"
        for digest in run.sent:
            self.stdout.write(f"{digest.user.email} {verb} {digest.count} Benachrichtigung(en).")
        if dry_run:
            self.stdout.write(f"Probelauf: {len(run.sent)} E-Mail(s) würden gesendet.")
        else:
            self.stdout.write(f"{len(run.sent)} E-Mail(s) gesendet.")
        if run.waiting:
            self.stdout.write(
                f"{run.waiting} Person(en) hatten in diesem Zeitraum schon eine E-Mail; "
                "ihre Benachrichtigungen folgen beim nächsten Lauf."
            )
        if run.failed:
            raise CommandError(
                f"{len(run.failed)} E-Mail(s) konnten nicht gesendet werden: "
                + ", ".join(digest.user.email for digest in run.failed)
                + ". Sie folgen beim nächsten Lauf."
            )
