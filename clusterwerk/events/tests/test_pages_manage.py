# ruff: noqa: F811 (fixtures from pages_support)
"""The organisers' pages: the list with counts, create (German errors, nothing lost), edit
(conflicts, co-organisers), contingents and questions, publish, cancel, and who may."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from clusterwerk.events.models import Event, EventStatus, RegistrationStatus
from clusterwerk.events.tests.factories import make_event, make_registration
from clusterwerk.events.tests.pages_support import (  # noqa: F401
    chamber,
    chamber_user,
    craft,
    day_in,
    districts,
    plan,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
BERLIN = ZoneInfo("Europe/Berlin")


def form_data(**overrides) -> dict:
    data = {
        "format": "workshop_talk",
        "title": "Werkstattgespräch Biegen",
        "description": "Biegen von Blechen.",
        "topics": ["4.4.2"],
        "start_date": day_in(30).isoformat(),
        "start_time": "14:00",
        "end_time": "17:30",
        "venue_name": "Lehrwerkstatt",
        "municipality": "Cottbus",
        "district": "12052",
        "language": "de",
        "is_public": "on",
        "registration_enabled": "on",
        "offer_hours": "48",
        "time_zone": "Europe/Berlin",
    }
    data.update(overrides)
    return data


def test_create_with_errors_keeps_the_input_then_saves(manager_client, plan, districts, chamber):
    response = manager_client.post(
        "/veranstaltungen/neu/",
        form_data(title="Mein Titel", end_time="09:00", online_url="kein-link"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Das Ende liegt vor dem Beginn." in html
    assert 'value="Mein Titel"' in html and "Biegen von Blechen." in html
    response = manager_client.post(
        "/veranstaltungen/neu/", form_data(co_organisers=[str(chamber.pk)])
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert response["Location"] == f"/veranstaltungen/{event.slug}/kontingente/"
    assert event.status == EventStatus.DRAFT
    assert event.starts_at == datetime.datetime.combine(
        day_in(30), datetime.time(14, 0), tzinfo=BERLIN
    )
    assert list(event.organisers.values_list("actor_id", flat=True)) == [chamber.pk]


def test_service_errors_land_on_the_inputs(manager_client, plan, districts):
    response = manager_client.post(
        "/veranstaltungen/neu/", form_data(online_url="ftp://x", topics=["9.9.9"])
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "https://" in html and "Unbekannter Themenbereich: 9.9.9." in html
    assert not Event.objects.exists()


def test_only_the_management_creates(client, member, chamber_user, plan):
    client.force_login(chamber_user)
    assert client.get("/veranstaltungen/neu/").status_code == 403
    assert client.post("/veranstaltungen/neu/", form_data()).status_code == 403
    client.logout()
    assert client.get("/veranstaltungen/neu/").status_code == 302  # to the login


def test_edit_keeps_everything_and_detects_conflicts(manager_client, cluster, plan, districts):
    event = make_event(cluster, district=districts["12052"])
    page = manager_client.get(f"/veranstaltungen/{event.slug}/bearbeiten/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {
        name: value
        for name, value in {**form.initial}.items()
        if value not in (None, "", False) and name in form.fields
    }
    data = {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in data.items()
    }
    data["start_time"] = data["start_time"][:5]
    data["end_time"] = data["end_time"][:5]
    data["is_public"] = "on"
    data["registration_enabled"] = "on"
    data["description"] = "Neu beschrieben."
    response = manager_client.post(f"/veranstaltungen/{event.slug}/bearbeiten/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event.refresh_from_db()
    assert event.description == "Neu beschrieben." and event.version == 2 and event.sequence == 0
    response = manager_client.post(
        f"/veranstaltungen/{event.slug}/bearbeiten/", {**data, "description": "Alt"}
    )
    assert response.status_code == 409
    assert "inzwischen von jemand anderem geändert" in response.content.decode()
    event.refresh_from_db()
    assert event.description == "Neu beschrieben."


def test_co_organiser_edits_their_event_only_and_cannot_change_co_organisers(
    client, cluster, plan, chamber, chamber_user, craft
):
    theirs = make_event(cluster, organisers=[chamber])
    other = make_event(cluster, title="Fremde Veranstaltung")
    client.force_login(chamber_user)
    page = client.get(f"/veranstaltungen/{theirs.slug}/bearbeiten/")
    assert page.status_code == 200
    assert page.context["form"].fields["co_organisers"].disabled
    assert client.get(f"/veranstaltungen/{other.slug}/bearbeiten/").status_code == 403
    assert client.get(f"/veranstaltungen/{theirs.slug}/kontingente/").status_code == 200
    listing = client.get("/veranstaltungen/verwalten/").content.decode()
    assert theirs.title in listing and "Fremde Veranstaltung" not in listing
    assert "Neue Veranstaltung" not in listing


def test_other_cluster_manager_gets_nothing(client, cluster, other_cluster_manager):
    event = make_event(cluster)
    draft = make_event(cluster, status=EventStatus.DRAFT)
    client.force_login(other_cluster_manager)
    assert client.get(f"/veranstaltungen/{event.slug}/bearbeiten/").status_code == 403
    assert client.get(f"/veranstaltungen/{draft.slug}/bearbeiten/").status_code == 404
    assert client.post(f"/veranstaltungen/{draft.slug}/veroeffentlichen/").status_code == 404
    assert (
        client.post(f"/veranstaltungen/{event.slug}/absagen/", {"reason": "x"}).status_code == 403
    )
    assert client.get("/veranstaltungen/verwalten/").status_code == 403
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_manage_list_counts(manager_client, cluster):
    event = make_event(cluster, capacity=12)
    make_registration(event)
    make_registration(event)
    make_registration(event, status=RegistrationStatus.WAITLISTED)
    html = manager_client.get("/veranstaltungen/verwalten/").content.decode()
    assert "2 von 12 Plätzen vergeben" in html and "1 auf der Warteliste" in html


def test_contingents_and_questions(manager_client, cluster):
    event = make_event(cluster, status=EventStatus.DRAFT)
    url = f"/veranstaltungen/{event.slug}/kontingente/"
    first = event.ticket_types.get()
    assert manager_client.post(url, {"action": "delete-ticket", "pk": first.pk}).status_code == 302
    assert not event.ticket_types.exists()
    # Publishing without a contingent says why.
    response = manager_client.post(f"/veranstaltungen/{event.slug}/veroeffentlichen/", follow=True)
    assert "mindestens ein Kontingent" in response.content.decode()
    response = manager_client.post(
        url,
        {"action": "add-ticket", "kontingent-name": "", "kontingent-capacity": "0"},
    )
    assert response.status_code == 400
    assert "Bitte geben Sie eine Bezeichnung an." in response.content.decode()
    response = manager_client.post(
        url,
        {
            "action": "add-ticket",
            "kontingent-name": "Handwerk",
            "kontingent-audience": "craft",
            "kontingent-capacity": "15",
            "kontingent-waitlist_enabled": "on",
        },
    )
    assert response.status_code == 302
    ticket_type = event.ticket_types.get()
    assert (ticket_type.name, ticket_type.capacity) == ("Handwerk", 15)
    make_registration(event, ticket_type=ticket_type)
    make_registration(event, ticket_type=ticket_type)
    prefix = f"kontingent-{ticket_type.pk}"
    response = manager_client.post(
        url,
        {
            "action": "save-ticket",
            "pk": ticket_type.pk,
            f"{prefix}-name": "Handwerk",
            f"{prefix}-audience": "craft",
            f"{prefix}-capacity": "1",
        },
    )
    assert response.status_code == 400
    assert "2 vergebene Plätze" in response.content.decode()
    response = manager_client.post(url, {"action": "delete-ticket", "pk": ticket_type.pk})
    assert response.status_code == 400
    assert "bereits Anmeldungen" in response.content.decode()
    response = manager_client.post(
        url,
        {
            "action": "add-question",
            "frage-label": "Essen?",
            "frage-kind": "choice",
            "frage-choices": "vegetarisch\nmit Fleisch",
        },
    )
    assert response.status_code == 302
    assert event.questions.get().choices == ["vegetarisch", "mit Fleisch"]
    response = manager_client.post(f"/veranstaltungen/{event.slug}/veroeffentlichen/")
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_cancel_page(manager_client, cluster, django_capture_on_commit_callbacks, mailoutbox):
    event = make_event(cluster)
    make_registration(event)
    url = f"/veranstaltungen/{event.slug}/absagen/"
    assert "1 angemeldete Person" in manager_client.get(url).content.decode()
    response = manager_client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Bitte geben Sie den Grund der Absage an." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(url, {"reason": "Hochwasser"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.cancellation_reason == "Hochwasser"
    assert len(mailoutbox) == 1


def test_series_pages(manager_client, client, member, cluster):
    response = manager_client.post("/veranstaltungen/reihen/neu/", {"title": ""})
    assert response.status_code == 400
    assert "Bitte geben Sie einen Titel an." in response.content.decode()
    response = manager_client.post(
        "/veranstaltungen/reihen/neu/", {"title": "Innovation im Metallhandwerk"}
    )
    assert response["Location"] == "/veranstaltungen/reihe/innovation-im-metallhandwerk/"
    response = manager_client.post(
        "/veranstaltungen/reihe/innovation-im-metallhandwerk/bearbeiten/",
        {"title": "Innovation im Metallhandwerk", "description": "Werkstattgespräche"},
    )
    assert response.status_code == 302
    page = manager_client.get("/veranstaltungen/reihe/innovation-im-metallhandwerk/")
    assert "Werkstattgespräche" in page.content.decode()
    client.force_login(member)
    assert client.get("/veranstaltungen/reihen/neu/").status_code == 403


def test_another_clusters_address_does_not_reach_this_clusters_event(
    client, cluster, other_cluster, other_cluster_manager
):
    event = make_event(cluster)
    client.force_login(other_cluster_manager)
    prefix = f"/c/{other_cluster.slug}/veranstaltungen/{event.slug}"
    assert client.get(f"{prefix}/").status_code == 404
    assert client.get(f"{prefix}/bearbeiten/").status_code == 404
    assert client.post(f"{prefix}/absagen/", {"reason": "x"}).status_code == 404
    assert client.get(f"{prefix}/teilnehmende/export/?format=csv").status_code == 404
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
