"""Pages of the foresight: radar (see interfaces in the module docstring once written)."""

urlpatterns = []
