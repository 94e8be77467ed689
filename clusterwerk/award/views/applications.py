"""Pages of the innovation prize: applications (see urls.py)."""

urlpatterns = []
