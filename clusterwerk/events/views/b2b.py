"""(filled by the b2b part)"""

urlpatterns = []
