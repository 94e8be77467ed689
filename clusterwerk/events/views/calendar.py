"""(filled by the calendar part)"""

urlpatterns = []
