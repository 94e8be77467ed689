"""Pages of the Fachkräftematrix: supply."""

urlpatterns = []
