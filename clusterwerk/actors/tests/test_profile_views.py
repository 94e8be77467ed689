import json

import pytest
from django.urls import reverse

from clusterwerk.actors.models import (
    Actor,
    ActorStatus,
    ChangeRequest,
    ChangeRequestStatus,
    ContactPerson,
)
from clusterwerk.actors.profile_data import catalogue_and_snapshot
from clusterwerk.core.models import Cluster

ALL_CONTACTS = {"Paula Public", "Mira Members", "Clara Management", "Nina Noconsent"}


def shown_contacts(response) -> set[str]:
    page = response.content.decode()
    return {name for name in ALL_CONTACTS if name in page}


def edit_form_data(actor, **changes) -> dict:
    """The edit form as a browser would post it, from the actor's current profile."""
    _catalogue, snapshot = catalogue_and_snapshot(actor, Cluster.objects.get(slug="metall"))
    values = snapshot["values"]
    data = {
        "version": actor.version,
        **{key: "" if value is None else value for key, value in values.items()},
        "competences-TOTAL_FORMS": len(snapshot["competences"]),
        "competences-INITIAL_FORMS": len(snapshot["competences"]),
        "contacts-TOTAL_FORMS": len(snapshot["contacts"]),
        "contacts-INITIAL_FORMS": len(snapshot["contacts"]),
    }
    for index, item in enumerate(snapshot["competences"]):
        data[f"competences-{index}-kind"] = item["kind"]
        data[f"competences-{index}-text"] = item["text"]
        data[f"competences-{index}-keywords"] = ", ".join(item["keywords"])
        data[f"competences-{index}-topic_areas"] = item["topic_areas"]
    for index, item in enumerate(snapshot["contacts"]):
        for name in ("id", "name", "function", "email", "phone", "visibility"):
            data[f"contacts-{index}-{name}"] = item[name]
        if item["consent"]:
            data[f"contacts-{index}-consent"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_profile_shows_competences_topic_links_and_facts(client, actor_a, plan):
    response = client.get(actor_a.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "WIG-Schweißen von Edelstahl" in page
    assert "4.4.2" in page and "/themenbereich/4.4.2/" in page
    assert "Potsdam-Mittelmark" in page
    assert "application/ld+json" in page


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (None, {"Paula Public"}),
        ("outsider", {"Paula Public"}),
        ("member", {"Paula Public", "Mira Members"}),
        ("representative", ALL_CONTACTS),
        ("cluster_manager", ALL_CONTACTS),
        # Another cluster's roles count for nothing here.
        ("other_cluster_member", {"Paula Public"}),
        ("other_cluster_manager", {"Paula Public"}),
    ],
)
def test_contacts_follow_consent_and_visibility(
    client, member_client_factory, actor_a, persona, expected
):
    browser = member_client_factory(persona) if persona else client
    response = browser.get(actor_a.get_absolute_url())
    assert shown_contacts(response) == expected


def test_json_ld_carries_only_public_consenting_contacts(client, member_client_factory, actor_a):
    for browser in (client, member_client_factory("cluster_manager")):
        page = browser.get(actor_a.get_absolute_url()).content.decode()
        start = page.index('<script type="application/ld+json">') + len(
            '<script type="application/ld+json">'
        )
        data = json.loads(page[start : page.index("</script>", start)])
        assert data["name"] == actor_a.name
        assert [point["name"] for point in data["contactPoint"]] == ["Paula Public"]
        assert "WIG-Schweißen von Edelstahl" in data["knowsAbout"]


def test_wrong_slug_and_bare_id_redirect_to_the_profile(client, actor_a):
    response = client.get(reverse("portal:actor-profile", args=[actor_a.pk, "alter-name"]))
    assert response.status_code == 302
    assert response.url == actor_a.get_absolute_url()
    response = client.get(reverse("actors:by-id", args=[actor_a.pk]))
    assert response.url == actor_a.get_absolute_url()


def test_drafts_are_hidden_from_everyone_but_managers(client, member_client_factory, actor_a):
    actor_a.status = ActorStatus.DRAFT
    actor_a.save()
    assert client.get(actor_a.get_absolute_url()).status_code == 404
    assert member_client_factory("member").get(actor_a.get_absolute_url()).status_code == 404
    manager = member_client_factory("cluster_manager")
    assert manager.get(actor_a.get_absolute_url()).status_code == 200


