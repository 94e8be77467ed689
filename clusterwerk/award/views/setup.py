"""Pages of the innovation prize: setup (see urls.py)."""

urlpatterns = []
