"""Pages of the Fachkräftematrix: succession."""

urlpatterns = []
