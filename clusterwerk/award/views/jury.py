"""Pages of the innovation prize: jury (see urls.py)."""

urlpatterns = []
