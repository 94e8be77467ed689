"""The documentation pages through the test client: who gets in (per role and cluster), the
forms (status, minutes, follow-ups) with German errors, the feedback survey and its results,
and the public include with minutes and follow-ups."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from clusterwerk.events.models import Event, EventStatus, Feedback, FollowUpKind
from clusterwerk.events.services import documentation as services
from clusterwerk.events.tests.documentation_support import make_documented
from clusterwerk.matchmaking.models import Listing, ListingStatus
from clusterwerk.matchmaking.tests.factories import make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc(cluster):
    return make_documented(cluster)


def url(name, event, *args):
    return reverse(f"events:{name}", args=[event.slug, *args])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("member", 403),
        ("outsider", 403),
        ("board_member", 403),
        ("other_cluster_manager", 403),
        ("cluster_manager", 200),
    ],
)
def test_document_page_access(doc, persona, status, member_client_factory):
    client = member_client_factory(persona)
    assert client.get(url("document", doc.event)).status_code == status
    assert client.get(url("feedback-results", doc.event)).status_code == status
    response = client.post(url("document-minutes", doc.event), {"minutes": "Fremd"})
    assert response.status_code == (302 if status == 200 else status)


def test_document_page_needs_login_and_the_right_cluster(client, doc, other_cluster):
    response = client.get(url("document", doc.event))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    client.force_login(doc.market.owner_user)
    assert client.get(url("document", doc.event)).status_code == 403
    # The cluster manager of another cluster does not find it there either.
    path = f"/c/{other_cluster.slug}" + url("document", doc.event)
    assert client.get(path).status_code == 404


def test_co_organiser_documents(client, doc):
    doc.event.organisers.create(actor=doc.market.institute)
    client.force_login(doc.market.institute_user)
    assert client.get(url("document", doc.event)).status_code == 200


def test_attendance_table(manager_client, doc):
    body = manager_client.get(url("document", doc.event)).content.decode()
    assert doc.market.owner.get_absolute_url() in body
    assert doc.market.institute.get_absolute_url() in body
    assert "nicht im Verzeichnis" in body
    assert "Schlosserei Freitext" not in body  # counted, not listed by free text
    assert "Potsdam-Mittelmark" in body
    assert "Forschungseinrichtung" in body
    assert "4 Personen beim Einlass erfasst" in body


def test_status_minutes_and_documented(manager_client, doc, cluster):
    event = doc.event
    response = manager_client.post(url("document-done", event))
    assert response.status_code == 302
    page = manager_client.get(response["Location"]).content.decode()
    assert "Bitte schreiben Sie zuerst das Protokoll." in page
    response = manager_client.post(
        url("document-minutes", event), {"minutes": "**Ergebnis:** Prüfstand teilen"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#protokoll")
    event.refresh_from_db()
    assert event.minutes == "**Ergebnis:** Prüfstand teilen"
    response = manager_client.post(url("document-minutes", event), {"minutes": "x" * 20_001})
    assert response.status_code == 400
    assert "20000 Zeichen" in response.content.decode()
    manager_client.post(url("document-done", event))
    event.refresh_from_db()
    assert event.status == EventStatus.DOCUMENTED
    # Only POST changes anything.
    assert manager_client.get(url("document-done", event)).status_code == 405


def test_mark_held_by_form(manager_client, doc):
    Event.objects.filter(pk=doc.event.pk).update(status=EventStatus.PUBLISHED)
    response = manager_client.post(url("document-held", doc.event), follow=True)
    assert "als durchgeführt markiert" in response.content.decode()
    doc.event.refresh_from_db()
    assert doc.event.status == EventStatus.HELD


def test_follow_up_listing_by_form(manager_client, doc):
    form_url = url("document-follow-up", doc.event, FollowUpKind.LISTING)
    response = manager_client.post(
        form_url,
        {"listing-owner": doc.market.owner.pk, "listing-title": "Kurz", "listing-note": "kurz"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Bitte beschreiben Sie es in mindestens 20 Zeichen." in body
    assert not Listing.objects.exists()
    response = manager_client.post(
        form_url,
        {
            "listing-owner": doc.market.owner.pk,
            "listing-listing_kind": "rdi_request",
            "listing-title": "Partner für Laserschweißen von Aluminium gesucht",
            "listing-note": "Wer schweißt mit uns Aluminiumgehäuse für Prüfstände?",
        },
    )
    assert response.status_code == 302
    listing = Listing.objects.get()
    assert (listing.owner_actor, listing.status) == (doc.market.owner, ListingStatus.DRAFT)
    page = manager_client.get(url("document", doc.event)).content.decode()
    assert "Partner für Laserschweißen von Aluminium gesucht" in page
    assert listing.get_absolute_url() in page  # the manager sees the draft
    # An organisation that was not there is no choice.
    response = manager_client.post(
        form_url,
        {"listing-owner": doc.market.supplier.pk, "listing-title": "X", "listing-note": "x" * 30},
    )
    assert response.status_code == 400
    assert doc.event.follow_ups.count() == 1
    assert manager_client.post(url("document-follow-up", doc.event, "foto")).status_code == 404


def test_foresight_signal_by_form(manager_client, doc):
    form_url = url("document-follow-up", doc.event, FollowUpKind.FORESIGHT_SIGNAL)
    response = manager_client.post(form_url, {"foresight_signal-topic": "4.4.2"})
    assert response.status_code == 400
    assert "Bitte geben Sie einen Titel an." in response.content.decode()
    response = manager_client.post(
        form_url,
        {"foresight_signal-title": "Wasserstoff im Schweißen", "foresight_signal-topic": "4.4.2"},
    )
    assert response.status_code == 302
    assert doc.event.follow_ups.get().kind == FollowUpKind.FORESIGHT_SIGNAL


def test_feedback_pages(client, doc, cluster_manager):
    attendee = doc.owner_attendee
    client.force_login(attendee.user)
    response = client.get(url("feedback", doc.event))
    assert response.status_code == 200
    assert "nicht offen" in response.content.decode()
    services.open_feedback(event=doc.event, by=cluster_manager, notify=False)
    response = client.get(url("feedback", doc.event))
    assert "Wie hat Ihnen die Veranstaltung gefallen?" in response.content.decode()
    response = client.post(url("feedback", doc.event), {"text": "ohne Sterne"})
    assert response.status_code == 400
    assert "Bitte bewerten Sie mit 1 bis 5 Sternen." in response.content.decode()
    response = client.post(url("feedback", doc.event), {"rating": "5", "text": "Toll"})
    assert response.status_code == 302
    assert Feedback.objects.get().rating == 5
    response = client.post(url("feedback", doc.event), {"rating": "1"}, follow=True)
    assert "schon Feedback gegeben" in response.content.decode()
    assert Feedback.objects.get().rating == 5
    # Somebody who was not there.
    client.force_login(doc.market.supplier_user)
    response = client.get(url("feedback", doc.event))
    assert response.status_code == 403
    assert "Zu Ihrem Konto finden wir keine Teilnahme." in response.content.decode()
    # Results for the organisers.
    client.force_login(cluster_manager)
    body = client.get(url("feedback-results", doc.event)).content.decode()
    assert "Toll" in body
    assert attendee.first_name not in body  # without names


def render_public(event, user):
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "events/_documentation_public.html", {"event": event, "request": request}
    )


def test_public_documentation(doc, cluster_manager):
    from django.contrib.auth.models import AnonymousUser

    event = doc.event
    services.save_minutes(
        event=event,
        by=cluster_manager,
        minutes="**Ergebnis**\n\n- Prüfstand teilen\n\n<script>alert(1)</script>",
    )
    published = make_listing(doc.market.owner, title="Laserschneiden bis 20 mm")
    draft = make_listing(
        doc.market.owner, title="Entwurf eines Inserats", status=ListingStatus.DRAFT
    )
    for listing in (published, draft):
        services.add_follow_up(event=event, by=cluster_manager, kind="listing", listing=listing)
    services.add_follow_up(
        event=event,
        by=cluster_manager,
        kind="foresight_signal",
        title="Wasserstoff",
        note="Betriebe fragen nach H2.",
    )
    assert render_public(event, AnonymousUser()).strip() == ""  # not documented yet
    event = services.mark_documented(event=event, by=cluster_manager)
    html = render_public(event, AnonymousUser())
    assert "<strong>Ergebnis</strong>" in html
    assert "<li>Prüfstand teilen</li>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert f'href="{published.get_absolute_url()}"' in html
    assert "Entwurf eines Inserats" in html
    assert draft.get_absolute_url() not in html
    assert "Betriebe fragen nach H2." in html
    assert draft.get_absolute_url() in render_public(event, cluster_manager)


def test_document_page_queries_do_not_grow_with_attendees(
    manager_client, doc, django_assert_max_num_queries
):
    from clusterwerk.actors.tests.conftest import make_actor
    from clusterwerk.events.tests.documentation_support import check_in
    from clusterwerk.events.tests.factories import make_registration

    manager_client.get(url("document", doc.event))  # warm caches (topic catalogue, roles)
    with django_assert_max_num_queries(40) as before:
        manager_client.get(url("document", doc.event))
    for number in range(8):
        actor = make_actor(doc.event.cluster, f"Schlosserei {number}", kind="craft_business")
        check_in(make_registration(doc.event, actor=actor))
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = manager_client.get(url("document", doc.event))
    assert "Schlosserei 7" in response.content.decode()
