"""The masterplan's URLs serve the request's cluster: `/masterplan/…` the default cluster,
`/c/<slug>/masterplan/…` another one. The old URLs with the cluster in the path redirect
permanently, so that bookmarks and links in documents keep working."""

import pytest
from django.urls import reverse, set_script_prefix

from clusterwerk.masterplan.models import EditionStatus
from clusterwerk.masterplan.services import revise_edition
from clusterwerk.masterplan.tests.factories import make_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_published(other_cluster):
    return make_edition(other_cluster, label="2019", status=EditionStatus.PUBLISHED)


# --- the old URLs -----------------------------------------------------------------------------

LEGACY_REDIRECTS = [
    ("/masterplan/metall/", "/masterplan/"),
    ("/masterplan/metall/ausgaben/", "/masterplan/ausgaben/"),
    ("/masterplan/metall/suche/?q=Leichtbau", "/masterplan/suche/?q=Leichtbau"),
    ("/masterplan/metall/vergleich/?alt=2020&neu=2026", "/masterplan/vergleich/?alt=2020&neu=2026"),
    ("/masterplan/metall/2020/", "/masterplan/2020/"),
    ("/masterplan/metall/2020/verlauf/", "/masterplan/2020/verlauf/"),
    ("/masterplan/metall/2020/export.json", "/masterplan/2020/export.json"),
    ("/masterplan/metall/2020/handlungsfeld/4/", "/masterplan/2020/handlungsfeld/4/"),
    ("/masterplan/metall/2020/eckpunkt/4.2/", "/masterplan/2020/eckpunkt/4.2/"),
    ("/masterplan/metall/2020/themenbereich/4.2.1/", "/masterplan/2020/themenbereich/4.2.1/"),
    (
        "/masterplan/metall/2026/themenbereich/4.2.1/bearbeiten/",
        "/masterplan/2026/themenbereich/4.2.1/bearbeiten/",
    ),
    ("/masterplan/kunststoffe/", "/c/kunststoffe/masterplan/"),
    ("/masterplan/kunststoffe/2019/", "/c/kunststoffe/masterplan/2019/"),
    (
        "/masterplan/kunststoffe/2019/themenbereich/4.2.1/",
        "/c/kunststoffe/masterplan/2019/themenbereich/4.2.1/",
    ),
    # under another cluster's prefix the old URL still goes to the cluster it names
    ("/c/kunststoffe/masterplan/metall/2020/", "/masterplan/2020/"),
]


@pytest.mark.parametrize(("old", "new"), LEGACY_REDIRECTS)
def test_old_urls_redirect_permanently(client, published, other_published, old, new):
    path, _, query = old.partition("?")
    response = client.get(path, dict(pair.split("=") for pair in query.split("&") if pair))
    assert response.status_code == 301
    assert response["Location"] == new


def test_an_old_url_leads_to_the_page(client, published, other_published):
    response = client.get("/masterplan/kunststoffe/2019/eckpunkt/4.2/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/c/kunststoffe/masterplan/2019/eckpunkt/4.2/", 301)]
    assert response.context["edition"] == other_published


def test_an_old_url_of_an_unknown_cluster_is_404(client, published):
    assert client.get("/masterplan/gibtsnicht/2020/").status_code == 404
    assert client.get("/masterplan/gibtsnicht/").status_code == 404


def test_a_new_edition_never_takes_a_cluster_slug_or_an_url_word(published, cluster_manager):
    assert revise_edition(source=published, label="Metall", user=cluster_manager).slug == (
        "metall-ausgabe"
    )
    assert revise_edition(source=published, label="Verlauf", user=cluster_manager).slug == (
        "verlauf-ausgabe"
    )


# --- links name their cluster -----------------------------------------------------------------


def test_links_outside_a_request_name_the_cluster(published, other_published):
    assert published.get_absolute_url() == "/masterplan/2020/"
    assert other_published.get_absolute_url() == "/c/kunststoffe/masterplan/2019/"
    topic_area = other_published.topic_areas.get(number="4.2.1")
    assert topic_area.get_absolute_url() == "/c/kunststoffe/masterplan/2019/themenbereich/4.2.1/"


def test_links_keep_the_requests_form_for_its_own_cluster(published, other_published):
    set_script_prefix("/c/kunststoffe/")
    try:
        assert other_published.get_absolute_url() == "/c/kunststoffe/masterplan/2019/"
        assert published.get_absolute_url() == "/masterplan/2020/"
        assert reverse("masterplan:search") == "/c/kunststoffe/masterplan/suche/"
    finally:
        set_script_prefix("/")
    set_script_prefix("/c/metall/")
    try:
        assert published.get_absolute_url() == "/c/metall/masterplan/2020/"
        assert other_published.get_absolute_url() == "/c/kunststoffe/masterplan/2019/"
    finally:
        set_script_prefix("/")


# --- the request's cluster --------------------------------------------------------------------


def test_each_cluster_serves_its_own_plan(client, published, other_published):
    assert client.get("/masterplan/")["Location"] == "/masterplan/2020/"
    assert client.get("/c/kunststoffe/masterplan/")["Location"] == (
        "/c/kunststoffe/masterplan/2019/"
    )
    page = client.get("/c/kunststoffe/masterplan/2019/")
    assert page.status_code == 200
    assert 'href="/c/kunststoffe/masterplan/2019/handlungsfeld/4/"' in page.content.decode()
    # an edition of the other cluster is not there, whatever its slug
    assert client.get("/c/kunststoffe/masterplan/2020/").status_code == 404
    assert client.get("/masterplan/2019/").status_code == 404


PAGES_WITHOUT_AN_EDITION = [
    "/c/kunststoffe/",
    "/c/kunststoffe/masterplan/ausgaben/",
    "/c/kunststoffe/masterplan/suche/?q=Leichtbau",
    "/c/kunststoffe/masterplan/vergleich/",
]


@pytest.mark.parametrize("path", PAGES_WITHOUT_AN_EDITION)
def test_a_cluster_without_a_published_edition_has_working_pages(
    client, published, other_cluster, path
):
    url, _, query = path.partition("?")
    response = client.get(url, dict(pair.split("=") for pair in query.split("&") if pair))
    assert response.status_code == 200
    assert "Produkte mit verbesserten Eigenschaften" not in response.content.decode()


def test_without_a_published_edition_the_plan_leads_to_the_editions(client, other_cluster):
    response = client.get("/c/kunststoffe/masterplan/")
    assert response["Location"] == "/c/kunststoffe/masterplan/ausgaben/"


def test_the_navigation_stays_in_the_cluster(client, published, other_published):
    content = client.get("/c/kunststoffe/masterplan/ausgaben/").content.decode()
    assert 'href="/c/kunststoffe/masterplan/"' in content
    assert 'href="/c/kunststoffe/suche/"' in content  # the one search
