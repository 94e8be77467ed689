"""Editing the profile and the team: the cluster's management only (a member and another
cluster's manager get 403/404 and nothing changes), an edit changes exactly what was changed,
a stale version is a conflict, bad input gets German messages."""

import pytest
from django.test import Client

from clusterwerk.clusterprofile.models import ClusterProfile, TeamMember

pytestmark = pytest.mark.django_db


def form_data(profile, **changes):
    fields = [
        *("tagline", "tagline_en", "about", "about_en", "focus", "focus_en"),
        *("management_organisation", "street", "postal_code", "municipality"),
        *("email", "phone", "website"),
    ]
    data = {name: getattr(profile, name) for name in fields}
    data["founded_year"] = profile.founded_year or ""
    data["version"] = profile.version
    if profile.is_published:
        data["is_published"] = "on"
    data.update(changes)
    return data


def snapshot(cluster):
    profile = ClusterProfile.objects.filter(cluster=cluster).values().first()
    team = list(TeamMember.objects.filter(cluster=cluster).values())
    return profile, team


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_only_the_management_of_the_cluster_edits(
    client, world, cluster, member, other_cluster_manager
):
    before = snapshot(cluster)
    person = TeamMember.objects.filter(cluster=cluster).first()
    data = form_data(world.profile, tagline="Gekapert")
    assert client.get("/profil/bearbeiten/").status_code == 302  # to the login
    for user in (member, other_cluster_manager):
        visitor = client_for(user)
        assert visitor.get("/profil/bearbeiten/").status_code == 403
        assert visitor.post("/profil/bearbeiten/", data).status_code == 403
        assert (
            visitor.post(
                "/profil/team/neu/", {"name": "X", "role": "Y", "email": "x@example.org"}
            ).status_code
            == 403
        )
        assert visitor.post(f"/profil/team/{person.pk}/loeschen/").status_code == 403
    # The other cluster's manager, in the own cluster, does not reach this cluster's team.
    foreign = client_for(other_cluster_manager)
    assert foreign.post(f"/c/kunststoffe/profil/team/{person.pk}/loeschen/").status_code == 404
    assert foreign.get(f"/c/kunststoffe/profil/team/{person.pk}/").status_code == 404
    assert snapshot(cluster) == before


def test_an_edit_changes_exactly_what_was_changed_and_a_stale_version_conflicts(
    manager_client, world, cluster
):
    profile = ClusterProfile.objects.get(cluster=cluster)
    before = ClusterProfile.objects.filter(pk=profile.pk).values().get()
    response = manager_client.post(
        "/profil/bearbeiten/", form_data(profile, about_en="We are the metal cluster.")
    )
    assert response.status_code == 302
    after = ClusterProfile.objects.filter(pk=profile.pk).values().get()
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {"about_en", "version", "updated_at"}
    assert after["version"] == before["version"] + 1
    # A form loaded before that save: 409, nothing written, the typed text kept.
    stale = form_data(profile, tagline="Veralteter Stand", version=before["version"])
    response = manager_client.post("/profil/bearbeiten/", stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "inzwischen von jemand anderem geändert" in html
    assert "Veralteter Stand" in html and "We are the metal cluster." in html
    assert ClusterProfile.objects.get(pk=profile.pk).tagline == before["tagline"]
    assert "/profil/en/" in manager_client.get("/profil/").content.decode()


def test_bad_input_gets_german_messages_and_keeps_what_was_typed(manager_client, world, cluster):
    profile = ClusterProfile.objects.get(cluster=cluster)
    response = manager_client.post(
        "/profil/bearbeiten/",
        form_data(
            profile,
            email="kein-mail",
            postal_code="1447",
            website="metall.de",
            founded_year="zwanzig",
            tagline="Neuer Text",
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    for message in (
        "Bitte eine gültige E-Mail-Adresse angeben",
        "Die Postleitzahl hat fünf Ziffern.",
        "Bitte eine vollständige Adresse mit https:// angeben.",
        "Bitte eine ganze Zahl angeben.",
    ):
        assert message in html
    assert 'value="Neuer Text"' in html and 'value="kein-mail"' in html
    assert ClusterProfile.objects.get(pk=profile.pk).tagline == profile.tagline
    response = manager_client.post(
        "/profil/team/neu/", {"name": "Neue Person", "role": "", "email": "nope"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dieses Feld ist erforderlich." in html
    assert "Bitte eine gültige E-Mail-Adresse angeben" in html
    assert not TeamMember.objects.filter(name="Neue Person").exists()


def test_team_add_edit_move_delete(manager_client, world, cluster):
    response = manager_client.post(
        "/profil/team/neu/",
        {"name": "Neue Person", "role": "Assistenz", "email": "neu@demo.clusterwerk.de"},
    )
    assert response.status_code == 302
    names = lambda: list(  # noqa: E731
        TeamMember.objects.filter(cluster=cluster).order_by("order").values_list("name", flat=True)
    )
    assert names()[-1] == "Neue Person"
    person = TeamMember.objects.get(name="Neue Person")
    manager_client.post(f"/profil/team/{person.pk}/verschieben/", {"direction": "up"})
    assert names()[-2] == "Neue Person"
    response = manager_client.post(
        f"/profil/team/{person.pk}/",
        {
            "name": "Neue Person",
            "role": "Assistenz",
            "role_en": "Assistant",
            "email": "neu@demo.clusterwerk.de",
        },
    )
    assert response.status_code == 302
    assert TeamMember.objects.get(pk=person.pk).role_en == "Assistant"
    assert "Assistant" in manager_client.get("/profil/en/").content.decode()
    manager_client.post(f"/profil/team/{person.pk}/loeschen/")
    assert "Neue Person" not in names()
    assert manager_client.get("/profil/team/").status_code == 200
