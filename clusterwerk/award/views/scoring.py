"""Pages of the innovation prize: scoring (see urls.py)."""

urlpatterns = []
