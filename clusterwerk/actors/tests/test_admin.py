from django.urls import reverse

from conftest import make_user


def test_staff_sees_actors_and_links_representatives(client, actor_a, representative):
    admin = make_user("admin@clusterwerk.test", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("admin:actors_actor_changelist")).status_code == 200
    page = client.get(reverse("admin:actors_actor_change", args=[actor_a.pk]))
    assert page.status_code == 200
    assert representative.email in page.content.decode()
    assert client.get(reverse("admin:actors_actor_add")).status_code == 403
    assert client.get(reverse("admin:actors_district_changelist")).status_code == 200
    assert client.get(reverse("admin:actors_changerequest_changelist")).status_code == 200
