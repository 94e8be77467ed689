"""The tenant: `/c/<slug>/` serves a cluster, everything else the default one."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import get_script_prefix, reverse

from clusterwerk.core.middleware import ClusterMiddleware
from clusterwerk.core.models import Cluster
from clusterwerk.core.tenancy import cluster_by_slug, default_cluster

pytestmark = pytest.mark.django_db


def serve(path: str):
    """Run the middleware; return what the view saw and the response."""
    seen = {}

    def view(request):
        seen.update(
            cluster=request.cluster,
            path_info=request.path_info,
            path=request.path,
            link=reverse("actors:directory"),
        )
        return HttpResponse("ok")

    response = ClusterMiddleware(view)(RequestFactory().get(path))
    return seen, response


def test_without_prefix_the_default_cluster(cluster, other_cluster):
    seen, response = serve("/akteure/")
    assert response.status_code == 200
    assert seen["cluster"] == cluster
    assert seen["link"] == "/akteure/"


def test_the_prefix_names_the_cluster_and_links_stay_in_it(cluster, other_cluster):
    seen, _response = serve("/c/kunststoffe/akteure/")
    assert seen["cluster"] == other_cluster
    assert seen["path_info"] == "/akteure/"
    assert seen["path"] == "/c/kunststoffe/akteure/"
    assert seen["link"] == "/c/kunststoffe/akteure/"
    assert get_script_prefix() == "/"  # restored after the request


def test_an_unknown_cluster_is_a_404(cluster):
    _seen, response = serve("/c/gibtsnicht/akteure/")
    assert response.status_code == 404


def test_pages_and_api_answer_under_the_prefix(client, cluster, other_cluster):
    assert client.get("/c/kunststoffe/akteure/").status_code == 200
    assert client.get("/c/kunststoffe/api/masterplan/clusters").status_code == 200
    assert client.get("/c/gibtsnicht/api/masterplan/clusters").status_code == 404


def test_default_cluster_is_the_setting_or_the_only_one(settings, db):
    assert default_cluster() is None
    only = Cluster.objects.create(slug="energie", name="Cluster Energietechnik")
    settings.DEFAULT_CLUSTER_SLUG = "metall"
    assert default_cluster() == only  # the only cluster there is
    Cluster.objects.create(slug="optik", name="Cluster Optik und Photonik")
    assert default_cluster() is None  # two clusters and none is the configured one
    settings.DEFAULT_CLUSTER_SLUG = "optik"
    assert default_cluster().slug == "optik"
    assert cluster_by_slug("energie") == only


def test_addresses_name_their_cluster_wherever_they_are_written(cluster, other_cluster, settings):
    from django.urls import set_script_prefix

    from clusterwerk.core.tenancy import cluster_path, cluster_url, reverse_for_cluster

    settings.SITE_URL = "https://cluster.example.org"
    path = reverse("actors:directory")
    # Outside a request (a command, an e-mail): the default cluster unprefixed, others with it.
    assert cluster_path(cluster, path) == "/akteure/"
    assert cluster_path(other_cluster, path) == "/c/kunststoffe/akteure/"
    assert cluster_url(other_cluster, path) == "https://cluster.example.org/c/kunststoffe/akteure/"
    assert cluster_url(cluster) == "https://cluster.example.org/"
    # A path that names its cluster already is left alone.
    assert cluster_path(other_cluster, "/c/kunststoffe/akteure/") == "/c/kunststoffe/akteure/"
    # Inside a request of the other cluster: its own links keep the request's form, the
    # default cluster's links lose the prefix.
    set_script_prefix("/c/kunststoffe/")
    try:
        assert reverse_for_cluster(other_cluster, "actors:directory") == "/c/kunststoffe/akteure/"
        assert reverse_for_cluster(cluster, "actors:directory") == "/akteure/"
    finally:
        set_script_prefix("/")
