"""System checks that protect a production deployment from development defaults."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=False)
def refuse_development_secret_in_production(app_configs, **kwargs):
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "DEBUG=False with the development SECRET_KEY.",
                hint="Set SECRET_KEY in the environment to a long random value (see .env.example).",
                id="clusterwerk.E001",
            )
        ]
    return []
