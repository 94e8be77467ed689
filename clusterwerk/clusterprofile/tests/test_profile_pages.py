"""The public profile in German and English: lang attributes, the German-only parts wrapped in
lang="de" and listed, hreflang links, the schema.org Organization, and the neutral minimal
profile before publication."""

import json
import re

import pytest
from django.test import Client

from clusterwerk.clusterprofile.models import ClusterProfile

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_english_profile_marks_and_lists_german_only_parts(client, world):
    response = client.get("/profil/en/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en">' in html
    # English content from the *_en fields, without lang="de".
    assert world.profile.tagline_en in html
    assert "<li>Materials and lightweight construction</li>" in html
    assert "Strategic Advisory Board" in html  # the body's English name
    # "Wer wir sind" has no English: the German text in an element with lang="de".
    about = world.profile.about.split("\n")[0]
    assert re.search(r'<div class="section-text" lang="de"><p>' + re.escape(about[:60]), html)
    assert '<p lang="de">Berät das Clustermanagement.</p>' in html  # body description
    assert 'lang="de">Unternehmen im Cluster</span>' in html  # the figure's label
    # … and the page says, in English, which parts exist only in German.
    note = re.search(r'id="only-in-german">(.*?)</div>', html, re.S).group(1)
    assert "Only available in German:" in note
    for part in ("Who we are", "Names and remits of bodies", "Names of the key figures"):
        assert part in note
    assert "Short description" not in note and "Focus areas" not in note
    assert "Wer wir sind" not in note  # the English catalogue names every part
    # Chair, members with function and organisation, team with contacts, counts, events.
    assert "Prof. Dr. Vorsitz" in html and "Institut für Fügetechnik" in html
    assert "jana.beispielmann@demo.clusterwerk.de" in html
    assert "Clusterkonferenz Metall" in html
    assert '<link rel="alternate" hreflang="de" href="http://testserver/profil/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/profil/en/">' in html
    data = json_ld(html)
    assert data["@type"] == "Organization"
    assert data["description"] == world.profile.tagline_en


def test_german_profile_and_its_organization_json_ld(client, world):
    response = client.get("/profil/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert 'lang="de"><p>' not in html  # nothing marked as a German fallback
    assert 'id="only-in-german"' not in html
    assert world.profile.tagline in html
    assert "Stahlbau Havel GmbH" in html  # chair's organisation
    assert "Stahlbau Havel GmbH</th>" not in html  # member organisations are counted, not named
    assert "2 Organisationen gehören zum Cluster." in html
    assert "Potsdam" in html and "ohne Angabe" in html
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Cluster Metall Brandenburg"
    assert data["url"] == "http://testserver/profil/"
    assert data["email"] == "clustermanagement-metall@demo.clusterwerk.de"
    assert data["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "DE",
        "streetAddress": "Babelsberger Straße 21",
        "postalCode": "14473",
        "addressLocality": "Potsdam",
    }
    assert data["foundingDate"] == "2012"
    assert "Werkstoffe und Leichtbau" in data["knowsAbout"]
    assert data["subOrganization"] == [{"@type": "Organization", "name": "Strategischer Beirat"}]


def test_unpublished_profile_is_minimal_for_visitors_and_a_preview_for_the_management(
    client, world, cluster_manager
):
    ClusterProfile.objects.filter(pk=world.profile.pk).update(is_published=False)
    world.profile.cluster.description = "Das Cluster der Metallindustrie."
    world.profile.cluster.save()
    html = client.get("/profil/en/").content.decode()
    assert "Das Cluster der Metallindustrie." in html
    assert world.profile.tagline_en not in html and "Prof. Dr. Vorsitz" not in html
    assert "jana.beispielmann" not in html
    note = re.search(r'id="only-in-german">(.*?)</div>', html, re.S).group(1)
    assert "Description of the cluster" in note  # listed as German only
    assert set(json_ld(html)) == {
        "@context",
        "@type",
        "name",
        "alternateName",
        "url",
        "description",
    }
    manager = Client()
    manager.force_login(cluster_manager)
    html = manager.get("/profil/").content.decode()
    assert "Vorschau" in html and "Prof. Dr. Vorsitz" in html


def test_profile_of_another_cluster_shows_its_own_data(client, world, other_cluster):
    html = client.get(f"/c/{other_cluster.slug}/profil/").content.decode()
    assert other_cluster.name in html
    assert "Prof. Dr. Vorsitz" not in html and world.profile.tagline not in html


def test_demo_profile_is_idempotent_and_leaves_a_real_profile_alone(world, cluster):
    from clusterwerk.clusterprofile.demo import seed_profile
    from clusterwerk.clusterprofile.models import TeamMember

    version = world.profile.version
    ids = set(TeamMember.objects.filter(cluster=cluster).values_list("pk", flat=True))
    seed_profile(cluster)
    assert ClusterProfile.objects.get(cluster=cluster).version == version
    assert set(TeamMember.objects.filter(cluster=cluster).values_list("pk", flat=True)) == ids
    assert all(
        email.endswith("@demo.clusterwerk.de")
        for email in TeamMember.objects.values_list("email", flat=True)
    )
    ClusterProfile.objects.filter(cluster=cluster).update(is_demo=False, tagline="Echt")
    seed_profile(cluster)
    assert ClusterProfile.objects.get(cluster=cluster).tagline == "Echt"
