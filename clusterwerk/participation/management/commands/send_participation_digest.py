from django.core.management.base import BaseCommand, CommandError

from clusterwerk.accounts.services import system_user
from clusterwerk.core.models import DigestFrequency
from clusterwerk.participation.services import send_digests


class Command(BaseCommand):
    help = (
        "Sendet die E-Mail-Zusammenfassung der Benachrichtigungen aus den Beteiligungen: eine "
        "E-Mail je Person mit Neuem, nichts ohne Neues (per Cron täglich mit --frequency daily "
        "und wöchentlich mit --frequency weekly)."
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
        run = send_digests(user=system_user(), frequency=frequency, dry_run=dry_run)
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
