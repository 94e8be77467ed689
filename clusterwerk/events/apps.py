from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "clusterwerk.events"
    verbose_name = _("Veranstaltungen")

    def ready(self):
        from clusterwerk.accounts.services import register_account_eraser
        from clusterwerk.events.services.privacy import erase_registrations_of_user

        # A deleted account takes the person's name and address out of their registrations.
        register_account_eraser(erase_registrations_of_user)
