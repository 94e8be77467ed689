from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "clusterwerk.projects"
    verbose_name = _("Projekte und Monitoring")

    def ready(self):
        from clusterwerk.masterplan.classify import register_label_source
        from clusterwerk.projects.queries import PROJECT_LABELS

        # The topic classifier learns from the projects' topic tags.
        register_label_source(PROJECT_LABELS)
