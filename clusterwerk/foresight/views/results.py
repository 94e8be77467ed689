"""Pages of the foresight: results (see interfaces in the module docstring once written)."""

urlpatterns = []
