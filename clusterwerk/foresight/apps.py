from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForesightConfig(AppConfig):
    name = "clusterwerk.foresight"
    verbose_name = _("Markt- und Technologievorausschau")