def test_representative_proposes_a_change_through_the_form(
    member_client_factory, actor_a, cluster_manager
):
    browser = member_client_factory("representative")
    edit_url = reverse("actors:edit", args=[actor_a.pk, actor_a.slug])
    assert browser.get(edit_url).status_code == 200

    data = edit_form_data(actor_a, description="Jetzt auch mit Laserschneiden.")
    data["competences-TOTAL_FORMS"] = int(data["competences-TOTAL_FORMS"]) + 1
    new = data["competences-TOTAL_FORMS"] - 1
    data[f"competences-{new}-kind"] = "process"
    data[f"competences-{new}-text"] = "Laserschneiden bis 20 mm"
    data[f"competences-{new}-topic_areas"] = ["4.2.1"]
    response = browser.post(edit_url, data, follow=True)

    assert response.status_code == 200
    assert "zur Prüfung" in response.content.decode()
    change = ChangeRequest.objects.get()
    assert change.proposed["values"] == {"description": "Jetzt auch mit Laserschneiden."}
    assert change.proposed["competences"][-1]["topic_areas"] == ["4.2.1"]
    actor_a.refresh_from_db()
    assert "Laserschneiden" not in actor_a.description

    manager = member_client_factory("cluster_manager")
    assert actor_a.name in manager.get(reverse("actors:review-queue")).content.decode()
    review_url = reverse("actors:review", args=[change.pk])
    page = manager.get(review_url).content.decode()
    assert "Laserschneiden bis 20 mm" in page
    response = manager.post(review_url, {"decision": "approve", "reason": ""})
    assert response.status_code == 302
    actor_a.refresh_from_db()
    assert actor_a.description == "Jetzt auch mit Laserschneiden."
    assert actor_a.competences.filter(text="Laserschneiden bis 20 mm").exists()


def test_rejecting_without_a_reason_rerenders_with_an_error(
    cluster, member_client_factory, actor_a, representative
):
    from clusterwerk.actors import services

    change = services.update_actor(
        cluster=cluster,
        actor=actor_a,
        user=representative,
        expected_version=actor_a.version,
        profile={"values": {"phone": "0331 99"}},
    )
    manager = member_client_factory("cluster_manager")
    response = manager.post(reverse("actors:review", args=[change.pk]), {"decision": "reject"})
    assert response.status_code == 400
    assert "Bitte begründen Sie die Ablehnung." in response.content.decode()
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.PENDING


