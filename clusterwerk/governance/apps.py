from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "clusterwerk.governance"
    verbose_name = _("Gremien")

    def ready(self):
        from clusterwerk.governance.badges import body_badges
        from clusterwerk.participation.badges import register_badge_source

        register_badge_source(body_badges)
