"""Pages of the foresight: rating (see interfaces in the module docstring once written)."""

urlpatterns = []
