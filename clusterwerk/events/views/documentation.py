"""(filled by the documentation part)"""

urlpatterns = []
