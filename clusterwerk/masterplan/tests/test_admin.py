import pytest

from clusterwerk.masterplan.tests.factories import make_edition

pytestmark = pytest.mark.django_db


def test_staff_can_view_but_not_change_the_plan(admin_client, cluster):
    edition = make_edition(cluster)
    topic_area = edition.topic_areas.first()
    assert admin_client.get("/admin/masterplan/topicarea/").status_code == 200
    page = admin_client.get(f"/admin/masterplan/topicarea/{topic_area.pk}/change/")
    assert page.status_code == 200
    assert 'type="submit"' not in page.content.decode().split('id="content"')[1]
    response = admin_client.post(
        f"/admin/masterplan/topicarea/{topic_area.pk}/change/", {"title": "Verändert"}
    )
    assert response.status_code == 403
    topic_area.refresh_from_db()
    assert topic_area.title != "Verändert"


def test_cluster_admin_lists_figures(admin_client, cluster):
    assert admin_client.get(f"/admin/core/cluster/{cluster.pk}/change/").status_code == 200
