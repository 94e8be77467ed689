"""Pages of the Fachkräftematrix: occupations."""

urlpatterns = []
