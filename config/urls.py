from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.api import api

# The admin has no password form of its own: its login sends people to /konto/login/ (with
# `next`), where allauth counts failed logins per IP and per account (ACCOUNT_RATE_LIMITS).
# Logged-in staff pass; logged-in people without staff status get 403.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("konto/", include("clusterwerk.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("", include("clusterwerk.portal.urls")),
    path("", include("clusterwerk.actors.urls")),
    path("", include("clusterwerk.projects.urls")),
    path("", include("clusterwerk.matchmaking.urls")),
    path("", include("clusterwerk.participation.urls")),
    path("", include("clusterwerk.events.urls")),
    path("", include("clusterwerk.award.urls")),
    path("", include("clusterwerk.foresight.urls")),
    path("", include("clusterwerk.skills.urls")),
    path("", include("clusterwerk.governance.urls")),
    path("", include("clusterwerk.crosscluster.urls")),
    path("", include("clusterwerk.clusterprofile.urls")),
    path("", include("clusterwerk.masterplan.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

handler404 = "clusterwerk.core.views.page_not_found"
handler500 = "clusterwerk.core.views.server_error"
