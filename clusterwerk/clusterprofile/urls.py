"""Addresses of the public cluster profile (/profil/, /profil/en/) and the open data
(/offene-daten/)."""

from clusterwerk.clusterprofile.views import edit, opendata, profile

app_name = "clusterprofile"

urlpatterns = [*profile.urlpatterns, *opendata.urlpatterns, *edit.urlpatterns]
