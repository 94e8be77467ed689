"""Registration pages: register, "Meine Veranstaltungen", one registration, and the
organisers' list of registrations per contingent (work in progress)."""

from django.http import Http404
from django.urls import path


def register_view(request, slug):
    raise Http404


def mine(request):
    raise Http404


def registration_detail(request, pk):
    raise Http404


def registrations(request, slug):
    raise Http404


urlpatterns = [
    path("veranstaltungen/meine/", mine, name="mine"),
    path("veranstaltungen/anmeldung/<int:pk>/", registration_detail, name="registration-detail"),
    path("veranstaltungen/<slug:slug>/anmelden/", register_view, name="register"),
    path("veranstaltungen/<slug:slug>/anmeldungen/", registrations, name="registrations"),
]
