"""Addresses of the Fachkräftematrix, under /fachkraefte/. Each part keeps its addresses next
to its views; this module puts them together under one namespace."""

from clusterwerk.skills.views import matrix, occupations, succession, supply, survey

app_name = "skills"

urlpatterns = [
    *occupations.urlpatterns,
    *survey.urlpatterns,
    *supply.urlpatterns,
    *matrix.urlpatterns,
    *succession.urlpatterns,
]
