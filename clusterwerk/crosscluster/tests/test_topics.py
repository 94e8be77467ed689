"""The topic pages count what the documented rule says, per cluster and kind, and nothing
else (other partner, unpublished, private, draft, expired, unpublished cycles), in a fixed
number of queries; the same through the API."""

from django.urls import reverse

from clusterwerk.crosscluster.tests.conftest import EXPECTED
from clusterwerk.crosscluster.topics import topic_content

NOT_COUNTED = (
    "Gießerei Lausitz",
    "Entwurf Laser GmbH",
    "Energie Laser AG",
    "Laserhärten im Kraftwerk",
    "Gießereisand",
    "Laser vertraulich",
    "Laser allein",
    "Laser intern",
    "Laser und Energie",
    "Laser-Entwurf",
    "Laser ohne Partner",
    "Wasserstoff",
    "Laserreinigung",
)


def test_the_topic_counts_each_kind_per_cluster(world, client, django_assert_max_num_queries):
    from django.contrib.auth.models import AnonymousUser

    content = topic_content(AnonymousUser(), world.topic)
    a, b = content.sides
    assert (a.cluster, b.cluster) == (world.a, world.b)
    assert a.counts == EXPECTED["A"]
    assert b.counts == EXPECTED["B"]
    assert [e.title for e in a.entries["actors"]] == [
        "Fräserei Prignitz",
        "Laserwerk Havel GmbH",
        "Strahlquelle Berlin",
    ]
    assert [e.title for e in a.entries["foresight"]] == [
        "T-01 Ultrakurzpulslaser",
        "T-02 Digitale Zwillinge",
    ]
    # Anonymous listings stay anonymous across clusters.
    assert "Photonik Adlershof" not in b.entries["listings"][0].note
    assert "Anonymer Anbieter" in b.entries["listings"][0].note
    # The partner's entries link into the partner's cluster.
    assert b.entries["events"][0].url.startswith("/c/optik-photonik/")

    with django_assert_max_num_queries(25):
        response = client.get(reverse("crosscluster:topic", args=[world.topic.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Wie wir zuordnen" in text
    for title in NOT_COUNTED:
        assert title not in text, title
    assert "Laserbasierte Oberflächenbearbeitung" in text
    assert "Laser-Messtechnik für Schweißnähte" in text

    # The partner cluster shows the same topic; a cluster outside it does not.
    other = client.get(f"/c/optik-photonik{reverse('crosscluster:topic', args=[world.topic.pk])}")
    assert other.status_code == 200
    outside = client.get(f"/c/energietechnik/cross-cluster/themen/{world.topic.pk}/")
    assert outside.status_code == 404


def test_the_overview_groups_by_partner_in_constant_queries(
    world, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(25):
        response = client.get(reverse("crosscluster:topics"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Mit Cluster Optik und Photonik" in text
    assert "Mit Cluster Energietechnik" in text
    # Seen from B: the topic under A.
    response = client.get("/c/optik-photonik/cross-cluster/")
    assert "Mit Cluster Metall Brandenburg" in response.content.decode()
    assert "Energieeffizienz" not in response.content.decode()


def test_a_member_of_b_sees_members_only_projects_of_b(world, client):
    from clusterwerk.accounts.models import Role
    from conftest import make_user

    hidden = world.objects["pB1"]
    hidden.visibility = "members"
    hidden.save()
    anonymous = client.get(reverse("crosscluster:topic", args=[world.topic.pk]))
    assert "Laser-Messtechnik" not in anonymous.content.decode()
    client.force_login(make_user("b@clusterwerk.test", world.b, Role.MEMBER))
    member = client.get(reverse("crosscluster:topic", args=[world.topic.pk]))
    assert "Laser-Messtechnik" in member.content.decode()


def test_the_api_gives_the_same_counts(world, client):
    listing = client.get("/api/v1/cross-cluster/topics")
    assert listing.status_code == 200
    by_title = {row["title"]: row for row in listing.json()}
    laser = by_title["Laser für die Materialbearbeitung"]
    assert laser["sides"][0]["counts"] == EXPECTED["A"]
    assert laser["sides"][1]["counts"] == EXPECTED["B"]
    assert laser["topic_areas"] == ["4.4.2"]
    detail = client.get(f"/api/v1/cross-cluster/topics/{world.topic.pk}")
    assert detail.status_code == 200
    sides = detail.json()["sides"]
    assert [len(sides[0]["entries"][k]) for k in EXPECTED["A"]] == list(EXPECTED["A"].values())
    assert client.get("/api/v1/cross-cluster/topics/999999").status_code == 404
    outside = client.get(f"/c/energietechnik/api/v1/cross-cluster/topics/{world.topic.pk}")
    assert outside.status_code == 404


def test_the_matches_are_cached_until_the_data_or_the_topic_change(
    world, django_capture_on_commit_callbacks
):
    """Matching is cached per data version: data written past the services is not seen until
    a version of its area changes (every service bumps it); then the page gets the latest
    matches at once and the task queue matches afresh for the next reader. A change of the
    topic's keywords is part of the cache key, so it takes effect at once."""
    from django.contrib.auth.models import AnonymousUser

    from clusterwerk.core import versions

    def listings():
        side = topic_content(AnonymousUser(), world.topic).sides[0]
        return [entry.title for entry in side.entries["listings"]]

    before = listings()
    assert "Laserauftrag" in before
    world.objects["lA2"].__class__.objects.filter(pk=world.objects["lA2"].pk).update(
        title="Auftragsschweißen", description="Ohne Bezug.", keywords=[]
    )
    assert len(listings()) == len(before)  # the cached match, the row read afresh
    versions.bump(versions.MATCHMAKING, cluster=world.a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert len(listings()) == len(before)  # the latest matches, served at once …
    assert len(callbacks) == 1  # … while the task queue matches afresh
    assert "Auftragsschweißen" not in listings() and len(listings()) == len(before) - 1

    def actors():
        side = topic_content(AnonymousUser(), world.topic).sides[0]
        return [entry.title for entry in side.entries["actors"]]

    assert "Gießerei Lausitz" not in actors()
    world.topic.keywords = [*world.topic.keywords, "Gießen"]
    world.topic.save()
    assert "Gießerei Lausitz" in actors()
