"""The door's pages: the phone page for organisers (counters, search, Einlass/Ausgang, last
scans, late registration), the page behind the QR code for organisers and for everybody
else (which must not leak personal data)."""

import pytest
from django.urls import reverse

from clusterwerk.events.models import CheckIn, Registration, RegistrationStatus
from clusterwerk.events.services.checkin import check_in
from clusterwerk.events.tests.checkin_support import running_event, ticket
from clusterwerk.events.tests.factories import make_event
from clusterwerk.events.tests.registration_support import make_actor

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def page(event) -> str:
    return reverse("events:checkin", args=[event.slug])


def ticket_page(registration) -> str:
    return reverse(
        "events:checkin-ticket", args=[registration.event.slug, registration.ticket_code]
    )


def text(response) -> str:
    """The page's main content: header and footer carry random CSRF tokens
    that may contain any name by chance."""
    body = response.content.decode()
    if "<main" not in body:
        return body
    return body[body.index("<main") : body.index("</main>")]


@pytest.fixture
def door(cluster):
    event = running_event(cluster, title="Werkstattgespräch Laserschweißen")
    company = make_actor(cluster, "Metallbau Oder GmbH")
    anna = ticket(event, first_name="Anna", last_name="Becker", actor=company)
    bernd = ticket(event, first_name="Bernd", last_name="Krause", organisation_name="Schmiede K")
    waiting = ticket(
        event, first_name="Anke", last_name="Wartend", status=RegistrationStatus.WAITLISTED
    )
    return event, anna, bernd, waiting


# --- the phone page -------------------------------------------------------------------------


def test_the_phone_page_shows_the_counters_and_the_last_scans(
    manager_client, door, cluster_manager
):
    event, anna, _bernd, _waiting = door
    check_in(event=event, code=anna.ticket_code, kind="entry", by=cluster_manager, method="qr")
    response = manager_client.get(page(event))
    assert response.status_code == 200
    body = text(response)
    assert "Einlass" in body and "Werkstattgespräch Laserschweißen" in body
    assert response.context["attendance"].as_dict() == {"registered": 2, "inside": 1, "left": 0}
    assert [scan.registration for scan in response.context["scans"]] == [anna]
    assert "Nachmeldung an der Tür" in body
    assert "Ohne Netz" in body


def test_only_organisers_open_the_phone_page(client, door, member, outsider, other_cluster_manager):
    event = door[0]
    assert client.get(page(event)).status_code == 302
    client.force_login(member)
    assert client.get(page(event)).status_code == 403
    client.force_login(other_cluster_manager)
    # another cluster's management: the event is visible (public), but not theirs to manage
    assert client.get(page(event)).status_code == 403


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("anna", ["Anna Becker"]),
        ("Metallbau oder", ["Anna Becker"]),
        ("schmiede", ["Bernd Krause"]),
        ("an", ["Anna Becker", "Anke Wartend"]),
        ("niemand", []),
    ],
)
def test_search_by_name_or_organisation(manager_client, door, query, expected):
    event = door[0]
    response = manager_client.get(page(event), {"q": query})
    names = [registration.full_name for registration in response.context["results"]]
    assert sorted(names) == sorted(expected)


def test_the_live_search_answers_htmx_with_the_results_only(manager_client, door):
    event = door[0]
    response = manager_client.get(page(event), {"q": "Becker"}, headers={"HX-Request": "true"})
    body = text(response)
    assert "Anna Becker" in body
    assert "<html" not in body and "Nachmeldung an der Tür" not in body.split("</ul>")[0]


def test_a_waiting_registration_is_found_but_has_no_buttons(manager_client, door):
    event = door[0]
    body = text(manager_client.get(page(event), {"q": "Wartend"}))
    assert "auf der Warteliste" in body
    assert 'value="entry"' not in body


