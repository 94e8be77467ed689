"""Error pages: German HTML for people, JSON for API clients."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def wants_json(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    if wants_json(request):
        return JsonResponse({"detail": _("Diese Adresse gibt es in der API nicht.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if wants_json(request):
        return JsonResponse(
            {"detail": _("Interner Fehler. Das Betriebsteam wurde benachrichtigt.")}, status=500
        )
    return defaults.server_error(request)
