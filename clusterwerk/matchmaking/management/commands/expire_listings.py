from django.core.management.base import BaseCommand

from clusterwerk.accounts.services import system_user
from clusterwerk.matchmaking.services import expire_listings


class Command(BaseCommand):
    help = (
        "Markiert veröffentlichte Inserate der Kooperationsbörse, deren Ablaufdatum vorbei ist, "
        "als abgelaufen (per Cron täglich)."
    )

    def handle(self, *args, **options):
        count = expire_listings(user=system_user())
        self.stdout.write(f"{count} Inserat(e) als abgelaufen markiert.")
