"""The front door's services: claims, registrations, decisions, invitations – each refusal
with a German message and nothing written, permissions per cluster, e-mails."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clusterwerk.accounts.models import Role, RoleAssignment, User
from clusterwerk.accounts.permissions import is_cluster_member
from clusterwerk.actors.models import (
    ActorRepresentative,
    ActorStatus,
    Claim,
    ClaimKind,
    ClaimStatus,
    ClusterMembership,
    Invitation,
)
from clusterwerk.actors.queries import claims_of_user, pending_claims, search_claimable
from clusterwerk.actors.services import PossibleDuplicate, joining
from clusterwerk.actors.tests.joining_support import make_newcomer, registration, state
from clusterwerk.matchmaking.permissions import can_create_listings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def known_codes(wz_codes):
    return wz_codes


@pytest.fixture
def newcomer(db):
    return make_newcomer()


def claim_for(user, cluster, actor, message="Ich leite den Vertrieb."):
    return joining.submit_claim(user=user, cluster=cluster, actor=actor, message=message)


def register(user, cluster, confirm_new=False, **overrides):
    return joining.register_organisation(
        user=user,
        cluster=cluster,
        profile=joining.registration_profile(**registration(**overrides)),
        message="Wir sind neu im Cluster.",
        confirm_new=confirm_new,
    )


# --- Submitting ---------------------------------------------------------------------------------


def test_submit_claim_waits_for_the_management(cluster, actor_a, newcomer):
    claim = claim_for(newcomer, cluster, actor_a)
    assert claim.status == ClaimStatus.PENDING
    assert claim.kind == ClaimKind.EXISTING
    assert claim.message == "Ich leite den Vertrieb."
    assert claim.domain_matches is False  # actor A has no website
    assert not ActorRepresentative.objects.filter(user=newcomer).exists()
    assert not can_create_listings(newcomer, cluster)


@pytest.mark.parametrize(
    ("website", "email", "verified", "expected"),
    [
        ("https://www.havelland-metall.de/kontakt", "neu@havelland-metall.de", True, True),
        ("havelland-metall.de", "neu@werk.havelland-metall.de", True, True),
        ("https://www.havelland-metall.de", "neu@havelland-metall.de", False, False),
        ("https://www.havelland-metall.de", "neu@gmail.com", True, False),
        ("https://evil-havelland-metall.de", "neu@havelland-metall.de", True, False),
    ],
)
def test_domain_hint_needs_a_verified_address_of_the_website_domain(
    cluster, actor_a, website, email, verified, expected
):
    actor_a.website = website
    actor_a.save()
    person = make_newcomer(email, verified=verified)
    claim = claim_for(person, cluster, actor_a)
    assert claim.domain_matches is expected
    assert claim.status == ClaimStatus.PENDING  # a hint, never a grant
    assert not ActorRepresentative.objects.filter(user=person).exists()


def test_second_pending_claim_is_refused(cluster, actor_a, newcomer):
    claim_for(newcomer, cluster, actor_a)
    before = state()
    with pytest.raises(ValidationError, match="bereits einen Antrag gestellt"):
        claim_for(newcomer, cluster, actor_a)
    assert state() == before


def test_claim_for_an_archived_organisation_is_refused(cluster, actor_a, newcomer):
    actor_a.status = ActorStatus.ARCHIVED
    actor_a.save()
    before = state()
    with pytest.raises(ValidationError, match="archiviert"):
        claim_for(newcomer, cluster, actor_a)
    assert state() == before


def test_claim_for_an_organisation_already_represented_is_refused(cluster, actor_a, representative):
    before = state()
    with pytest.raises(ValidationError, match="bereits"):
        claim_for(representative, cluster, actor_a)
    assert state() == before


def test_claim_for_another_clusters_organisation_is_refused(
    cluster, other_cluster, actor_a, newcomer
):
    before = state()
    with pytest.raises(ValidationError, match="gibt es im Verzeichnis"):
        claim_for(newcomer, other_cluster, actor_a)
    assert state() == before


def test_overlong_message_is_refused(cluster, actor_a, newcomer):
    with pytest.raises(ValidationError, match="zu lang"):
        claim_for(newcomer, cluster, actor_a, message="x" * 2001)
    assert not Claim.objects.exists()


def test_anonymous_may_not_claim(cluster, actor_a):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        claim_for(AnonymousUser(), cluster, actor_a)


# --- Registering --------------------------------------------------------------------------------


def test_register_creates_a_draft_in_the_cluster_with_a_new_claim(
    cluster, newcomer, districts, wz_codes, plan
):
    claim = register(newcomer, cluster)
    actor = claim.actor
    assert claim.kind == ClaimKind.NEW and claim.is_pending
    assert claim.domain_matches is False  # newcomer's domain is not laser-uckermark.de
    assert actor.status == ActorStatus.DRAFT
    assert actor.name == "Lasertechnik Uckermark GmbH"
    assert (actor.postal_code, actor.municipality, actor.size_class) == (
        "16303",
        "Schwedt/Oder",
        "small",
    )
    assert [c.text for c in actor.competences.all()] == ["Laserschweißen", "Laserschneiden"]
    assert [link.activity.code for link in actor.activity_links.all()] == ["25"]
    assert ClusterMembership.objects.filter(actor=actor, cluster=cluster).exists()
    assert not ActorRepresentative.objects.filter(actor=actor).exists()
    assert actor not in search_claimable(cluster, "Lasertechnik")  # drafts are not public


def test_register_warns_about_duplicates_until_confirmed(cluster, actor_a, newcomer, plan):
    before = state()
    with pytest.raises(PossibleDuplicate) as caught:
        register(newcomer, cluster, name="Metallbau Havelland", postal_code="14542")
    assert caught.value.candidates == [actor_a]
    assert "Möglicherweise gibt es diesen Akteur schon" in caught.value.messages[0]
    assert state() == before
    claim = register(
        newcomer, cluster, name="Metallbau Havelland", postal_code="14542", confirm_new=True
    )
    assert claim.actor.status == ActorStatus.DRAFT


def test_register_refuses_bad_input_without_writing(cluster, newcomer, plan):
    before = state()
    with pytest.raises(ValidationError) as caught:
        register(newcomer, cluster, postal_code="1234", activity_code="99.99")
    assert state() == before
    text = " ".join(caught.value.messages)
    assert "Postleitzahl" in text or "fünf Ziffern" in text or "Wirtschaftszweig" in text
    with pytest.raises(ValidationError):
        register(newcomer, cluster, postal_code="")
    assert state() == before


# --- Deciding -----------------------------------------------------------------------------------


def test_approve_makes_a_representative_member_and_sends_mail(
    cluster, actor_a, newcomer, cluster_manager, mailoutbox, django_capture_on_commit_callbacks
):
    claim = claim_for(newcomer, cluster, actor_a)
    with django_capture_on_commit_callbacks(execute=True):
        joining.approve_claim(claim=claim, user=cluster_manager, cluster=cluster)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.decided_by == cluster_manager and claim.decided_at
    assert ActorRepresentative.objects.filter(actor=actor_a, user=newcomer).exists()
    assert (
        RoleAssignment.objects.filter(user=newcomer, cluster=cluster, role=Role.MEMBER).count() == 1
    )
    fresh = User.objects.get(pk=newcomer.pk)  # as in the person's next request
    assert can_create_listings(fresh, cluster)
    assert is_cluster_member(fresh, cluster)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [newcomer.email]
    assert "Metallbau Havelland GmbH" in mailoutbox[0].subject
    assert "angenommen" in mailoutbox[0].body


def test_approve_adds_membership_when_missing_and_keeps_existing_role(
    cluster, actor_a, member, cluster_manager
):
    ClusterMembership.objects.filter(actor=actor_a).delete()
    claim = claim_for(member, cluster, actor_a)
    joining.approve_claim(claim=claim, user=cluster_manager, cluster=cluster)
    assert ClusterMembership.objects.filter(actor=actor_a, cluster=cluster).count() == 1
    assert RoleAssignment.objects.filter(user=member, cluster=cluster).count() == 1


def test_approve_publishes_a_registered_organisation(
    cluster, newcomer, cluster_manager, districts, wz_codes, plan
):
    claim = register(newcomer, cluster)
    joining.approve_claim(claim=claim, user=cluster_manager, cluster=cluster)
    claim.actor.refresh_from_db()
    assert claim.actor.status == ActorStatus.PUBLISHED
    assert claim.actor in search_claimable(cluster, "16303")


def test_reject_needs_a_reason_and_tells_the_person(
    cluster, actor_a, newcomer, cluster_manager, mailoutbox, django_capture_on_commit_callbacks
):
    claim = claim_for(newcomer, cluster, actor_a)
    before = state()
    with pytest.raises(ValidationError, match="begründen"):
        joining.reject_claim(claim=claim, user=cluster_manager, cluster=cluster, reason="  ")
    assert state() == before
    with django_capture_on_commit_callbacks(execute=True):
        joining.reject_claim(
            claim=claim, user=cluster_manager, cluster=cluster, reason="Bitte Nachweis senden."
        )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED and claim.reason == "Bitte Nachweis senden."
    assert not ActorRepresentative.objects.filter(user=newcomer).exists()
    assert len(mailoutbox) == 1 and "Bitte Nachweis senden." in mailoutbox[0].body


def test_rejecting_a_registration_archives_the_draft(cluster, newcomer, cluster_manager, plan):
    claim = register(newcomer, cluster)
    joining.reject_claim(claim=claim, user=cluster_manager, cluster=cluster, reason="Dublette.")
    claim.actor.refresh_from_db()
    assert claim.actor.status == ActorStatus.ARCHIVED


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_only_the_claims_cluster_management_decides(
    cluster, other_cluster, actor_a, newcomer, member, other_cluster_manager, decision
):
    claim = claim_for(newcomer, cluster, actor_a)
    before = state()
    for user, where in [(other_cluster_manager, other_cluster), (other_cluster_manager, cluster)]:
        with pytest.raises(PermissionDenied):
            getattr(joining, f"{decision}_claim")(claim=claim, user=user, cluster=where, reason="x")
    with pytest.raises(PermissionDenied):
        getattr(joining, f"{decision}_claim")(claim=claim, user=member, cluster=cluster, reason="x")
    with pytest.raises(PermissionDenied):
        getattr(joining, f"{decision}_claim")(
            claim=claim, user=newcomer, cluster=cluster, reason="x"
        )
    assert state() == before


def test_a_decided_claim_is_not_decided_again(cluster, actor_a, newcomer, cluster_manager):
    claim = claim_for(newcomer, cluster, actor_a)
    joining.approve_claim(claim=claim, user=cluster_manager, cluster=cluster)
    before = state()
    with pytest.raises(ValidationError, match="bereits entschieden"):
        joining.reject_claim(
            claim=claim, user=cluster_manager, cluster=cluster, reason="Doch nicht"
        )
    assert state() == before


def test_approving_for_an_organisation_archived_meanwhile_is_refused(
    cluster, actor_a, newcomer, cluster_manager
):
    claim = claim_for(newcomer, cluster, actor_a)
    actor_a.status = ActorStatus.ARCHIVED
    actor_a.save()
    before = state()
    with pytest.raises(ValidationError, match="archiviert"):
        joining.approve_claim(claim=claim, user=cluster_manager, cluster=cluster)
    assert state() == before


def test_withdraw_only_own_pending_claims(cluster, actor_a, newcomer, member, plan):
    claim = claim_for(newcomer, cluster, actor_a)
    with pytest.raises(PermissionDenied):
        joining.withdraw_claim(claim=claim, user=member)
    joining.withdraw_claim(claim=claim, user=newcomer)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN
    with pytest.raises(ValidationError, match="bereits entschieden"):
        joining.withdraw_claim(claim=claim, user=newcomer)
    # After withdrawing, a new claim is possible; a withdrawn registration leaves no draft.
    assert claim_for(newcomer, cluster, actor_a).is_pending
    registered = register(newcomer, cluster)
    joining.withdraw_claim(claim=registered, user=newcomer)
    registered.actor.refresh_from_db()
    assert registered.actor.status == ActorStatus.ARCHIVED


# --- Queries ------------------------------------------------------------------------------------


def test_pending_claims_oldest_first_per_cluster(
    cluster, other_cluster, actor_a, actor_b, newcomer, member, pinned_clock
):
    first = claim_for(newcomer, cluster, actor_a)
    Claim.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=2))
    second = claim_for(member, cluster, actor_b)
    assert list(pending_claims(cluster)) == [first, second]
    assert list(pending_claims(other_cluster)) == []
    assert list(claims_of_user(newcomer, cluster)) == [first]
    assert list(claims_of_user(newcomer, other_cluster)) == []


def test_search_claimable_by_name_and_postal_code(cluster, other_cluster, actor_a, actor_b):
    assert search_claimable(cluster, "havelland") == [actor_a]
    assert search_claimable(cluster, "03046") == [actor_b]
    assert search_claimable(cluster, "030") == [actor_b]
    assert search_claimable(cluster, "Metallbau 14542") == [actor_a]
    assert search_claimable(cluster, "  ") == []
    assert search_claimable(other_cluster, "havelland") == []


# --- Invitations --------------------------------------------------------------------------------


def test_invitation_is_one_time_and_stores_only_a_hash(
    cluster, actor_a, cluster_manager, newcomer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = joining.invite(
            user=cluster_manager, cluster=cluster, actor=actor_a, email="Neu@Havelland-Metall.de"
        )
    assert invitation.email == "neu@havelland-metall.de"
    assert token not in invitation.token_hash
    assert invitation.expires_at - timezone.now() > timedelta(days=13, hours=23)
    assert len(mailoutbox) == 1 and token in mailoutbox[0].body
    joining.accept_invitation(user=newcomer, token=token)
    assert ActorRepresentative.objects.filter(actor=actor_a, user=newcomer).exists()
    assert RoleAssignment.objects.filter(user=newcomer, cluster=cluster, role=Role.MEMBER).exists()
    invitation.refresh_from_db()
    assert invitation.used_by == newcomer and invitation.used_at
    other = make_newcomer("zweite@havelland-metall.de")
    before = state()
    with pytest.raises(ValidationError, match="bereits verwendet"):
        joining.accept_invitation(user=other, token=token)
    assert state() == before


def test_expired_or_unknown_invitation_writes_nothing(
    cluster, actor_a, cluster_manager, newcomer, pinned_clock
):
    _invitation, token = joining.invite(
        user=cluster_manager, cluster=cluster, actor=actor_a, email=newcomer.email
    )
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    before = state()
    with pytest.raises(ValidationError, match="abgelaufen"):
        joining.accept_invitation(user=newcomer, token=token)
    with pytest.raises(ValidationError, match="ungültig"):
        joining.accept_invitation(user=newcomer, token="falsch")
    assert state() == before


def test_only_the_management_invites(
    cluster, other_cluster, actor_a, member, other_cluster_manager, cluster_manager
):
    for user, where in [(member, cluster), (other_cluster_manager, cluster)]:
        with pytest.raises(PermissionDenied):
            joining.invite(user=user, cluster=where, actor=actor_a, email="x@example.org")
    with pytest.raises(ValidationError):  # A's actor is not in B's directory
        joining.invite(
            user=other_cluster_manager, cluster=other_cluster, actor=actor_a, email="x@example.org"
        )
    with pytest.raises(ValidationError, match="gültige E-Mail"):
        joining.invite(user=cluster_manager, cluster=cluster, actor=actor_a, email="kein-mail")
    assert not Invitation.objects.exists()
