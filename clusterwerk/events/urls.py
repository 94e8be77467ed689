"""Addresses of the events app, under /veranstaltungen/. Each part of the app keeps its
addresses next to its views; this module puts them together under one namespace."""

from clusterwerk.events.views import b2b, calendar, checkin, documentation, pages, registration

app_name = "events"

urlpatterns = [
    *calendar.urlpatterns,
    *registration.urlpatterns,
    *checkin.urlpatterns,
    *documentation.urlpatterns,
    *b2b.urlpatterns,
    *pages.urlpatterns,  # last: its /veranstaltungen/<slug>/ catches what is left
]
