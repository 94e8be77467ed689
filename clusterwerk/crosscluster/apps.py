from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrossClusterConfig(AppConfig):
    name = "clusterwerk.crosscluster"
    verbose_name = _("Cross Cluster")
