"""The front door's pages: welcome, claim, register, the management's queue and invitations,
the redirects after sign-up and login, and the API."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusterwerk.accounts.models import Role
from clusterwerk.actors.models import (
    ActorRepresentative,
    ActorStatus,
    Claim,
    ClaimStatus,
    Invitation,
)
from clusterwerk.actors.services import joining
from clusterwerk.actors.tests.joining_support import make_newcomer, registration, state
from conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

B = "/c/kunststoffe"
CLAIMS_API = "/api/actors/claims"


@pytest.fixture
def newcomer(db):
    return make_newcomer()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def registration_post(**overrides) -> dict:
    values = registration(**overrides)
    values["competences"] = "\n".join(values["competences"])
    values.setdefault("competence_kind", "process")
    return values


# --- Welcome and claiming -------------------------------------------------------------------


def test_welcome_needs_login_and_searches_by_name_and_postal_code(
    client, cluster, actor_a, actor_b, newcomer
):
    url = reverse("actors:welcome")
    assert client.get(url).status_code == 302
    browser = logged_in(newcomer)
    page = text(browser.get(url))
    assert "Organisation zuordnen" in page
    assert "Was Sie schon jetzt tun können" in page
    found = text(browser.get(url, {"q": "havelland"}))
    assert "Metallbau Havelland GmbH" in found
    assert reverse("actors:claim-create", args=[actor_a.pk]) in found
    assert "Lausitzer" not in found
    by_code = text(browser.get(url, {"q": "03046"}))
    assert "Lausitzer Präzisionsteile GmbH" in by_code
    partial = browser.get(url, {"q": "havelland"}, headers={"HX-Request": "true"})
    assert "<h1>" not in text(partial) and "Metallbau Havelland GmbH" in text(partial)
    nothing = text(browser.get(url, {"q": "Gibtsnicht"}))
    assert "Keine Organisation zu „Gibtsnicht“ gefunden." in nothing
    assert reverse("actors:register") + "?name=Gibtsnicht" in nothing


def test_claim_page_submits_and_shows_the_pending_claim(cluster, actor_a, newcomer):
    browser = logged_in(newcomer)
    url = reverse("actors:claim-create", args=[actor_a.pk])
    assert "Metallbau Havelland GmbH" in text(browser.get(url))
    response = browser.post(url, {"message": "Ich bin Geschäftsführerin."})
    assert response.status_code == 302 and response.url == reverse("actors:welcome")
    claim = Claim.objects.get()
    assert (claim.user, claim.actor, claim.cluster) == (newcomer, actor_a, cluster)
    assert claim.message == "Ich bin Geschäftsführerin."
    page = text(browser.get(reverse("actors:welcome"), {"q": "havelland"}))
    assert "Ihre Anträge" in page and "wartet auf Prüfung" in page
    assert "Antrag gestellt" in page
    again = browser.post(url, {"message": ""})
    assert again.status_code == 400
    assert "bereits einen Antrag gestellt" in text(again)
    assert Claim.objects.count() == 1


def test_claim_page_for_archived_or_foreign_organisations(
    cluster, other_cluster, actor_a, newcomer
):
    browser = logged_in(newcomer)
    actor_a.status = ActorStatus.ARCHIVED
    actor_a.save()
    response = browser.post(reverse("actors:claim-create", args=[actor_a.pk]), {"message": ""})
    assert response.status_code == 400 and "archiviert" in text(response)
    assert browser.get(B + reverse("actors:claim-create", args=[actor_a.pk])).status_code == 404
    assert not Claim.objects.exists()


def test_withdraw_from_the_welcome_page(cluster, actor_a, newcomer, member):
    claim = joining.submit_claim(user=newcomer, cluster=cluster, actor=actor_a)
    url = reverse("actors:claim-withdraw", args=[claim.pk])
    assert logged_in(member).post(url).status_code == 404
    assert logged_in(newcomer).post(url).status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN


# --- Registering ------------------------------------------------------------------------------


def test_register_warns_about_duplicates_then_registers(cluster, actor_a, newcomer, wz_codes):
    browser = logged_in(newcomer)
    url = reverse("actors:register")
    assert "Keiner der Treffer" not in text(browser.get(url))
    data = registration_post(name="Metallbau Havelland", postal_code="14542")
    before = state()
    warned = browser.post(url, data)
    assert warned.status_code == 400
    assert "Gibt es Ihre Organisation schon?" in text(warned)
    assert reverse("actors:claim-create", args=[actor_a.pk]) in text(warned)
    assert "Keiner der Treffer" in text(warned)
    assert state() == before
    done = browser.post(url, {**data, "confirm_new": "on"})
    assert done.status_code == 302
    claim = Claim.objects.get(kind="new")
    assert claim.actor.status == ActorStatus.DRAFT
    assert claim.actor.name == "Metallbau Havelland"
    assert [c.text for c in claim.actor.competences.all()] == ["Laserschweißen", "Laserschneiden"]


def test_register_shows_errors_at_the_fields(cluster, newcomer, wz_codes):
    browser = logged_in(newcomer)
    before = state()
    response = browser.post(
        reverse("actors:register"), registration_post(postal_code="123", activity_code="99.9")
    )
    assert response.status_code == 400
    page = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert "Unbekannter Wirtschaftszweig" in page or "fünf Ziffern" in page
    assert state() == before


def test_actor_create_leads_people_without_rights_to_the_registration(client, cluster, newcomer):
    response = logged_in(newcomer).get(reverse("actors:create"))
    assert response.status_code == 302 and response.url == reverse("actors:register")
    assert logged_in(newcomer).post(reverse("actors:create"), {}).status_code == 403


# --- The management ---------------------------------------------------------------------------


def test_queue_and_detail_for_the_management_with_the_domain_hint(
    cluster, actor_a, newcomer, cluster_manager, member, mailoutbox
):
    actor_a.website = "https://havelland-metall.de"
    actor_a.save()
    claim = joining.submit_claim(user=newcomer, cluster=cluster, actor=actor_a, message="Hallo")
    manager = logged_in(cluster_manager)
    queue = text(manager.get(reverse("actors:claim-queue")))
    assert "Metallbau Havelland GmbH" in queue and "E-Mail-Domain passt" in queue
    detail_url = reverse("actors:claim-detail", args=[claim.pk])
    detail = text(manager.get(detail_url))
    assert "Hallo" in detail and newcomer.email in detail
    assert "Das ist ein Hinweis, keine Prüfung." in detail
    assert logged_in(member).get(reverse("actors:claim-queue")).status_code == 403
    assert logged_in(member).get(detail_url).status_code == 403
    refused = manager.post(detail_url, {"decision": "reject", "reason": ""})
    assert refused.status_code == 400 and "Bitte begründen Sie die Ablehnung." in text(refused)
    assert Claim.objects.get().is_pending
    with_reason = manager.post(detail_url, {"decision": "approve", "reason": ""})
    assert with_reason.status_code == 302
    assert ActorRepresentative.objects.filter(actor=actor_a, user=newcomer).exists()
    assert "Keine offenen Anträge" in text(manager.get(reverse("actors:claim-queue")))


def test_another_clusters_management_gets_403_or_404(
    cluster, other_cluster, actor_a, newcomer, other_cluster_manager
):
    claim = joining.submit_claim(user=newcomer, cluster=cluster, actor=actor_a)
    other = logged_in(other_cluster_manager)
    detail_url = reverse("actors:claim-detail", args=[claim.pk])
    assert other.get(detail_url).status_code == 403  # in A's cluster: no right
    assert other.get(B + detail_url).status_code == 404  # in its own: not its claim
    assert other.post(B + detail_url, {"decision": "approve"}).status_code == 404
    assert other.get(reverse("actors:claim-queue")).status_code == 403
    assert "Metallbau" not in text(other.get(B + reverse("actors:claim-queue")))
    assert Claim.objects.get().is_pending


def test_invitation_form_list_and_acceptance(
    cluster, actor_a, cluster_manager, newcomer, mailoutbox, django_capture_on_commit_callbacks
):
    manager = logged_in(cluster_manager)
    url = reverse("actors:invitations")
    assert "Metallbau Havelland GmbH" in text(manager.get(url, {"q": "Havelland"}))
    assert 'name="email"' in text(manager.get(url, {"actor": actor_a.pk}))
    bad = manager.post(url, {"actor": actor_a.pk, "email": "kein"})
    assert bad.status_code == 400 and not Invitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = manager.post(url, {"actor": actor_a.pk, "email": newcomer.email})
    assert sent.status_code == 302
    assert newcomer.email in text(manager.get(url))
    path = re.search(r"https?://[^/\s]+(/einladung/\S+/)", mailoutbox[0].body)[1]
    assert "Anmelden" in text(Client().get(path))
    browser = logged_in(newcomer)
    assert "Einladung annehmen" in text(browser.get(path))
    accepted = browser.post(path)
    assert accepted.status_code == 302
    assert ActorRepresentative.objects.filter(actor=actor_a, user=newcomer).exists()
    again = browser.post(path)
    assert again.status_code == 410 and "bereits verwendet" in text(again)
    assert logged_in(newcomer).get(url).status_code == 403


def test_expired_invitation_link_says_so(cluster, actor_a, cluster_manager, newcomer):
    _invitation, token = joining.invite(
        user=cluster_manager, cluster=cluster, actor=actor_a, email=newcomer.email
    )
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    before = state()
    response = logged_in(newcomer).post(reverse("actors:invitation-accept", args=[token]))
    assert response.status_code == 410 and "abgelaufen" in text(response)
    assert state() == before


# --- Sign-up and login ------------------------------------------------------------------------


def test_signup_leads_to_the_welcome_page(client, cluster, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    response = client.post(
        reverse("account_signup"),
        {"email": "neu@giesserei.test", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("actors:welcome")


def test_login_without_role_or_organisation_leads_to_welcome(client, cluster, member, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    make_user("allein@giesserei.test")
    response = client.post(
        reverse("account_login"), {"login": "allein@giesserei.test", "password": PASSWORD}
    )
    assert response.url == reverse("portal:start")
    assert client.get(response.url).url == reverse("actors:welcome")
    member_client = Client()
    other = member_client.post(
        reverse("account_login"), {"login": member.email, "password": PASSWORD}
    )
    assert member_client.get(other.url).url == reverse("portal:my-area")


def test_listing_pages_link_to_the_claim_page(client, cluster, newcomer):
    page = text(logged_in(newcomer).get(reverse("matchmaking:my-listings")))
    assert reverse("actors:welcome") in page
    assert "Das Clustermanagement ordnet Ihr Konto" not in page


# --- API --------------------------------------------------------------------------------------


def send(client, url, body=None):
    return client.post(url, data=json.dumps(body or {}), content_type="application/json")


def test_api_claims_for_the_person_and_the_management(
    cluster, actor_a, newcomer, cluster_manager, member, mailoutbox
):
    person = logged_in(newcomer)
    assert send(Client(), CLAIMS_API, {"actor": actor_a.pk}).status_code == 401
    created = send(person, CLAIMS_API, {"actor": actor_a.pk, "message": "Bitte"})
    assert created.status_code == 201, created.content
    claim_id = created.json()["id"]
    again = send(person, CLAIMS_API, {"actor": actor_a.pk})
    assert again.status_code == 422
    assert "bereits einen Antrag" in again.json()["detail"]
    mine = person.get(f"{CLAIMS_API}/mine").json()
    assert [item["id"] for item in mine] == [claim_id] and mine[0]["status"] == "pending"
    assert person.get(f"{CLAIMS_API}/pending").status_code == 403
    manager = logged_in(cluster_manager)
    pending = manager.get(f"{CLAIMS_API}/pending").json()
    assert pending[0]["email"] == newcomer.email and pending[0]["domain_matches"] is False
    no_reason = send(manager, f"{CLAIMS_API}/{claim_id}/reject", {"reason": ""})
    assert no_reason.status_code == 422 and "begründen" in no_reason.json()["detail"]
    assert send(logged_in(member), f"{CLAIMS_API}/{claim_id}/approve").status_code == 403
    approved = send(manager, f"{CLAIMS_API}/{claim_id}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert send(manager, f"{CLAIMS_API}/{claim_id}/approve").status_code == 422
    assert ActorRepresentative.objects.filter(actor=actor_a, user=newcomer).exists()


def test_api_refuses_archived_and_foreign_claims(
    cluster, other_cluster, actor_a, newcomer, other_cluster_manager
):
    person = logged_in(newcomer)
    claim = joining.submit_claim(user=newcomer, cluster=cluster, actor=actor_a)
    other = logged_in(other_cluster_manager)
    assert send(other, f"{CLAIMS_API}/{claim.pk}/approve").status_code == 403
    assert send(other, f"{B}{CLAIMS_API}/{claim.pk}/approve").status_code == 404
    assert other.get(f"{B}{CLAIMS_API}/pending").json() == []
    foreign = send(person, f"{B}{CLAIMS_API}", {"actor": actor_a.pk})
    assert foreign.status_code == 422 and "Verzeichnis" in foreign.json()["detail"]
    actor_a.status = ActorStatus.ARCHIVED
    actor_a.save()
    joining.withdraw_claim(claim=claim, user=newcomer)
    archived = send(person, CLAIMS_API, {"actor": actor_a.pk})
    assert archived.status_code == 422 and "archiviert" in archived.json()["detail"]
    assert Claim.objects.filter(status="pending").count() == 0
    assert Role.MEMBER not in set(newcomer.role_assignments.values_list("role", flat=True))


def test_admin_lists_claims_and_invitations_without_the_token(
    client, cluster, actor_a, newcomer, cluster_manager
):
    claim = joining.submit_claim(user=newcomer, cluster=cluster, actor=actor_a)
    invitation, _token = joining.invite(
        user=cluster_manager, cluster=cluster, actor=actor_a, email="x@example.org"
    )
    client.force_login(make_user("admin@clusterwerk.test", is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:actors_claim_changelist")).status_code == 200
    assert client.get(reverse("admin:actors_claim_change", args=[claim.pk])).status_code == 200
    page = client.get(reverse("admin:actors_invitation_change", args=[invitation.pk]))
    assert page.status_code == 200
    assert invitation.token_hash not in text(page)
    assert client.get(reverse("admin:actors_invitation_add")).status_code == 403


def test_directory_links_the_claim_queue_with_its_count(
    cluster, actor_a, newcomer, cluster_manager
):
    joining.submit_claim(user=newcomer, cluster=cluster, actor=actor_a)
    page = text(logged_in(cluster_manager).get(reverse("actors:directory")))
    assert "Zuordnungen prüfen (1)" in page
    assert reverse("actors:claim-queue") in page


def test_claim_queue_query_count_does_not_grow(
    cluster, actor_a, actor_b, cluster_manager, django_assert_max_num_queries
):
    manager = logged_in(cluster_manager)
    joining.submit_claim(user=make_newcomer("eins@example.org"), cluster=cluster, actor=actor_a)
    with django_assert_max_num_queries(20) as one:
        manager.get(reverse("actors:claim-queue"))
    for number in range(5):
        person = make_newcomer(f"person{number}@example.org")
        joining.submit_claim(user=person, cluster=cluster, actor=actor_b)
    with django_assert_max_num_queries(len(one.captured_queries)):
        manager.get(reverse("actors:claim-queue"))


def test_invitation_list_says_open_used_or_expired(cluster, actor_a, cluster_manager, newcomer):
    for email in ("offen@example.org", "alt@example.org", newcomer.email):
        _invitation, token = joining.invite(
            user=cluster_manager, cluster=cluster, actor=actor_a, email=email
        )
    joining.accept_invitation(user=newcomer, token=token)
    Invitation.objects.filter(email="alt@example.org").update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    page = text(logged_in(cluster_manager).get(reverse("actors:invitations")))
    assert "offen bis" in page and "abgelaufen" in page and "angenommen am" in page


def test_the_profile_page_offers_to_represent_the_organisation(cluster, actor_a, newcomer):
    """Profile pages live on the portal floor; their link leads into the front door."""
    claim_url = reverse("actors:claim-create", args=[actor_a.pk])
    profile = logged_in(newcomer).get(actor_a.get_absolute_url())
    assert claim_url in text(profile)
    ActorRepresentative.objects.create(actor=actor_a, user=newcomer)
    assert claim_url not in text(logged_in(newcomer).get(actor_a.get_absolute_url()))
