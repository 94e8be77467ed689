"""(filled by the registration part)"""

urlpatterns = []
