from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "clusterwerk.skills"
    verbose_name = _("Fachkräftematrix")

    def ready(self):
        from clusterwerk.accounts.services import register_account_eraser
        from clusterwerk.skills.services.succession import erase_succession_data_of_user

        # A deleted account takes the person's succession profiles, interests and the age
        # and radar consent of the cases they own with it.
        register_account_eraser(erase_succession_data_of_user)
