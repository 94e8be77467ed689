"""Pages of the Fachkräftematrix: matrix."""

urlpatterns = []
