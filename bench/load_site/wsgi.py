"""WSGI entry point of the load benchmark's server: `bench.load_site.wsgi:application`
(gunicorn runs it with `--chdir` at the repository's root)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.load_site.settings"
application = get_wsgi_application()
