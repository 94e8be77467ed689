from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top floor: pages composed from several apps, dashboards, the one search, and the
    commands that drive every app (reference data, demo content)."""

    name = "clusterwerk.portal"
    verbose_name = _("Portal")
