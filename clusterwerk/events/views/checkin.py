"""(filled by the checkin part)"""

urlpatterns = []
