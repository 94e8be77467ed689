"""(filled by the pages part)"""

urlpatterns = []
