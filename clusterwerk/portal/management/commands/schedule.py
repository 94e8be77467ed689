"""`manage.py schedule`: enqueue the periodic work that is due (clusterwerk.portal.schedule).

Once (for a cron line or a systemd timer, e.g. every few minutes) or with `--loop` every
minute (the `scheduler:` process of Procfile.dev, one systemd service in production). Any
number of schedulers may run: each run starts at most once per period."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from clusterwerk.portal import schedule

REASONS = {
    schedule.NOT_DUE: "noch nicht fällig",
    schedule.TAKEN: "in diesem Zeitraum schon beauftragt",
    schedule.FAILED_RECENTLY: "eben fehlgeschlagen, neuer Versuch später",
    schedule.FAILED_TOO_OFTEN: "in diesem Zeitraum zu oft fehlgeschlagen",
}


class Command(BaseCommand):
    help = (
        "Beauftragt die fälligen regelmäßigen Läufe (Ablauf der Inserate, E-Mail-"
        "Zusammenfassungen, Phasenwechsel, Aufräumen) als Hintergrundaufträge; jeder Lauf "
        "höchstens einmal je Zeitraum. Einmal (für Cron) oder mit --loop jede Minute."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Nicht enden: jede Minute erneut prüfen."
        )
        parser.add_argument(
            "--interval",
            type=int,
            default=60,
            help="Mit --loop: Sekunden zwischen zwei Prüfungen (Vorgabe 60).",
        )
        parser.add_argument(
            "--list",
            action="store_true",
            dest="list_only",
            help="Nur anzeigen, was fällig wäre; nichts beauftragen.",
        )

    def handle(self, *args, loop, interval, list_only, **options):
        if list_only:
            self.report(schedule.due_runs(), started_label="fällig")
            return
        if not loop:
            self.report(schedule.enqueue_due())
            return
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        self.stdout.write(f"Zeitplan läuft (alle {interval} s); Strg+C beendet.")
        try:
            while not self.stopping:
                close_old_connections()
                try:
                    self.report(schedule.enqueue_due(), quiet=True)
                except Exception:  # a lost connection: try again next time
                    schedule.logger.exception("Scheduling failed; trying again.")
                self.sleep(interval)
        except KeyboardInterrupt:
            pass
        self.stdout.write("Zeitplan beendet.")

    def stop(self, signum, frame):
        self.stopping = True

    def sleep(self, seconds: int):
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(1.0, deadline - time.monotonic()))

    def report(self, decisions, *, quiet=False, started_label="beauftragt"):
        now = timezone.localtime().strftime("%d.%m.%Y %H:%M")
        for decision in decisions:
            if decision.job is not None:
                self.stdout.write(
                    f"{now} {decision.key}: {started_label} (Auftrag {decision.job.pk})"
                )
            elif not decision.reason:
                self.stdout.write(f"{now} {decision.key}: {started_label}")
            elif not quiet:
                line = f"{now} {decision.key}: {REASONS[decision.reason]}"
                if decision.latest is not None and decision.reason != schedule.NOT_DUE:
                    latest = decision.latest
                    line += f" (Stand: {latest.get_state_display()}"
                    line += f" – {latest.message})" if latest.message else ")"
                self.stdout.write(line)
