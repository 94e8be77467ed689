"""The registration pages: the form re-renders with German errors and loses nothing, the
organisation search, "Meine Veranstaltungen" with the waiting-list position, the
registration's page with offer and cancel, and the organisers' overview."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusterwerk.accounts.models import User
from clusterwerk.actors.models import ActorKind
from clusterwerk.events.models import Audience, QuestionKind, Registration, RegistrationStatus
from clusterwerk.events.services import registration as services
from clusterwerk.events.tests.factories import make_event, make_registration
from clusterwerk.events.tests.registration_support import make_actor, sign_up

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def register_url(event) -> str:
    return reverse("events:register", args=[event.slug])


def detail_url(registration) -> str:
    return reverse("events:registration-detail", args=[registration.pk])


def form_data(event, **overrides) -> dict:
    data = {
        "ticket_type": event.ticket_types.first().pk,
        "first_name": "Mia",
        "last_name": "Meister",
        "email": "mia@example.org",
        "actor": "other",
        "organisation_name": "Schlosserei Meister",
        "privacy": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_register_page_prefills_the_account(cluster, member):
    member.first_name, member.last_name = "Mia", "Meister"
    member.save()
    event = make_event(cluster)
    page = client_for(member).get(register_url(event))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="Mia"' in html and 'value="Meister"' in html and member.email in html
    assert "Plätze frei" in html


def test_register_needs_login(cluster, client):
    event = make_event(cluster)
    response = client.get(register_url(event))
    assert response.status_code == 302 and "login" in response["Location"]


def test_form_errors_re_render_in_german_and_keep_the_input(cluster, member):
    event = make_event(cluster)
    question = event.questions.create(
        label="Essen", kind=QuestionKind.CHOICE, choices=["vegetarisch", "alles"], required=True
    )
    response = client_for(member).post(
        register_url(event), form_data(event, privacy=None, email="kaputt", first_name="Mia")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ohne Ihr Einverständnis ist keine Anmeldung möglich." in html
    assert "gültige E-Mail-Adresse" in html
    assert "Bitte beantworten Sie diese Frage." in html
    assert 'value="Schlosserei Meister"' in html and 'value="kaputt"' in html
    assert f'name="question_{question.pk}"' in html
    assert not Registration.objects.exists()


def test_register_and_see_the_registration(cluster, member):
    event = make_event(cluster)
    client = client_for(member)
    response = client.post(register_url(event), form_data(event))
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(registration)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.organisation_name == "Schlosserei Meister"
    page = client.get(detail_url(registration))
    assert "Ihr Ticket" in page.content.decode()
    # A second visit to the form leads to the registration.
    again = client.get(register_url(event))
    assert again.status_code == 302 and again["Location"] == detail_url(registration)


def test_organisation_search_keeps_the_form(cluster, member):
    event = make_event(cluster)
    actor = make_actor(cluster, "Metallbau Havelland")
    response = client_for(member).post(
        register_url(event), form_data(event, organisation_search="havel", search="1")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Metallbau Havelland" in html and 'value="Mia"' in html
    assert "Ohne Ihr Einverständnis" not in html
    response = client_for(member).post(
        register_url(event), form_data(event, actor=str(actor.pk), organisation_name="")
    )
    assert response.status_code == 302
    assert Registration.objects.get().actor == actor


def test_service_errors_land_on_the_form(cluster, member):
    event = make_event(
        cluster,
        ticket_types=[{"name": "Handwerk", "audience": Audience.CRAFT, "capacity": 5}],
    )
    company = make_actor(cluster, "Stahl AG", kind=ActorKind.COMPANY)
    response = client_for(member).post(
        register_url(event), form_data(event, actor=str(company.pk), organisation_name="")
    )
    assert response.status_code == 400
    assert "Dieses Kontingent ist für „Handwerk“" in response.content.decode()
    assert not Registration.objects.exists()


def test_full_without_waiting_list_says_so(cluster, member):
    event = make_event(
        cluster, ticket_types=[{"name": "T", "capacity": 1, "waitlist_enabled": False}]
    )
    make_registration(event)
    client = client_for(member)
    assert "ausgebucht" in client.get(register_url(event)).content.decode()
    response = client.post(register_url(event), form_data(event))
    assert response.status_code == 400
    assert "ausgebucht; es gibt keine Warteliste" in response.content.decode()


def test_closed_registration_shows_the_reason(cluster, member):
    event = make_event(cluster, registration_closes_at=timezone.now() - datetime.timedelta(days=1))
    page = client_for(member).get(register_url(event))
    assert "Anmeldeschluss ist vorbei" in page.content.decode()
    response = client_for(member).post(register_url(event), form_data(event))
    assert not Registration.objects.exists() and response.status_code == 200


def test_mine_shows_position_and_offer(cluster, member):
    event = make_event(cluster, capacity=1)
    holder = sign_up(event, User.objects.create_user(email="h@example.org"))
    other = sign_up(event, User.objects.create_user(email="o@example.org"))
    mine = sign_up(event, member)
    client = client_for(member)
    html = client.get(reverse("events:mine")).content.decode()
    assert "Platz 2 auf der Warteliste" in html
    assert "o@example.org" not in html  # never the others
    services.cancel_registration(registration=holder, by=holder.user)
    services.decline_offer(registration=other, by=other.user)
    html = client.get(reverse("events:mine")).content.decode()
    assert "Platz annehmen" in html
    response = client.post(reverse("events:registration-accept", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == RegistrationStatus.CONFIRMED


def test_accept_after_expiry_shows_a_german_message(cluster, member, pinned_clock):
    event = make_event(cluster, capacity=1)
    holder = sign_up(event, User.objects.create_user(email="h@example.org"))
    mine = sign_up(event, member)
    services.cancel_registration(registration=holder, by=holder.user)
    mine.refresh_from_db()
    pinned_clock.move_to(mine.offer_expires_at + datetime.timedelta(minutes=1))
    client = client_for(member)
    response = client.post(reverse("events:registration-accept", args=[mine.pk]), follow=True)
    assert "Angebot ist leider abgelaufen" in response.content.decode()


def test_cancel_asks_first(cluster, member):
    event = make_event(cluster)
    registration = sign_up(event, member)
    client = client_for(member)
    url = reverse("events:registration-cancel", args=[registration.pk])
    assert "Wirklich abmelden?" in client.get(url).content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert client.post(url).status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_who_sees_a_registration(cluster, member, outsider, cluster_manager, other_cluster_manager):
    event = make_event(cluster)
    registration = sign_up(event, member)
    assert client_for(member).get(detail_url(registration)).status_code == 200
    assert client_for(cluster_manager).get(detail_url(registration)).status_code == 200
    members_only = make_event(cluster, is_public=False)
    hidden = reverse("events:registrations", args=[members_only.slug])
    assert client_for(other_cluster_manager).get(hidden).status_code == 404
    for stranger in (outsider, other_cluster_manager):
        client = client_for(stranger)
        assert client.get(detail_url(registration)).status_code == 404
        url = reverse("events:registration-cancel", args=[registration.pk])
        assert client.post(url).status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_organisers_overview_and_decisions(
    cluster, member, outsider, cluster_manager, other_cluster_manager
):
    event = make_event(cluster, capacity=1, requires_approval=True)
    pending = sign_up(event, member)
    waiting = sign_up(event, outsider)
    url = reverse("events:registrations", args=[event.slug])
    assert client_for(member).get(url).status_code == 403
    # A public event is visible to the other cluster's management, but not theirs to manage.
    assert client_for(other_cluster_manager).get(url).status_code == 403
    manager = client_for(cluster_manager)
    html = manager.get(url).content.decode()
    assert "1 von 1 Plätzen vergeben · 1 auf der Warteliste" in html
    assert pending.full_name in html
    # The registrant cannot decide about themself.
    approve = reverse("events:registration-approve", args=[pending.pk])
    assert client_for(member).post(approve).status_code == 403
    decline = reverse("events:registration-decline", args=[pending.pk])
    response = manager.post(decline, {"reason": ""}, follow=True)
    assert "Bitte nennen Sie einen Grund." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING
    manager.post(decline, {"reason": "Nur für Betriebe aus der Region."})
    pending.refresh_from_db()
    waiting.refresh_from_db()
    assert pending.status == RegistrationStatus.DECLINED
    assert waiting.status == RegistrationStatus.OFFERED


def edit_data(registration, **overrides) -> dict:
    data = {
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "email": registration.email,
        "actor": str(registration.actor_id) if registration.actor_id else "other",
        "organisation_name": registration.organisation_name,
    }
    if registration.consent_participant_list:
        data["consent_participant_list"] = "on"
    # What the page showed (the browser sends it back as `initial-<name>`).
    shown = dict(data, consent_participant_list=registration.consent_participant_list)
    for key, value in registration.answers.items():
        shown[f"question_{key}"] = value
    data.update({f"initial-{key}": value for key, value in shown.items()})
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_edit_changes_only_what_changed(cluster, member, cluster_manager):
    event = make_event(cluster)
    question = event.questions.create(label="Anmerkung", kind=QuestionKind.TEXT)
    registration = sign_up(
        event, member, organisation_name="Alte Firma", answers={question.pk: "Rollstuhl"}
    )
    url = reverse("events:registration-edit", args=[registration.pk])
    client = client_for(member)
    page = client.get(url).content.decode()
    assert 'value="Alte Firma"' in page and "Rollstuhl" in page
    assert 'name="initial-email"' in page
    form = edit_data(registration, **{f"question_{question.pk}": "Rollstuhl"})
    # Meanwhile the organisers correct the e-mail address.
    Registration.objects.filter(pk=registration.pk).update(email="korrigiert@example.org")
    form["last_name"] = "Neumann"
    response = client.post(url, form)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.last_name == "Neumann"
    assert registration.email == "korrigiert@example.org"  # not overwritten with the old one
    assert registration.answers == {str(question.pk): "Rollstuhl"}
    assert registration.status == RegistrationStatus.CONFIRMED


def test_edit_errors_re_render(cluster, member):
    event = make_event(cluster)
    registration = sign_up(event, member, organisation_name="Firma")
    url = reverse("events:registration-edit", args=[registration.pk])
    response = client_for(member).post(url, edit_data(registration, first_name="", email="x"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Bitte geben Sie Ihren Vornamen an." in html and 'value="x"' in html
    registration.refresh_from_db()
    assert registration.first_name and registration.email == member.email


def test_edit_refused_for_others(cluster, member, outsider):
    event = make_event(cluster)
    registration = sign_up(event, member, organisation_name="Firma")
    url = reverse("events:registration-edit", args=[registration.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(url, edit_data(registration, last_name="X")).status_code == 404
    registration.refresh_from_db()
    assert registration.last_name != "X"
