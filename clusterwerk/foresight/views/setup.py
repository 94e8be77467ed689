"""Pages of the foresight: setup (see interfaces in the module docstring once written)."""

urlpatterns = []
