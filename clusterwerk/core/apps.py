from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "clusterwerk.core"
    verbose_name = _("Kern")

    def ready(self):
        from clusterwerk.core import checks  # noqa: F401  (registers system checks)
