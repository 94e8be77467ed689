from django.core.management.base import BaseCommand

from clusterwerk.core import versions
from clusterwerk.skills.reference import load_occupations


class Command(BaseCommand):
    help = "Lädt die mitgelieferten Berufe der KldB 2010 (idempotent)."

    def handle(self, *args, **options):
        count = load_occupations()
        if count:
            versions.bump(versions.SKILLS)
            self.stdout.write(self.style.SUCCESS(f"Berufe (KldB 2010): {count} neu oder geändert."))
        else:
            self.stdout.write("Berufe (KldB 2010) unverändert.")
