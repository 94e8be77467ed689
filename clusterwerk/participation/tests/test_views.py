"""The participant-facing pages through the test client: who sees and posts what, and how
refusals look (403 with the German reason, never 500)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clusterwerk.masterplan.models import ElementKind, KeyPoint, TopicArea
from clusterwerk.masterplan.tests.factories import make_edition
from clusterwerk.participation import queries, services
from clusterwerk.participation.models import (
    Audience,
    Comment,
    Consultation,
    Follow,
    Notification,
    ParticipantProfile,
    PhaseKind,
    Proposal,
    Rating,
    Support,
)
from clusterwerk.participation.tests.factories import make_consultation

pytestmark = pytest.mark.clock


@pytest.fixture
def edition(cluster):
    return make_edition(cluster)


@pytest.fixture
def consultation(cluster, edition):
    return make_consultation(cluster, edition, slug="fortschreibung")


@pytest.fixture
def topic_area(edition):
    return TopicArea.objects.get(edition=edition, number="4.2.1")


def element_url(consultation, element):
    return reverse("participation:element", args=[consultation.slug, element.kind, element.lineage])


def test_list_and_detail_are_public(client, consultation, topic_area):
    response = client.get(reverse("participation:list"))
    assert response.status_code == 200
    assert consultation.title in response.content.decode()
    response = client.get(consultation.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Phase:" in page and "Beteiligung" in page
    assert element_url(consultation, topic_area) in page
    assert "kommentieren" in page


def test_unknown_consultation_is_404(client, db):
    assert client.get(reverse("participation:detail", args=["gibt-es-nicht"])).status_code == 404


def test_element_page_shows_text_and_forms_to_members(client, member, consultation, topic_area):
    client.force_login(member)
    response = client.get(element_url(consultation, topic_area))
    page = response.content.decode()
    assert response.status_code == 200
    assert topic_area.goal in page
    assert 'name="form" value="comment"' in page
    assert 'name="relevance"' in page
    assert "5 – äußerst relevant" in page
    # the amendment form starts from the current text
    assert topic_area.title in page


def test_anonymous_sees_notice_instead_of_forms(client, consultation, topic_area):
    page = client.get(element_url(consultation, topic_area)).content.decode()
    assert 'name="form" value="comment"' not in page
    assert "Bitte melden Sie sich an" in page


def test_unknown_element_kind_or_lineage_is_404(client, consultation, topic_area):
    url = reverse(
        "participation:element", args=[consultation.slug, "success_factor", topic_area.lineage]
    )
    assert client.get(url).status_code == 404
    url = reverse(
        "participation:element",
        args=[consultation.slug, "topic_area", "00000000-0000-0000-0000-000000000000"],
    )
    assert client.get(url).status_code == 404


def test_comment_rate_and_propose_through_the_page(client, member, consultation, topic_area):
    client.force_login(member)
    url = element_url(consultation, topic_area)
    response = client.post(url, {"form": "comment", "body": "Leichtbau ist **wichtig**."})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert response["Location"].endswith(f"#kommentar-{comment.pk}")
    response = client.post(url, {"form": "comment", "body": "Stimmt.", "parent": comment.pk})
    assert response.status_code == 302
    assert Comment.objects.filter(parent=comment).count() == 1

    assert client.post(url, {"form": "rate", "relevance": "4", "priority": "3"}).status_code == 302
    assert client.post(url, {"form": "rate", "relevance": "2", "priority": "1"}).status_code == 302
    rating = Rating.objects.get()
    assert (rating.relevance, rating.priority) == (2, 1)

    response = client.post(
        url,
        {"form": "amend", "field": "goal", "text": "Leichte Produkte.", "rationale": "Kürzer."},
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.original_text == topic_area.goal

    page = client.get(url).content.decode()
    assert "<strong>wichtig</strong>" in page
    assert "Bewertung ändern" in page
    assert proposal.get_absolute_url() in page


def test_invalid_input_is_400_with_errors(client, member, consultation, topic_area):
    client.force_login(member)
    url = element_url(consultation, topic_area)
    response = client.post(url, {"form": "comment", "body": "  "})
    assert response.status_code == 400
    assert "Bitte schreiben Sie einen Kommentar." in response.content.decode()
    response = client.post(url, {"form": "rate", "relevance": "9", "priority": "2"})
    assert response.status_code == 400
    response = client.post(url, {"form": "amend", "field": "goal", "text": topic_area.goal})
    assert response.status_code == 400
    assert "gleicht dem bisherigen Text" in response.content.decode()
    assert client.post(url, {"form": "unknown"}).status_code == 400
    response = client.post(url, {"form": "comment", "body": "x", "parent": "999999"})
    assert response.status_code == 400


@pytest.mark.parametrize("phase", [PhaseKind.INFORMATION, PhaseKind.EVALUATION, PhaseKind.RESULT])
def test_closed_phase_shows_notice_and_forged_posts_get_403(
    client, member, cluster, edition, topic_area, phase
):
    consultation = make_consultation(cluster, edition, phase=phase)
    client.force_login(member)
    url = element_url(consultation, topic_area)
    page = client.get(url).content.decode()
    assert 'name="form" value="comment"' not in page
    assert "In der aktuellen Phase sind keine Kommentare möglich." in page
    for data in (
        {"form": "comment", "body": "Trotzdem"},
        {"form": "rate", "relevance": "3", "priority": "2"},
        {"form": "amend", "field": "goal", "text": "Anders."},
    ):
        response = client.post(url, data)
        assert response.status_code == 403
        assert "In der aktuellen Phase" in response.content.decode()
    assert not Comment.objects.exists() and not Rating.objects.exists()
    assert not Proposal.objects.exists()


def test_outsider_of_members_only_consultation_gets_403(
    client, outsider, cluster, edition, topic_area
):
    consultation = make_consultation(cluster, edition, audience=Audience.MEMBERS)
    client.force_login(outsider)
    url = element_url(consultation, topic_area)
    assert "An dieser Beteiligung können Sie nicht teilnehmen." in client.get(url).content.decode()
    response = client.post(url, {"form": "comment", "body": "Hallo"})
    assert response.status_code == 403


def test_anonymous_post_redirects_to_login(client, consultation, topic_area):
    response = client.post(element_url(consultation, topic_area), {"form": "comment", "body": "x"})
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_comment_edit_and_delete_by_author_only(client, member, outsider, consultation, topic_area):
    comment = services.add_comment(
        user=member,
        consultation=consultation,
        element_kind=ElementKind.TOPIC_AREA,
        lineage=topic_area.lineage,
        body="Erster Text",
    )
    edit_url = reverse("participation:comment-edit", args=[consultation.slug, comment.pk])
    delete_url = reverse("participation:comment-delete", args=[consultation.slug, comment.pk])
    client.force_login(outsider)
    assert client.post(edit_url, {"body": "Gekapert"}).status_code == 403
    assert client.post(delete_url).status_code == 403
    client.force_login(member)
    assert client.get(edit_url).status_code == 200
    assert client.post(edit_url, {"body": "Zweiter Text"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Zweiter Text" and comment.edited_at
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    response = client.post(edit_url, {"body": "Zu spät"})
    assert response.status_code == 400
    assert "15 Minuten" in response.content.decode()
    assert client.get(delete_url).status_code == 200
    assert client.post(delete_url).status_code == 302
    page = client.get(element_url(consultation, topic_area)).content.decode()
    assert "Kommentar gelöscht" in page and "Zweiter Text" not in page


def test_hidden_comment_shows_reason_not_body(client, member, consultation, topic_area):
    comment = services.add_comment(
        user=member,
        consultation=consultation,
        element_kind=ElementKind.TOPIC_AREA,
        lineage=topic_area.lineage,
        body="Beleidigung",
    )
    Comment.objects.filter(pk=comment.pk).update(
        hidden_at=timezone.now(), hidden_reason="Verstoß gegen die Regeln"
    )
    page = client.get(element_url(consultation, topic_area)).content.decode()
    assert "Ausgeblendet: Verstoß gegen die Regeln" in page
    assert "Beleidigung" not in page


def test_display_name_from_profile(client, member, consultation, topic_area):
    ParticipantProfile.objects.create(
        user=member, display_name="Schlosserei Uckermark", affiliation_type="craft"
    )
    services.add_comment(
        user=member,
        consultation=consultation,
        element_kind=ElementKind.TOPIC_AREA,
        lineage=topic_area.lineage,
        body="Hallo",
    )
    page = client.get(element_url(consultation, topic_area)).content.decode()
    assert "Schlosserei Uckermark" in page and "Handwerk" in page
    assert member.email not in page


def test_proposal_detail_diff_and_support(client, member, outsider, consultation, topic_area):
    proposal = services.propose_amendment(
        user=member,
        consultation=consultation,
        element_kind=ElementKind.TOPIC_AREA,
        lineage=topic_area.lineage,
        field="goal",
        text="Produkte mit besseren Eigenschaften, vor allem durch Leichtbau und Recycling.",
    )
    url = proposal.get_absolute_url()
    page = client.get(url).content.decode()
    assert '<ins class="diff-insert">' in page and "Recycling." in page
    support_url = reverse("participation:support", args=[consultation.slug, proposal.pk])
    client.force_login(member)
    response = client.post(support_url)
    assert response.status_code == 400
    assert "Eigene Vorschläge" in response.content.decode()
    client.force_login(outsider)
    assert client.post(support_url).status_code == 302
    assert Support.objects.filter(proposal=proposal).count() == 1
    assert "Unterstützung zurückziehen" in client.get(url).content.decode()
    assert client.post(support_url).status_code == 302
    assert not Support.objects.exists()
    assert (
        client.get(reverse("participation:proposal", args=[consultation.slug, 9999])).status_code
        == 404
    )


def test_support_in_closed_phase_is_403(client, member, outsider, cluster, edition, topic_area):
    consultation = make_consultation(cluster, edition)
    proposal = services.propose_amendment(
        user=member,
        consultation=consultation,
        element_kind=ElementKind.TOPIC_AREA,
        lineage=topic_area.lineage,
        field="goal",
        text="Neu.",
    )
    consultation.phases.filter(kind=PhaseKind.PARTICIPATION).update(
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=20),
    )
    client.force_login(outsider)
    response = client.post(reverse("participation:support", args=[consultation.slug, proposal.pk]))
    assert response.status_code == 403


def test_topic_area_proposal_page(client, member, consultation, edition):
    key_point = KeyPoint.objects.get(edition=edition, number="4.2")
    url = reverse("participation:proposal-new-topic", args=[consultation.slug, key_point.lineage])
    assert "Bitte melden Sie sich an" in client.get(url).content.decode()
    client.force_login(member)
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "", "text": ""})
    assert response.status_code == 400
    response = client.post(url, {"title": "Kreislaufwirtschaft", "text": "Metall im Kreislauf."})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.kind == "new_topic_area" and proposal.element_lineage == key_point.lineage
    assert "Kreislaufwirtschaft" in client.get(response["Location"]).content.decode()


def test_follow_toggle(client, member, consultation):
    url = reverse("participation:follow", args=[consultation.slug])
    assert client.post(url).status_code == 302  # to the login
    assert not Follow.objects.exists()
    client.force_login(member)
    client.post(url)
    assert Follow.objects.filter(user=member).exists()
    assert "Nicht mehr folgen" in client.get(consultation.get_absolute_url()).content.decode()
    client.post(url)
    assert not Follow.objects.exists()


def test_create_edit_and_close_phase_need_management(
    client, member, cluster_manager, cluster, edition
):
    create_url = reverse("participation:create")
    client.force_login(member)
    assert client.get(create_url).status_code == 403
    client.force_login(cluster_manager)
    assert client.get(create_url).status_code == 200
    now = timezone.localtime()
    data = {
        "title": "Masterplan 2026",
        "slug": "",
        "description": "Was fehlt?",
        "edition": str(edition.pk),
        "audience": "registered",
        "whole_plan": "on",
        "participation_starts_at": (now - datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "participation_ends_at": (now + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "participation_allows_comment": "on",
        "participation_allows_rate": "on",
        "evaluation_starts_at": (now + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "evaluation_ends_at": (now + datetime.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = client.post(create_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    consultation = Consultation.objects.get(slug="masterplan-2026")
    phases = list(consultation.phases.order_by("starts_at"))
    assert [p.kind for p in phases] == ["participation", "evaluation"]
    assert phases[0].allows_comment and not phases[0].allows_propose

    response = client.post(create_url, {**data, "slug": "neu"})
    assert response.status_code == 400
    assert "reserviert" in response.content.decode()

    edit_url = reverse("participation:edit", args=[consultation.slug])
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, {**data, "title": "Masterplan 2026 – Runde 1"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.title == "Masterplan 2026 – Runde 1"

    close_url = reverse("participation:phase-close", args=[consultation.slug])
    client.force_login(member)
    assert client.post(close_url).status_code == 403
    client.force_login(cluster_manager)
    assert client.post(close_url).status_code == 302
    assert queries.current_phase(consultation).kind == "evaluation"


def test_profile_page(client, member):
    url = reverse("participation:profile")
    assert client.get(url).status_code == 302
    client.force_login(member)
    assert client.get(url).status_code == 200
    response = client.post(url, {"display_name": "", "digest": "weekly"})
    assert response.status_code == 400
    response = client.post(
        url, {"display_name": "Metallbau K.", "affiliation_type": "company", "digest": "never"}
    )
    assert response.status_code == 302
    profile = ParticipantProfile.objects.get(user=member)
    assert (profile.display_name, profile.digest) == ("Metallbau K.", "never")


def test_notifications_page_marks_read(client, member, outsider):
    note = Notification.objects.create(user=member, kind="reply", text="Neue Antwort", url="/x/")
    Notification.objects.create(user=outsider, kind="reply", text="Fremd")
    url = reverse("participation:notifications")
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Neue Antwort" in page and "Fremd" not in page
    client.post(url, {"id": str(note.pk)})
    note.refresh_from_db()
    assert note.read_at is not None
    assert Notification.objects.get(user=outsider).read_at is None
