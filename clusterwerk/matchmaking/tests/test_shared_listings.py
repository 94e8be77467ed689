"""A listing shared with the other clusters shows in their members' Börse ("Aus anderen
Clustern") – only while it is open and shared, never for anonymous visitors or outsiders, and
with the owner hidden when the listing is anonymous."""

import datetime

from django.urls import reverse
from django.utils import timezone

from clusterwerk.actors.models import ActorRepresentative
from clusterwerk.actors.tests.conftest import make_actor
from clusterwerk.matchmaking.models import ListingStatus
from clusterwerk.matchmaking.queries import shared_listings
from clusterwerk.matchmaking.tests.factories import make_listing
from conftest import make_user

SECTION = "Aus anderen Clustern"


def test_shared_listings_reach_the_other_clusters_members_only(
    client, cluster, other_cluster, member, outsider, other_cluster_member
):
    owner = make_actor(other_cluster, "Kunststoffwerk Schwarzheide")
    shared = make_listing(
        owner,
        cluster=other_cluster,
        shared_with_other_clusters=True,
        title="Spritzguss-Kapazität für Metall-Kunststoff-Hybride",
    )
    anonymous = make_listing(
        owner,
        cluster=other_cluster,
        shared_with_other_clusters=True,
        is_anonymous=True,
        title="Anonymes Angebot Faserverbund",
    )
    make_listing(owner, cluster=other_cluster, title="Nur im eigenen Cluster")
    make_listing(
        owner,
        cluster=other_cluster,
        shared_with_other_clusters=True,
        title="Abgelaufenes Angebot",
        expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    make_listing(
        owner,
        cluster=other_cluster,
        shared_with_other_clusters=True,
        title="Entwurf eines Angebots",
        status=ListingStatus.DRAFT,
    )
    make_listing(
        owner,
        cluster=other_cluster,
        shared_with_other_clusters=True,
        title="Geschlossenes Angebot",
        status=ListingStatus.CLOSED,
    )
    own_actor = make_actor(cluster, "Metallbau Havelland GmbH")
    own = make_listing(own_actor, cluster=cluster, shared_with_other_clusters=True, title="Eigenes")

    # The rule.
    assert list(shared_listings(member, cluster)) == sorted(
        [shared, anonymous], key=lambda listing: (-listing.published_at.timestamp(), -listing.pk)
    )
    from django.contrib.auth.models import AnonymousUser

    assert not shared_listings(AnonymousUser(), cluster).exists()
    assert not shared_listings(outsider, cluster).exists()
    # A member of the owner's cluster sees them in their own Börse, not as shared; the other
    # way round it meets cluster A's shared listing.
    assert list(shared_listings(other_cluster_member, other_cluster)) == [own]
    assert shared_listings(other_cluster_member, cluster).count() == 0
    # Representing a member organisation of the cluster is membership too.
    representative = make_user("vertreter@clusterwerk.test")
    ActorRepresentative.objects.create(actor=own_actor, user=representative)
    assert shared_listings(representative, cluster).count() == 2

    # The page.
    page = reverse("matchmaking:listing-list")
    response = client.get(page)
    assert SECTION not in response.content.decode()
    client.force_login(outsider)
    assert SECTION not in client.get(page).content.decode()
    client.force_login(member)
    text = client.get(page).content.decode()
    assert SECTION in text
    assert "Spritzguss-Kapazität für Metall-Kunststoff-Hybride" in text
    assert f'href="/c/kunststoffe/kooperation/{shared.pk}/"' in text
    assert "Cluster Kunststoffe und Chemie" in text
    assert "Kunststoffwerk Schwarzheide" in text  # the named owner
    section = text[text.index(SECTION) :]
    assert "Anonymes Angebot Faserverbund" in section
    assert section.count("Kunststoffwerk Schwarzheide") == 1  # not for the anonymous one
    assert "Anonymer Anbieter" in section
    for hidden in ("Nur im eigenen Cluster", "Abgelaufenes", "Entwurf eines", "Geschlossenes"):
        assert hidden not in text
    assert "Eigenes" in text[: text.index(SECTION)]  # own listings stay in the main list
    # The link opens the listing in its own cluster.
    detail = client.get(f"/c/kunststoffe/kooperation/{shared.pk}/")
    assert detail.status_code == 200

    # The flag off: gone.
    shared.shared_with_other_clusters = False
    shared.save()
    anonymous.delete()
    assert SECTION not in client.get(page).content.decode()


def test_the_flag_travels_through_form_and_api(client, cluster):
    import json

    from clusterwerk.matchmaking.models import Listing
    from clusterwerk.matchmaking.tests.factories import listing_data, make_market

    market = make_market(cluster)
    client.force_login(market.owner_user)
    base = "/api/v1/matchmaking/listings"
    created = client.post(
        base,
        json.dumps(listing_data(shared_with_other_clusters=True)),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["shared_with_other_clusters"] is True
    patched = client.patch(
        f"{base}/{body['id']}",
        json.dumps({"shared_with_other_clusters": False, "version": body["version"]}),
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["shared_with_other_clusters"] is False
    assert Listing.objects.get(pk=body["id"]).shared_with_other_clusters is False

    edit = reverse("matchmaking:listing-edit", args=[body["id"]])
    form = client.get(edit).content.decode()
    assert "Auch in den anderen Clustern der Hauptstadtregion zeigen" in form
    page = client.get(reverse("matchmaking:listing-detail", args=[body["id"]])).content.decode()
    assert "Nur in diesem Cluster gezeigt" in page
