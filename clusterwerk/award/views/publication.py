"""Pages of the innovation prize: publication (see urls.py)."""

urlpatterns = []
