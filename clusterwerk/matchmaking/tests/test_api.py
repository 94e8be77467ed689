"""The Kooperationsbörse REST API (/api/v1/matchmaking): partner search, listings through
their review, anonymity before and after acceptance, interests, saved searches and the
brokerage pipeline; every error as JSON with a German `detail` (401/403/404/409/422/429)."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from clusterwerk.accounts.services import system_user
from clusterwerk.matchmaking import services
from clusterwerk.matchmaking.models import (
    ContactOutcome,
    Interest,
    InterestStatus,
    Listing,
    ListingStatus,
    SavedSearch,
)
from clusterwerk.matchmaking.services.conversations import record_outcome
from clusterwerk.matchmaking.tests.saved_support import (
    OWNER_NAME,
    build_world,
    draft,
    expire,
    listing_data,
    publish,
)

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

BASE = "/api/v1/matchmaking"
ANONYMOUS_LABEL = "Anonymer Anbieter"


@pytest.fixture
def world(cluster):
    return build_world(cluster)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client, method: str, url: str, body=None):
    data = body if isinstance(body, str) else json.dumps(body if body is not None else {})
    return getattr(client, method)(url, data=data, content_type="application/json")


def assert_error(response, status: int, *fragments: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    for fragment in fragments:
        assert fragment in body["detail"], body["detail"]
    return body


def error_fields(body: dict) -> set[str]:
    return {".".join(str(part) for part in item["loc"]) for item in body["errors"]}


def leaks_owner(response) -> bool:
    text = response.content.decode()
    return OWNER_NAME in text or "oderblech" in text or '"12054"' in text


# --- matching --------------------------------------------------------------------------------


def test_match_returns_ranked_actors_in_the_documented_shape(client, world):
    response = client.get(f"{BASE}/match", {"q": "Laserschweißen von Aluminium", "limit": 5})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body, "the institute with the matching competence is found"
    for item in body:
        assert {"actor_id", "name", "kind", "score", "reasons"} <= set(item)
        assert isinstance(item["actor_id"], int) and isinstance(item["score"], float)
        assert all(isinstance(reason, str) for reason in item["reasons"])
    assert body[0]["actor_id"] == world.institute.pk
    assert body[0]["name"] == "Institut für Fügetechnik"
    assert body[0]["kind"] == "research_institute"
    assert body[0]["reasons"] and body[0]["explanation"]
    scores = [item["score"] for item in body]
    assert scores == sorted(scores, reverse=True)


def test_match_honours_limit_and_filters(client, world):
    response = client.get(
        f"{BASE}/match",
        {
            "q": "Aluminium",
            "limit": 1,
            "partner_kind": ["research_institute", "university"],
            "region": "berlin_brandenburg",
            "kind": "rdi_request",
            "cross_cluster": "true",
        },
    )
    assert response.status_code == 200, response.content
    assert len(response.json()) == 1


@pytest.mark.parametrize(
    "params, fragment",
    [
        ({"q": ""}, "Bitte beschreiben Sie, wonach Sie suchen."),
        ({"q": "Wir suchen einen Partner"}, "Bitte beschreiben Sie, wonach Sie suchen."),
        ({}, "Ungültige Eingabe"),
        ({"q": "Laser", "limit": 0}, "limit"),
        ({"q": "Laser", "limit": 51}, "limit"),
        ({"q": "Laser", "region": "mars"}, "Unbekannte Region „mars“"),
        ({"q": "Laser", "partner_kind": "alien"}, "Unbekannte Akteursart: alien"),
        ({"q": "Laser", "kind": "swap"}, "Unbekannte Inseratsart: swap"),
    ],
)
def test_match_refuses_bad_input_with_german_reasons(client, world, params, fragment):
    assert_error(client.get(f"{BASE}/match", params), 422, fragment)


def test_match_is_throttled(client, world):
    for _request in range(30):
        client.get(f"{BASE}/match", {"q": ""})
    assert_error(client.get(f"{BASE}/match", {"q": "Laser"}), 429, "Zu viele Anfragen")


# --- listings: anonymity ---------------------------------------------------------------------


@pytest.fixture
def anonymous_listing(world):
    return publish(world, is_anonymous=True)


@pytest.mark.parametrize("persona", [None, "outsider", "other_member", "interested_user"])
def test_anonymous_owner_stays_hidden_in_list_and_detail(client, world, anonymous_listing, persona):
    reader = logged_in(getattr(world, persona)) if persona else client
    listed = reader.get(f"{BASE}/listings")
    assert listed.status_code == 200, listed.content
    [item] = listed.json()["items"]
    assert item["id"] == anonymous_listing.pk
    assert item["owner"] is None
    assert item["owner_label"].startswith(ANONYMOUS_LABEL)
    assert not leaks_owner(listed)
    detail = reader.get(f"{BASE}/listings/{anonymous_listing.pk}")
    assert detail.status_code == 200
    assert detail.json()["owner"] is None
    assert not leaks_owner(detail)


@pytest.mark.parametrize("persona", ["owner_user", "manager"])
def test_owner_and_management_see_the_owner_of_an_anonymous_listing(
    world, anonymous_listing, persona
):
    body = logged_in(getattr(world, persona)).get(f"{BASE}/listings/{anonymous_listing.pk}").json()
    assert body["owner"]["name"] == OWNER_NAME
    assert body["owner"]["district"] == "12054"
    assert body["owner_label"] == OWNER_NAME


def test_acceptance_reveals_the_owner_only_to_the_accepted_party(world, anonymous_listing):
    interest = services.send_interest(
        user=world.interested_user,
        listing=anonymous_listing,
        actor=world.interested,
        message="Wir schweißen gern mit Ihnen.",
    )
    services.accept_interest(user=world.owner_user, interest=interest)
    accepted = logged_in(world.interested_user)
    body = accepted.get(f"{BASE}/listings/{anonymous_listing.pk}").json()
    assert body["owner"]["name"] == OWNER_NAME
    assert accepted.get(f"{BASE}/listings").json()["items"][0]["owner"]["id"] == world.owner.pk
    other = logged_in(world.other_member).get(f"{BASE}/listings/{anonymous_listing.pk}")
    assert other.json()["owner"] is None
    assert not leaks_owner(other)


def test_a_listing_that_is_not_anonymous_names_its_owner(client, world):
    listing = publish(world)
    body = client.get(f"{BASE}/listings/{listing.pk}").json()
    assert body["owner"]["name"] == OWNER_NAME
    assert body["can_edit"] is False and body["review_note"] == ""


# --- listings: visibility and filters --------------------------------------------------------


def test_expired_drafts_and_closed_listings_are_absent_for_others(client, world):
    published = publish(world, title="Offenes Gesuch Laserschweißen")
    expired = publish(world, title="Abgelaufenes Gesuch Laserschweißen")
    expire(expired)
    waiting = draft(world, title="Entwurf Laserschweißen")
    closed = publish(world, title="Beendetes Gesuch Laserschweißen")
    services.close_listing(user=world.owner_user, listing=closed)
    for reader in (client, logged_in(world.other_member), logged_in(world.interested_user)):
        ids = [item["id"] for item in reader.get(f"{BASE}/listings").json()["items"]]
        assert ids == [published.pk]
        for hidden in (expired, waiting, closed):
            assert_error(reader.get(f"{BASE}/listings/{hidden.pk}"), 404, "Inserat")
    own = logged_in(world.owner_user).get(f"{BASE}/listings", {"mine": "true"}).json()
    assert {item["id"] for item in own["items"]} == {
        published.pk,
        expired.pk,
        waiting.pk,
        closed.pk,
    }


def test_list_filters_by_text_kind_topic_and_status(world):
    laser = publish(world)
    training = publish(
        world,
        kind="training_cooperation",
        title="Verbundausbildung Metallbauer",
        description="Wir bilden gemeinsam Auszubildende im Metallbau aus und suchen Betriebe.",
        keywords=["Ausbildung"],
        topics=["6.3.2"],
    )
    reader = logged_in(world.other_member)

    def ids(**params):
        response = reader.get(f"{BASE}/listings", params)
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["items"]]

    assert ids(q="Schweißen Aluminium") == [laser.pk]
    assert ids(kind="training_cooperation") == [training.pk]
    assert ids(topic="4.4.2") == [laser.pk]
    assert set(ids(status="published")) == {laser.pk, training.pk}
    assert ids(limit=1, offset=1) and len(ids(limit=1)) == 1
    body = reader.get(f"{BASE}/listings", {"topic": "4.4.2"}).json()["items"][0]
    assert body["topics"] == ["4.4.2"] and body["kind_label"] == "F&E-Kooperationsgesuch"


@pytest.mark.parametrize(
    "params, field, fragment",
    [
        ({"kind": "swap"}, "kind", "Unbekannte Art: swap"),
        ({"topic": "9.9.9"}, "topic", "Unbekannter Themenbereich „9.9.9“"),
        ({"status": "lost"}, "status", "Unbekannter Status: lost"),
        ({"limit": 0}, "query.limit", "limit"),
    ],
)
def test_list_refuses_unusable_filters(client, world, params, field, fragment):
    body = assert_error(client.get(f"{BASE}/listings", params), 422, fragment)
    assert field in error_fields(body)


def test_detail_of_an_unknown_listing_is_a_german_404(client, world):
    assert_error(client.get(f"{BASE}/listings/999999"), 404, "Dieses Inserat gibt es nicht")


# --- listings: creating and changing ---------------------------------------------------------


def test_owner_creates_a_listing_for_the_only_organisation_they_represent(world):
    response = send(logged_in(world.owner_user), "post", f"{BASE}/listings", listing_data())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["can_edit"] is True
    assert body["owner"]["id"] == world.owner.pk
    assert body["topics"] == ["4.4.2"] and body["version"] == 1


def test_create_with_submit_goes_to_review(world):
    data = listing_data(owner_actor=world.owner.pk, submit=True, is_anonymous=True)
    body = send(logged_in(world.owner_user), "post", f"{BASE}/listings", data).json()
    assert body["status"] == "in_review" and body["is_anonymous"] is True


def test_create_needs_login_and_a_represented_organisation(client, world):
    assert_error(send(client, "post", f"{BASE}/listings", listing_data()), 401, "Anmeldung")
    assert_error(send(logged_in(world.outsider), "post", f"{BASE}/listings", listing_data()), 403)
    foreign = listing_data(owner_actor=world.interested.pk)
    assert_error(
        send(logged_in(world.owner_user), "post", f"{BASE}/listings", foreign),
        403,
        "Organisationen",
    )


@pytest.mark.parametrize(
    "changes, field, fragment",
    [
        ({"expires_on": "2020-01-01"}, "expires_on", "Das Ablaufdatum liegt in der Vergangenheit"),
        ({"expires_on": "morgen"}, "expires_on", "JJJJ-MM-TT"),
        ({"title": "  "}, "title", "Dieses Feld ist erforderlich"),
        ({"description": ""}, "description", "Dieses Feld ist erforderlich"),
        ({"region_scope": "mars"}, "region_scope", "„mars“ ist keine gültige Auswahl"),
        (
            {"region_scope": "districts", "districts": ["99999"]},
            "districts",
            "Unbekannter Kreisschlüssel: 99999",
        ),
        ({"topics": ["9.9.9"]}, "topics", "Unbekannter Themenbereich: 9.9.9"),
        ({"kind": "swap"}, "kind", "„swap“ ist keine gültige Auswahl"),
    ],
)
def test_create_refuses_bad_input_by_field(world, changes, field, fragment):
    response = send(
        logged_in(world.owner_user), "post", f"{BASE}/listings", listing_data(**changes)
    )
    body = assert_error(response, 422, fragment)
    assert field in error_fields(body)
    assert not Listing.objects.exists()


def test_create_refuses_unknown_fields_owner_and_cluster(world):
    owner = logged_in(world.owner_user)
    body = assert_error(
        send(owner, "post", f"{BASE}/listings", listing_data(colour="blau")), 422, "colour"
    )
    assert body["errors"][0]["type"] == "extra_forbidden"
    manager = logged_in(world.manager)
    assert_error(
        send(manager, "post", f"{BASE}/listings", listing_data()),
        422,
        "für welche Organisation",
    )
    assert_error(
        send(manager, "post", f"{BASE}/listings", listing_data(owner_actor=987654)),
        422,
        "Diesen Akteur gibt es nicht",
    )
    # The cluster is the request's (/c/<slug>/api/…), no longer a field of the payload.
    body = assert_error(
        send(owner, "post", f"{BASE}/listings", listing_data(cluster="mond")), 422, "cluster"
    )
    assert body["errors"][0]["type"] == "extra_forbidden"
    assert_error(send(owner, "post", f"{BASE}/listings", "{kaputt"), 400, "kein gültiges JSON")


def test_owner_patches_a_published_listing_back_into_review(world):
    listing = publish(world)
    response = send(
        logged_in(world.owner_user),
        "patch",
        f"{BASE}/listings/{listing.pk}",
        {"version": listing.version, "title": "Laserschweißen von Aluminium und Stahl"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Laserschweißen von Aluminium und Stahl"
    assert body["status"] == "in_review"
    assert body["version"] == listing.version + 1
    assert body["topics"] == ["4.4.2"]  # unchanged fields stay


def test_patch_with_a_stale_version_is_a_409_with_the_stored_data(world):
    listing = draft(world)
    owner = logged_in(world.owner_user)
    first = send(owner, "patch", f"{BASE}/listings/{listing.pk}", {"version": 1, "title": "Neu"})
    assert first.status_code == 200
    body = assert_error(
        send(owner, "patch", f"{BASE}/listings/{listing.pk}", {"version": 1, "title": "Alt"}),
        409,
        "inzwischen geändert",
    )
    assert body["version"] == 2
    assert body["current"]["title"] == "Neu"
    assert body["current"]["topics"] == ["4.4.2"]
    assert Listing.objects.get(pk=listing.pk).title == "Neu"


def test_patch_permissions_and_validation(client, world):
    listing = publish(world, is_anonymous=True)
    url = f"{BASE}/listings/{listing.pk}"
    assert_error(send(client, "patch", url, {"version": 1}), 401)
    response = send(logged_in(world.other_member), "patch", url, {"version": 1, "title": "X"})
    assert_error(response, 403, "Nur der Anbieter")
    assert not leaks_owner(response)
    waiting = draft(world)
    assert_error(
        send(
            logged_in(world.other_member), "patch", f"{BASE}/listings/{waiting.pk}", {"version": 1}
        ),
        404,
    )
    owner = logged_in(world.owner_user)
    assert_error(
        send(owner, "patch", url, {"version": 1, "expires_on": "2001-01-01"}),
        422,
        "Vergangenheit",
    )
    assert_error(send(owner, "patch", url, {"title": "ohne Version"}), 422, "version")


def test_review_cycle_submit_return_approve_close(world):
    listing = draft(world)
    url = f"{BASE}/listings/{listing.pk}"
    owner, manager = logged_in(world.owner_user), logged_in(world.manager)
    assert send(owner, "post", f"{url}/submit").json()["status"] == "in_review"
    assert_error(send(owner, "post", f"{url}/submit"), 422, "Nur Entwürfe")
    assert_error(send(owner, "post", f"{url}/approve"), 403, "Nur das Clustermanagement")
    assert_error(send(manager, "post", f"{url}/return", {"note": " "}), 422, "Bitte begründen")
    assert_error(send(manager, "post", f"{url}/return", {}), 422, "note")
    returned = send(manager, "post", f"{url}/return", {"note": "Bitte Ort ergänzen."}).json()
    assert returned["status"] == "draft"
    assert owner.get(url).json()["review_note"] == "Bitte Ort ergänzen."
    send(owner, "post", f"{url}/submit")
    approved = send(manager, "post", f"{url}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "published"
    assert_error(send(manager, "post", f"{url}/approve"), 422, "wartet nicht auf Prüfung")
    assert send(owner, "post", f"{url}/close").json()["status"] == "closed"
    assert_error(send(owner, "post", f"{url}/close"), 422, "bereits beendet")


def test_state_changes_need_login_and_visibility(client, world):
    listing = draft(world)
    for action in ("submit", "approve", "close"):
        assert_error(send(client, "post", f"{BASE}/listings/{listing.pk}/{action}"), 401)
        assert_error(
            send(logged_in(world.other_member), "post", f"{BASE}/listings/{listing.pk}/{action}"),
            404,
        )
    published = publish(world)
    assert_error(
        send(logged_in(world.other_member), "post", f"{BASE}/listings/{published.pk}/close"),
        403,
        "Nur der Anbieter",
    )


# --- matches of a listing --------------------------------------------------------------------


def test_listing_matches_show_actors_and_anonymous_complementary_listings(world):
    request = publish(world)
    offer = publish(
        world,
        owner=world.interested,
        user=world.interested_user,
        kind="technology_offer",
        title="Laserschweißen von Aluminiumblechen als Dienstleistung",
        description="Wir bieten Laserschweißen dünner Aluminiumbleche für den Leichtbau an.",
        partner_kinds=[],
        is_anonymous=True,
    )
    response = logged_in(world.owner_user).get(f"{BASE}/listings/{request.pk}/matches")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["actors"][0]["actor_id"] == world.institute.pk
    assert world.owner.pk not in [actor["actor_id"] for actor in body["actors"]]
    [hit] = body["listings"]
    assert hit["listing_id"] == offer.pk
    assert hit["owner"] is None and hit["owner_label"].startswith(ANONYMOUS_LABEL)
    assert "Lausitzer" not in response.content.decode()
    assert not any(reason.endswith(" km") for reason in hit["reasons"])
    managed = logged_in(world.manager).get(f"{BASE}/listings/{request.pk}/matches").json()
    assert managed["listings"][0]["owner"]["name"] == "Lausitzer Präzisionsteile GmbH"


def test_listing_matches_are_for_owner_and_management_only(client, world):
    listing = publish(world)
    url = f"{BASE}/listings/{listing.pk}/matches"
    assert_error(client.get(url), 401)
    assert_error(logged_in(world.other_member).get(url), 403, "nur der Anbieter")
    assert_error(logged_in(world.other_member).get(f"{BASE}/listings/999999/matches"), 404)


# --- interests -------------------------------------------------------------------------------


def test_interest_cycle_with_contacts_after_acceptance(world, anonymous_listing):
    interested = logged_in(world.interested_user)
    url = f"{BASE}/listings/{anonymous_listing.pk}/interests"
    sent = send(interested, "post", url, {"message": "Wir hätten Interesse."})
    assert sent.status_code == 201, sent.content
    interest = sent.json()
    assert interest["status"] == "pending" and interest["contacts"] == []
    assert interest["actor"]["id"] == world.interested.pk
    assert not leaks_owner(sent)
    assert_error(send(interested, "post", url, {"message": "Noch einmal."}), 422, "bereits eine")

    owner = logged_in(world.owner_user)
    [listed] = owner.get(url).json()
    assert listed["id"] == interest["id"] and listed["message"] == "Wir hätten Interesse."
    assert_error(interested.get(url), 403, "nur der Anbieter")
    assert_error(logged_in(world.other_member).get(url), 403)

    accept = f"{BASE}/interests/{interest['id']}/accept"
    assert_error(send(interested, "post", accept), 403, "Nur der Anbieter entscheidet")
    assert_error(send(logged_in(world.manager), "post", accept), 403)
    accepted = send(owner, "post", accept, {"note": "Gern!"})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["contacts"][0]["organisation"] == "Lausitzer Präzisionsteile GmbH"
    assert_error(send(owner, "post", accept), 422, "bereits entschieden")

    [mine] = [
        item
        for item in interested.get(f"{BASE}/listings").json()["items"]
        if item["id"] == anonymous_listing.pk
    ]
    assert mine["owner"]["name"] == OWNER_NAME


def test_interest_errors(client, world, anonymous_listing):
    url = f"{BASE}/listings/{anonymous_listing.pk}/interests"
    assert_error(send(client, "post", url, {"message": "Hallo"}), 401)
    assert_error(send(logged_in(world.outsider), "post", url, {"message": "Hallo"}), 403)
    assert_error(
        send(logged_in(world.owner_user), "post", url, {"message": "Hallo"}),
        422,
        "Ihr eigenes Inserat",
    )
    interested = logged_in(world.interested_user)
    body = assert_error(send(interested, "post", url, {"message": "  "}), 422, "Nachricht")
    assert "message" in error_fields(body)
    assert_error(send(interested, "post", url, {}), 422, "message")
    assert_error(send(interested, "post", url, {"message": "Hallo", "actor": world.owner.pk}), 403)
    expired = publish(world, title="Bald vorbei")
    expire(expired)
    assert_error(
        send(interested, "post", f"{BASE}/listings/{expired.pk}/interests", {"message": "Hi"}),
        404,
    )
    assert_error(send(interested, "post", f"{BASE}/interests/999999/withdraw"), 404)


def test_decline_and_withdraw(world, anonymous_listing):
    first = services.send_interest(
        user=world.interested_user,
        listing=anonymous_listing,
        actor=world.interested,
        message="Erste Anfrage",
    )
    owner, interested = logged_in(world.owner_user), logged_in(world.interested_user)
    declined = send(owner, "post", f"{BASE}/interests/{first.pk}/decline", {"note": "Passt nicht"})
    assert declined.json()["status"] == "declined" and declined.json()["contacts"] == []
    assert not leaks_owner(interested.get(f"{BASE}/listings/{anonymous_listing.pk}"))
    second = services.send_interest(
        user=world.interested_user,
        listing=anonymous_listing,
        actor=world.interested,
        message="Zweite Anfrage",
    )
    withdraw = f"{BASE}/interests/{second.pk}/withdraw"
    assert_error(send(logged_in(world.other_member), "post", withdraw), 404, "gibt es nicht")
    assert_error(send(owner, "post", withdraw), 403, "zurück")
    assert send(interested, "post", withdraw).json()["status"] == "withdrawn"
    assert Interest.objects.get(pk=second.pk).status == InterestStatus.WITHDRAWN
    third = services.send_interest(
        user=world.interested_user,
        listing=anonymous_listing,
        actor=world.interested,
        message="Dritte Anfrage",
    )
    response = owner.post(  # no body at all
        f"{BASE}/interests/{third.pk}/accept", data="", content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"


# --- saved searches --------------------------------------------------------------------------


def test_saved_search_lifecycle(client, world):
    url = f"{BASE}/saved-searches"
    assert_error(client.get(url), 401)
    member = logged_in(world.other_member)
    created = send(
        member, "post", url, {"name": "Schweißen", "query": "Laserschweißen", "topic": "4.4.2"}
    )
    assert created.status_code == 201, created.content
    search = created.json()
    assert search["topic"] == "4.4.2" and search["digest"] == "weekly" and search["new_hits"] == 0
    publish(world, is_anonymous=True)
    [listed] = member.get(url).json()
    assert listed["new_hits"] == 1
    hits = member.get(f"{url}/{search['id']}/hits")
    assert hits.json()["count"] == 1 and hits.json()["items"][0]["owner"] is None
    assert not leaks_owner(hits)
    seen = send(member, "post", f"{url}/{search['id']}/seen")
    assert seen.json()["new_hits"] == 0
    assert member.get(f"{url}/{search['id']}/hits").json()["count"] == 0
    other = logged_in(world.interested_user)
    assert_error(other.delete(f"{url}/{search['id']}"), 404, "gespeicherte Suche")
    assert_error(other.get(f"{url}/{search['id']}/hits"), 404)
    assert member.delete(f"{url}/{search['id']}").status_code == 204
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize(
    "body, fragment",
    [
        ({"name": "Leer"}, "Bitte geben Sie einen Suchtext, eine Art oder ein Thema an."),
        ({"name": "", "query": "Laser"}, "Dieses Feld ist erforderlich"),
        ({"name": "Thema", "topic": "9.9.9"}, "Unbekannter Themenbereich: 9.9.9"),
        ({"name": "Art", "kinds": ["swap"]}, "Unbekannte Art: swap"),
        ({"name": "Mail", "query": "Laser", "digest": "daily"}, "„daily“ ist keine gültige"),
    ],
)
def test_saved_search_validation(world, body, fragment):
    response = send(logged_in(world.other_member), "post", f"{BASE}/saved-searches", body)
    assert_error(response, 422, fragment)


# --- brokerage pipeline ----------------------------------------------------------------------


def test_pipeline_for_the_management(client, world, anonymous_listing):
    interest = services.send_interest(
        user=world.interested_user,
        listing=anonymous_listing,
        actor=world.interested,
        message="Interesse",
    )
    services.accept_interest(user=world.owner_user, interest=interest)
    record_outcome(
        user=world.owner_user,
        cluster=anonymous_listing.cluster,
        interest=interest,
        outcome=ContactOutcome.PROJECT_IDEA,
    )
    this_month = timezone.localdate().strftime("%Y-%m")
    url = f"{BASE}/pipeline"
    response = logged_in(world.manager).get(url, {"start": this_month, "end": this_month})
    assert response.status_code == 200, response.content
    assert response.json() == [
        {
            "month": this_month,
            "listings": 1,
            "interests": 1,
            "accepted": 1,
            "cooperation": 0,
            "project_idea": 1,
            "no_need": 0,
        }
    ]
    default = logged_in(world.manager).get(url).json()
    assert len(default) == 12 and default[-1]["month"] == this_month
    assert_error(client.get(url), 401)
    assert_error(logged_in(world.owner_user).get(url), 403, "Clustermanagement")
    manager = logged_in(world.manager)
    assert_error(manager.get(url, {"start": "2026-13"}), 422, "JJJJ-MM")
    assert_error(manager.get(url, {"start": "2026-05", "end": "2026-01"}), 422, "vor dem ersten")
    assert_error(manager.get(url, {"start": "2000-01", "end": "2026-01"}), 422, "Höchstens")


def test_expired_listing_stops_appearing_after_the_nightly_job(client, world):
    listing = publish(world)
    expire(listing)
    services.expire_listings(user=system_user())
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.EXPIRED
    assert client.get(f"{BASE}/listings").json()["count"] == 0
    today = timezone.localdate()
    assert Listing.objects.get(pk=listing.pk).expires_on == today - datetime.timedelta(days=1)


def test_the_endpoints_are_documented(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {
        f"{BASE}/match",
        f"{BASE}/listings",
        f"{BASE}/listings/{{listing_id}}",
        f"{BASE}/listings/{{listing_id}}/matches",
        f"{BASE}/listings/{{listing_id}}/interests",
        f"{BASE}/interests/{{interest_id}}/accept",
        f"{BASE}/saved-searches",
        f"{BASE}/saved-searches/{{search_id}}",
        f"{BASE}/pipeline",
    } <= set(paths)
    assert paths[f"{BASE}/listings/{{listing_id}}"]["patch"]["responses"]["409"]
