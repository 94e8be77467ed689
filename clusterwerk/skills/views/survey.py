"""Pages of the Fachkräftematrix: survey."""

urlpatterns = []
