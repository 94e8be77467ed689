from django.core.management.base import BaseCommand

from clusterwerk.masterplan.reference import load_all_reference_data


class Command(BaseCommand):
    help = "Lädt alle mitgelieferten Referenzdaten (idempotent: ein zweiter Lauf ändert nichts)."

    def handle(self, *args, **options):
        for report in load_all_reference_data():
            if report.changed:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{report.cluster.name}: Referenzdaten geladen "
                        f"({len(report.sync.created)} neu, {len(report.sync.updated)} geändert, "
                        f"{len(report.sync.deleted)} entfernt, {report.figures_changed} Kennzahlen)"
                        + (" – als veröffentlichte Ausgabe gesetzt" if report.published else "")
                    )
                )
            else:
                self.stdout.write(f"{report.cluster.name}: Referenzdaten unverändert.")