def test_invalid_edit_rerenders_with_german_errors_and_saves_nothing(
    member_client_factory, actor_a
):
    browser = member_client_factory("cluster_manager")
    edit_url = reverse("actors:edit", args=[actor_a.pk, actor_a.slug])
    data = edit_form_data(actor_a, name="", postal_code="123")
    response = browser.post(edit_url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in page or "erforderlich" in page
    actor_a.refresh_from_db()
    assert actor_a.name == "Metallbau Havelland GmbH"


def test_postal_code_error_from_the_services_lands_on_the_field(member_client_factory, actor_a):
    browser = member_client_factory("cluster_manager")
    edit_url = reverse("actors:edit", args=[actor_a.pk, actor_a.slug])
    response = browser.post(edit_url, edit_form_data(actor_a, postal_code="12a45"))
    assert response.status_code == 400
    assert "Die Postleitzahl hat fünf Ziffern." in response.content.decode()


def test_manager_saves_directly(member_client_factory, actor_a):
    browser = member_client_factory("cluster_manager")
    edit_url = reverse("actors:edit", args=[actor_a.pk, actor_a.slug])
    response = browser.post(edit_url, edit_form_data(actor_a, municipality="Beelitz"))
    assert response.status_code == 302
    actor_a.refresh_from_db()
    assert actor_a.municipality == "Beelitz"
    assert not ChangeRequest.objects.exists()


def test_stale_form_is_refused_without_overwriting(member_client_factory, actor_a):
    browser = member_client_factory("cluster_manager")
    edit_url = reverse("actors:edit", args=[actor_a.pk, actor_a.slug])
    stale = edit_form_data(actor_a, municipality="Erste")
    browser.post(edit_url, edit_form_data(actor_a, municipality="Zweite"))
    response = browser.post(edit_url, stale, follow=True)
    assert "inzwischen geändert" in response.content.decode()
    actor_a.refresh_from_db()
    assert actor_a.municipality == "Zweite"


@pytest.mark.parametrize(
    "persona",
    ["member", "outsider", "representative", "other_cluster_member", "other_cluster_manager"],
)
def test_others_cannot_edit_actor_b(member_client_factory, actor_b, persona):
    browser = member_client_factory(persona)
    edit_url = reverse("actors:edit", args=[actor_b.pk, actor_b.slug])
    assert browser.get(edit_url).status_code == 403
    response = browser.post(edit_url, edit_form_data(actor_b, name="Übernommen"))
    assert response.status_code == 403
    actor_b.refresh_from_db()
    assert actor_b.name == "Lausitzer Präzisionsteile GmbH"
    assert not ChangeRequest.objects.exists()


def test_anonymous_edit_goes_to_login(client, actor_a):
    response = client.get(reverse("actors:edit", args=[actor_a.pk, actor_a.slug]))
    assert response.status_code == 302
    assert "/konto/login/" in response.url


def test_manager_creates_with_duplicate_warning(member_client_factory, actor_a, cluster):
    browser = member_client_factory("cluster_manager")
    data = {
        "kind": "company",
        "name": "Metallbau Havelland",
        "postal_code": "14542",
        "clusters": [cluster.pk],
        "competences-TOTAL_FORMS": 0,
        "competences-INITIAL_FORMS": 0,
        "contacts-TOTAL_FORMS": 0,
        "contacts-INITIAL_FORMS": 0,
    }
    response = browser.post(reverse("actors:create"), data)
    assert response.status_code == 409
    assert "gibt es möglicherweise schon" in response.content.decode()
    assert Actor.objects.count() == 1  # nothing created yet
    response = browser.post(reverse("actors:create"), {**data, "confirm_not_duplicate": "on"})
    assert response.status_code == 302
    assert Actor.objects.filter(name="Metallbau Havelland").exists()


def test_members_cannot_open_manager_pages(member_client_factory, actor_a):
    browser = member_client_factory("member")
    # "Akteur anlegen" leads people without the management's rights to the registration.
    assert browser.get(reverse("actors:create")).url == reverse("actors:register")
    assert browser.post(reverse("actors:create"), {}).status_code == 403
    for url in (
        reverse("actors:review-queue"),
        reverse("actors:merge", args=[actor_a.pk, actor_a.slug]),
        reverse("actors:archive", args=[actor_a.pk, actor_a.slug]),
    ):
        assert browser.get(url).status_code == 403, url


def test_merge_through_the_page_and_old_address_redirects(
    member_client_factory, actor_a, actor_b, client
):
    browser = member_client_factory("cluster_manager")
    response = browser.post(
        reverse("actors:merge", args=[actor_b.pk, actor_b.slug]), {"duplicate": actor_a.pk}
    )
    assert response.status_code == 302
    response = client.get(actor_a.get_absolute_url())
    assert response.status_code == 302
    assert response.url == actor_b.get_absolute_url()


def test_archive_through_the_page(member_client_factory, actor_a, client):
    browser = member_client_factory("cluster_manager")
    browser.post(reverse("actors:archive", args=[actor_a.pk, actor_a.slug]), {"reason": "zu"})
    actor_a.refresh_from_db()
    assert actor_a.status == ActorStatus.ARCHIVED
    assert client.get(actor_a.get_absolute_url()).status_code == 404


def test_history_for_representatives_and_managers_only(member_client_factory, actor_a):
    url = reverse("actors:history", args=[actor_a.pk, actor_a.slug])
    assert member_client_factory("representative").get(url).status_code == 200
    assert member_client_factory("cluster_manager").get(url).status_code == 200
    assert member_client_factory("member").get(url).status_code == 403


def test_contact_data_download_and_erasure_by_the_person(member_client_factory, actor_a, outsider):
    paula = actor_a.contacts.get(name="Paula Public")
    export_url = reverse("actors:contact-export", args=[paula.pk])
    erase_url = reverse("actors:contact-erase", args=[paula.pk])
    stranger = member_client_factory("member")
    assert stranger.get(export_url).status_code == 404
    assert stranger.post(erase_url).status_code == 404

    paula.user = outsider
    paula.save()
    person = member_client_factory("outsider")
    page = person.get(reverse("accounts:my-data")).content.decode()
    assert "Sie als Ansprechperson" in page
    data = json.loads(person.get(export_url).content)
    assert data["name"] == "Paula Public"
    response = person.post(erase_url, {"next": "my-data"})
    assert response.status_code == 302
    paula.refresh_from_db()
    assert paula.email == ""
    assert not ContactPerson.objects.filter(name="Paula Public").exists()


def test_topic_area_page_lists_actors_with_that_competence(client, actor_a, actor_b, plan):
    url = reverse("portal:topic-area", args=[plan.slug, "4.4.2"])
    page = client.get(url).content.decode()
    assert actor_a.name in page
    assert actor_b.name not in page
    assert "?topic=4.4.2" in page


def test_visitors_get_no_data_controls_for_contacts(client, member_client_factory, actor_a):
    assert "anonymisieren" not in client.get(actor_a.get_absolute_url()).content.decode()
    member_page = member_client_factory("member").get(actor_a.get_absolute_url())
    assert "anonymisieren" not in member_page.content.decode()
    manager_page = member_client_factory("cluster_manager").get(actor_a.get_absolute_url())
    assert "Angaben von Mira Members anonymisieren" in manager_page.content.decode()


def test_directory_shows_management_links_to_managers_only(
    cluster, client, member_client_factory, actor_a, representative
):
    from clusterwerk.actors import services

    services.update_actor(
        cluster=cluster,
        actor=actor_a,
        user=representative,
        expected_version=actor_a.version,
        profile={"values": {"phone": "0331 1"}},
    )
    page = member_client_factory("cluster_manager").get(reverse("actors:directory"))
    assert "Änderungen prüfen (1)" in page.content.decode()
    assert reverse("actors:import") in page.content.decode()
    for browser in (client, member_client_factory("member")):
        assert (
            reverse("actors:create")
            not in browser.get(reverse("actors:directory")).content.decode()
        )