def test_einlass_from_the_search_without_javascript(manager_client, door):
    event, anna, _bernd, _waiting = door
    response = manager_client.post(
        reverse("events:checkin-scan", args=[event.slug]),
        {"registration": anna.pk, "kind": "entry", "q": "Anna"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"{page(event)}?q=Anna#suche")
    assert CheckIn.objects.get().registration == anna
    followed = manager_client.get(response["Location"])
    assert "Eingelassen: Anna Becker (Metallbau Oder GmbH)" in text(followed)
    # again: refused with the reason
    response = manager_client.post(
        reverse("events:checkin-scan", args=[event.slug]),
        {"registration": anna.pk, "kind": "entry", "q": "Anna"},
        follow=True,
    )
    assert "bereits eingelassen um" in text(response)
    assert CheckIn.objects.count() == 1


def test_einlass_and_ausgang_from_the_search_with_htmx(manager_client, door):
    event, _anna, bernd, _waiting = door
    url = reverse("events:checkin-scan", args=[event.slug])
    response = manager_client.post(
        url,
        {"registration": bernd.pk, "kind": "entry", "q": "Krause"},
        headers={"HX-Request": "true"},
    )
    body = text(response)
    assert response.status_code == 200
    assert "Eingelassen: Bernd Krause (Schmiede K)" in body
    assert 'id="checkin-counters" class="checkin__counters" hx-swap-oob="true"' in body
    assert "anwesend seit" in body
    response = manager_client.post(
        url,
        {"registration": bernd.pk, "kind": "exit", "q": "Krause"},
        headers={"HX-Request": "true"},
    )
    assert "Ausgang erfasst: Bernd Krause" in text(response)
    response = manager_client.post(
        url,
        {"registration": bernd.pk, "kind": "exit", "q": "Krause"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "erst nach dem Einlass" in text(response)


def test_a_registration_of_another_event_cannot_be_scanned_here(manager_client, door, cluster):
    event = door[0]
    stranger = ticket(running_event(cluster, title="Forum"))
    response = manager_client.post(
        reverse("events:checkin-scan", args=[event.slug]),
        {"registration": stranger.pk, "kind": "entry"},
    )
    assert response.status_code == 404
    assert not CheckIn.objects.exists()


def test_a_typed_ticket_code_opens_the_ticket_page(manager_client, door):
    event, anna, _bernd, _waiting = door
    response = manager_client.get(page(event), {"code": f"  {anna.ticket_code} "})
    assert response.status_code == 302
    assert response["Location"] == ticket_page(anna)


@pytest.mark.parametrize("code", ["abc/def", "<script>", "x" * 80])
def test_a_typed_code_that_cannot_be_a_ticket_is_refused_on_the_page(manager_client, door, code):
    event = door[0]
    response = manager_client.get(page(event), {"code": code})
    assert response.status_code == 200
    assert "Dieses Ticket ist ungültig." in text(response)


def test_a_late_registration_at_the_door(manager_client, door, cluster):
    event = door[0]
    company = make_actor(cluster, "Gießerei Finsterwalde")
    response = manager_client.post(
        reverse("events:checkin-door", args=[event.slug]),
        {
            "door-first_name": "Jonas",
            "door-last_name": "Schmidt",
            "door-email": "jonas@example.org",
            "door-organisation": "gießerei finsterwalde",
            "door-actor": "",
            "door-ticket_type": event.ticket_types.first().pk,
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get(last_name="Schmidt")
    assert registration.actor == company  # the typed name found the directory's entry
    assert registration.check_ins.get().method == "door"


def test_a_late_registration_picked_from_the_directory_or_typed_freely(
    manager_client, door, cluster
):
    event = door[0]
    company = make_actor(cluster, "Stahlbau Prignitz")
    url = reverse("events:checkin-door", args=[event.slug])
    data = {
        "door-first_name": "Lea",
        "door-last_name": "Wolf",
        "door-email": "",
        "door-organisation": "Stahlbau",
        "door-actor": company.pk,
        "door-ticket_type": event.ticket_types.first().pk,
    }
    assert manager_client.post(url, data).status_code == 302
    assert Registration.objects.get(last_name="Wolf").actor == company
    data.update({"door-last_name": "Fuchs", "door-actor": "", "door-organisation": "Ein Verein"})
    assert manager_client.post(url, data).status_code == 302
    fuchs = Registration.objects.get(last_name="Fuchs")
    assert (fuchs.actor, fuchs.organisation_name) == (None, "Ein Verein")


def test_a_late_registration_with_errors_shows_them(manager_client, door):
    event, anna, _bernd, _waiting = door
    response = manager_client.post(
        reverse("events:checkin-door", args=[event.slug]),
        {
            "door-first_name": "Anna",
            "door-last_name": "Becker",
            "door-email": anna.email,
            "door-ticket_type": event.ticket_types.first().pk,
        },
    )
    assert response.status_code == 400
    assert "schon eine Anmeldung" in text(response)
    assert Registration.objects.filter(last_name="Becker").count() == 1


def test_the_directory_suggestions_for_the_late_registration(manager_client, door, cluster):
    event = door[0]
    make_actor(cluster, "Metallbau Spree")
    response = manager_client.get(
        reverse("events:checkin-organisations", args=[event.slug]),
        {"door-organisation": "metallbau"},
        headers={"HX-Request": "true"},
    )
    body = text(response)
    assert "Metallbau Spree" in body and "Metallbau Oder GmbH" in body
    assert 'name="door-actor"' in body


def test_the_phone_page_says_when_the_door_is_closed(manager_client, cluster):
    event = make_event(cluster)  # in four weeks
    body = text(manager_client.get(page(event)))
    assert "Der Einlass beginnt zwei Stunden vor der Veranstaltung" in body


# --- the page behind the QR code ------------------------------------------------------------


def test_an_organiser_scanning_the_qr_code_sees_the_person_and_lets_them_in(manager_client, door):
    _event, anna, _bernd, _waiting = door
    response = manager_client.get(ticket_page(anna))
    body = text(response)
    assert response.status_code == 200
    assert "Anna Becker" in body and "Metallbau Oder GmbH" in body and "Teilnahme" in body
    assert "bestätigt" in body and "noch nicht eingelassen" in body
    assert 'value="entry"' in body
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    response = manager_client.post(ticket_page(anna), {"kind": "entry"})
    assert response.status_code == 302 and response["Location"] == ticket_page(anna)
    body = text(manager_client.get(ticket_page(anna)))
    assert "Eingelassen: Anna Becker" in body and "anwesend seit" in body
    # inside: the page warns of a second entry and offers only the exit
    assert "Bereits eingelassen um" in body
    assert 'value="entry"' not in body and 'value="exit"' in body
    # scanned again: a reused ticket
    response = manager_client.post(ticket_page(anna), {"kind": "entry"})
    assert response.status_code == 400
    assert "bereits eingelassen um" in text(response)
    assert CheckIn.objects.count() == 1


def test_an_organiser_scanning_a_foreign_or_forged_or_waiting_ticket(manager_client, door, cluster):
    event, _anna, _bernd, waiting = door
    foreign = ticket(running_event(cluster, title="Forum"))
    url = reverse("events:checkin-ticket", args=[event.slug, foreign.ticket_code])
    assert "gehört zu einer anderen Veranstaltung" in text(manager_client.get(url))
    response = manager_client.post(url, {"kind": "entry"})
    assert response.status_code == 400
    url = reverse("events:checkin-ticket", args=[event.slug, "gefälscht"])
    assert "Dieses Ticket ist ungültig." in text(manager_client.get(url))
    body = text(manager_client.get(ticket_page(waiting)))
    assert "nicht bestätigt" in body and 'value="entry"' not in body
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("persona", ["anonymous", "member", "outsider", "other_cluster_manager"])
def test_anybody_else_learns_only_whether_the_ticket_is_valid(
    client, door, tenant_personas, persona
):
    _event, anna, _bernd, waiting = door
    person = tenant_personas(persona)
    if persona != "anonymous":
        client.force_login(person)
    response = client.get(ticket_page(anna))
    body = text(response)
    assert response.status_code == 200
    assert "Ticket für Werkstattgespräch Laserschweißen" in body
    assert "Dieses Ticket ist gültig." in body
    for secret in ("Anna", "Becker", "Metallbau Oder", anna.email, "Teilnahme", 'value="entry"'):
        assert secret not in body
    assert "nicht gültig" in text(client.get(ticket_page(waiting)))
    assert "Wartend" not in text(client.get(ticket_page(waiting)))
    # and nobody but the organisers checks in
    response = client.post(ticket_page(anna), {"kind": "entry"})
    assert response.status_code == 403
    assert not CheckIn.objects.exists()


def test_a_members_only_event_is_not_found_for_strangers(client, cluster):
    event = running_event(cluster, is_public=False)
    registration = ticket(event)
    assert client.get(ticket_page(registration)).status_code == 404
