"""Stand-ins for the pages that other parts of the events app own (the event page, the series
page, "Meine Veranstaltungen"), so that the calendar and documentation tests reverse their
addresses on a branch without them. Where the real pages exist, nothing is added."""

from django.http import HttpResponse
from django.urls import path

from clusterwerk.events import urls


def _stand_in(request, slug=""):
    return HttpResponse(f"stand-in {slug}")


_STAND_INS = {
    "detail": "veranstaltungen/<slug:slug>/",
    "series-detail": "veranstaltungen/reihe/<slug:slug>/",
    "mine": "veranstaltungen/meine/",
}


def install_stand_ins() -> None:
    names = {getattr(pattern, "name", None) for pattern in urls.urlpatterns}
    for name, route in _STAND_INS.items():
        if name not in names:
            urls.urlpatterns.append(path(route, _stand_in, name=name))


install_stand_ins()
