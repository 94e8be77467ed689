"""Addresses of Cross Cluster, under /cross-cluster/."""

from clusterwerk.crosscluster.views import dashboard, search, topics

app_name = "crosscluster"

urlpatterns = [*topics.urlpatterns, *search.urlpatterns, *dashboard.urlpatterns]
