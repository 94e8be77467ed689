from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClusterProfileConfig(AppConfig):
    name = "clusterwerk.clusterprofile"
    verbose_name = _("Öffentliches Clusterprofil")
