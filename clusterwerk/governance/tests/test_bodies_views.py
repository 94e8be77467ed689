"""Pages of the bodies: the list, the public page (members by function, chair first;
published decisions only), the management's body and member forms – another cluster's
management is refused and nothing changes; forms keep what was typed."""

import datetime

import pytest
from django.test import Client

from clusterwerk.actors.models import Actor, ActorKind, BodySeat, ClusterBody, ClusterMembership
from clusterwerk.governance.models import Body, BodyMember, MemberFunction, Sector
from clusterwerk.governance.tests.factories import make_body, make_decision, make_member

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_and_public_page(cluster, body, body_members, meeting, member):
    hidden = make_body(cluster, slug="intern", name="Geheimer Kreis", is_public=False)
    network = Actor.objects.create(name="LMB Netzwerk", slug="lmb", kind=ActorKind.NETWORK)
    make_member(
        body,
        None,
        name="Anna Zuletzt",
        function=MemberFunction.GUEST,
        actor=network,
        sector=Sector.NETWORK,
    )
    make_member(
        body,
        None,
        name="Ehemalig Person",
        term_start=datetime.date(2019, 1, 1),
        term_end=datetime.date(2020, 1, 1),
    )
    make_decision(meeting, text="Öffentlicher Beschluss zur Fachkräftesicherung", is_published=True)
    make_decision(meeting, text="Interner Beschluss")

    page = Client().get("/gremien/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Strategischer Beirat" in text and "Geheimer Kreis" not in text
    assert "Dr. Petra Vorsitz" in text and "5 Mitglieder" in text
    assert "Gremium anlegen" not in text

    text = Client().get("/gremien/beirat/").content.decode()
    assert text.index("Dr. Petra Vorsitz") < text.index("Mitglied 1") < text.index("Anna Zuletzt")
    assert "LMB Netzwerk" in text and "Netzwerke" in text and "Ehemalig Person" not in text
    assert "Öffentlicher Beschluss zur Fachkräftesicherung" in text and "Konsens" in text
    assert "Interner Beschluss" not in text and "Zum internen Bereich" not in text
    assert Client().get(f"/gremien/{hidden.slug}/").status_code == 404
    assert logged_in(member).get("/gremien/beirat/").content.decode().count("internen Bereich") == 0
    own = logged_in(body_members[1].user).get("/gremien/beirat/").content.decode()
    assert "Zum internen Bereich" in own


def test_the_management_creates_and_edits_bodies(manager_client, cluster, other_cluster_manager):
    page = manager_client.get("/gremien/neu/")
    assert page.status_code == 200
    response = manager_client.post(
        "/gremien/neu/",
        {"name": "Expertenkreis Leichtbau", "kind": "expert_circle", "slug": "Leicht Bau"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Kleinbuchstaben, Ziffern und Bindestrichen" in text
    assert 'value="Expertenkreis Leichtbau"' in text  # nothing typed is lost
    response = manager_client.post(
        "/gremien/neu/",
        {
            "name": "Expertenkreis Leichtbau",
            "kind": "expert_circle",
            "slug": "leichtbau",
            "is_public": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/gremien/leichtbau/"
    response = manager_client.post(
        "/gremien/leichtbau/bearbeiten/",
        {
            "name": "Technologie-Expertenkreis Leichtbau",
            "kind": "expert_circle",
            "slug": "leichtbau",
        },
    )
    assert response.status_code == 302
    body = Body.objects.get(cluster=cluster, slug="leichtbau")
    assert body.name == "Technologie-Expertenkreis Leichtbau" and not body.is_public
    intruder = logged_in(other_cluster_manager)
    assert intruder.get("/gremien/neu/").status_code == 403
    assert (
        intruder.post(
            "/gremien/neu/", {"name": "X", "kind": "spokespersons", "slug": "x"}
        ).status_code
        == 403
    )
    # The body is not public any more: another cluster's manager does not even see it.
    assert intruder.post("/gremien/leichtbau/bearbeiten/", {"name": "X"}).status_code == 404
    assert (
        intruder.post("/c/kunststoffe/gremien/leichtbau/bearbeiten/", {"name": "X"}).status_code
        == 404
    )
    assert Body.objects.count() == 1 and Body.objects.get().name.startswith("Technologie")


def test_the_management_keeps_the_members(
    manager_client, cluster, body, body_members, other_cluster_manager, member
):
    page = manager_client.get("/gremien/beirat/mitglieder/")
    assert (
        page.status_code == 200
        and "Sitze aus dem Akteursverzeichnis übernehmen" in page.content.decode()
    )
    response = manager_client.post(
        "/gremien/beirat/mitglieder/",
        {
            "action": "add",
            "name": "Neu Mitglied",
            "function": "member",
            "term_start": "2024-02-01",
            "term_end": "2024-01-01",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert (
        "Die Amtszeit kann nicht vor ihrem Beginn enden." in text and 'value="Neu Mitglied"' in text
    )
    response = manager_client.post(
        "/gremien/beirat/mitglieder/",
        {"action": "add", "name": "Neu Mitglied", "function": "member", "term_start": "2024-02-01"},
    )
    assert response.status_code == 302
    added = BodyMember.objects.get(name="Neu Mitglied")
    assert added.body == body and added.user is None

    actor = Actor.objects.create(name="IHK Demo", slug="ihk-demo", kind=ActorKind.CHAMBER)
    ClusterMembership.objects.create(actor=actor, cluster=cluster)
    BodySeat.objects.create(actor=actor, cluster=cluster, body=ClusterBody.ADVISORY_BOARD)
    response = manager_client.post("/gremien/beirat/mitglieder/", {"action": "seats"}, follow=True)
    assert "1 Mitglieder aus dem Akteursverzeichnis übernommen." in response.content.decode()
    assert body.members.filter(actor=actor, name="IHK Demo").exists()

    chair = body_members[0]
    edit = f"/gremien/beirat/mitglieder/{chair.pk}/"
    assert manager_client.get(edit).status_code == 200
    before = BodyMember.objects.filter(pk=chair.pk).values().get()
    data = {
        "name": "Dr. Petra Vorsitz",
        "function": "chair",
        "sector": "research",
        "term_start": chair.term_start.isoformat(),
        "email": chair.user.email,
    }
    assert manager_client.post(edit, data).status_code == 302
    after = BodyMember.objects.filter(pk=chair.pk).values().get()
    assert {k for k in after if after[k] != before[k]} == {"sector"}

    count = BodyMember.objects.count()
    for intruder, prefix, status in (
        (logged_in(other_cluster_manager), "", 403),
        (logged_in(member), "", 403),
        (logged_in(other_cluster_manager), "/c/kunststoffe", 404),
    ):
        assert intruder.get(f"{prefix}/gremien/beirat/mitglieder/").status_code == status
        assert (
            intruder.post(
                f"{prefix}/gremien/beirat/mitglieder/", {**data, "action": "add", "name": "Fremd"}
            ).status_code
            == status
        )
        assert (
            intruder.post(f"{prefix}/gremien/beirat/mitglieder/", {"action": "seats"}).status_code
            == status
        )
        assert intruder.post(f"{prefix}{edit}", {**data, "name": "Fremd"}).status_code == status
        assert intruder.post(f"{prefix}{edit}", {"action": "end"}).status_code == status
    assert BodyMember.objects.count() == count
    chair.refresh_from_db()
    assert chair.name == "Dr. Petra Vorsitz" and chair.term_end is None
    response = manager_client.post(edit, {"action": "end"})
    assert response.status_code == 302
    chair.refresh_from_db()
    assert chair.term_end is not None
