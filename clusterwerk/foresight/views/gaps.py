"""Pages of the foresight: gaps (see interfaces in the module docstring once written)."""

urlpatterns = []
