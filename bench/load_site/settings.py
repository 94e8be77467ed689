"""Settings of the load benchmark's server: the project's own (`config.settings`, read from the
same environment) with a URLconf that adds the bare view, and the session and CSRF cookies
allowed over plain HTTP to 127.0.0.1 (with DEBUG=False they are marked secure, and a client
would not send them back). Static files need no `collectstatic`: no page under load asks for
them, and `{% static %}` costs the same without the manifest."""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

ROOT_URLCONF = "bench.load_site.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
